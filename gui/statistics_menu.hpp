// What every Statistics window shares: the menu they sit in and the capture file they re-read.
#pragma once

#include <QString>

class QMenu;

namespace pxescope::gui {

class MainWindow;

// The Statistics menu, before Help as in Wireshark: found if a window already made it, else made.
QMenu* statisticsMenu(MainWindow& window);
// The capture file the statistics windows re-read. Empty for none or a live capture, said in a
// message box unless `quiet`.
QString statisticsCaptureFile(MainWindow& window, bool quiet = false);

}  // namespace pxescope::gui
