// The --metrics text (responder/live/metrics.hpp): Prometheus exposition format, label
// escaping, counters that add up, a cumulative latency histogram.
#include "responder/live/metrics.hpp"

#include <gtest/gtest.h>

#include "responder/live/live_service.hpp"

namespace pxescope::responder::live {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST(LiveMetrics, CountersAddUpByLabels) {
  Metrics m;
  const std::string discover =
      Metrics::labels({{"type", "discover"}, {"port", "67"}, {"mode", "proxy"}, {"arch", "7"}});
  m.add(Metrics::kDhcpRequests, discover);
  m.add(Metrics::kDhcpRequests, discover);
  m.add(Metrics::kTftpBytes, "", 1468);
  m.add(Metrics::kTftpBytes, "", 32);
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE pxescope_dhcp_requests_total counter")) << text;
  EXPECT_TRUE(has_line(
      text,
      "pxescope_dhcp_requests_total{type=\"discover\",port=\"67\",mode=\"proxy\",arch=\"7\"} 2"))
      << text;
  EXPECT_TRUE(has_line(text, "pxescope_tftp_bytes_total 1500")) << text;
  EXPECT_TRUE(has_line(text, "# TYPE pxescope_leases gauge")) << text;
}

TEST(LiveMetrics, LabelValuesAreEscaped) {
  EXPECT_EQ(Metrics::labels({{"reason", "a \"b\"\\c\nd"}}), "reason=\"a \\\"b\\\"\\\\c\\nd\"");
}

TEST(LiveMetrics, LoopHistogramIsCumulative) {
  Metrics m;
  m.observe_loop(std::chrono::microseconds(20));   // <= 5e-05
  m.observe_loop(std::chrono::microseconds(700));  // <= 0.001
  m.observe_loop(std::chrono::seconds(3));         // only +Inf
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE pxescope_event_loop_latency_seconds histogram"));
  EXPECT_TRUE(has_line(text, "pxescope_event_loop_latency_seconds_bucket{le=\"1e-05\"} 0")) << text;
  EXPECT_TRUE(has_line(text, "pxescope_event_loop_latency_seconds_bucket{le=\"5e-05\"} 1")) << text;
  EXPECT_TRUE(has_line(text, "pxescope_event_loop_latency_seconds_bucket{le=\"0.001\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "pxescope_event_loop_latency_seconds_bucket{le=\"1\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "pxescope_event_loop_latency_seconds_bucket{le=\"+Inf\"} 3")) << text;
  EXPECT_TRUE(has_line(text, "pxescope_event_loop_latency_seconds_count 3")) << text;
}

TEST(LiveMetrics, MetricsAddressMustBeAddrPort) {
  std::string address, error;
  std::uint16_t port = 0;
  ASSERT_TRUE(parse_metrics_address("127.0.0.1:9187", address, port, error)) << error;
  EXPECT_EQ(address, "127.0.0.1");
  EXPECT_EQ(port, 9187);
  EXPECT_FALSE(parse_metrics_address("9187", address, port, error));
  EXPECT_NE(error.find("ADDR:PORT"), std::string::npos) << error;
  EXPECT_FALSE(parse_metrics_address("localhost:x", address, port, error));
  EXPECT_FALSE(parse_metrics_address("127.0.0.1:0", address, port, error));
}

}  // namespace
}  // namespace pxescope::responder::live
