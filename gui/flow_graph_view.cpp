#include "gui/flow_graph_view.hpp"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QScrollArea>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>

#include "gui/flow_capture_loader.hpp"

namespace pxescope::gui {
namespace {

const QColor kFailed(0xc6, 0x28, 0x28);
const QColor kBar(0x64, 0xb5, 0xf6);
const QColor kBarFailed(0xef, 0x9a, 0x9a);

QString text(const std::string& s) {
  return QString::fromStdString(s);
}

void paintHeader(QPainter& p, const flow::BootFlow& flow, const QPalette& palette, int height) {
  p.setPen(palette.color(QPalette::Text));
  QFont bold = p.font();
  bold.setBold(true);
  for (std::size_t h = 0; h < flow.hosts.size(); ++h) {
    const int x = FlowLayout::lifeline(h);
    const QRect box(x - FlowLayout::kColumn / 2 + 6, 6, FlowLayout::kColumn - 12,
                    FlowLayout::kHeader - 14);
    p.setBrush(palette.color(QPalette::AlternateBase));
    p.setPen(palette.color(QPalette::Mid));
    p.drawRoundedRect(box, 4, 4);
    p.setPen(palette.color(QPalette::Text));
    p.setFont(bold);
    const QFontMetrics bm(bold);
    // A client "MAC (IP)": the MAC on the first line, "client IP" on the second.
    QString name = text(flow.hosts[h].address), role = text(flow.hosts[h].role);
    if (const qsizetype open = name.indexOf(QLatin1String(" ("));
        open > 0 && name.endsWith(QLatin1Char(')'))) {
      role += QLatin1Char(' ') + name.mid(open + 2, name.size() - open - 3);
      name.truncate(open);
    }
    p.drawText(box.adjusted(4, 2, -4, -box.height() / 2), Qt::AlignCenter,
               bm.elidedText(name, Qt::ElideMiddle, box.width() - 8));
    p.setFont(QFont(bold.family(), bold.pointSize()));
    p.drawText(box.adjusted(4, box.height() / 2, -4, -2), Qt::AlignCenter,
               p.fontMetrics().elidedText(role, Qt::ElideRight, box.width() - 8));
    QPen dashed(palette.color(QPalette::Mid), 1, Qt::DashLine);
    p.setPen(dashed);
    p.drawLine(x, FlowLayout::kHeader - 8, x, height);
  }
  p.setFont(QFont(bold.family(), bold.pointSize()));
}

void paintArrowHead(QPainter& p, QPoint tip, int direction) {
  QPainterPath head;
  head.moveTo(tip);
  head.lineTo(tip.x() - direction * 8, tip.y() - 4);
  head.lineTo(tip.x() - direction * 8, tip.y() + 4);
  head.closeSubpath();
  p.fillPath(head, p.pen().color());
}

void paintStep(QPainter& p, const flow::FlowStep& step, int top, const QPalette& palette) {
  const QColor ink = step.failed ? kFailed : palette.color(QPalette::Text);
  // The time and frame number, left.
  p.setPen(palette.color(QPalette::PlaceholderText));
  p.drawText(QRect(FlowLayout::kMargin, top, FlowLayout::kTimeColumn - FlowLayout::kMargin,
                   FlowLayout::kRow),
             Qt::AlignVCenter | Qt::AlignLeft,
             QStringLiteral("%1  #%2").arg(step.time, 0, 'f', 3).arg(step.frame));
  const int from = FlowLayout::lifeline(step.from), to = FlowLayout::lifeline(step.to);
  const int left = std::min(from, to), right = std::max(from, to);
  const int y = top + FlowLayout::kRow - 7;
  if (step.transfer) {
    // The collapsed transfer: a bar between server and client, the label inside.
    const QRect bar(left, top + 4, std::max(right - left, 40), FlowLayout::kRow - 8);
    p.setPen(Qt::NoPen);
    p.setBrush(step.failed ? kBarFailed : kBar);
    p.drawRoundedRect(bar, 3, 3);
    p.setPen(Qt::black);  // on the bar's own light colour, in both palettes
    p.drawText(bar.adjusted(4, 0, -4, 0), Qt::AlignCenter,
               p.fontMetrics().elidedText(text(step.label), Qt::ElideMiddle, bar.width() - 8));
    return;
  }
  p.setPen(QPen(ink, 1.4));
  const int direction = to >= from ? 1 : -1;
  if (from == to) {
    p.drawLine(from, y, from + 24, y);  // to itself: a stub
  } else {
    p.drawLine(from, y, to - direction * 2, y);
    paintArrowHead(p, QPoint(to, y), direction);
  }
  const QRect label(left + 4, top, std::max(right - left, FlowLayout::kColumn) - 8,
                    FlowLayout::kRow - 8);
  p.drawText(label, Qt::AlignHCenter | Qt::AlignBottom,
             p.fontMetrics().elidedText(text(step.label), Qt::ElideRight, label.width()));
}

}  // namespace

int FlowLayout::width(const flow::BootFlow& flow) {
  return kTimeColumn + std::max<int>(1, int(flow.hosts.size())) * kColumn + kMargin;
}

int FlowLayout::height(std::size_t rows) {
  return kHeader + int(rows) * kRow + kMargin;
}

void paintFlow(QPainter& p, const flow::BootFlow& flow, std::size_t first, std::size_t last,
               const QPalette& palette, bool header) {
  p.setRenderHint(QPainter::Antialiasing);
  last = std::min(last, flow.steps.size());
  if (header) paintHeader(p, flow, palette, FlowLayout::height(last));
  for (std::size_t i = first; i < last; ++i)
    paintStep(p, flow.steps[i], FlowLayout::kHeader + int(i) * FlowLayout::kRow, palette);
}

FlowGraphCanvas::FlowGraphCanvas(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("flowGraphCanvas"));
  setAutoFillBackground(true);
  setBackgroundRole(QPalette::Base);
}

void FlowGraphCanvas::setFlow(const flow::BootFlow* flow) {
  flow_ = flow;
  const std::size_t rows = flow ? flow->steps.size() : 0;
  setFixedSize(flow ? FlowLayout::width(*flow) : 200, FlowLayout::height(rows));
  update();
}

int FlowGraphCanvas::rowAt(const QPoint& point) const {
  if (!flow_ || point.y() < FlowLayout::kHeader) return -1;
  const int row = (point.y() - FlowLayout::kHeader) / FlowLayout::kRow;
  return row < int(flow_->steps.size()) ? row : -1;
}

QPoint FlowGraphCanvas::rowCenter(int row) const {
  if (!flow_ || row < 0 || row >= int(flow_->steps.size())) return {};
  const flow::FlowStep& s = flow_->steps[std::size_t(row)];
  return {(FlowLayout::lifeline(s.from) + FlowLayout::lifeline(s.to)) / 2,
          FlowLayout::kHeader + row * FlowLayout::kRow + FlowLayout::kRow / 2};
}

void FlowGraphCanvas::paintEvent(QPaintEvent* event) {
  painted_rows_ = 0;
  if (!flow_) return;
  QPainter p(this);
  // Only the rows the exposed rectangle crosses.
  const QRect r = event->rect();
  const int top = std::max(0, r.top() - FlowLayout::kHeader) / FlowLayout::kRow;
  const int bottom = std::max(0, r.bottom() - FlowLayout::kHeader) / FlowLayout::kRow + 1;
  const std::size_t first = std::min<std::size_t>(std::size_t(top), flow_->steps.size());
  const std::size_t last = std::min<std::size_t>(std::size_t(bottom), flow_->steps.size());
  // Lifelines over the exposed part only; the header when it is in view.
  if (r.top() < FlowLayout::kHeader) {
    paintFlow(p, *flow_, first, last, palette(), true);
  } else {
    p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
    for (std::size_t h = 0; h < flow_->hosts.size(); ++h)
      p.drawLine(FlowLayout::lifeline(h), r.top(), FlowLayout::lifeline(h), r.bottom());
    paintFlow(p, *flow_, first, last, palette(), false);
  }
  painted_rows_ = last - first;
}

void FlowGraphCanvas::mousePressEvent(QMouseEvent* event) {
  const int row = rowAt(event->position().toPoint());
  if (row >= 0) emit rowClicked(row);
  QWidget::mousePressEvent(event);
}

bool FlowGraphCanvas::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip && flow_) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int row = rowAt(help->pos());
    if (row >= 0)
      QToolTip::showText(help->globalPos(), text(flow_->steps[std::size_t(row)].detail), this);
    else
      QToolTip::hideText();
    return true;
  }
  return QWidget::event(event);
}

FlowGraphView::FlowGraphView(QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("flowGraphView"));
  setWindowTitle(tr("Flow Graph — pxescope"));
  loader_ = new FlowCaptureLoader(this);
  all_ = new QCheckBox(tr("All boot traffic"));
  all_->setToolTip(tr("Every network-booting client, or only the selected one"));
  summary_ = new QLabel;
  auto* exportButton = new QPushButton(tr("Export…"));
  auto* bar = new QHBoxLayout;
  bar->addWidget(all_);
  bar->addWidget(summary_, 1);
  bar->addWidget(exportButton);
  canvas_ = new FlowGraphCanvas;
  scroll_ = new QScrollArea;
  scroll_->setWidget(canvas_);
  scroll_->setBackgroundRole(QPalette::Base);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(scroll_, 1);
  resize(1000, 700);
  connect(all_, &QCheckBox::toggled, this, [this] { rebuild(); });
  connect(exportButton, &QPushButton::clicked, this, &FlowGraphView::onExport);
  connect(loader_, &FlowCaptureLoader::ready, this, &FlowGraphView::rebuild);
  connect(canvas_, &FlowGraphCanvas::rowClicked, this,
          [this](int row) { emit frameActivated(flow_.steps[std::size_t(row)].frame); });
}

FlowGraphView::~FlowGraphView() = default;

void FlowGraphView::setCapture(const QString& path, const QString& client) {
  client_ = client;
  {
    const QSignalBlocker quiet(all_);
    all_->setChecked(client.isEmpty());
  }
  all_->setEnabled(!client.isEmpty());
  if (path != loader_->path() || !loader_->isReady()) {
    flow_ = {};
    canvas_->setFlow(nullptr);
    summary_->setText(tr("Reading %1…").arg(path));
    loader_->load(path);
  } else {
    rebuild();
  }
}

void FlowGraphView::setAllClients(bool all) {
  all_->setChecked(all);
  rebuild();
}

void FlowGraphView::waitForFlow() {
  loader_->wait();
}

bool FlowGraphView::isReady() const {
  return loader_->isReady();
}

void FlowGraphView::rebuild() {
  const flow::FlowCapture* capture = loader_->capture();
  if (!capture) {
    if (loader_->isReady()) summary_->setText(loader_->error());
    return;
  }
  const bool all = all_->isChecked() || client_.isEmpty();
  flow_ = flow::boot_flow(*capture, all ? std::string() : client_.toStdString());
  canvas_->setFlow(&flow_);
  QString line = all ? tr("All boot traffic") : tr("Client %1").arg(client_);
  line += tr(": %1 hosts, %2 rows").arg(flow_.hosts.size()).arg(flow_.steps.size());
  if (flow_.truncated) line += tr(" (the capture has more; only the first are kept)");
  summary_->setText(line);
}

namespace {

// The whole ladder's size, rows capped for the exports.
QSize exportSize(const flow::BootFlow& flow, std::size_t rows) {
  return {FlowLayout::width(flow), FlowLayout::height(rows)};
}

}  // namespace

bool FlowGraphView::exportPng(const QString& path, QString* error) const {
  const std::size_t rows = std::min(flow_.steps.size(), kMaxPngRows);
  QImage image(exportSize(flow_, rows), QImage::Format_RGB32);
  image.fill(palette().color(QPalette::Base));
  {
    QPainter p(&image);
    p.setFont(font());
    paintFlow(p, flow_, 0, rows, palette());
  }
  if (image.save(path, "PNG")) return true;
  if (error) *error = tr("%1: cannot write the PNG").arg(path);
  return false;
}

bool FlowGraphView::exportSvg(const QString& path, QString* error) const {
  const std::size_t rows = std::min(flow_.steps.size(), kMaxSvgRows);
  const QSize size = exportSize(flow_, rows);
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(size);
  svg.setViewBox(QRect(QPoint(0, 0), size));
  svg.setTitle(tr("pxescope flow graph"));
  svg.setDescription(summary_->text());
  QPainter p;
  if (!p.begin(&svg)) {
    if (error) *error = tr("%1: cannot write the SVG").arg(path);
    return false;
  }
  p.fillRect(QRect(QPoint(0, 0), size), palette().color(QPalette::Base));
  p.setFont(font());
  paintFlow(p, flow_, 0, rows, palette());
  p.end();
  return true;
}

void FlowGraphView::onExport() {
  QString filter;
  QString path = QFileDialog::getSaveFileName(
      this, tr("Export flow graph"), {}, tr("PNG image (*.png);;SVG drawing (*.svg)"), &filter);
  if (path.isEmpty()) return;
  const bool svg =
      filter.startsWith(QStringLiteral("SVG")) || path.endsWith(QStringLiteral(".svg"));
  if (!path.contains(QLatin1Char('.')))
    path += svg ? QStringLiteral(".svg") : QStringLiteral(".png");
  QString error;
  if (!(svg ? exportSvg(path, &error) : exportPng(path, &error)))
    QMessageBox::warning(this, tr("Cannot export"), error);
}

}  // namespace pxescope::gui
