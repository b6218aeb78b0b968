#include "gui/statistics_menu.hpp"

#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"

namespace pxescope::gui {

QMenu* statisticsMenu(MainWindow& window) {
  QMenuBar* bar = window.menuBar();
  QAction* help = nullptr;
  for (QAction* a : bar->actions()) {
    if (!a->menu()) continue;
    if (a->menu()->objectName() == QLatin1String("statisticsMenu")) return a->menu();
    if (a->menu()->title().remove(QLatin1Char('&')) == QLatin1String("Help")) help = a;
  }
  auto* menu = new QMenu(QMenu::tr("&Statistics"), bar);
  menu->setObjectName(QStringLiteral("statisticsMenu"));
  bar->insertMenu(help, menu);
  return menu;
}

QString statisticsCaptureFile(MainWindow& window, bool quiet) {
  const PacketListModel& packets = *window.packetModel();
  if (!packets.path().isEmpty() && packets.liveInterface().isEmpty()) return packets.path();
  if (!quiet)
    QMessageBox::information(&window, QMessageBox::tr("Statistics"),
                             QMessageBox::tr("Open a capture file first (a live capture: save "
                                             "it with File ▸ Save As and open the file)."));
  return {};
}

}  // namespace pxescope::gui
