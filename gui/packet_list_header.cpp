#include "gui/packet_list_header.hpp"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QTableView>

namespace pxescope::gui {

PacketListHeader::PacketListHeader(QTableView* view, bool remember)
    : QObject(view),
      view_(view),
      header_(view->horizontalHeader()),
      menu_(new QMenu(view)),
      remember_(remember) {
  header_->setSectionsMovable(true);
  header_->setSortIndicatorShown(true);
  // No. ascending is capture order: enabling sorting then asks the model for nothing.
  header_->setSortIndicator(0, Qt::AscendingOrder);
  view_->setSortingEnabled(true);
  if (remember_) {
    const QByteArray state = QSettings().value(QLatin1String(kSettingsKey)).toByteArray();
    if (!state.isEmpty()) header_->restoreState(state);
  }
  QAbstractItemModel* model = view_->model();
  for (int c = 0; c < model->columnCount(); ++c) {
    QAction* a = menu_->addAction(model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    a->setCheckable(true);
    a->setChecked(!header_->isSectionHidden(c));
    connect(a, &QAction::toggled, this, [this, c](bool shown) { setColumnShown(c, shown); });
  }
  header_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(header_, &QWidget::customContextMenuRequested, this,
          [this](const QPoint& at) { menu_->popup(header_->mapToGlobal(at)); });
  connect(header_, &QHeaderView::sectionMoved, this, &PacketListHeader::save);
  connect(header_, &QHeaderView::sectionResized, this, &PacketListHeader::save);
  connect(header_, &QHeaderView::sortIndicatorChanged, this, &PacketListHeader::save);
}

void PacketListHeader::setColumnShown(int column, bool shown) {
  // The last visible column stays: a list without columns cannot get its menu back.
  if (!shown && header_->count() - header_->hiddenSectionCount() <= 1) {
    menu_->actions().at(column)->setChecked(true);
    return;
  }
  header_->setSectionHidden(column, !shown);
  if (QAction* a = menu_->actions().value(column); a && a->isChecked() != shown)
    a->setChecked(shown);
  save();
}

void PacketListHeader::save() {
  if (remember_) QSettings().setValue(QLatin1String(kSettingsKey), header_->saveState());
}

}  // namespace pxescope::gui
