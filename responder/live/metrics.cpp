#include "responder/live/metrics.hpp"

#include <cstdio>

namespace pxescope::responder::live {
namespace {

struct FamilyText {
  std::string_view name, help, type;
};

// In Metrics::Family order.
constexpr FamilyText kFamilies[] = {
    {"pxescope_dhcp_requests_total", "DHCP requests answered or considered, by type, mode, arch",
     "counter"},
    {"pxescope_dhcp_replies_total", "DHCP replies sent (offer, ack), by type, mode, arch",
     "counter"},
    {"pxescope_dhcp_ignored_total", "Valid DHCP requests not answered, by reason", "counter"},
    {"pxescope_dhcp_malformed_total", "Malformed DHCP requests, by reason", "counter"},
    {"pxescope_tftp_transfers_total", "TFTP transfers ended, by outcome", "counter"},
    {"pxescope_tftp_bytes_total", "TFTP bytes acknowledged by clients", "counter"},
    {"pxescope_tftp_errors_total", "TFTP ERROR packets sent or received, by code", "counter"},
    {"pxescope_http_requests_total", "HTTP requests answered, by status", "counter"},
    {"pxescope_http_bytes_total", "HTTP body bytes sent", "counter"},
    {"pxescope_boot_verdicts_total", "Client boots told, by verdict code", "counter"},
    {"pxescope_leases", "Full DHCP leases, by state (in_use, free)", "gauge"},
    {"pxescope_live_stories", "Boot stories being followed", "gauge"},
    {"pxescope_live_stories_evicted_total", "Boot stories dropped at the cap before their verdict",
     "counter"},
};
static_assert(std::size(kFamilies) == Metrics::kFamilyCount);

void append_number(std::string& out, double v) {
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%.15g", v);
  out.append(buf, static_cast<std::size_t>(n));
}

}  // namespace

Metrics::Metrics() {
  for (const FamilyText& f : kFamilies) families_.push_back({f.name, f.help, f.type, {}});
}

std::string Metrics::labels(
    std::initializer_list<std::pair<std::string_view, std::string_view>> l) {
  std::string out;
  for (const auto& [key, value] : l) {
    if (!out.empty()) out += ',';
    out += key;
    out += "=\"";
    for (char c : value) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  return out;
}

void Metrics::add(std::size_t family, const std::string& labels, double amount) {
  families_[family].samples[labels] += amount;
}

double& Metrics::sample(std::size_t family, const std::string& labels) {
  return families_[family].samples[labels];
}

void Metrics::set(std::size_t family, const std::string& labels, double value) {
  families_[family].samples[labels] = value;
}

void Metrics::observe_loop(std::chrono::nanoseconds busy) {
  const double s = std::chrono::duration<double>(busy).count();
  for (std::size_t i = 0; i < kLoopBuckets.size(); ++i)
    if (s <= kLoopBuckets[i]) ++loop_buckets_[i];
  ++loop_count_;
  loop_sum_ += s;
}

std::string Metrics::render() const {
  std::string out;
  for (const MetricFamily& f : families_) {
    out += "# HELP ";
    out += f.name;
    out += ' ';
    out += f.help;
    out += "\n# TYPE ";
    out += f.name;
    out += ' ';
    out += f.type;
    out += '\n';
    for (const auto& [labels, value] : f.samples) {
      out += f.name;
      if (!labels.empty()) out += '{' + labels + '}';
      out += ' ';
      append_number(out, value);
      out += '\n';
    }
  }
  const std::string_view loop = "pxescope_event_loop_latency_seconds";
  out += "# HELP " + std::string(loop) +
         " Time the event loop spent on one wake-up (serving what was ready)\n# TYPE " +
         std::string(loop) + " histogram\n";
  for (std::size_t i = 0; i < kLoopBuckets.size(); ++i) {
    out += std::string(loop) + "_bucket{le=\"";
    append_number(out, kLoopBuckets[i]);
    out += "\"} " + std::to_string(loop_buckets_[i]) + '\n';
  }
  out += std::string(loop) + "_bucket{le=\"+Inf\"} " + std::to_string(loop_count_) + '\n';
  out += std::string(loop) + "_sum ";
  append_number(out, loop_sum_);
  out += '\n' + std::string(loop) + "_count " + std::to_string(loop_count_) + '\n';
  return out;
}

}  // namespace pxescope::responder::live
