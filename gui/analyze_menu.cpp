#include "gui/analyze_menu.hpp"

#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include "gui/context_menus.hpp"
#include "gui/expert_dialog.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"

namespace pxescope::gui {

void installAnalyzeActions(MainWindow& window) {
  new ContextMenus(&window);
  QMenuBar* bar = window.menuBar();
  auto* analyze = new QMenu(QObject::tr("&Analyze"), bar);
  analyze->setObjectName(QStringLiteral("analyzeMenu"));
  QAction* expert = analyze->addAction(QObject::tr("&Expert Information"), &window,
                                       [&window] { openExpertInfo(window); });
  expert->setObjectName(QStringLiteral("expertInfoAction"));
  // Before Help, which stays last.
  QAction* help = nullptr;
  for (QAction* a : bar->actions())
    if (a->text() == QObject::tr("&Help")) help = a;
  help ? bar->insertMenu(help, analyze) : bar->addMenu(analyze);
}

void openExpertInfo(MainWindow& window) {
  const QString path = window.packetModel()->path();
  if (path.isEmpty()) {
    QMessageBox::information(&window, QObject::tr("Expert Information"),
                             QObject::tr("Open a capture file first (a live capture: save it "
                                         "and open the file)."));
    return;
  }
  auto* dialog = new ExpertDialog(path, &window);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  QObject::connect(dialog, &ExpertDialog::frameActivated, &window, [&window](std::uint64_t frame) {
    if (!window.selectFrame(frame))
      window.statusBar()->showMessage(
          QObject::tr("Frame %1 is hidden by the display filter: clear it to see it.").arg(frame),
          5000);
  });
  dialog->show();
}

}  // namespace pxescope::gui
