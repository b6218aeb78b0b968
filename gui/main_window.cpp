#include "gui/main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>

#include "gui/analyze_menu.hpp"
#include "gui/boot_story_view.hpp"
#include "gui/clients_dock.hpp"
#include "gui/default_pane_sizes.hpp"
#include "gui/field_tree_model.hpp"
#include "gui/hex_view.hpp"
#include "gui/live_story_feed.hpp"
#include "gui/packet_list_actions.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/palette_colors.hpp"
#include "gui/respond_dock.hpp"
#include "gui/tree_export.hpp"
#include "gui/window_actions_gflow.hpp"
#include "gui/window_actions_gstats.hpp"

namespace pxescope::gui {
namespace {

constexpr int kMaxRecent = 8;

}  // namespace

MainWindow::MainWindow(bool restore_layout, QWidget* parent)
    : QMainWindow(parent), settings_(restore_layout), save_layout_(restore_layout) {
  setWindowTitle(QStringLiteral("pxescope"));
  setAcceptDrops(true);
  packets_ = new PacketListModel(this);
  tree_model_ = new FieldTreeModel(this);

  packet_view_ = new QTableView;
  packet_view_->setModel(packets_);
  packet_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  packet_view_->setSelectionMode(QAbstractItemView::SingleSelection);
  packet_view_->verticalHeader()->hide();
  packet_view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  packet_view_->setShowGrid(false);
  packet_view_->setWordWrap(false);
  packet_view_->horizontalHeader()->setStretchLastSection(true);
  packet_view_->horizontalHeader()->setHighlightSections(false);
  // Wireshark's order and widths: Info starts about 500 px in, so it shows at 1400 px.
  const int widths[PacketListModel::ColumnCount] = {60, 90, 120, 120, 80, 60, 520, 130, 120, 240};
  for (int c = 0; c < PacketListModel::ColumnCount; ++c) packet_view_->setColumnWidth(c, widths[c]);

  tree_view_ = new QTreeView;
  tree_view_->setModel(tree_model_);
  tree_view_->setHeaderHidden(true);
  tree_view_->setUniformRowHeights(true);
  tree_view_->setIndentation(16);  // Qt's 20 spends a note's room on deep rows
  // Long lines (notes, lists) scroll sideways instead of being cut with "…".
  tree_view_->header()->setStretchLastSection(false);
  tree_view_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  hex_ = new HexView;

  // Stacked as in Wireshark: the tree gets the whole width (gui/default_pane_sizes.hpp).
  vertical_ = new QSplitter(Qt::Vertical);
  vertical_->addWidget(packet_view_);
  vertical_->addWidget(tree_view_);
  vertical_->addWidget(hex_);
  vertical_->setStretchFactor(0, 2);
  vertical_->setStretchFactor(1, 3);
  setCentralWidget(vertical_);

  connect(packet_view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) { showPacket(packets_->frameOfRow(current.row())); });
  connect(tree_view_->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this] { onTreeSelection(); });
  connect(hex_, &HexView::byteClicked, this, &MainWindow::onByteClicked);
  connect(packets_, &PacketListModel::clientsChanged, this, &MainWindow::refreshClients);
  connect(packets_, &PacketListModel::scanProgress, this, [this](int percent) {
    progress_->setValue(percent);
    progress_->setVisible(percent < 100);
    refreshStatus();
  });
  connect(packets_, &PacketListModel::liveStopped, this, &MainWindow::onLiveStopped);
  connect(packets_, &QAbstractItemModel::rowsInserted, this, [this] {
    if (packets_->isLive()) refreshStatus();
  });
  connect(packets_, &PacketListModel::scanFinished, this, [this] {
    refreshStatus();
    // Keep the user's packet selected across a re-filter.
    const int row = packets_->rowOfFrame(selected_frame_);
    if (row >= 0) packet_view_->selectRow(row);
  });

  progress_ = new QProgressBar;
  progress_->setMaximumWidth(200);
  progress_->setVisible(false);
  status_ = new QLabel;
  statusBar()->addWidget(status_, 1);
  statusBar()->addPermanentWidget(progress_);

  buildFilterBar();
  buildClientsDock();
  story_ = new BootStoryView(this);
  // The firmware fingerprint comes with the boot stories: fill the clients' column then.
  connect(story_, &BootStoryView::storiesReady, this, &MainWindow::refreshClients);
  addDockWidget(Qt::RightDockWidgetArea, story_);
  connect(story_, &BootStoryView::frameActivated, this,
          [this](std::uint64_t frame) { selectFrame(frame); });
  live_stories_ = new LiveStoryFeed(packets_, story_, this);
  respond_ = new RespondDock(this);
  addDockWidget(Qt::BottomDockWidgetArea, respond_);
  respond_->hide();
  buildMenus();
  installAnalyzeActions(*this);  // Analyze menu, context menus (gui/analyze_menu.cpp)
  list_actions_ = new PacketListActions(this, save_layout_);
  addBootPictureActions(*this);  // Statistics ▸ Flow Graph, Boot Timeline
  restoreLayout(restore_layout);
  refreshStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::onOpen);
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  rebuildRecentMenu();
  file->addAction(tr("&Save As pcapng…"), QKeySequence::Save, this, &MainWindow::onSave);
  file->addAction(tr("&Export Packet Tree…"), QKeySequence(tr("Ctrl+Shift+E")), this,
                  &MainWindow::onExport);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  // Ctrl+/ as in Wireshark: Ctrl+F is Edit ▸ Find Packet.
  view->addAction(tr("&Filter…"), QKeySequence(tr("Ctrl+/")), this, [this] {
    filter_edit_->setFocus();
    filter_edit_->selectAll();
  });
  view->addAction(tr("S&top Indexing and Stories"), QKeySequence(Qt::Key_Escape), this,
                  &MainWindow::cancelBackgroundWork);
  view->addAction(clients_->toggleViewAction());
  view->addAction(story_->toggleViewAction());
  view->addAction(respond_->toggleViewAction());

  QMenu* capture = menuBar()->addMenu(tr("&Capture"));
  capture_action_ = capture->addAction(tr("&Start Capture…"), QKeySequence(tr("Ctrl+E")), this,
                                       &MainWindow::onCaptureToggle);

  QMenu* act = menuBar()->addMenu(tr("&Client"));
  act->addAction(tr("&Answer This Client…"), this, [this] {
    const FrameFacts* facts = packets_->factsOf(selected_frame_);
    const FieldTree& t = tree_model_->tree();
    const NodeId mac = t.find("dhcp.hw.mac_addr");
    const NodeId arch = t.find("dhcp.option.client_system_architecture");
    if (!facts || mac == kNoNode) {
      QMessageBox::information(this, tr("Answer this client"),
                               tr("Select a DHCP packet (or a client) first."));
      return;
    }
    answerClient(QString::fromStdString(t[mac].str_value),
                 arch == kNoNode ? -1 : static_cast<int>(t[arch].uint_value));
  });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About pxescope"), this, &MainWindow::onAbout);
  addStatisticsActions(*this, file);  // Export Objects, Statistics (window_actions_gstats.cpp)
}

void MainWindow::buildFilterBar() {
  QToolBar* bar = addToolBar(tr("Filter"));
  bar->setObjectName(QStringLiteral("filterBar"));
  bar->setMovable(false);
  pxe_only_ = new QCheckBox(tr("PXE clients only"));
  dhcp_only_ = new QCheckBox(tr("Hide non-DHCP"));
  filter_edit_ = new QLineEdit;
  filter_edit_->setClearButtonEnabled(true);
  filter_edit_->setPlaceholderText(
      tr("Display filter, e.g. dhcp.option.client_system_architecture == 7   (Enter to apply)"));
  filter_error_ = new QLabel;
  filter_error_->setStyleSheet(QStringLiteral("color: %1;").arg(errorTextColor(palette()).name()));
  bar->addWidget(pxe_only_);
  bar->addWidget(dhcp_only_);
  bar->addSeparator();
  bar->addWidget(filter_edit_);
  bar->addWidget(filter_error_);
  connect(pxe_only_, &QCheckBox::toggled, this, &MainWindow::onQuickToggle);
  connect(dhcp_only_, &QCheckBox::toggled, this, &MainWindow::onQuickToggle);
  connect(filter_edit_, &QLineEdit::returnPressed, this,
          [this] { applyFilter(filter_edit_->text()); });
  // Say what is wrong while typing; the list changes only on Enter.
  connect(filter_edit_, &QLineEdit::textEdited, this, [this](const QString& text) {
    std::string error;
    const bool ok = filter::DisplayFilter::parse(text.toStdString(), error).has_value();
    styleFilterEdit(filter_edit_, ok ? FilterBarState::Empty : FilterBarState::Invalid);
    filter_error_->setText(ok ? QString() : QString::fromStdString(error));
  });
}

void MainWindow::buildClientsDock() {
  clients_ = new ClientsDock(this);
  connect(clients_, &ClientsDock::clientSelected, this, [this](const QString& mac) {
    story_->showClient(mac);
    filter_edit_->setText(clientFilter(mac));
    applyFilter(filter_edit_->text());
  });
  connect(clients_, &ClientsDock::clientProposed, this, [this](const QString& mac) {
    if (!story_->hasClient()) story_->showClient(mac);
  });
  connect(clients_, &ClientsDock::answerRequested, this,
          [this](const QString& mac, int arch) { answerClient(mac, arch); });
  addDockWidget(Qt::BottomDockWidgetArea, clients_);
}

bool MainWindow::openFile(const QString& path, bool quiet) {
  if (!quiet && !confirmLiveSaved()) return false;
  QString error;
  if (!packets_->openFile(path, &error)) {
    last_error_ = error;
    if (!quiet) QMessageBox::warning(this, tr("Cannot open capture"), error);
    return false;
  }
  last_error_.clear();
  selected_frame_ = 0;
  tree_model_->clear();
  hex_->setBytes({});
  story_->setCapture(path);
  respond_->setReplayFile(path);
  setWindowTitle(QStringLiteral("%1 — pxescope").arg(QFileInfo(path).fileName()));
  addRecent(QFileInfo(path).absoluteFilePath());
  refreshStatus();
  return true;
}

bool MainWindow::selectFrame(std::uint64_t frame) {
  const int row = packets_->rowOfFrame(frame);
  if (row < 0) return false;
  packet_view_->selectRow(row);
  packet_view_->scrollTo(packets_->index(row, 0), QAbstractItemView::PositionAtCenter);
  if (selected_frame_ != frame) showPacket(frame);
  return true;
}

void MainWindow::showPacket(std::uint64_t frame) {
  selected_frame_ = frame;
  FieldTree tree;
  std::vector<std::uint8_t> bytes;
  if (frame == 0 || !packets_->decode(frame, tree, bytes)) {
    tree_model_->clear();
    hex_->setBytes({});
    return;
  }
  tree_model_->setTree(tree);
  hex_->setBytes(std::move(bytes));
  // The story of the client the packet belongs to (its TFTP, ICMP and HTTP frames too).
  story_->showClientOfFrame(packets_->membership(), frame, tree);
  // Open the application layer (the last top-level node), like Wireshark does.
  int roots = tree_model_->rowCount();
  if (roots > 0) tree_view_->expand(tree_model_->index(roots - 1, 0));
}

void MainWindow::expandPxeOptions() {
  const FieldTree& t = tree_model_->tree();
  for (std::size_t i = 0; i < t.size(); ++i) {
    const FieldNode& n = t[static_cast<NodeId>(i)];
    if (n.name != "dhcp.option.type" || n.kind != ValueKind::UInt) continue;
    if (n.uint_value != 43 && n.uint_value != 60 && n.uint_value != 93) continue;
    QModelIndex index = tree_model_->indexOfNode(static_cast<NodeId>(i));
    tree_view_->expandRecursively(index);
    for (QModelIndex p = index.parent(); p.isValid(); p = p.parent()) tree_view_->expand(p);
  }
}

void MainWindow::onTreeSelection() {
  const QModelIndex current = tree_view_->currentIndex();
  const NodeId id = tree_model_->nodeOf(current);
  if (id == kNoNode) {
    hex_->highlight(0, 0);
    return;
  }
  const FieldNode& n = tree_model_->tree()[id];
  hex_->highlight(n.offset, n.length);
  statusBar()->showMessage(QString::fromUtf8(n.name.data(), static_cast<qsizetype>(n.name.size())));
}

void MainWindow::onByteClicked(std::uint32_t offset) {
  const NodeId id = tree_model_->tree().node_at_offset(offset);
  const QModelIndex index = tree_model_->indexOfNode(id);
  if (!index.isValid()) return;
  revealTreeIndex(index);
}

void MainWindow::revealTreeIndex(const QModelIndex& index) {
  for (QModelIndex p = index.parent(); p.isValid(); p = p.parent()) tree_view_->expand(p);
  tree_view_->setCurrentIndex(index);
  tree_view_->scrollTo(index, QAbstractItemView::PositionAtCenter);
  tree_view_->horizontalScrollBar()->setValue(0);  // a long row must not hide the indentation
}

bool MainWindow::applyFilter(const QString& text) {
  std::string error;
  auto parsed = filter::DisplayFilter::parse(text.toStdString(), error);
  if (!parsed) {
    styleFilterEdit(filter_edit_, FilterBarState::Invalid);
    filter_error_->setText(QString::fromStdString(error));
    filter_edit_->setToolTip(QString::fromStdString(error));
    return false;
  }
  const bool active = !parsed->matches_everything();
  styleFilterEdit(filter_edit_, active ? FilterBarState::Active : FilterBarState::Empty);
  filter_error_->clear();
  filter_edit_->setToolTip({});
  packets_->setFilters(std::move(parsed), pxe_only_->isChecked(), dhcp_only_->isChecked());
  refreshStatus();
  return true;
}

bool MainWindow::startCapture(const QString& iface, bool quiet, const QString& bpf,
                              bool follow_tftp) {
  if (!quiet && !confirmLiveSaved()) return false;
  QString error;
  if (!packets_->startLive(iface, &error, bpf, follow_tftp)) {
    // The reader names the command for the CLI binary only: one line for both programs.
    if (error.contains(QLatin1String("setcap")))
      error = withOneSetcapLine(error, RespondDock::privilegeLine());
    last_error_ = error;
    if (!quiet) QMessageBox::warning(this, tr("Cannot capture"), error);
    return false;
  }
  last_error_.clear();
  selected_frame_ = 0;
  tree_model_->clear();
  hex_->setBytes({});
  live_stories_->start();  // told as the clients boot
  live_saved_frames_ = 0;
  respond_->setReplayFile({});
  capture_action_->setText(tr("&Stop Capture"));
  setWindowTitle(tr("Capturing on %1 — pxescope").arg(iface));
  refreshStatus();
  return true;
}

void MainWindow::stopCapture() {
  packets_->stopLive();
}

void MainWindow::onQuickToggle() {
  applyFilter(filter_edit_->text());
}

void MainWindow::refreshClients() {
  clients_->refresh(*packets_, story_);
}

void MainWindow::refreshStatus() {
  QString text;
  if (packets_->hasLiveFrames()) {
    text =
        tr("%1 on %2 — %3 frames")
            .arg(packets_->isLive() ? tr("Capturing") : tr("Captured"), packets_->liveInterface())
            .arg(packets_->frameCount());
    if (packets_->isFiltered()) text += tr(", %1 shown").arg(packets_->rowCount());
  } else if (packets_->path().isEmpty()) {
    text = tr("Open a capture (File ▸ Open, or drop a file here)");
  } else {
    text = tr("%1 — %2 frames")
               .arg(QFileInfo(packets_->path()).fileName())
               .arg(packets_->frameCount());
    if (packets_->isFiltered()) text += tr(", %1 shown").arg(packets_->rowCount());
    if (packets_->isScanning()) text += tr(" (indexing…)");
    if (!packets_->scanError().isEmpty()) text += tr(" — %1").arg(packets_->scanError());
  }
  status_->setText(text);
}

void MainWindow::onOpen() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open capture"), settings_.value(QStringLiteral("lastDir")).toString(),
      tr("Captures (*.pcap *.pcapng *.cap);;All files (*)"));
  if (path.isEmpty()) return;
  settings_.setValue(QStringLiteral("lastDir"), QFileInfo(path).absolutePath());
  openFile(path);
}

void MainWindow::onSave() {
  if (packets_->frameCount() == 0) return;
  bool only_shown = false;
  if (packets_->isFiltered()) {
    QMessageBox ask(QMessageBox::Question, tr("Save capture"),
                    tr("Save all %1 frames, or only the %2 the filter shows?")
                        .arg(packets_->frameCount())
                        .arg(packets_->rowCount()),
                    QMessageBox::NoButton, this);
    QPushButton* shown = ask.addButton(tr("Only shown"), QMessageBox::AcceptRole);
    ask.addButton(tr("All"), QMessageBox::AcceptRole);
    ask.addButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() == ask.button(QMessageBox::Cancel)) return;
    only_shown = ask.clickedButton() == static_cast<QAbstractButton*>(shown);
  }
  QString path =
      QFileDialog::getSaveFileName(this, tr("Save as pcapng"), {}, tr("pcapng (*.pcapng)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(QStringLiteral(".pcapng"))) path += QStringLiteral(".pcapng");
  QString error;
  if (!packets_->savePcapng(path, only_shown, &error))
    QMessageBox::warning(this, tr("Cannot save"), error);
  else if (!only_shown)
    live_saved_frames_ = packets_->frameCount();
}

bool MainWindow::exportSelectedPacket(const QString& path, bool json, QString* error) {
  const FieldTree& t = tree_model_->tree();
  if (t.empty()) {
    if (error) *error = tr("no packet selected");
    return false;
  }
  // The selected node and its subtree, or the whole packet when nothing is selected.
  const std::string out =
      render_selection(t, tree_model_->nodeOf(tree_view_->currentIndex()), json);
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
      file.write(out.data(), static_cast<qint64>(out.size())) != static_cast<qint64>(out.size())) {
    if (error) *error = tr("%1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

void MainWindow::onExport() {
  QString filter;
  const QString path = QFileDialog::getSaveFileName(this, tr("Export packet tree"), {},
                                                    tr("JSON (*.json);;Text (*.txt)"), &filter);
  if (path.isEmpty()) return;
  QString error;
  if (!exportSelectedPacket(
          path, filter.startsWith(QStringLiteral("JSON")) || path.endsWith(QStringLiteral(".json")),
          &error))
    QMessageBox::warning(this, tr("Cannot export"), error);
}

void MainWindow::onAbout() {
  QMessageBox::about(this, tr("About pxescope"),
                     tr("<h3>pxescope %1</h3><p>See, answer and explain PXE network boots.</p>"
                        "<p>Qt %2, libpcap, libtins.</p>")
                         .arg(QStringLiteral(PXESCOPE_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::addRecent(const QString& path) {
  QStringList recent = settings_.value(QStringLiteral("recentFiles")).toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings_.setValue(QStringLiteral("recentFiles"), recent);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  if (!recent_menu_) return;
  recent_menu_->clear();
  const QStringList recent = settings_.value(QStringLiteral("recentFiles")).toStringList();
  for (const QString& path : recent)
    recent_menu_->addAction(path, this, [this, path] { openFile(path); });
  recent_menu_->setEnabled(!recent.isEmpty());
}

void MainWindow::restoreLayout(bool from_settings) {
  if (from_settings && settings_.contains(QStringLiteral("geometry"))) {
    restoreGeometry(settings_.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings_.value(QStringLiteral("windowState")).toByteArray());
    if (!restorePaneSplit(vertical_, settings_.value(kPaneSplitKey).toByteArray()))
      fitPanesOnFirstShow(vertical_);              // saved by an older arrangement, or not at all
    if (!respond_->hasClient()) respond_->hide();  // an empty Answer pane is no use
  } else {
    resize(1400, 900);
    fitPanesOnFirstShow(vertical_);  // a few hex lines; the list and the tree the rest
    clients_->setFitToRows(true);    // and the Clients pane no more than its rows
    resizeDocks({clients_}, {110}, Qt::Vertical);
    resizeDocks({story_}, {260}, Qt::Horizontal);  // the tree keeps room for its longest notes
  }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!confirmLiveSaved()) {
    event->ignore();
    return;
  }
  respond_->stop();
  event->accept();
  settings_.setValue(QStringLiteral("geometry"), saveGeometry());
  settings_.setValue(QStringLiteral("windowState"), saveState());
  settings_.setValue(kPaneSplitKey, vertical_->saveState());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile()) openFile(urls.first().toLocalFile());
}

}  // namespace pxescope::gui
