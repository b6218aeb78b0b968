#include "gui/throughput_dialog.hpp"

#include <QVBoxLayout>
#include <algorithm>

#include "analyzer/http/http_follower.hpp"
#include "gui/throughput_chart.hpp"

namespace pxescope::gui {

bool transferOfFrame(const FieldTree& tree, std::uint64_t frame, TransferSelector& selector) {
  const NodeId tftp = tree.find("tftp");
  if (tftp != kNoNode) {
    const NodeId request = tree.find("tftp.request_frame", tftp);
    const NodeId rrq = tree.find("tftp.source_file", tftp);
    if (request == kNoNode && rrq == kNoNode) return false;
    selector.protocol = ObjectProtocol::Tftp;
    selector.transfer_key = request != kNoNode ? tree[request].uint_value : frame;
    return true;
  }
  const NodeId tcp = tree.find("tcp");
  const NodeId stream = tcp == kNoNode ? kNoNode : tree.find("tcp.stream", tcp);
  if (stream == kNoNode) return false;
  const NodeId src = tree.find("tcp.srcport", tcp), dst = tree.find("tcp.dstport", tcp);
  const auto port = [&](NodeId id) {
    return static_cast<std::uint16_t>(id == kNoNode ? 0 : tree[id].uint_value);
  };
  if (!HttpFollower::is_http_port(port(src)) && !HttpFollower::is_http_port(port(dst)))
    return false;
  selector.protocol = ObjectProtocol::Http;
  selector.transfer_key = tree[stream].uint_value;
  return true;
}

ThroughputDialog::ThroughputDialog(const QString& capture, const TransferSelector& selector,
                                   QWidget* parent)
    : StatsWindow(QStringLiteral("throughputDialog"), tr("Throughput"), capture, parent),
      result_(std::make_shared<TransferThroughput>()),
      error_(std::make_shared<std::string>()) {
  chart_ = new ThroughputChart;
  body()->addWidget(chart_, 1);
  resize(940, 520);
  const std::string path = capture.toStdString();
  startPass([path, selector, result = result_, error = error_](const std::atomic<bool>& cancel) {
    transfer_throughput(path, selector, *result, *error, &cancel);
  });
}

void ThroughputDialog::fill() {
  if (!error_->empty()) {
    setStatus(QString::fromStdString(*error_));
    return;
  }
  const TransferThroughput& t = *result_;
  if (t.objects.empty()) {
    setStatus(tr("No file of this transfer was found in the capture."));
    chart_->setThroughput(t);
    return;
  }
  const ExportedObject& o = t.objects.front();
  double pause = 0;  // the longest silence between two data frames: a stall, a timeout
  for (std::size_t i = 1; i < t.samples.size(); ++i)
    pause = std::max(pause, t.samples[i].time - t.samples[i - 1].time);
  const double duration = t.end - t.start;
  setStatus(tr("%1 %2 from %3: %4 in %5 s (%6/s), %7, %8 retransmission(s), longest pause %9 s")
                .arg(QString::fromLatin1(object_protocol_name(o.protocol).data()),
                     QString::fromStdString(o.name), QString::fromStdString(o.host),
                     formatBytes(static_cast<double>(t.total())))
                .arg(duration, 0, 'f', 3)
                .arg(formatBytes(duration > 0 ? static_cast<double>(t.total()) / duration : 0))
                .arg(o.complete ? tr("complete") : tr("incomplete"))
                .arg(t.retransmissions.size())
                .arg(pause, 0, 'f', 3));
  chart_->setThroughput(t);
}

}  // namespace pxescope::gui
