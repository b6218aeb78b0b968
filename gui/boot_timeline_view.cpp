#include "gui/boot_timeline_view.hpp"

#include <QHelpEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "gui/flow_capture_loader.hpp"

namespace pxescope::gui {
namespace {

// Stage colours, by StageKind (Dhcp, Proxy4011, BootFile, NextFiles, Http, Dhcpv6, Idle).
const QColor kStageColours[] = {QColor(0x81, 0xc7, 0x84), QColor(0xff, 0xcc, 0x80),
                                QColor(0x64, 0xb5, 0xf6), QColor(0x90, 0xca, 0xf9),
                                QColor(0xce, 0x93, 0xd8), QColor(0x80, 0xcb, 0xc4),
                                QColor(0xbd, 0xbd, 0xbd)};
const QColor kFailed(0xe5, 0x39, 0x35);

// A tick step that leaves at least `min_pixels` between ticks.
double tickStep(double pixels_per_second, double min_pixels) {
  static constexpr double kSteps[] = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800};
  for (double s : kSteps)
    if (s * pixels_per_second >= min_pixels) return s;
  return 3600;
}

QString stageTip(const flow::BootStage& s) {
  QString tip = QStringLiteral("%1\n%2 s – %3 s")
                    .arg(QString::fromStdString(s.label))
                    .arg(s.start, 0, 'f', 3)
                    .arg(s.end, 0, 'f', 3);
  if (s.retry_until > s.start)
    tip += QStringLiteral("\nretrying for %1 s").arg(s.retry_until - s.start, 0, 'f', 1);
  if (s.outcome == flow::StageOutcome::Failed) tip += QStringLiteral("\nthe boot stopped here");
  if (s.first_frame) tip += QStringLiteral("\nclick: frame %1").arg(s.first_frame);
  return tip;
}

}  // namespace

BootTimelineCanvas::BootTimelineCanvas(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("bootTimelineCanvas"));
  setAutoFillBackground(true);
  setBackgroundRole(QPalette::Base);
}

void BootTimelineCanvas::setTimelines(const std::vector<flow::ClientTimeline>* timelines) {
  timelines_ = timelines;
  span_ = 1;
  if (timelines)
    for (const flow::ClientTimeline& t : *timelines)
      for (const flow::BootStage& s : t.stages) span_ = std::max(span_, s.end);
  const int rows = timelines ? int(timelines->size()) : 0;
  setMinimumSize(kNameColumn + 200, kAxis + rows * kRow + kMargin);
  update();
}

double BootTimelineCanvas::pixelsPerSecond() const {
  return std::max(1, width() - kNameColumn - kMargin) / span_;
}

QRect BootTimelineCanvas::stageRect(int client, int stage) const {
  if (!timelines_ || client < 0 || client >= int(timelines_->size())) return {};
  const auto& stages = (*timelines_)[std::size_t(client)].stages;
  if (stage < 0 || stage >= int(stages.size())) return {};
  const flow::BootStage& s = stages[std::size_t(stage)];
  const double pps = pixelsPerSecond();
  const int x0 = kNameColumn + int(std::lround(s.start * pps));
  const int x1 = kNameColumn + int(std::lround(s.end * pps));
  return {x0, kAxis + client * kRow + 5, std::max(3, x1 - x0), kRow - 10};
}

std::pair<int, int> BootTimelineCanvas::stageAt(const QPoint& point) const {
  if (!timelines_ || point.y() < kAxis) return {-1, -1};
  const int client = (point.y() - kAxis) / kRow;
  if (client >= int(timelines_->size())) return {-1, -1};
  const auto& stages = (*timelines_)[std::size_t(client)].stages;
  // Later stages are painted over earlier ones: the topmost under the point wins.
  for (int i = int(stages.size()) - 1; i >= 0; --i)
    if (stageRect(client, i).adjusted(-2, 0, 2, 0).contains(point)) return {client, i};
  return {-1, -1};
}

void BootTimelineCanvas::paintAxis(QPainter& p) const {
  const double pps = pixelsPerSecond();
  const double step = tickStep(pps, 70);
  p.setPen(palette().color(QPalette::Text));
  p.drawText(QRect(kMargin, 0, kNameColumn - kMargin, kAxis), Qt::AlignVCenter,
             tr("Client (verdict)"));
  for (double t = 0; t <= span_ + 1e-9; t += step) {
    const int x = kNameColumn + int(std::lround(t * pps));
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(x, kAxis - 6, x, height());
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(x - 40, 0, 80, kAxis - 8), Qt::AlignCenter,
               QStringLiteral("%1 s").arg(t, 0, 'f', step < 1 ? 1 : 0));
  }
}

void BootTimelineCanvas::paintEvent(QPaintEvent* event) {
  painted_rows_ = 0;
  if (!timelines_) return;
  QPainter p(this);
  paintAxis(p);
  const QRect r = event->rect();
  const int first = std::max(0, (r.top() - kAxis) / kRow);
  const int last = std::min(int(timelines_->size()), std::max(0, (r.bottom() - kAxis) / kRow + 1));
  for (int c = first; c < last; ++c) {
    const flow::ClientTimeline& t = (*timelines_)[std::size_t(c)];
    const int top = kAxis + c * kRow;
    const bool booted = t.verdict == "booted";
    p.setPen(booted ? palette().color(QPalette::Text) : kFailed);
    p.drawText(
        QRect(kMargin, top, kNameColumn - kMargin - 6, kRow), Qt::AlignVCenter,
        p.fontMetrics().elidedText(QStringLiteral("%1 (%2)").arg(QString::fromStdString(t.name),
                                                                 QString::fromStdString(t.verdict)),
                                   Qt::ElideMiddle, kNameColumn - kMargin - 6));
    for (int i = 0; i < int(t.stages.size()); ++i) {
      const flow::BootStage& s = t.stages[std::size_t(i)];
      const QRect box = stageRect(c, i);
      const bool failed = s.outcome == flow::StageOutcome::Failed;
      if (s.kind == flow::StageKind::Idle) {
        p.fillRect(box, QBrush(kStageColours[std::size_t(s.kind)], Qt::BDiagPattern));
        continue;
      }
      p.fillRect(box, failed ? kFailed : kStageColours[std::size_t(s.kind)]);
      // Time spent repeating an unanswered request: hatched over the stage's colour.
      if (s.retry_until > s.start) {
        QRect retry = box;
        retry.setRight(box.left() +
                       int(std::lround((s.retry_until - s.start) * pixelsPerSecond())));
        p.fillRect(retry, QBrush(QColor(0x42, 0x42, 0x42), Qt::BDiagPattern));
      }
      p.setPen(Qt::black);
      if (box.width() > 30)
        p.drawText(box.adjusted(3, 0, -3, 0), Qt::AlignVCenter | Qt::AlignLeft,
                   p.fontMetrics().elidedText(QString::fromStdString(s.label), Qt::ElideRight,
                                              box.width() - 6));
    }
  }
  painted_rows_ = std::size_t(std::max(0, last - first));
}

void BootTimelineCanvas::mousePressEvent(QMouseEvent* event) {
  const auto [client, stage] = stageAt(event->position().toPoint());
  if (client >= 0) emit stageClicked(client, stage);
  QWidget::mousePressEvent(event);
}

bool BootTimelineCanvas::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip && timelines_) {
    auto* help = static_cast<QHelpEvent*>(event);
    const auto [client, stage] = stageAt(help->pos());
    if (client >= 0)
      QToolTip::showText(help->globalPos(),
                         stageTip((*timelines_)[std::size_t(client)].stages[std::size_t(stage)]),
                         this);
    else
      QToolTip::hideText();
    return true;
  }
  return QWidget::event(event);
}

BootTimelineView::BootTimelineView(QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("bootTimelineView"));
  setWindowTitle(tr("Boot Timeline — pxescope"));
  loader_ = new FlowCaptureLoader(this);
  summary_ = new QLabel;
  summary_->setWordWrap(true);
  canvas_ = new BootTimelineCanvas;
  scroll_ = new QScrollArea;
  scroll_->setWidget(canvas_);
  scroll_->setWidgetResizable(true);  // the time axis spans the window's width
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(summary_);
  layout->addWidget(scroll_, 1);
  resize(1100, 500);
  connect(loader_, &FlowCaptureLoader::ready, this, &BootTimelineView::rebuild);
  connect(canvas_, &BootTimelineCanvas::stageClicked, this, [this](int client, int stage) {
    const std::uint64_t frame =
        timelines_[std::size_t(client)].stages[std::size_t(stage)].first_frame;
    if (frame) emit frameActivated(frame);
  });
}

BootTimelineView::~BootTimelineView() = default;

void BootTimelineView::setCapture(const QString& path) {
  if (path == loader_->path() && loader_->isReady()) return;
  timelines_.clear();
  canvas_->setTimelines(nullptr);
  summary_->setText(tr("Reading %1…").arg(path));
  loader_->load(path);
}

void BootTimelineView::waitForTimelines() {
  loader_->wait();
}

void BootTimelineView::rebuild() {
  const flow::FlowCapture* capture = loader_->capture();
  if (!capture) {
    summary_->setText(loader_->error());
    return;
  }
  timelines_ = flow::boot_timelines(capture->stories);
  canvas_->setTimelines(&timelines_);
  summary_->setText(
      tr("%1 clients. Colours: DHCP green, proxyDHCP/4011 orange, boot file blue, next files "
         "light blue, HTTP purple, DHCPv6 teal; red: the boot stopped there; hatched: "
         "retries unanswered; grey hatching: nothing happened.")
          .arg(timelines_.size()));
}

}  // namespace pxescope::gui
