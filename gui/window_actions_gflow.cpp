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

namespace pxescope::gui {
namespace {

constexpr int kScreenshotWidth = 1400, kScreenshotHeight = 900;

// The Statistics menu, shared with the other statistics: found by its title, else made.
QMenu* statisticsMenu(MainWindow& window) {
  QMenuBar* bar = window.menuBar();
  QAction* help = nullptr;
  for (QAction* a : bar->actions()) {
    if (!a->menu()) continue;
    const QString title = a->menu()->title().remove(QLatin1Char('&'));
    if (title == QLatin1String("Statistics")) return a->menu();
    if (title == QLatin1String("Help")) help = a;
  }
  auto* menu = new QMenu(QMenu::tr("&Statistics"), bar);
  menu->setObjectName(QStringLiteral("statisticsMenu"));
  bar->insertMenu(help, menu);
  return menu;
}

// The capture file the window shows, or empty with the reason said.
QString capturePath(MainWindow& window, bool quiet) {
  const QString path = window.packetModel()->path();
  if (path.isEmpty() && !quiet)
    QMessageBox::information(&window, QMessageBox::tr("Boot pictures"),
                             QMessageBox::tr("Open a capture file first (a live capture: save "
                                             "it with File ▸ Save As and open it)."));
  return path;
}

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
  const QString path = capturePath(window, quiet);
  if (path.isEmpty()) return nullptr;
  FlowGraphView* view = dialogOf<FlowGraphView>(window);
  view->setCapture(path, window.bootStoryView()->shownClient());
  present(view);
  return view;
}

BootTimelineView* openBootTimeline(MainWindow& window, bool quiet) {
  const QString path = capturePath(window, quiet);
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

QWidget* showFlowGraphForScreenshot(MainWindow& window) {
  return filledForScreenshot(openFlowGraph(window, /*quiet=*/true), &FlowGraphView::waitForFlow);
}

QWidget* showBootTimelineForScreenshot(MainWindow& window) {
  return filledForScreenshot(openBootTimeline(window, /*quiet=*/true),
                             &BootTimelineView::waitForTimelines);
}

}  // namespace pxescope::gui
