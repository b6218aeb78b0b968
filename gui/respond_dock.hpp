// "Answer this client": a dock that runs `pxescope respond --only MAC …` as a child process
// for one machine and streams its log. The responder does the work; this is its front panel.
#pragma once

#include <QDockWidget>
#include <QProcess>

#include "gui/respond_form.hpp"

class QCheckBox;
class QLabel;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace pxescope::gui {

class RespondDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit RespondDock(QWidget* parent = nullptr);
  ~RespondDock() override;

  // Fills the form for a client (arch -1: unknown) and shows the dock. The boot file is the
  // responder's own choice for the arch (ipxe_binary_for_arch); the interface `iface` when
  // given (the one being captured on, or the client's), else as it was.
  void prepare(const QString& mac, int arch, const QString& iface = {});
  // The capture file the window shows: a dry run replays it (no network, no privilege).
  void setReplayFile(const QString& path);
  // The host interface whose IPv4 network holds `ipv4` ("10.0.2.15"); empty if none.
  static QString interfaceForAddress(const QString& ipv4);
  bool hasClient() const;
  // Why the form cannot start (also shown in the dock), empty when it can.
  QString problem() const;
  // Sets the form's interface, TFTP root ("" for none), boot file and dry-run (scripts, tests).
  void configure(const QString& iface, const QString& tftp_root, const QString& boot_file,
                 bool dry_run);
  // The argument list the form describes (after "pxescope").
  QStringList arguments() const;
  bool start();  // false when the form is refused (problem() says why) or already running
  void stop();
  bool running() const { return process_.state() != QProcess::NotRunning; }
  QString log() const;
  // Where the pxescope binary is looked for: next to pxescope-gui, then $PATH.
  static QString responderProgram();
  // The one setcap line for pxescope and pxescope-gui (their real paths).
  static QString privilegeLine();

 private:
  void appendLog(const QString& text);
  void updateCommand();
  RespondForm form() const;

  QLineEdit* mac_;
  QComboBox* interface_;
  QLineEdit* tftp_root_;
  QLineEdit* boot_file_;
  QLineEdit* ipxe_script_;
  QCheckBox* dry_run_;
  QLineEdit* command_;
  QPushButton* start_;
  QPushButton* stop_;
  QPlainTextEdit* log_;
  QLabel* problem_;
  QString replay_file_;
  QProcess process_;
};

}  // namespace pxescope::gui
