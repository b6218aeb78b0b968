// The responder's counters in the Prometheus text format (exposition format 0.0.4): what an
// operator's monitoring scrapes from `respond --metrics ADDR:PORT`. Counting is a map lookup
// by label text; rendering happens only when scraped.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pxescope::responder::live {

// One counter (or gauge) family: samples by their label set ("type=\"discover\",arch=\"7\"").
struct MetricFamily {
  std::string_view name;
  std::string_view help;
  std::string_view type;  // "counter" or "gauge"
  std::map<std::string, double> samples;
};

class Metrics {
 public:
  Metrics();

  // Label text from pairs, values escaped as the format says (\\, \" and \n).
  static std::string labels(std::initializer_list<std::pair<std::string_view, std::string_view>> l);

  void add(std::size_t family, const std::string& labels, double amount = 1);
  // The sample itself (stable: a per-request path keeps it, and never builds labels again).
  double& sample(std::size_t family, const std::string& labels);
  void set(std::size_t family, const std::string& labels, double value);
  // One wake-up of the event loop: how long its work took.
  void observe_loop(std::chrono::nanoseconds busy);

  std::string render() const;

  // The families, by index (names follow Prometheus conventions: _total counters).
  enum Family : std::size_t {
    kDhcpRequests,
    kDhcpReplies,
    kDhcpIgnored,
    kDhcpMalformed,
    kTftpTransfers,
    kTftpBytes,
    kTftpErrors,
    kHttpRequests,
    kHttpBytes,
    kBootVerdicts,
    kLeases,
    kLiveStories,
    kLiveStoriesEvicted,
    kFamilyCount,
  };
  // Loop latency buckets (upper bounds, seconds).
  static constexpr std::array<double, 10> kLoopBuckets{0.00001, 0.00005, 0.0001, 0.0005, 0.001,
                                                       0.005,   0.01,    0.05,   0.1,    1.0};

 private:
  std::vector<MetricFamily> families_;
  std::array<std::uint64_t, kLoopBuckets.size()> loop_buckets_{};
  std::uint64_t loop_count_ = 0;
  double loop_sum_ = 0;
};

}  // namespace pxescope::responder::live
