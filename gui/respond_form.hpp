// The "Answer this client" form without its widgets: what each field must hold (one line
// naming the field and the fix when it does not), the `pxescope respond` arguments it makes,
// and the one setcap line that gives pxescope and pxescope-gui every privilege they need.
#pragma once

#include <QString>
#include <QStringList>

namespace pxescope::gui {

struct RespondForm {
  QString mac;
  QString iface;
  QString tftp_root;  // empty: no TFTP root flag
  QString boot_file;
  QString ipxe_script;  // empty, a file, or an http(s):// URL
  bool dry_run = false;
  // Dry run over this capture file (`respond --replay`): no network and no privilege needed.
  // Empty: dry run on the interface (it watches the network: CAP_NET_RAW).
  QString replay_file;
  bool replays() const { return dry_run && !replay_file.isEmpty(); }
};

// This machine's network interfaces (if_nameindex: those of the process's own network
// namespace, unlike /sys/class/net), sorted.
QStringList networkInterfaceNames();

// The first problem of the form, or empty when it can start. `interfaces`: this machine's.
QString respondFormProblem(const RespondForm& form, const QStringList& interfaces);
// The arguments after "pxescope".
QStringList respondArguments(const RespondForm& form);

// One `sudo setcap` line for both binaries (setcap replaces a file's whole set, so each binary
// gets all it needs in one go): pxescope captures and responds (raw sockets, promiscuous mode,
// ports 67/69/4011), pxescope-gui captures. Paths are resolved (setcap refuses symlinks).
QString setcapLine(const QString& pxescope, const QString& pxescope_gui);
// A privilege error (the capture's, the responder's) with its own setcap advice — which
// names one binary, through $(command -v …) — replaced by `setcap_line`: the message names
// one setcap line only.
QString withOneSetcapLine(const QString& message, const QString& setcap_line);

}  // namespace pxescope::gui
