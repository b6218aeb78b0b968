// The window's Analyze menu (Analyze ▸ Expert Information) and its context menus: installed
// by one call from MainWindow so the window's own file only holds the hook.
#pragma once

namespace pxescope::gui {

class MainWindow;

// Adds the Analyze menu (before Help) and the packet-list/tree context menus.
void installAnalyzeActions(MainWindow& window);

// Opens the Expert Information dialog on the window's capture file (nothing without one).
void openExpertInfo(MainWindow& window);

}  // namespace pxescope::gui
