#include "gui/respond_dock.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>

#include "analyzer/dhcp/option_table.hpp"

namespace pxescope::gui {
namespace {

// A starting point only: the user edits it. iPXE's usual file names per architecture.
QString defaultBootFile(int arch) {
  if (arch < 0) return {};
  const auto name = dhcp::arch_short_name(static_cast<std::uint16_t>(arch));
  const QString s = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
  if (s == QLatin1String("bios")) return QStringLiteral("undionly.kpxe");
  if (s.contains(QLatin1String("arm64"))) return QStringLiteral("ipxe-arm64.efi");
  if (s.contains(QLatin1String("ia32"))) return QStringLiteral("ipxe-i386.efi");
  if (s.startsWith(QLatin1String("efi"))) return QStringLiteral("ipxe.efi");
  return {};
}

}  // namespace

RespondDock::RespondDock(QWidget* parent) : QDockWidget(tr("Answer this client"), parent) {
  setObjectName(QStringLiteral("respondDock"));
  auto* body = new QWidget;
  auto* form = new QFormLayout;
  mac_ = new QLineEdit;
  interface_ = new QComboBox;
  interface_->setEditable(true);
  interface_->addItems(
      QDir(QStringLiteral("/sys/class/net")).entryList(QDir::Dirs | QDir::NoDotAndDotDot));
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
  command_ = new QLineEdit;
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
  log_ = new QPlainTextEdit;
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);
  auto* layout = new QVBoxLayout(body);
  layout->addLayout(form);
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

void RespondDock::prepare(const QString& mac, int arch) {
  mac_->setText(mac);
  boot_file_->setText(defaultBootFile(arch));
  show();
  raise();
}

void RespondDock::configure(const QString& iface, const QString& tftp_root,
                            const QString& boot_file, bool dry_run) {
  interface_->setCurrentText(iface);
  tftp_root_->setText(tftp_root);
  boot_file_->setText(boot_file);
  dry_run_->setChecked(dry_run);
}

QStringList RespondDock::arguments() const {
  QStringList args{QStringLiteral("respond"), QStringLiteral("-i"), interface_->currentText(),
                   QStringLiteral("--only"), mac_->text()};
  if (!tftp_root_->text().isEmpty()) args << QStringLiteral("--tftp-root") << tftp_root_->text();
  if (!boot_file_->text().isEmpty()) args << QStringLiteral("--boot-file") << boot_file_->text();
  if (!ipxe_script_->text().isEmpty())
    args << QStringLiteral("--ipxe-boot") << ipxe_script_->text();
  if (dry_run_->isChecked()) args << QStringLiteral("--dry-run");
  return args;
}

void RespondDock::updateCommand() {
  command_->setText(QStringList{responderProgram()}.join(QLatin1Char(' ')) + QLatin1Char(' ') +
                    arguments().join(QLatin1Char(' ')));
}

void RespondDock::start() {
  if (running()) return;
  QStringList words = QProcess::splitCommand(command_->text());
  if (words.isEmpty()) return;
  const QString program = words.takeFirst();
  privilege_hint_shown_ = false;
  appendLog(tr("$ %1\n").arg(command_->text()));
  process_.start(program, words);
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
  // The responder names the setcap line when a privilege is missing: show it where it is seen.
  if (!privilege_hint_shown_ && (text.contains(QLatin1String("setcap")) ||
                                 text.contains(QLatin1String("Operation not permitted")))) {
    privilege_hint_shown_ = true;
    // Not modal: the log keeps streaming behind it.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Missing privilege"), text.trimmed(),
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->show();
  }
}

}  // namespace pxescope::gui
