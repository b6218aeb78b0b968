#include "gui/packet_list_actions.hpp"

#include <QActionGroup>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>

#include "gui/colouring_rules_dialog.hpp"
#include "gui/find_bar.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_header.hpp"
#include "gui/packet_list_model.hpp"

namespace pxescope::gui {
namespace {

struct TimeFormatChoice {
  TimeFormat format;
  const char* label;
  const char* shortcut;
};
// Wireshark's labels and shortcuts.
constexpr TimeFormatChoice kTimeFormats[] = {
    {TimeFormat::SinceStart, "Seconds Since Beginning of Capture", "Ctrl+Alt+4"},
    {TimeFormat::SincePrevious, "Seconds Since Previous Displayed Packet", "Ctrl+Alt+6"},
    {TimeFormat::Absolute, "Date and Time of Day", "Ctrl+Alt+1"},
    {TimeFormat::Utc, "UTC Date and Time of Day", "Ctrl+Alt+7"},
};

}  // namespace

PacketListActions::PacketListActions(MainWindow* window, bool may_save_settings)
    : QObject(window), window_(window), may_save_(may_save_settings) {
  header_ = new PacketListHeader(window_->packetView(), may_save_);
  find_ = new FindBar(
      window_->packetView(), window_->packetModel(),
      [this](std::uint64_t frame) { return window_->selectFrame(frame); }, window_);
  window_->addToolBarBreak();
  window_->addToolBar(find_);
  find_->hide();
  buildGoToBar();
  buildMenus();
  if (may_save_) applySavedColourRules();  // tests and screenshots use the defaults
  window_->packetView()->installEventFilter(this);
  PacketListModel* model = window_->packetModel();
  connect(model, &PacketListModel::sortProgress, this, [this](int percent) {
    if (percent < 100)
      window_->statusBar()->showMessage(tr("Sorting… %1 %").arg(percent));
    else
      window_->statusBar()->clearMessage();
  });
}

QMenu* PacketListActions::menu(const QString& title, const QString& before) {
  // Another part of the window may have made the menu already: share it.
  QMenuBar* bar = window_->menuBar();
  QAction* before_action = nullptr;
  for (QAction* a : bar->actions()) {
    if (a->text() == title && a->menu()) return a->menu();
    if (a->text() == before) before_action = a;
  }
  auto* m = new QMenu(title, bar);
  bar->insertMenu(before_action, m);
  return m;
}

void PacketListActions::buildMenus() {
  QMenu* edit = menu(tr("&Edit"), tr("&View"));
  edit->addAction(tr("&Find Packet…"), QKeySequence(tr("Ctrl+F")), find_, &FindBar::open);
  edit->addAction(tr("Find Ne&xt"), QKeySequence(tr("Ctrl+N")), this,
                  [this] { find_->find(false); });
  edit->addAction(tr("Find Pre&vious"), QKeySequence(tr("Ctrl+B")), this,
                  [this] { find_->find(true); });
  edit->addSeparator();
  edit->addAction(tr("&Mark/Unmark Packet"), QKeySequence(tr("Ctrl+M")), this,
                  &PacketListActions::toggleMark);
  edit->addAction(tr("Next Mark"), QKeySequence(tr("Ctrl+Shift+N")), this,
                  [this] { goToMarked(false); });
  edit->addAction(tr("Previous Mark"), QKeySequence(tr("Ctrl+Shift+B")), this,
                  [this] { goToMarked(true); });
  edit->addSeparator();
  edit->addAction(tr("Set/Unset &Time Reference"), QKeySequence(tr("Ctrl+T")), this,
                  &PacketListActions::toggleTimeReference);

  QMenu* view = menu(tr("&View"), QString());
  time_menu_ = view->addMenu(tr("&Time Display Format"));
  auto* group = new QActionGroup(time_menu_);
  for (const TimeFormatChoice& c : kTimeFormats) {
    QAction* a = time_menu_->addAction(tr(c.label));
    a->setShortcut(QKeySequence(tr(c.shortcut)));
    a->setCheckable(true);
    a->setChecked(c.format == TimeFormat::SinceStart);
    group->addAction(a);
    const TimeFormat format = c.format;
    connect(a, &QAction::triggered, this,
            [this, format] { window_->packetModel()->setTimeFormat(format); });
  }
  view->addAction(tr("&Colouring Rules…"), this, &PacketListActions::openColouringRules);

  QMenu* go = menu(tr("&Go"), tr("&Capture"));
  go->addAction(tr("&Go to Packet…"), QKeySequence(tr("Ctrl+G")), this, [this] {
    go_bar_->show();
    go_edit_->setFocus();
    go_edit_->selectAll();
  });
  go->addAction(tr("&First Packet"), QKeySequence(tr("Ctrl+Home")), this,
                &PacketListActions::goFirst);
  go->addAction(tr("&Last Packet"), QKeySequence(tr("Ctrl+End")), this, &PacketListActions::goLast);
}

QList<QAction*> PacketListActions::timeFormatActions() const {
  return time_menu_->actions();
}

void PacketListActions::buildGoToBar() {
  go_bar_ = new QToolBar(tr("Go to Packet"), window_);
  go_bar_->setObjectName(QStringLiteral("goToBar"));
  go_bar_->setMovable(false);
  go_edit_ = new QLineEdit;
  go_edit_->setMaximumWidth(160);
  go_edit_->setPlaceholderText(tr("packet number"));
  go_message_ = new QLabel;
  go_bar_->addWidget(new QLabel(tr("Go to packet:")));
  go_bar_->addWidget(go_edit_);
  go_bar_->addWidget(go_message_);
  QAction* close = go_bar_->addAction(tr("✕"));
  connect(close, &QAction::triggered, go_bar_, &QWidget::hide);
  window_->addToolBar(go_bar_);
  go_bar_->hide();
  connect(go_edit_, &QLineEdit::returnPressed, this, [this] {
    bool ok = false;
    const std::uint64_t frame = go_edit_->text().trimmed().toULongLong(&ok);
    QString why;
    if (!ok || frame == 0)
      why = tr("'%1' is not a packet number (they start at 1)").arg(go_edit_->text());
    else if (goToPacket(frame, &why))
      go_bar_->hide();
    go_message_->setStyleSheet(why.isEmpty() ? QString() : QStringLiteral("color: #c62828;"));
    go_message_->setText(why);
  });
}

bool PacketListActions::goToPacket(std::uint64_t frame, QString* why) {
  PacketListModel* model = window_->packetModel();
  QString reason;
  if (frame == 0 || frame > model->frameCount())
    reason = tr("There is no packet %1 (the capture has %2)").arg(frame).arg(model->frameCount());
  else if (!window_->selectFrame(frame))
    reason = tr("Packet %1 is hidden by the display filter").arg(frame);
  if (why) *why = reason;
  if (!reason.isEmpty()) window_->statusBar()->showMessage(reason, 5000);
  return reason.isEmpty();
}

void PacketListActions::goToRow(int row) {
  const std::uint64_t frame = window_->packetModel()->frameOfRow(row);
  if (frame != 0) window_->selectFrame(frame);
}

void PacketListActions::goFirst() {
  goToRow(0);
}

void PacketListActions::goLast() {
  goToRow(window_->packetModel()->rowCount() - 1);
}

void PacketListActions::toggleMark() {
  window_->packetModel()->toggleMark(window_->selectedFrame());
}

void PacketListActions::goToMarked(bool backwards) {
  const int current = window_->packetView()->currentIndex().row();
  const int row = window_->packetModel()->nextMarkedRow(current, backwards);
  if (row < 0) {
    window_->statusBar()->showMessage(tr("No marked packet is shown"), 5000);
    return;
  }
  goToRow(row);
}

void PacketListActions::toggleTimeReference() {
  window_->packetModel()->toggleTimeReference(window_->selectedFrame());
}

void PacketListActions::applySavedColourRules() {
  if (!may_save_) return;  // screenshots and tests: the default rules, never the user's
  QSettings settings;
  std::string error;
  auto set = ColourRuleSet::compile(loadColourRules(settings), error);
  if (set) window_->packetModel()->setColourRules(std::make_shared<const ColourRuleSet>(*set));
}

void PacketListActions::openColouringRules() {
  ColouringRulesDialog dialog(window_->packetModel()->colourRules().rules(), window_);
  if (dialog.exec() != QDialog::Accepted) return;
  std::string error;
  auto set = ColourRuleSet::compile(dialog.rules(), error);
  if (!set) return;  // the dialog accepted only rules that compile
  window_->packetModel()->setColourRules(std::make_shared<const ColourRuleSet>(std::move(*set)));
  if (may_save_) {
    QSettings settings;
    saveColourRules(settings, dialog.rules());
  }
}

bool PacketListActions::eventFilter(QObject* watched, QEvent* event) {
  // Home/End in the list go to the first/last packet (QTableView moves between columns).
  // The event type first: the list's last events come while the window is being destroyed,
  // when asking the window for its view is no longer allowed (UBSan: not a MainWindow).
  if (event->type() == QEvent::KeyPress && watched == window_->packetView()) {
    const auto* key = static_cast<QKeyEvent*>(event);
    if (key->modifiers() == Qt::NoModifier && key->key() == Qt::Key_Home) {
      goFirst();
      return true;
    }
    if (key->modifiers() == Qt::NoModifier && key->key() == Qt::Key_End) {
      goLast();
      return true;
    }
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace pxescope::gui
