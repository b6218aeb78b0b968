#include "gui/capture_dialog.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include "analyzer/capture_filter_check.hpp"
#include "analyzer/capture_reader.hpp"
#include "gui/respond_form.hpp"

namespace pxescope::gui {

CaptureDialog::CaptureDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Start capture"));
  setObjectName(QStringLiteral("captureDialog"));
  interface_ = new QComboBox;
  interface_->setEditable(true);
  interface_->addItems(networkInterfaceNames());
  filter_ = new QLineEdit;
  filter_->setObjectName(QStringLiteral("captureFilter"));
  filter_->setClearButtonEnabled(true);
  filter_->setPlaceholderText(QString::fromLatin1(CaptureReader::default_live_filter()));
  filter_->setToolTip(tr("A libpcap (tcpdump) filter; empty: DHCP, proxyDHCP and TFTP"));
  follow_tftp_ = new QCheckBox(tr("Follow TFTP transfers (servers answer from a new port)"));
  follow_tftp_->setChecked(true);
  problem_ = new QLabel;
  problem_->setObjectName(QStringLiteral("captureProblem"));
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #c62828;"));
  problem_->hide();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  connect(buttons, &QDialogButtonBox::accepted, this, &CaptureDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(filter_, &QLineEdit::textEdited, problem_, &QWidget::hide);

  auto* form = new QFormLayout;
  form->addRow(tr("Interface"), interface_);
  form->addRow(tr("Capture filter"), filter_);
  form->addRow(QString(), follow_tftp_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(problem_);
  layout->addWidget(buttons);
  resize(520, sizeHint().height());
}

void CaptureDialog::setInterface(const QString& iface) {
  interface_->setCurrentText(iface);
}

QString CaptureDialog::interfaceName() const {
  return interface_->currentText().trimmed();
}

QString CaptureDialog::captureFilter() const {
  return filter_->text().trimmed();
}

bool CaptureDialog::followTftp() const {
  return follow_tftp_->isChecked();
}

void CaptureDialog::accept() {
  QString why;
  std::string error;
  if (interfaceName().isEmpty())
    why = tr("Name the interface to capture on.");
  else if (!captureFilter().isEmpty() &&
           !check_capture_filter(captureFilter().toStdString(), error))
    why = QString::fromStdString(error);
  problem_->setText(why);
  problem_->setVisible(!why.isEmpty());
  if (why.isEmpty()) QDialog::accept();
}

}  // namespace pxescope::gui
