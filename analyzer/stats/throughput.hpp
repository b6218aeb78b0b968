// The transfer throughput graph's model ("why is this boot slow"): for one TFTP transfer or
// HTTP body, the bytes each frame added (cumulative and per interval, as Wireshark's I/O
// graph) and the moments something was sent again (repeated TFTP blocks or ACKs, TCP
// retransmissions). Times are seconds since the capture's first frame.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/stats/exported_object.hpp"

namespace pxescope {

struct ThroughputSample {
  double time = 0;
  std::uint64_t bytes = 0;       // added by this frame
  std::uint64_t cumulative = 0;  // since the transfer's start, this frame included
};

struct TransferThroughput {
  std::vector<ExportedObject> objects;  // the transfer's objects (HTTP keep-alive: several)
  std::vector<ThroughputSample> samples;
  std::vector<double> retransmissions;  // when
  double start = 0, end = 0;            // first and last sample (or retransmission)
  std::uint64_t total() const { return samples.empty() ? 0 : samples.back().cumulative; }
};

// Which transfer: an object of the Export Objects list (id), or every object of a transfer
// (protocol + transfer_key: a TFTP request frame, a tcp.stream), as a clicked frame names it.
struct TransferSelector {
  std::optional<std::size_t> id;
  ObjectProtocol protocol = ObjectProtocol::Tftp;
  std::uint64_t transfer_key = 0;
  bool matches(const ExportedObject& o) const {
    return id ? o.id == *id : o.protocol == protocol && o.transfer_key == transfer_key;
  }
};

// Collects the samples of the selected transfer while an ObjectExtractor runs.
class ThroughputRecorder : public ObjectListener {
 public:
  explicit ThroughputRecorder(TransferSelector selector) : selector_(selector) {}
  void bytes(const ExportedObject& o, std::span<const std::uint8_t> b, double time) override;
  void retransmission(const ExportedObject& o, double time) override;
  void end(const ExportedObject& o) override;
  TransferThroughput take();

 private:
  TransferSelector selector_;
  TransferThroughput result_;
};

// One pass over the capture; false with `error` when it cannot be read. An empty result
// (no samples) when nothing matched.
bool transfer_throughput(const std::string& capture, const TransferSelector& selector,
                         TransferThroughput& out, std::string& error,
                         const std::atomic<bool>* cancel = nullptr);

// Bytes per interval of `interval` seconds from the transfer's start (at least one bucket).
std::vector<std::uint64_t> bytes_per_interval(const TransferThroughput& t, double interval);

// A tick-friendly interval for a transfer lasting `duration` seconds: ~50 buckets, rounded to
// 1, 2 or 5 times a power of ten (1 ms at least).
double default_interval(double duration);

}  // namespace pxescope
