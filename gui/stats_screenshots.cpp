#include "gui/stats_screenshots.hpp"

#include <QApplication>
#include <QTabWidget>

#include "analyzer/stats/object_files.hpp"
#include "gui/conversations_dialog.hpp"
#include "gui/dhcp_servers_dialog.hpp"
#include "gui/export_objects_dialog.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/throughput_dialog.hpp"
#include "gui/window_actions_gstats.hpp"

namespace pxescope::gui {
namespace {

// The dialog at `size`, its pass done and its rows laid out: what grab() then renders.
QWidget* filled(StatsWindow* dialog, QSize size, QString& why) {
  if (!dialog) {
    if (why.isEmpty()) why = QObject::tr("no capture file to read");
    return nullptr;
  }
  dialog->resize(size);
  dialog->waitUntilReady();
  QApplication::processEvents();
  return dialog;
}

// "(the first: frame 30, pxelinux.0)" — a frame of the capture's first transfer, so the error
// names a --select that works; empty when the capture carries none.
QString firstTransferHint(const QString& capture) {
  std::vector<ExportedObject> objects;
  std::string error;
  if (!list_objects(capture.toStdString(), objects, error) || objects.empty()) return {};
  return QObject::tr(" (the first: frame %1, %2)")
      .arg(objects.front().first_frame)
      .arg(QString::fromStdString(objects.front().name));
}

}  // namespace

QWidget* showDhcpServersForScreenshot(MainWindow& window, QString& why) {
  return filled(openDhcpServers(window, /*quiet=*/true), kDhcpServersShotSize, why);
}

QWidget* showConversationsForScreenshot(MainWindow& window, QString& why) {
  ConversationsDialog* dialog = openConversations(window, /*quiet=*/true);
  if (dialog) dialog->tabs()->setCurrentIndex(static_cast<int>(ConversationKind::Udp));
  return filled(dialog, kConversationsShotSize, why);
}

QWidget* showTftpObjectsForScreenshot(MainWindow& window, QString& why) {
  return filled(openExportObjects(window, ObjectProtocol::Tftp, /*quiet=*/true),
                kExportObjectsShotSize, why);
}

QWidget* showHttpObjectsForScreenshot(MainWindow& window, QString& why) {
  return filled(openExportObjects(window, ObjectProtocol::Http, /*quiet=*/true),
                kExportObjectsShotSize, why);
}

QWidget* showThroughputForScreenshot(MainWindow& window, QString& why) {
  ThroughputDialog* dialog = openSelectedTransferThroughput(window, why);
  if (!dialog && !window.packetModel()->path().isEmpty())
    why += QObject::tr("; choose a frame of one with --select N%1")
               .arg(firstTransferHint(window.packetModel()->path()));
  return filled(dialog, kThroughputShotSize, why);
}

}  // namespace pxescope::gui
