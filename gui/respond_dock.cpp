#include "gui/respond_dock.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>

#include "responder/interface_plan.hpp"
#include "responder/ipxe_chain.hpp"

namespace pxescope::gui {
namespace {

// Explained once per session: the same line every time would only be noise.
bool g_privilege_explained = false;

}  // namespace

RespondDock::RespondDock(QWidget* parent) : QDockWidget(tr("Answer this client"), parent) {
  setObjectName(QStringLiteral("respondDock"));
  auto* body = new QWidget;
  auto* form = new QFormLayout;
  mac_ = new QLineEdit;
  interface_ = new QComboBox;
  interface_->setEditable(true);
  interface_->addItems(networkInterfaceNames());
  tftp_root_ = new QLineEdit(QStringLiteral("/srv/tftp"));
  auto* browse = new QPushButton(tr("…"));
  auto* root_row = new QHBoxLayout;
  root_row->addWidget(tftp_root_);
  root_row->addWidget(browse);
  boot_file_ = new QLineEdit;
  ipxe_script_ = new QLineEdit;
  ipxe_script_->setPlaceholderText(
      tr("optional: iPXE script file or http:// URL for iPXE clients"));
  dry_run_ = new QCheckBox(tr("Dry run (log the replies, send nothing)"));
  dry_run_->setObjectName(QStringLiteral("respondDryRun"));
  command_ = new QLineEdit;
  command_->setObjectName(QStringLiteral("respondCommand"));
  command_->setToolTip(tr("The command that will run; edit it freely"));
  form->addRow(tr("Client MAC"), mac_);
  form->addRow(tr("Interface"), interface_);
  form->addRow(tr("TFTP root"), root_row);
  form->addRow(tr("Boot file"), boot_file_);
  form->addRow(tr("iPXE script"), ipxe_script_);
  form->addRow(QString(), dry_run_);
  form->addRow(tr("Command"), command_);
  start_ = new QPushButton(tr("Start responder"));
  stop_ = new QPushButton(tr("Stop"));
  stop_->setEnabled(false);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(stop_);
  buttons->addStretch();
  problem_ = new QLabel;
  problem_->setObjectName(QStringLiteral("respondProblem"));
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #c62828;"));
  problem_->hide();
  log_ = new QPlainTextEdit;
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);
  auto* layout = new QVBoxLayout(body);
  layout->addLayout(form);
  layout->addWidget(problem_);
  layout->addLayout(buttons);
  layout->addWidget(log_, 1);
  setWidget(body);

  for (QLineEdit* e : {mac_, tftp_root_, boot_file_, ipxe_script_})
    connect(e, &QLineEdit::textChanged, this, &RespondDock::updateCommand);
  connect(interface_, &QComboBox::currentTextChanged, this, &RespondDock::updateCommand);
  connect(dry_run_, &QCheckBox::toggled, this, &RespondDock::updateCommand);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("TFTP root"), tftp_root_->text());
    if (!dir.isEmpty()) tftp_root_->setText(dir);
  });
  connect(start_, &QPushButton::clicked, this, &RespondDock::start);
  connect(stop_, &QPushButton::clicked, this, &RespondDock::stop);

  process_.setProcessChannelMode(QProcess::MergedChannels);
  connect(&process_, &QProcess::readyRead, this,
          [this] { appendLog(QString::fromUtf8(process_.readAll())); });
  connect(&process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
    if (e == QProcess::FailedToStart)
      appendLog(tr("cannot start %1: %2\n").arg(process_.program(), process_.errorString()));
  });
  connect(&process_, &QProcess::stateChanged, this, [this](QProcess::ProcessState s) {
    start_->setEnabled(s == QProcess::NotRunning);
    stop_->setEnabled(s != QProcess::NotRunning);
  });
  connect(&process_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
    appendLog(tr("— responder exited with code %1\n").arg(code));
  });
  updateCommand();
}

RespondDock::~RespondDock() {
  stop();
}

QString RespondDock::responderProgram() {
  const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/pxescope");
  if (QFileInfo(beside).isExecutable()) return beside;
  const QString found = QStandardPaths::findExecutable(QStringLiteral("pxescope"));
  return found.isEmpty() ? QStringLiteral("pxescope") : found;
}

QString RespondDock::privilegeLine() {
  return setcapLine(responderProgram(), QCoreApplication::applicationFilePath());
}

void RespondDock::prepare(const QString& mac, int arch, const QString& iface) {
  mac_->setText(mac);
  // The responder's own table: what its iPXE chain gives this architecture.
  boot_file_->setText(arch < 0 ? QString()
                               : QString::fromStdString(responder::ipxe_binary_for_arch(
                                     static_cast<std::uint16_t>(arch))));
  if (!iface.isEmpty()) interface_->setCurrentText(iface);
  show();
  raise();
}

void RespondDock::setReplayFile(const QString& path) {
  replay_file_ = path;
  dry_run_->setText(path.isEmpty()
                        ? tr("Dry run (log the replies, send nothing)")
                        : tr("Dry run: replay the open capture (no network, no privilege)"));
  updateCommand();
}

QString RespondDock::interfaceForAddress(const QString& ipv4) {
  const QStringList parts = ipv4.split(QLatin1Char('.'));
  if (parts.size() != 4) return {};
  std::uint32_t ip = 0;
  for (const QString& part : parts) {
    bool ok = false;
    const uint byte = part.toUInt(&ok);
    if (!ok || byte > 255) return {};
    ip = ip << 8 | byte;
  }
  for (const responder::HostInterface& h : responder::host_interfaces())
    if (!h.loopback && h.netmask && (h.ip & h.netmask) == (ip & h.netmask))
      return QString::fromStdString(h.name);
  return {};
}

bool RespondDock::hasClient() const {
  return !mac_->text().trimmed().isEmpty();
}

RespondForm RespondDock::form() const {
  RespondForm f;
  f.mac = mac_->text();
  f.iface = interface_->currentText();
  f.tftp_root = tftp_root_->text();
  f.boot_file = boot_file_->text();
  f.ipxe_script = ipxe_script_->text();
  f.dry_run = dry_run_->isChecked();
  f.replay_file = replay_file_;
  return f;
}

QString RespondDock::problem() const {
  return respondFormProblem(form(), networkInterfaceNames());
}

void RespondDock::configure(const QString& iface, const QString& tftp_root,
                            const QString& boot_file, bool dry_run) {
  interface_->setCurrentText(iface);
  tftp_root_->setText(tftp_root);
  boot_file_->setText(boot_file);
  dry_run_->setChecked(dry_run);
}

QStringList RespondDock::arguments() const {
  return respondArguments(form());
}

void RespondDock::updateCommand() {
  problem_->hide();  // said again on the next Start if still true
  command_->setText(QStringList{responderProgram()}.join(QLatin1Char(' ')) + QLatin1Char(' ') +
                    arguments().join(QLatin1Char(' ')));
}

bool RespondDock::start() {
  if (running()) return false;
  // Refused in the dock, with the reason, before anything runs.
  const QString why = problem();
  problem_->setText(why);
  problem_->setVisible(!why.isEmpty());
  if (!why.isEmpty()) return false;
  QStringList words = QProcess::splitCommand(command_->text());
  if (words.isEmpty()) return false;
  const QString program = words.takeFirst();
  appendLog(tr("$ %1\n").arg(command_->text()));
  process_.start(program, words);
  return true;
}

void RespondDock::stop() {
  if (!running()) return;
  process_.terminate();  // SIGTERM: the responder stops cleanly
  if (!process_.waitForFinished(3000)) process_.kill();
}

QString RespondDock::log() const {
  return log_->toPlainText();
}

void RespondDock::appendLog(const QString& text) {
  log_->moveCursor(QTextCursor::End);
  log_->insertPlainText(text);
  log_->moveCursor(QTextCursor::End);
  // A missing privilege is explained once per session, with the one setcap line that
  // covers both programs (the responder's own line names only itself: setcap replaces a
  // file's whole set, so two lines would lose one).
  const bool privilege = text.contains(QLatin1String("setcap")) ||
                         text.contains(QLatin1String("Operation not permitted")) ||
                         text.contains(QLatin1String("ermission denied"));
  if (privilege && !g_privilege_explained) {
    g_privilege_explained = true;
    // Not modal: the log keeps streaming behind it.
    const QString dry_run =
        replay_file_.isEmpty()
            ? tr("\n\nA dry run over a capture file needs no privilege (open one first).")
            : tr("\n\n\"Dry run\" replays the open capture: it needs no privilege.");
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Missing privilege"),
                        withOneSetcapLine(text, privilegeLine()) + dry_run, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("privilegeExplanation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->show();
  }
}

}  // namespace pxescope::gui
