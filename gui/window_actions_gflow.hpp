// The main window's hooks for the boot pictures: Statistics ▸ Flow Graph and ▸ Boot Timeline
// (one dialog each, kept per window, frames they click selected in the window), and the
// --screenshot views that render them.
#pragma once

class QString;
class QWidget;

namespace pxescope::gui {

class BootTimelineView;
class FlowGraphView;
class MainWindow;

// Adds the two entries to the window's Statistics menu (made before Help when absent).
void addBootPictureActions(MainWindow& window);

// Opens (or raises) the dialog on the window's capture; the flow graph of the client the story
// pane shows. Null, with a message box unless `quiet`, when no capture file is open.
FlowGraphView* openFlowGraph(MainWindow& window, bool quiet = false);
BootTimelineView* openBootTimeline(MainWindow& window, bool quiet = false);

// --screenshot --view flow-graph / boot-timeline: the dialog, filled and sized 1400×900.
// `why`: the --screenshot table's signature (gui/main.cpp); these have nothing to add.
QWidget* showFlowGraphForScreenshot(MainWindow& window, QString& why);
QWidget* showBootTimelineForScreenshot(MainWindow& window, QString& why);

}  // namespace pxescope::gui
