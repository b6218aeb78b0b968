// The menu entries of the statistics windows (issue 13 §2): File ▸ Export Objects ▸ TFTP /
// HTTP, Statistics ▸ DHCP Servers, Conversations and Transfer Throughput (of the selected
// TFTP/HTTP frame). Each opens a non-modal window on the open capture file; rows that name a
// frame select it in the main window.
#pragma once

#include <QString>
#include <optional>

#include "analyzer/stats/exported_object.hpp"

class QMenu;

namespace pxescope::gui {

class ConversationsDialog;
class DhcpServersDialog;
class ExportObjectsDialog;
class MainWindow;
class ThroughputDialog;

// `file` is the File menu (Export Objects goes there); Statistics is found or made in the bar.
void addStatisticsActions(MainWindow& window, QMenu* file);

// What the entries open, on the window's capture file. Null, with a message box unless
// `quiet`, when no capture file is open.
DhcpServersDialog* openDhcpServers(MainWindow& window, bool quiet = false);
ConversationsDialog* openConversations(MainWindow& window, bool quiet = false);
ExportObjectsDialog* openExportObjects(MainWindow& window, std::optional<ObjectProtocol> only,
                                       bool quiet = false);
// The throughput graph of the transfer the selected frame belongs to. Null with `why` (one
// line) when no capture file is open or the frame is in no TFTP/HTTP transfer.
ThroughputDialog* openSelectedTransferThroughput(MainWindow& window, QString& why);

}  // namespace pxescope::gui
