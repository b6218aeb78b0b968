// Statistics ▸ Conversations: Wireshark's Conversations window for IPv4, IPv6, UDP and TCP
// (one tab each; analyzer/stats/conversations, checked against `tshark -z conv,…`): address
// and port of A and B, packets and bytes each way, start and duration. Double-clicking a row
// selects the conversation's first frame.
#pragma once

#include <memory>

#include "analyzer/stats/conversations.hpp"
#include "gui/stats_window.hpp"

class QTabWidget;

namespace pxescope::gui {

class ConversationsDialog : public StatsWindow {
  Q_OBJECT

 public:
  explicit ConversationsDialog(const QString& capture, QWidget* parent = nullptr);
  QTabWidget* tabs() const { return tabs_; }
  QTableWidget* table(ConversationKind kind) const;

 private:
  void fill() override;
  QTabWidget* tabs_;
  std::shared_ptr<ConversationTable> table_data_;
  std::shared_ptr<std::string> error_;
};

}  // namespace pxescope::gui
