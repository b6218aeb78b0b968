#include "gui/stats_table.hpp"

#include <QApplication>
#include <QHeaderView>
#include <QPalette>
#include <QTableWidget>

namespace pxescope::gui {

QTableWidget* makeStatsTable(const QStringList& headers, QWidget* parent) {
  auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
  table->setHorizontalHeaderLabels(headers);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->verticalHeader()->setVisible(false);
  table->horizontalHeader()->setStretchLastSection(true);
  // No column sorted until a header click: the rows keep the analyzer's order (first reply,
  // first packet, capture order). Qt's default indicator would sort column 0 descending.
  table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
  table->setAlternatingRowColors(true);
  return table;
}

void appendStatsRow(QTableWidget* table, const std::vector<QVariant>& cells, const QColor& tint) {
  const bool sorting = table->isSortingEnabled();
  table->setSortingEnabled(false);  // rows would move while they are filled
  const int row = table->rowCount();
  table->insertRow(row);
  for (int c = 0; c < static_cast<int>(cells.size()); ++c) {
    auto* item = new QTableWidgetItem;
    item->setData(Qt::DisplayRole, cells[static_cast<std::size_t>(c)]);
    if (tint.isValid()) item->setBackground(tint);
    table->setItem(row, c, item);
  }
  table->setSortingEnabled(sorting);
}

QColor statsTint(int hue) {
  const bool dark = QApplication::palette().color(QPalette::Base).lightness() < 128;
  return QColor::fromHsl(hue, dark ? 120 : 170, dark ? 60 : 225);
}

}  // namespace pxescope::gui
