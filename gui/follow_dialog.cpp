#include "gui/follow_dialog.hpp"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace pxescope::gui {

FollowDialog::FollowDialog(const QString& path, std::uint64_t frame, FollowKind kind,
                           QWidget* parent)
    : QDialog(parent) {
  const auto name = follow_kind_name(kind);
  setWindowTitle(tr("Follow %1 Stream (frame %2)")
                     .arg(QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size())))
                     .arg(frame));
  setObjectName(QStringLiteral("followDialog"));
  auto* layout = new QVBoxLayout(this);
  filter_ = new QLabel(tr("Following the stream of frame %1…").arg(frame));
  filter_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  body_ = new QPlainTextEdit;
  body_->setReadOnly(true);
  body_->setLineWrapMode(QPlainTextEdit::NoWrap);
  body_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(filter_);
  layout->addWidget(body_, 1);
  layout->addWidget(buttons);
  resize(820, 560);

  connect(&watcher_, &QFutureWatcherBase::finished, this, &FollowDialog::onReport);
  const std::string file = path.toStdString();
  auto cancel = cancel_;
  watcher_.setFuture(QtConcurrent::run(
      [file, frame, kind, cancel] { return follow_capture(file, frame, kind, cancel.get()); }));
}

FollowDialog::~FollowDialog() {
  cancel_->store(true);
  watcher_.waitForFinished();
}

void FollowDialog::waitForReport() {
  watcher_.waitForFinished();
  QCoreApplication::processEvents();
  if (!ready_) onReport();  // the finished signal may still be queued
}

void FollowDialog::onReport() {
  if (ready_ || watcher_.future().resultCount() == 0) return;
  ready_ = true;
  report_ = watcher_.result();
  body_->setPlainText(QString::fromStdString(render_follow_report(report_)));
  if (!report_.error.empty()) {
    filter_->setText(tr("Cannot follow: %1").arg(QString::fromStdString(report_.error)));
    return;
  }
  const QString filter = QString::fromStdString(report_.filter);
  filter_->setText(tr("Filter: %1").arg(filter));
  emit filterReady(filter);
}

QString FollowDialog::text() const {
  return body_->toPlainText();
}

}  // namespace pxescope::gui
