#include "gui/find_bar.hpp"

#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>
#include <iterator>

#include "gui/find_pass.hpp"
#include "gui/packet_list_model.hpp"

namespace pxescope::gui {
namespace {

struct KindChoice {
  SearchKind kind;
  const char* label;
  const char* placeholder;
};
constexpr KindChoice kKinds[] = {
    {SearchKind::DisplayFilter, "Display filter", "e.g. tftp.opcode == 5"},
    {SearchKind::ListText, "String in packet list", "e.g. boot file"},
    {SearchKind::ByteString, "String in bytes", "e.g. PXEClient"},
    {SearchKind::HexBytes, "Hex bytes", "e.g. 63:82:53:63"},
};

}  // namespace

FindBar::FindBar(QTableView* view, PacketListModel* model,
                 std::function<bool(std::uint64_t)> select, QWidget* parent)
    : QToolBar(tr("Find Packet"), parent),
      view_(view),
      model_(model),
      select_(std::move(select)),
      kind_(new QComboBox),
      text_(new QLineEdit),
      cancel_button_(new QPushButton(tr("Cancel"))),
      message_(new QLabel) {
  setObjectName(QStringLiteral("findBar"));
  setMovable(false);
  for (const KindChoice& k : kKinds) kind_->addItem(tr(k.label));
  text_->setClearButtonEnabled(true);
  auto* next = new QPushButton(tr("Find Next"));
  auto* previous = new QPushButton(tr("Previous"));
  cancel_button_->setEnabled(false);
  addWidget(new QLabel(tr("Find:")));
  addWidget(kind_);
  addWidget(text_);
  addWidget(next);
  addWidget(previous);
  addWidget(cancel_button_);
  addWidget(message_);
  QAction* close = addAction(tr("✕"));
  close->setToolTip(tr("Close the find bar"));
  connect(close, &QAction::triggered, this, [this] {
    cancel();
    hide();
  });
  connect(kind_, &QComboBox::currentIndexChanged, this, [this](int i) {
    text_->setPlaceholderText(tr(kKinds[i].placeholder));
    message_->clear();
  });
  text_->setPlaceholderText(tr(kKinds[0].placeholder));
  connect(text_, &QLineEdit::returnPressed, this, [this] { find(false); });
  connect(next, &QPushButton::clicked, this, [this] { find(false); });
  connect(previous, &QPushButton::clicked, this, [this] { find(true); });
  connect(cancel_button_, &QPushButton::clicked, this, &FindBar::cancel);
}

FindBar::~FindBar() {
  if (cancel_) cancel_->store(true);
  job_.waitForFinished();
}

void FindBar::open() {
  show();
  text_->setFocus();
  text_->selectAll();
}

void FindBar::setKind(SearchKind kind) {
  for (int i = 0; i < static_cast<int>(std::size(kKinds)); ++i)
    if (kKinds[i].kind == kind) kind_->setCurrentIndex(i);
}

QString FindBar::message() const {
  return message_->text();
}

bool FindBar::find(bool backwards) {
  std::string error;
  auto search =
      FrameSearch::parse(kKinds[kind_->currentIndex()].kind, text_->text().toStdString(), error);
  if (!search) {
    message_->setStyleSheet(QStringLiteral("color: #c62828;"));
    message_->setText(QString::fromStdString(error));
    return false;
  }
  cancel();
  auto input = std::make_shared<JobInput>(model_->makeJobInput());
  auto request = std::make_shared<FindRequest>(
      FindRequest{std::move(*search), view_->currentIndex().row(), backwards});
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  searching_ = true;
  cancel_button_->setEnabled(true);
  message_->setStyleSheet({});
  message_->setText(tr("Searching…"));
  const std::uint64_t generation = ++generation_;
  auto cancel = cancel_;
  QPointer<FindBar> self(this);
  job_ = QtConcurrent::run([self, generation, input, request, cancel] {
    auto progress = [&](int percent) {
      QMetaObject::invokeMethod(
          self,
          [self, generation, percent] {
            if (self && self->generation_ == generation)
              self->message_->setText(tr("Searching… %1 %").arg(percent));
          },
          Qt::QueuedConnection);
    };
    const std::uint64_t frame = run_find(*input, *request, *cancel, progress);
    if (cancel->load()) return;
    QMetaObject::invokeMethod(
        self,
        [self, generation, frame] {
          if (self) self->finish(generation, frame);
        },
        Qt::QueuedConnection);
  });
  return true;
}

void FindBar::finish(std::uint64_t generation, std::uint64_t frame) {
  if (generation != generation_) return;
  searching_ = false;
  cancel_button_->setEnabled(false);
  if (frame != 0 && select_(frame)) {
    message_->setText(tr("Found packet %1").arg(frame));
    emit found(frame);
    return;
  }
  message_->setStyleSheet(QStringLiteral("color: #c62828;"));
  message_->setText(tr("No packet matches"));
  emit notFound();
}

void FindBar::cancel() {
  if (!searching_) return;
  if (cancel_) cancel_->store(true);
  job_.waitForFinished();
  ++generation_;
  searching_ = false;
  cancel_button_->setEnabled(false);
  message_->setText(tr("Search cancelled"));
}

void FindBar::waitForSearch() {
  job_.waitForFinished();
  QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

}  // namespace pxescope::gui
