#include "gui/window_actions_gflow.hpp"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

#include "gui/boot_story_view.hpp"
#include "gui/boot_timeline_view.hpp"
#include "gui/flow_graph_view.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/statistics_menu.hpp"

namespace pxescope::gui {
namespace {

constexpr int kScreenshotWidth = 1400, kScreenshotHeight = 900;

// The window's one dialog of type T, made on first use with its clicks wired to the window.
template <typename T>
T* dialogOf(MainWindow& window) {
  if (T* existing = window.findChild<T*>(QString(), Qt::FindDirectChildrenOnly)) return existing;
  auto* view = new T(&window);
  QObject::connect(view, &T::frameActivated, &window,
                   [&window](std::uint64_t frame) { window.selectFrame(frame); });
  return view;
}

void present(QWidget* view) {
  view->show();
  view->raise();
  view->activateWindow();
}

}  // namespace

void addBootPictureActions(MainWindow& window) {
  QMenu* stats = statisticsMenu(window);
  stats->addAction(QMenu::tr("&Flow Graph"), &window, [&window] { openFlowGraph(window); });
  stats->addAction(QMenu::tr("Boot &Timeline"), &window, [&window] { openBootTimeline(window); });
}

FlowGraphView* openFlowGraph(MainWindow& window, bool quiet) {
  const QString path = statisticsCaptureFile(window, quiet);
  if (path.isEmpty()) return nullptr;
  FlowGraphView* view = dialogOf<FlowGraphView>(window);
  view->setCapture(path, window.bootStoryView()->shownClient());
  present(view);
  return view;
}

BootTimelineView* openBootTimeline(MainWindow& window, bool quiet) {
  const QString path = statisticsCaptureFile(window, quiet);
  if (path.isEmpty()) return nullptr;
  BootTimelineView* view = dialogOf<BootTimelineView>(window);
  view->setCapture(path);
  present(view);
  return view;
}

namespace {

// A view filled, at the screenshot's size.
template <typename T>
QWidget* filledForScreenshot(T* view, void (T::*wait)()) {
  if (!view) return nullptr;
  view->resize(kScreenshotWidth, kScreenshotHeight);
  (view->*wait)();
  QApplication::processEvents();
  return view;
}

}  // namespace

QWidget* showFlowGraphForScreenshot(MainWindow& window, QString& /*why*/) {
  return filledForScreenshot(openFlowGraph(window, /*quiet=*/true), &FlowGraphView::waitForFlow);
}

QWidget* showBootTimelineForScreenshot(MainWindow& window, QString& /*why*/) {
  return filledForScreenshot(openBootTimeline(window, /*quiet=*/true),
                             &BootTimelineView::waitForTimelines);
}

}  // namespace pxescope::gui
