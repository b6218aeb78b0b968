// "Answer this client": a dock that runs `pxescope respond --only MAC …` as a child process
// for one machine and streams its log. The responder does the work; this is its front panel.
#pragma once

#include <QDockWidget>
#include <QProcess>

class QCheckBox;
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

  // Fills the form for a client (arch -1: unknown) and shows the dock.
  void prepare(const QString& mac, int arch);
  // Sets the form's interface, TFTP root ("" for none), boot file and dry-run (scripts, tests).
  void configure(const QString& iface, const QString& tftp_root, const QString& boot_file,
                 bool dry_run);
  // The argument list the form describes (after "pxescope").
  QStringList arguments() const;
  void start();
  void stop();
  bool running() const { return process_.state() != QProcess::NotRunning; }
  QString log() const;
  // Where the pxescope binary is looked for: next to pxescope-gui, then $PATH.
  static QString responderProgram();

 private:
  void appendLog(const QString& text);
  void updateCommand();

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
  QProcess process_;
  bool privilege_hint_shown_ = false;
};

}  // namespace pxescope::gui
