#include "gui/window_actions_gstats.hpp"

#include <QMenuBar>
#include <QMessageBox>

#include "gui/conversations_dialog.hpp"
#include "gui/dhcp_servers_dialog.hpp"
#include "gui/export_objects_dialog.hpp"
#include "gui/field_tree_model.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/statistics_menu.hpp"
#include "gui/throughput_dialog.hpp"

namespace pxescope::gui {
namespace {

template <typename Dialog>
Dialog* show(MainWindow& w, Dialog* dialog) {
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  QObject::connect(dialog, &Dialog::frameActivated, &w,
                   [&w](std::uint64_t frame) { w.selectFrame(frame); });
  dialog->show();
  return dialog;
}

void openThroughput(MainWindow& w, const QString& path, const TransferSelector& selector) {
  auto* dialog = new ThroughputDialog(path, selector, &w);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
}

void openExportObjects(MainWindow& w, std::optional<ObjectProtocol> only) {
  const QString path = statisticsCaptureFile(w);
  if (path.isEmpty()) return;
  auto* dialog = show(w, new ExportObjectsDialog(path, only, &w));
  QObject::connect(dialog, &ExportObjectsDialog::throughputRequested, &w,
                   [&w, path](std::size_t id) {
                     TransferSelector selector;
                     selector.id = id;
                     openThroughput(w, path, selector);
                   });
}

}  // namespace

void addStatisticsActions(MainWindow& w, QMenu* file) {
  QMenu* objects = new QMenu(QObject::tr("Export &Objects"), file);
  objects->setObjectName(QStringLiteral("exportObjectsMenu"));
  objects->addAction(QObject::tr("&TFTP…"), &w,
                     [&w] { openExportObjects(w, ObjectProtocol::Tftp); });
  objects->addAction(QObject::tr("&HTTP…"), &w,
                     [&w] { openExportObjects(w, ObjectProtocol::Http); });
  const QList<QAction*> items = file->actions();
  // Before the separator that precedes Quit.
  file->insertMenu(items.size() >= 2 ? items[items.size() - 2] : nullptr, objects);

  QMenu* stats = statisticsMenu(w);
  stats->addAction(QObject::tr("&DHCP Servers"), &w, [&w] {
    if (const QString path = statisticsCaptureFile(w); !path.isEmpty())
      show(w, new DhcpServersDialog(path, &w));
  });
  stats->addAction(QObject::tr("&Conversations"), &w, [&w] {
    if (const QString path = statisticsCaptureFile(w); !path.isEmpty())
      show(w, new ConversationsDialog(path, &w));
  });
  stats->addAction(QObject::tr("Transfer &Throughput"), &w, [&w] {
    const QString path = statisticsCaptureFile(w);
    if (path.isEmpty()) return;
    TransferSelector selector;
    if (!transferOfFrame(w.treeModel()->tree(), w.selectedFrame(), selector)) {
      QMessageBox::information(&w, QObject::tr("Transfer throughput"),
                               QObject::tr("Select a TFTP or HTTP packet of the transfer first."));
      return;
    }
    openThroughput(w, path, selector);
  });
}

}  // namespace pxescope::gui
