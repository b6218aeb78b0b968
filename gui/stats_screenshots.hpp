// `--screenshot OUT.png --view NAME` for the statistics windows (issue 13 §2): the real dialog
// the menu opens, filled by its background pass, at a fixed size (below), so the README's
// pictures and the tests see what a user sees.
//   dhcp-servers         Statistics ▸ DHCP Servers
//   conversations        Statistics ▸ Conversations, on its UDP tab: a PXE boot is UDP (DHCP,
//                        4011, TFTP), and that tab shows every transfer beside the DHCP talk
//   export-objects       File ▸ Export Objects ▸ TFTP
//   export-objects-http  File ▸ Export Objects ▸ HTTP
//   throughput           Statistics ▸ Transfer Throughput of the transfer the selected frame
//                        (--select N) belongs to
// Each returns null with `why` (one line, naming the fix) when there is nothing to show.
#pragma once

#include <QSize>

class QString;
class QWidget;

namespace pxescope::gui {

class MainWindow;

inline constexpr QSize kDhcpServersShotSize{1300, 260};
inline constexpr QSize kConversationsShotSize{1400, 560};
inline constexpr QSize kExportObjectsShotSize{1300, 260};
inline constexpr QSize kThroughputShotSize{1000, 520};

QWidget* showDhcpServersForScreenshot(MainWindow& window, QString& why);
QWidget* showConversationsForScreenshot(MainWindow& window, QString& why);
QWidget* showTftpObjectsForScreenshot(MainWindow& window, QString& why);
QWidget* showHttpObjectsForScreenshot(MainWindow& window, QString& why);
QWidget* showThroughputForScreenshot(MainWindow& window, QString& why);

}  // namespace pxescope::gui
