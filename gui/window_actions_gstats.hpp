// The menu entries of the statistics windows (issue 13 §2): File ▸ Export Objects ▸ TFTP /
// HTTP, Statistics ▸ DHCP Servers, Conversations and Transfer Throughput (of the selected
// TFTP/HTTP frame). Each opens a non-modal window on the open capture file; rows that name a
// frame select it in the main window.
#pragma once

class QMenu;

namespace pxescope::gui {

class MainWindow;

// `file` is the File menu (Export Objects goes there); Statistics is found or made in the bar.
void addStatisticsActions(MainWindow& window, QMenu* file);

}  // namespace pxescope::gui
