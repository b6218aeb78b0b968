#include "gui/clients_dock.hpp"

#include <QAction>
#include <QCheckBox>
#include <QHeaderView>
#include <QMainWindow>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/story/verdict_tone.hpp"
#include "gui/boot_story_view.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/verdict_colors.hpp"

namespace pxescope::gui {
namespace {

// The raw option 93 value rides on the Arch cell, so "Answer" needs no copy of the model.
constexpr int kArchRole = Qt::UserRole;
// What a cell sorts by when its text would sort wrongly (numbers, verdicts by tone).
constexpr int kSortRole = Qt::UserRole + 1;

class SortableItem : public QTableWidgetItem {
 public:
  using QTableWidgetItem::QTableWidgetItem;
  bool operator<(const QTableWidgetItem& other) const override {
    const QVariant a = data(kSortRole), b = other.data(kSortRole);
    if (a.isValid() && b.isValid()) return QVariant::compare(a, b) == QPartialOrdering::Less;
    if (a.isValid() != b.isValid()) return a.isValid();  // rows with a value first
    return QTableWidgetItem::operator<(other);
  }
};

}  // namespace

QString clientFilter(const QString& mac) {
  return QStringLiteral("pxe.client == %1").arg(mac);
}

ClientsDock::ClientsDock(QWidget* parent) : QDockWidget(tr("Clients"), parent) {
  // The name QSettings' saved window state and the tests find the dock by.
  setObjectName(QStringLiteral("clientsDock"));
  table_ = new QTableWidget(0, CCount);
  table_->setHorizontalHeaderLabels({tr("MAC"), tr("Verdict"), tr("UUID"), tr("Arch"),
                                     tr("Vendor class"), tr("First seen (s)"), tr("Last seen (s)"),
                                     tr("Packets"), tr("Got to"), tr("Boot file"), tr("Firmware")});
  table_->setSortingEnabled(true);
  table_->sortByColumn(CFirst, Qt::AscendingOrder);  // the order the capture saw them in
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &ClientsDock::onSelectionChanged);
  // A click on the proposed (highlighted, not chosen) first client chooses it.
  connect(table_, &QAbstractItemView::clicked, this, [this](const QModelIndex& index) {
    if (!std::exchange(proposal_pending_, false)) return;
    emit clientSelected(table_->item(index.row(), CMac)->text());
  });
  // "Answer this client" straight from its row: the arch prefills the boot file.
  table_->setContextMenuPolicy(Qt::ActionsContextMenu);
  auto* answer = new QAction(tr("Answer This Client…"), table_);
  table_->addAction(answer);
  connect(answer, &QAction::triggered, this, &ClientsDock::onAnswer);
  show_all_ = new QCheckBox(tr("Show DHCP clients that are not network-booting"));
  show_all_->setObjectName(QStringLiteral("showAllClients"));
  connect(show_all_, &QCheckBox::toggled, this, [this] { fill(); });
  table_->horizontalHeader()->setResizeContentsPrecision(kRowsPerTurn);
  fill_timer_ = new QTimer(this);
  fill_timer_->setInterval(0);
  connect(fill_timer_, &QTimer::timeout, this, &ClientsDock::fillSomeRows);
  auto* box = new QWidget;
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(show_all_);
  layout->addWidget(table_);
  setWidget(box);
}

void ClientsDock::setShowAllClients(bool all) {
  show_all_->setChecked(all);
}

void ClientsDock::refresh(const PacketListModel& packets, const BootStoryView* stories) {
  packets_ = &packets;
  stories_ = stories;
  fill();
}

void ClientsDock::fill() {
  if (!packets_) return;
  const PacketListModel& packets = *packets_;
  shown_.clear();
  for (const ClientRecord& c : packets.clients())
    if (c.pxe || show_all_->isChecked()) shown_.push_back(&c);
  const std::size_t hidden = packets.clients().size() - shown_.size();
  if (filled_ >= static_cast<int>(table_->rowCount())) {  // not in the middle of a fill
    reselect_ = selectedMac();
    sort_column_ = table_->horizontalHeader()->sortIndicatorSection();
    sort_order_ = table_->horizontalHeader()->sortIndicatorOrder();
  }
  {
    // Refilling must not look like the user picking a client (that would re-filter the list);
    // rows are sorted once, after the last one, and the selected client stays selected.
    const QSignalBlocker block(table_);
    table_->setSortingEnabled(false);
    table_->setRowCount(static_cast<int>(shown_.size()));
  }
  filled_ = 0;
  fillSomeRows();  // the first rows now, the rest on the next turns of the event loop
  QString title = packets.unlistedClientFrames()
                      ? tr("Clients (the first %1 machines; %2 frames of others not listed)")
                            .arg(packets.clients().size())
                            .arg(packets.unlistedClientFrames())
                      : tr("Clients (%1)").arg(shown_.size());
  if (hidden) title += tr(" — %1 not network-booting hidden").arg(hidden);
  setWindowTitle(title);
  fitToRows();
}

// At most kRowsPerTurn rows at a time: ten thousand clients are a hundred thousand cells,
// too many to make in one go without stalling the window.
void ClientsDock::fillSomeRows() {
  const PacketListModel& packets = *packets_;
  const BootStoryView* stories = stories_;
  const QSignalBlocker block(table_);
  const int end = std::min(static_cast<int>(shown_.size()), filled_ + kRowsPerTurn);
  for (int r = filled_; r < end; ++r) {
    const ClientRecord& c = *shown_[static_cast<std::size_t>(r)];
    const QString mac = QString::fromStdString(format_mac(c.mac));
    const auto arch = c.arch >= 0
                          ? QStringLiteral("%1 (%2)")
                                .arg(QString::fromUtf8(
                                    dhcp::arch_name(static_cast<std::uint16_t>(c.arch)).data()))
                                .arg(c.arch)
                          : QString();
    const auto stage = client_stage_name(static_cast<ClientStage>(c.furthest_stage));
    // No std::optional here: GCC 12 takes its engaged flag for uninitialized (-Werror).
    Verdict verdict = Verdict::IncompleteCapture;
    const bool has_verdict = stories && stories->verdictOf(mac).has_value();
    if (has_verdict) verdict = *stories->verdictOf(mac);
    const auto code = has_verdict ? verdict_code(verdict) : std::string_view();
    const double first = packets.secondsSinceFirst(c.first_sec, c.first_nsec);
    const double last = packets.secondsSinceFirst(c.last_sec, c.last_nsec);
    const QString cells[CCount] = {
        mac,
        QString::fromUtf8(code.data(), static_cast<qsizetype>(code.size())),
        QString::fromStdString(c.uuid),
        arch,
        QString::fromStdString(c.vendor_class),
        QString::number(first, 'f', 3),
        QString::number(last, 'f', 3),
        QString::number(c.packets),
        QString::fromUtf8(stage.data(), static_cast<qsizetype>(stage.size())),
        QString::fromStdString(c.boot_file),
        stories ? stories->firmwareOf(mac) : QString()};
    for (int col = 0; col < CCount; ++col) table_->setItem(r, col, new SortableItem(cells[col]));
    table_->item(r, CArch)->setData(kArchRole, c.arch);
    table_->item(r, CFirst)->setData(kSortRole, first);
    table_->item(r, CLast)->setData(kSortRole, last);
    table_->item(r, CPackets)->setData(kSortRole, QVariant::fromValue(c.packets));
    if (has_verdict) {
      QTableWidgetItem* cell = table_->item(r, CVerdict);
      cell->setData(kSortRole, verdict_sort_rank(verdict));
      cell->setForeground(verdictTextColor(verdict, table_->palette()));
      if (verdict_tone(verdict) != VerdictTone::Unknown) {
        QFont bold = cell->font();
        bold.setBold(true);
        cell->setFont(bold);
      }
    }
  }
  // Column widths from the first batch (the header measures at most that many rows anyway).
  if (filled_ == 0) table_->resizeColumnsToContents();
  filled_ = end;
  if (!isFilled()) {
    if (!fill_timer_->isActive()) fill_timer_->start();
    return;
  }
  fill_timer_->stop();
  finishFill();
}

void ClientsDock::finishFill() {
  const QSignalBlocker block(table_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(sort_column_, sort_order_);
  if (shown_.empty()) proposed_ = false;  // a new capture proposes its first client again
  if (!selectRowOf(reselect_) && table_->rowCount() > 0 && !proposed_) {
    // Nothing chosen yet: the first client, for its story (the list stays unfiltered).
    proposed_ = proposal_pending_ = true;
    table_->selectRow(0);
    emit clientProposed(table_->item(0, CMac)->text());
  }
}

bool ClientsDock::isFilled() const {
  return filled_ >= static_cast<int>(shown_.size());
}

void ClientsDock::setFitToRows(bool fit) {
  fit_to_rows_ = fit;
  fitToRows();
}

int ClientsDock::heightForRows(int rows) const {
  // What the dock adds around the rows (title, check box, header, frames), measured as laid out.
  const int chrome = height() - table_->viewport()->height();
  return chrome + rows * table_->verticalHeader()->defaultSectionSize();
}

void ClientsDock::fitToRows() {
  auto* window = qobject_cast<QMainWindow*>(parentWidget());
  if (!fit_to_rows_ || !window || !isVisible() || isFloating()) return;
  // Only when the rows to show change (another file): a re-filter of the same capture keeps
  // the height, and with it whatever height the user dragged the pane to.
  const int rows = std::clamp(table_->rowCount(), 2, kFitRows);
  if (rows == fitted_rows_) return;
  window->resizeDocks({this}, {heightForRows(rows)}, Qt::Vertical);
  fitted_rows_ = rows;
}

void ClientsDock::showEvent(QShowEvent* event) {
  QDockWidget::showEvent(event);
  fitToRows();  // the first real layout: the rows filled before it can now be measured
}

QString ClientsDock::selectedMac() const {
  const auto rows = table_->selectionModel()->selectedRows();
  const QTableWidgetItem* mac = rows.isEmpty() ? nullptr : table_->item(rows.first().row(), CMac);
  return mac ? mac->text() : QString();
}

bool ClientsDock::selectRowOf(const QString& mac) {
  if (mac.isEmpty()) return false;
  for (int r = 0; r < table_->rowCount(); ++r)
    if (const QTableWidgetItem* item = table_->item(r, CMac); item && item->text() == mac) {
      table_->selectRow(r);
      return true;
    }
  return false;
}

void ClientsDock::onSelectionChanged() {
  proposal_pending_ = false;
  const auto rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return;
  const QTableWidgetItem* mac = table_->item(rows.first().row(), CMac);
  if (mac) emit clientSelected(mac->text());  // null: a row not filled yet
}

void ClientsDock::onAnswer() {
  const int row = table_->currentRow();
  if (row < 0 || row >= table_->rowCount()) return;
  emit answerRequested(table_->item(row, CMac)->text(),
                       table_->item(row, CArch)->data(kArchRole).toInt());
}

}  // namespace pxescope::gui
