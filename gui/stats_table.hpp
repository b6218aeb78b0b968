// The statistics windows' tables: read-only, sortable, numbers sorted as numbers, one
// helper so that every table looks and sorts the same.
#pragma once

#include <QColor>
#include <QStringList>
#include <QVariant>
#include <vector>

class QTableWidget;

namespace pxescope::gui {

QTableWidget* makeStatsTable(const QStringList& headers, QWidget* parent = nullptr);
// Appends one row; numbers (qulonglong, double) sort numerically. A valid `tint` colours it.
void appendStatsRow(QTableWidget* table, const std::vector<QVariant>& cells,
                    const QColor& tint = {});
// A tint that reads on the current palette (light or dark): `hue` 0 red, 120 green.
QColor statsTint(int hue);

}  // namespace pxescope::gui
