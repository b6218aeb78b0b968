#include "gui/throughput_chart.hpp"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace pxescope::gui {
namespace {

constexpr int kLeft = 80, kRight = 80, kTop = 40, kBottom = 40;

}  // namespace

QString formatBytes(double bytes) {
  static const char* const kUnits[] = {"B", "kB", "MB", "GB"};
  int unit = 0;
  while (unit < 3 && bytes >= 1000) {
    bytes /= 1000;
    ++unit;
  }
  return QStringLiteral("%1 %2")
      .arg(bytes, 0, 'f', unit == 0 || bytes >= 100 ? 0 : 1)
      .arg(QLatin1String(kUnits[unit]));
}

ThroughputChart::ThroughputChart(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("throughputChart"));
  setMinimumSize(480, 260);
  setAutoFillBackground(true);
  setBackgroundRole(QPalette::Base);
}

void ThroughputChart::setThroughput(TransferThroughput t) {
  t_ = std::move(t);
  interval_ = default_interval(t_.end - t_.start);
  buckets_ = bytes_per_interval(t_, interval_);
  update();
}

void ThroughputChart::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QPalette& pal = palette();
  const QRectF plot(kLeft, kTop, std::max(10, width() - kLeft - kRight),
                    std::max(10, height() - kTop - kBottom));
  p.setPen(pal.color(QPalette::Text));
  if (t_.samples.empty()) {
    p.drawText(rect(), Qt::AlignCenter, tr("No bytes of this transfer in the capture."));
    return;
  }
  const double span = std::max(t_.end - t_.start, interval_);
  const double total = static_cast<double>(std::max<std::uint64_t>(t_.total(), 1));
  const double peak = static_cast<double>(
      std::max<std::uint64_t>(*std::max_element(buckets_.begin(), buckets_.end()), 1));
  const auto x_of = [&](double time) {
    return plot.left() + (time - t_.start) / span * plot.width();
  };

  // Bars: bytes per interval (right axis, per second).
  const QColor bar = pal.color(QPalette::Highlight)
                         .lighter(pal.color(QPalette::Base).lightness() < 128 ? 80 : 160);
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    const double h = static_cast<double>(buckets_[i]) / peak * plot.height();
    const double x0 = x_of(t_.start + static_cast<double>(i) * interval_);
    const double x1 =
        std::min(plot.right(), x_of(t_.start + static_cast<double>(i + 1) * interval_));
    p.fillRect(QRectF(x0, plot.bottom() - h, std::max(1.0, x1 - x0 - 1), h), bar);
  }
  // Line: cumulative bytes (left axis).
  QPainterPath line;
  line.moveTo(x_of(t_.start), plot.bottom());
  for (const ThroughputSample& s : t_.samples)
    line.lineTo(x_of(s.time),
                plot.bottom() - static_cast<double>(s.cumulative) / total * plot.height());
  p.setPen(QPen(pal.color(QPalette::Highlight), 2));
  p.drawPath(line);
  // Retransmissions: red ticks along the top of the plot.
  p.setPen(QPen(QColor(0xd3, 0x2f, 0x2f), 2));
  for (const double r : t_.retransmissions) {
    const double x = x_of(r);
    p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.top() + 12));
  }
  // Axes and labels.
  p.setPen(pal.color(QPalette::Text));
  p.drawRect(plot);
  p.drawText(QRectF(0, plot.top() - 4, kLeft - 6, 16), Qt::AlignRight, formatBytes(total));
  p.drawText(QRectF(0, plot.bottom() - 12, kLeft - 6, 16), Qt::AlignRight, QStringLiteral("0"));
  p.drawText(QRectF(plot.right() + 6, plot.top() - 4, kRight - 6, 16), Qt::AlignLeft,
             formatBytes(peak / interval_) + QStringLiteral("/s"));
  p.drawText(QRectF(plot.left(), plot.bottom() + 4, 200, 16), Qt::AlignLeft,
             tr("%1 s").arg(t_.start, 0, 'f', 3));
  p.drawText(QRectF(plot.right() - 200, plot.bottom() + 4, 200, 16), Qt::AlignRight,
             tr("%1 s").arg(t_.start + span, 0, 'f', 3));
  p.drawText(QRectF(plot.left(), plot.bottom() + 20, plot.width(), 16), Qt::AlignCenter,
             tr("time since the capture's start; bars: bytes per %1 ms; line: cumulative; red: "
                "retransmissions (%2)")
                 .arg(interval_ * 1000, 0, 'g', 3)
                 .arg(t_.retransmissions.size()));
}

}  // namespace pxescope::gui
