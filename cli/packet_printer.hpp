// What `pxescope analyze` and `pxescope capture` print for each frame: a summary line per
// DHCP packet (the fast path: summarize_dhcp + a reused output buffer, no allocation), the
// whole tree like `tshark -V`, or NDJSON. Also counts the frames that did not decode.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "analyzer/clients/client_membership.hpp"
#include "analyzer/field_tree.hpp"
#include "analyzer/filter/display_filter.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/lint/capture_linter.hpp"
#include "analyzer/output_buffer.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/summary.hpp"
#include "cli/boot_traffic_lines.hpp"

namespace pxescope::cli {

enum class OutputMode : std::uint8_t { Summary, Tree, Json };

struct PrintOptions {
  OutputMode mode = OutputMode::Summary;
  bool pxe_only = false;    // only PXE clients and the replies to them
  bool flush_each = false;  // live capture: every packet reaches stdout at once
  // -Y: only frames the display filter keeps are printed (every frame is still dissected,
  // in order, so TFTP transfers are followed as without it).
  std::optional<filter::DisplayFilter> display_filter;
  // Summary mode: one line per frame, tshark's columns (`analyze`'s default), instead of
  // the DHCP/proxyDHCP view with its TFTP and ICMP-error lines (`--dhcp`, `capture`).
  bool every_frame = false;
};

class PacketPrinter {
 public:
  PacketPrinter(PrintOptions options, std::FILE* out);
  ~PacketPrinter();
  PacketPrinter(const PacketPrinter&) = delete;
  PacketPrinter& operator=(const PacketPrinter&) = delete;

  // A new input (file or interface): frame numbering, TFTP following and the PXE client
  // set start over. A non-empty `json_prefix` (json_file_member) opens each JSON object.
  void begin_source(std::string_view json_prefix = {});
  void handle(const Frame& frame);
  // Writes pending output; then, on `err`, one line per reason frames did not decode
  // ("N frames not decoded: reason"), each prefixed with `label` when it is not empty.
  // Ordinary traffic (ARP, IPv6, other UDP: is_ordinary_traffic) is only counted, and
  // listed with -V ("N frames not boot traffic: reason").
  void end_source(std::FILE* err, std::string_view label = {});
  void flush();

  std::uint64_t packets_printed() const { return printed_; }

 private:
  // Text of an "ip:port" endpoint, kept while consecutive packets repeat it.
  struct EndpointText {
    std::uint32_t ip = 0;
    std::uint16_t port = 0;
    std::uint8_t length = 0;  // 0: not filled yet
    char text[24] = {};
  };
  void handle_summary(const Frame& frame);
  // Summary lines of a frame the dissector has decoded into tree_ (-Y, and non-DHCP frames).
  void summarize_decoded(const Frame& frame, const DissectResult& r);
  // -V / --json of a frame tree_ holds with its linter findings (dissect_and_annotate).
  void handle_tree(const Frame& frame, const DissectResult& r, bool print);
  void write_json_frame(const Frame& frame);
  void handle_every_frame(const Frame& frame);
  // One every-frame line from tree_, which holds the frame's dissection.
  void write_tree_frame_line(const Frame& frame, const DissectResult& r);
  std::int64_t since_first_ns(const Frame& frame);
  bool keep_for_pxe_only(const DhcpSummary& s);
  void count_not_decoded(std::string_view reason, const Frame& frame);
  void write_summary_line(const Frame& frame, const DhcpSummary& s);
  void write_boot_lines();  // pending_lines_, then cleared
  char* put_frame_and_time(char* p, std::uint64_t index, std::int64_t ts_sec,
                           std::uint32_t ts_nsec);
  // "2026-11-28T00:03:03.485690000Z" at p; returns the end (at most kIsoTimeRoom bytes).
  char* put_iso_time(char* p, const Frame& frame);
  static constexpr std::size_t kIsoTimeRoom = 40;
  static char* put_endpoint(char* p, EndpointText& cache, std::uint32_t ip, std::uint16_t port);

  struct ClientKey {
    std::uint32_t xid;
    std::uint8_t mac[6];
    bool operator==(const ClientKey&) const = default;
  };
  struct ClientKeyHash {
    std::size_t operator()(const ClientKey& k) const;
  };

  PrintOptions options_;
  std::FILE* out_;
  PacketDissector dissector_;
  // The offer linter: -V and --json show its findings as warnings on the reply's tree.
  CaptureLinter linter_;
  FieldTree tree_;
  filter::FrameClock frame_clock_;  // frame.time_relative and frame.time_delta for -Y
  ClientMembership membership_;     // pxe.client for -Y
  DhcpSummary summary_;
  // Summary lines are written straight into a fixed buffer, JSON straight into json_buf_;
  // the tree renderer appends to a reused string. Each is flushed to `out_` in large chunks.
  std::unique_ptr<char[]> line_buf_;
  std::size_t line_used_ = 0;
  std::string text_buf_;
  OutputBuffer json_buf_;
  std::string json_open_ = "{";  // "{" and the source's members, before "frame"
  std::map<std::string, std::uint64_t, std::less<>> not_decoded_;
  std::map<std::string_view, std::uint64_t> ordinary_traffic_;  // keys: static reasons
  // The message for the last unsupported link type seen (built once, not per frame).
  std::uint32_t unsupported_dlt_ = 0;
  std::string unsupported_reason_;
  std::unordered_set<ClientKey, ClientKeyHash> pxe_clients_;
  // Summary mode: TFTP and ICMP-error lines, and the lines waiting to be written.
  BootTrafficLines boot_lines_;
  std::vector<BootLine> pending_lines_;
  std::uint64_t printed_ = 0;
  // The input's first frame time: every-frame lines show the time since it.
  bool have_first_time_ = false;
  std::int64_t first_sec_ = 0;
  std::uint32_t first_nsec_ = 0;
  // The last endpoints and second printed: consecutive packets mostly repeat them.
  EndpointText src_text_, dst_text_;
  struct IndexText {  // the last frame number written, as text
    std::uint64_t value = UINT64_MAX;
    char digits[20] = {};
    std::uint8_t length = 0;
  };
  IndexText index_text_;
  std::int64_t cached_second_ = INT64_MIN;
  char cached_clock_[9] = {};
  // Date part of the last ISO time written, reused while the day does not change.
  std::int64_t cached_day_ = INT64_MIN;
  char cached_date_[16] = {};
};

}  // namespace pxescope::cli
