#include "gui/conversations_dialog.hpp"

#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "analyzer/stats/capture_pass.hpp"
#include "gui/stats_table.hpp"

namespace pxescope::gui {

namespace {

QString kindName(ConversationKind kind) {
  const std::string_view name = conversation_kind_name(kind);
  return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

bool hasPorts(ConversationKind kind) {
  return kind == ConversationKind::Udp || kind == ConversationKind::Tcp;
}

}  // namespace

ConversationsDialog::ConversationsDialog(const QString& capture, QWidget* parent)
    : StatsWindow(QStringLiteral("conversationsDialog"), tr("Conversations"), capture, parent),
      table_data_(std::make_shared<ConversationTable>()),
      error_(std::make_shared<std::string>()) {
  resize(1100, 480);
  tabs_ = new QTabWidget;
  body()->addWidget(tabs_, 1);
  for (const ConversationKind kind : kConversationKinds) {
    QStringList headers = {tr("Address A")};
    if (hasPorts(kind)) headers << tr("Port A");
    headers << tr("Address B");
    if (hasPorts(kind)) headers << tr("Port B");
    headers << tr("Packets") << tr("Bytes") << tr("Packets A → B") << tr("Bytes A → B")
            << tr("Packets B → A") << tr("Bytes B → A") << tr("Rel Start") << tr("Duration")
            << tr("First frame");
    QTableWidget* table = makeStatsTable(headers);
    tabs_->addTab(table, kindName(kind));
    activateFramesFrom(table, static_cast<int>(headers.size()) - 1);
  }
  const std::string path = capture.toStdString();
  startPass([path, data = table_data_, error = error_](const std::atomic<bool>& cancel) {
    read_dissected_frames(
        path, [&](const Frame& f, const FieldTree& t) { data->add(f, t); }, *error, &cancel);
  });
}

QTableWidget* ConversationsDialog::table(ConversationKind kind) const {
  return qobject_cast<QTableWidget*>(tabs_->widget(static_cast<int>(kind)));
}

void ConversationsDialog::fill() {
  setStatus(error_->empty() ? tr("Conversations as Wireshark counts them: bytes are frame "
                                 "lengths on the wire; A sent the first packet.")
                            : QString::fromStdString(*error_));
  for (const ConversationKind kind : kConversationKinds) {
    const bool ports = hasPorts(kind);
    QTableWidget* table = this->table(kind);
    const auto list = table_data_->list(kind);
    for (const Conversation& c : list) {
      std::vector<QVariant> cells = {QString::fromStdString(c.address_a)};
      if (ports) cells.emplace_back(uint{c.port_a});
      cells.emplace_back(QString::fromStdString(c.address_b));
      if (ports) cells.emplace_back(uint{c.port_b});
      for (const std::uint64_t n : {c.packets_ab + c.packets_ba, c.bytes_ab + c.bytes_ba,
                                    c.packets_ab, c.bytes_ab, c.packets_ba, c.bytes_ba})
        cells.emplace_back(qulonglong{n});
      cells.emplace_back(c.start);
      cells.emplace_back(c.duration);
      cells.emplace_back(qulonglong{c.first_frame});
      appendStatsRow(table, cells);
    }
    table->setSortingEnabled(true);
    table->resizeColumnsToContents();
    tabs_->setTabText(static_cast<int>(kind),
                      QStringLiteral("%1 · %2").arg(kindName(kind)).arg(list.size()));
  }
}

}  // namespace pxescope::gui
