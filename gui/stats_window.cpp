#include "gui/stats_window.hpp"

#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "gui/background_pass.hpp"

namespace pxescope::gui {

StatsWindow::StatsWindow(const QString& object_name, const QString& title, const QString& capture,
                         QWidget* parent)
    : QDialog(parent), pass_(new BackgroundPass(this)) {
  setObjectName(object_name);
  setWindowTitle(QStringLiteral("%1 — %2").arg(title, capture));
  body_ = new QVBoxLayout(this);
  status_ = new QLabel(tr("Reading %1…").arg(capture));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  body_->addWidget(status_);
}

void StatsWindow::startPass(std::function<void(const std::atomic<bool>&)> work) {
  pass_->start(std::move(work), [this] { fill(); });
}

void StatsWindow::waitUntilReady() {
  pass_->wait();
}

QString StatsWindow::statusText() const {
  return status_->text();
}

void StatsWindow::setStatus(const QString& text) {
  status_->setText(text);
}

void StatsWindow::activateFramesFrom(QTableWidget* table, int column) {
  connect(table, &QTableWidget::cellDoubleClicked, this, [this, table, column](int row, int) {
    if (const QTableWidgetItem* item = table->item(row, column))
      emit frameActivated(item->data(Qt::DisplayRole).toULongLong());
  });
}

}  // namespace pxescope::gui
