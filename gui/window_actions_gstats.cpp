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

ThroughputDialog* openThroughput(MainWindow& w, const QString& path,
                                 const TransferSelector& selector) {
  auto* dialog = new ThroughputDialog(path, selector, &w);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
  return dialog;
}

}  // namespace

DhcpServersDialog* openDhcpServers(MainWindow& w, bool quiet) {
  const QString path = statisticsCaptureFile(w, quiet);
  return path.isEmpty() ? nullptr : show(w, new DhcpServersDialog(path, &w));
}

ConversationsDialog* openConversations(MainWindow& w, bool quiet) {
  const QString path = statisticsCaptureFile(w, quiet);
  return path.isEmpty() ? nullptr : show(w, new ConversationsDialog(path, &w));
}

ExportObjectsDialog* openExportObjects(MainWindow& w, std::optional<ObjectProtocol> only,
                                       bool quiet) {
  const QString path = statisticsCaptureFile(w, quiet);
  if (path.isEmpty()) return nullptr;
  auto* dialog = show(w, new ExportObjectsDialog(path, only, &w));
  QObject::connect(dialog, &ExportObjectsDialog::throughputRequested, &w,
                   [&w, path](std::size_t id) {
                     TransferSelector selector;
                     selector.id = id;
                     openThroughput(w, path, selector);
                   });
  return dialog;
}

ThroughputDialog* openSelectedTransferThroughput(MainWindow& w, QString& why) {
  const QString path = statisticsCaptureFile(w, /*quiet=*/true);
  if (path.isEmpty()) {
    why = QObject::tr("the throughput graph re-reads a capture file: open one first");
    return nullptr;
  }
  TransferSelector selector;
  if (!transferOfFrame(w.treeModel()->tree(), w.selectedFrame(), selector)) {
    why = QObject::tr("frame %1 is not part of a TFTP or HTTP transfer").arg(w.selectedFrame());
    return nullptr;
  }
  return openThroughput(w, path, selector);
}

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
  stats->addAction(QObject::tr("&DHCP Servers"), &w, [&w] { openDhcpServers(w); });
  stats->addAction(QObject::tr("&Conversations"), &w, [&w] { openConversations(w); });
  stats->addAction(QObject::tr("Transfer &Throughput"), &w, [&w] {
    if (statisticsCaptureFile(w).isEmpty()) return;
    QString why;
    if (!openSelectedTransferThroughput(w, why))
      QMessageBox::information(&w, QObject::tr("Transfer throughput"),
                               QObject::tr("Select a TFTP or HTTP packet of the transfer first."));
  });
}

}  // namespace pxescope::gui
