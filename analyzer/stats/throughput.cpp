#include "analyzer/stats/throughput.hpp"

#include <algorithm>
#include <cmath>

#include "analyzer/stats/capture_pass.hpp"
#include "analyzer/stats/object_extractor.hpp"

namespace pxescope {

void ThroughputRecorder::bytes(const ExportedObject& o, std::span<const std::uint8_t> b,
                               double time) {
  if (!selector_.matches(o)) return;
  auto& samples = result_.samples;
  if (samples.empty()) result_.start = time;
  // Bytes delivered by the same frame (one TCP segment filling a hole) make one sample.
  if (!samples.empty() && samples.back().time == time) {
    samples.back().bytes += b.size();
    samples.back().cumulative += b.size();
  } else {
    samples.push_back({time, b.size(), result_.total() + b.size()});
  }
  result_.end = std::max(result_.end, time);
}

void ThroughputRecorder::retransmission(const ExportedObject& o, double time) {
  if (!selector_.matches(o)) return;
  result_.retransmissions.push_back(time);
  result_.end = std::max(result_.end, time);
}

void ThroughputRecorder::end(const ExportedObject& o) {
  if (selector_.matches(o)) result_.objects.push_back(o);
}

TransferThroughput ThroughputRecorder::take() {
  return std::move(result_);
}

bool transfer_throughput(const std::string& capture, const TransferSelector& selector,
                         TransferThroughput& out, std::string& error,
                         const std::atomic<bool>* cancel) {
  ThroughputRecorder recorder(selector);
  ObjectExtractor extractor(&recorder);
  const bool ok = read_dissected_frames(
      capture, [&](const Frame& f, const FieldTree& t) { extractor.add(f, t); }, error, cancel);
  extractor.finish();  // ends the open transfers: their facts reach the recorder
  out = recorder.take();
  return ok;
}

std::vector<std::uint64_t> bytes_per_interval(const TransferThroughput& t, double interval) {
  if (interval <= 0) interval = 1;
  const auto buckets = static_cast<std::size_t>(std::floor((t.end - t.start) / interval)) + 1;
  std::vector<std::uint64_t> out(std::min<std::size_t>(buckets, 1u << 20), 0);
  for (const ThroughputSample& s : t.samples) {
    const auto i = static_cast<std::size_t>(std::floor((s.time - t.start) / interval));
    out[std::min(i, out.size() - 1)] += s.bytes;
  }
  return out;
}

double default_interval(double duration) {
  const double raw = std::max(duration / 50, 0.001);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double step : {1.0, 2.0, 5.0, 10.0})
    if (raw <= step * power * (1 + 1e-9)) return step * power;
  return 10 * power;
}

}  // namespace pxescope
