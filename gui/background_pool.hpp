// The GUI's own threads for long passes (the packet index and filter runs, the boot stories,
// a live capture's reader). Not Qt's global pool: Qt 6's raster painter splits its drawing
// into jobs on the global pool and waits for them, so a pass holding those threads makes
// every repaint wait until the pass ends (a million-frame index froze the window for 5 s).
#pragma once

class QThreadPool;

namespace pxescope::gui {

QThreadPool* backgroundPool();

}  // namespace pxescope::gui
