// The transfer throughput graph itself (QPainter): cumulative bytes as a line, bytes per
// interval as bars (Wireshark's I/O graph), and a red tick at each retransmission, on one
// time axis. A stall or a run of retransmissions — why a boot is slow — shows at a glance.
#pragma once

#include <QWidget>

#include "analyzer/stats/throughput.hpp"

namespace pxescope::gui {

class ThroughputChart : public QWidget {
  Q_OBJECT

 public:
  explicit ThroughputChart(QWidget* parent = nullptr);
  void setThroughput(TransferThroughput t);
  const TransferThroughput& throughput() const { return t_; }
  double interval() const { return interval_; }
  QSize sizeHint() const override { return {900, 420}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  TransferThroughput t_;
  std::vector<std::uint64_t> buckets_;
  double interval_ = 1;
};

// "1.5 MB", "830 kB", "412 B" (SI, as tshark's sizes).
QString formatBytes(double bytes);

}  // namespace pxescope::gui
