// MainWindow's actions on its background work (kept out of main_window.cpp, which holds the
// layout and menus).
#include "gui/boot_story_view.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"

namespace pxescope::gui {

void MainWindow::cancelBackgroundWork() {
  packets_->cancelScan();
  story_->cancel();
  refreshStatus();
}

}  // namespace pxescope::gui
