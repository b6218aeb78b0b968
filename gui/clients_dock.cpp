#include "gui/clients_dock.hpp"

#include <QAction>
#include <QCheckBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "analyzer/dhcp/option_table.hpp"
#include "gui/boot_story_view.hpp"
#include "gui/packet_list_model.hpp"

namespace pxescope::gui {
namespace {

enum ClientColumn {
  CMac,
  CUuid,
  CArch,
  CVendor,
  CFirst,
  CLast,
  CPackets,
  CStage,
  CBootFile,
  CFirmware,
  CCount
};

// The raw option 93 value rides on the Arch cell, so "Answer" needs no copy of the model.
constexpr int kArchRole = Qt::UserRole;

}  // namespace

QString clientFilter(const QString& mac, const QString& ipv4) {
  const QString by_mac = QStringLiteral("eth.addr == %1").arg(mac);
  return ipv4.isEmpty() ? by_mac : by_mac + QStringLiteral(" || ip.addr == %1").arg(ipv4);
}

ClientsDock::ClientsDock(QWidget* parent) : QDockWidget(tr("Clients"), parent) {
  // The name QSettings' saved window state and the tests find the dock by.
  setObjectName(QStringLiteral("clientsDock"));
  table_ = new QTableWidget(0, CCount);
  table_->setHorizontalHeaderLabels({tr("MAC"), tr("UUID"), tr("Arch"), tr("Vendor class"),
                                     tr("First seen (s)"), tr("Last seen (s)"), tr("Packets"),
                                     tr("Got to"), tr("Boot file"), tr("Firmware")});
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &ClientsDock::onSelectionChanged);
  // "Answer this client" straight from its row: the arch prefills the boot file.
  table_->setContextMenuPolicy(Qt::ActionsContextMenu);
  auto* answer = new QAction(tr("Answer This Client…"), table_);
  table_->addAction(answer);
  connect(answer, &QAction::triggered, this, &ClientsDock::onAnswer);
  show_all_ = new QCheckBox(tr("Show DHCP clients that are not network-booting"));
  show_all_->setObjectName(QStringLiteral("showAllClients"));
  connect(show_all_, &QCheckBox::toggled, this, [this] { fill(); });
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
  const BootStoryView* stories = stories_;
  std::vector<const ClientRecord*> shown;
  for (const ClientRecord& c : packets.clients())
    if (c.pxe || show_all_->isChecked()) shown.push_back(&c);
  const std::size_t hidden = packets.clients().size() - shown.size();
  // Refilling must not look like the user picking a client (that would re-filter the list).
  const QSignalBlocker block(table_);
  table_->setRowCount(static_cast<int>(shown.size()));
  for (int r = 0; r < static_cast<int>(shown.size()); ++r) {
    const ClientRecord& c = *shown[static_cast<std::size_t>(r)];
    const QString mac = QString::fromStdString(format_mac(c.mac));
    const auto arch = c.arch >= 0
                          ? QStringLiteral("%1 (%2)")
                                .arg(QString::fromUtf8(
                                    dhcp::arch_name(static_cast<std::uint16_t>(c.arch)).data()))
                                .arg(c.arch)
                          : QString();
    const auto stage = client_stage_name(static_cast<ClientStage>(c.furthest_stage));
    const QString cells[CCount] = {
        mac,
        QString::fromStdString(c.uuid),
        arch,
        QString::fromStdString(c.vendor_class),
        QString::number(packets.secondsSinceFirst(c.first_sec, c.first_nsec), 'f', 3),
        QString::number(packets.secondsSinceFirst(c.last_sec, c.last_nsec), 'f', 3),
        QString::number(c.packets),
        QString::fromUtf8(stage.data(), static_cast<qsizetype>(stage.size())),
        QString::fromStdString(c.boot_file),
        stories ? stories->firmwareOf(mac) : QString()};
    for (int col = 0; col < CCount; ++col)
      table_->setItem(r, col, new QTableWidgetItem(cells[col]));
    table_->item(r, CArch)->setData(kArchRole, c.arch);
  }
  table_->resizeColumnsToContents();
  QString title = packets.unlistedClientFrames()
                      ? tr("Clients (the first %1 machines; %2 frames of others not listed)")
                            .arg(packets.clients().size())
                            .arg(packets.unlistedClientFrames())
                      : tr("Clients (%1)").arg(shown.size());
  if (hidden) title += tr(" — %1 not network-booting hidden").arg(hidden);
  setWindowTitle(title);
}

void ClientsDock::onSelectionChanged() {
  const auto rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return;
  emit clientSelected(table_->item(rows.first().row(), CMac)->text());
}

void ClientsDock::onAnswer() {
  const int row = table_->currentRow();
  if (row < 0 || row >= table_->rowCount()) return;
  emit answerRequested(table_->item(row, CMac)->text(),
                       table_->item(row, CArch)->data(kArchRole).toInt());
}

}  // namespace pxescope::gui
