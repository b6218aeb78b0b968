#include "gui/expert_dialog.hpp"

#include <QApplication>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace pxescope::gui {
namespace {

QString qs(std::string_view s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QIcon severityIcon(Severity s) {
  QStyle* style = QApplication::style();
  if (!style) return {};
  return style->standardIcon(s == Severity::Error  ? QStyle::SP_MessageBoxCritical
                             : s == Severity::Warn ? QStyle::SP_MessageBoxWarning
                                                   : QStyle::SP_MessageBoxInformation);
}

}  // namespace

ExpertDialog::ExpertDialog(const QString& path, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Expert Information — %1").arg(QFileInfo(path).fileName()));
  setObjectName(QStringLiteral("expertDialog"));
  auto* layout = new QVBoxLayout(this);
  status_ = new QLabel(tr("Reading %1…").arg(QFileInfo(path).fileName()));
  progress_ = new QProgressBar;
  progress_->setRange(0, 100);
  tree_ = new QTreeWidget;
  tree_->setColumnCount(1);
  tree_->setHeaderLabels({tr("Severity ▸ code (count) ▸ frame: field: message")});
  tree_->header()->setStretchLastSection(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  // Cancel stops the walk and keeps what it found; Close closes (and stops it too).
  cancel_button_ = buttons->addButton(tr("Cancel"), QDialogButtonBox::ActionRole);
  connect(cancel_button_, &QPushButton::clicked, this, &ExpertDialog::cancel);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(status_);
  layout->addWidget(progress_);
  layout->addWidget(tree_, 1);
  layout->addWidget(buttons);
  resize(900, 600);
  connect(tree_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
    const auto frame = item->data(0, kFrameRole).toULongLong();
    if (frame) emit frameActivated(frame);
  });

  connect(&watcher_, &QFutureWatcherBase::finished, this, &ExpertDialog::onReport);
  const std::string file = path.toStdString();
  auto cancel = cancel_;
  QPointer<QProgressBar> bar(progress_);
  watcher_.setFuture(QtConcurrent::run([file, cancel, bar] {
    return collect_expert_info(file, cancel.get(), [bar](int percent) {
      QMetaObject::invokeMethod(
          bar,
          [bar, percent] {
            if (bar) bar->setValue(percent);
          },
          Qt::QueuedConnection);
    });
  }));
}

ExpertDialog::~ExpertDialog() {
  cancel_->store(true);
  watcher_.waitForFinished();
}

void ExpertDialog::cancel() {
  cancel_->store(true);
  status_->setText(tr("Cancelling…"));
}

void ExpertDialog::waitForReport() {
  watcher_.waitForFinished();
  QCoreApplication::processEvents();
  if (!ready_) onReport();
}

void ExpertDialog::onReport() {
  if (ready_ || watcher_.future().resultCount() == 0) return;
  ready_ = true;
  report_ = watcher_.result();
  progress_->setValue(100);
  progress_->hide();
  cancel_button_->hide();
  fill();
}

void ExpertDialog::fill() {
  tree_->clear();
  QString status = tr("%n finding(s) in %1 frames", nullptr, static_cast<int>(report_.items.size()))
                       .arg(report_.frames);
  if (report_.cancelled)
    status = tr("Cancelled after %1 frames: %n finding(s) so far", nullptr,
                static_cast<int>(report_.items.size()))
                 .arg(report_.frames);
  else if (!report_.error.empty())
    status += tr(" — %1").arg(QString::fromStdString(report_.error));
  status_->setText(status);
  for (const ExpertGroup& g : group_expert_items(report_.items)) {
    auto* group = new QTreeWidgetItem(
        tree_, {QStringLiteral("%1 ▸ %2 (%3)")
                    .arg(qs(severity_name(g.severity)), QString::fromStdString(g.code))
                    .arg(g.items.size())});
    group->setIcon(0, severityIcon(g.severity));
    for (std::size_t i : g.items) {
      const ExpertItem& item = report_.items[i];
      auto* row = new QTreeWidgetItem(group, {QStringLiteral("frame %1: %2: %3")
                                                  .arg(item.frame)
                                                  .arg(QString::fromStdString(item.field),
                                                       QString::fromStdString(item.message))});
      row->setData(0, kFrameRole, static_cast<qulonglong>(item.frame));
      row->setToolTip(0, QString::fromStdString(item.message));
    }
  }
}

}  // namespace pxescope::gui
