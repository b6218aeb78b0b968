// "Throughput Graph" for one TFTP transfer or HTTP body: reads the capture in the background
// (analyzer/stats/throughput) and shows the chart with a one-line summary (file, size,
// duration, average rate, retransmissions, the longest pause between two data frames).
#pragma once

#include <memory>

#include "analyzer/field_tree.hpp"
#include "analyzer/stats/throughput.hpp"
#include "gui/stats_window.hpp"

namespace pxescope::gui {

class ThroughputChart;

class ThroughputDialog : public StatsWindow {
  Q_OBJECT

 public:
  ThroughputDialog(const QString& capture, const TransferSelector& selector,
                   QWidget* parent = nullptr);
  ThroughputChart* chart() const { return chart_; }

 private:
  void fill() override;
  ThroughputChart* chart_;
  std::shared_ptr<TransferThroughput> result_;
  std::shared_ptr<std::string> error_;
};

// What the clicked frame's tree names as its transfer: a TFTP DATA/ACK/OACK's request frame
// (or the RRQ itself), an HTTP port's tcp.stream. False when the frame is neither.
bool transferOfFrame(const FieldTree& tree, std::uint64_t frame, TransferSelector& selector);

}  // namespace pxescope::gui
