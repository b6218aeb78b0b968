#include "cli/packet_printer.hpp"

#include <charconv>
#include <cstring>

#include "analyzer/dhcp/dhcp_info.hpp"
#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/not_decoded.hpp"
#include "analyzer/output_write.hpp"
#include "analyzer/pcap_api.hpp"
#include "analyzer/render.hpp"
#include "cli/frame_line.hpp"
#include "cli/line_text.hpp"

namespace pxescope::cli {
namespace {

constexpr std::size_t kLineBufSize = 1 << 20;
// Room that one summary line can never exceed: fixed fields < 200 bytes, plus vendor class
// (<= 255 bytes) and boot file (<= 255 bytes) at 4 output bytes per escaped input byte.
constexpr std::size_t kMaxLine = 4096;
constexpr std::size_t kTextFlushAt = 1 << 16;
// Days since 1970-01-01 -> civil date (proleptic Gregorian), H. Hinnant's algorithm.
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

char* put_pair(char* p, std::uint32_t v) {  // v < 100
  std::memcpy(p, kDigitPairs + 2 * v, 2);
  return p + 2;
}

// HH:MM:SS. (UTC), 9 bytes
char* put_clock(char* p, std::int64_t ts_sec) {
  const auto secs = static_cast<std::uint32_t>(ts_sec - floor_div(ts_sec, 86400) * 86400);
  p = put_pair(p, secs / 3600);
  *p++ = ':';
  p = put_pair(p, secs / 60 % 60);
  *p++ = ':';
  p = put_pair(p, secs % 60);
  *p++ = '.';
  return p;
}

// Nine digits of nanoseconds.
char* put_nanoseconds(char* p, std::uint32_t ns) {
  ns %= 1000000000u;
  *p++ = static_cast<char>('0' + ns / 100000000u);
  ns %= 100000000u;
  p = put_pair(p, ns / 1000000u);
  ns %= 1000000u;
  p = put_pair(p, ns / 10000u);
  ns %= 10000u;
  p = put_pair(p, ns / 100u);
  return put_pair(p, ns % 100u);
}

// HH:MM:SS.nnnnnnnnn (UTC)
char* put_time_of_day(char* p, std::int64_t ts_sec, std::uint32_t ts_nsec) {
  return put_nanoseconds(put_clock(p, ts_sec), ts_nsec);
}

bool is_proxy_port(const DhcpSummary& s) {
  return s.src_port == 4011 || s.dst_port == 4011;
}

}  // namespace

std::size_t PacketPrinter::ClientKeyHash::operator()(const ClientKey& k) const {
  std::uint64_t h = k.xid;
  for (std::uint8_t b : k.mac) h = h * 1099511628211ull ^ b;
  return static_cast<std::size_t>(h * 0x9E3779B97F4A7C15ull);
}

PacketPrinter::PacketPrinter(PrintOptions options, std::FILE* out)
    : options_(options), out_(out), line_buf_(std::make_unique<char[]>(kLineBufSize)) {
  text_buf_.reserve(kTextFlushAt * 2);
  // Only the summary lines show the Info column; -V and --json skip making it.
  tree_.set_info_wanted(options_.mode == OutputMode::Summary);
}

PacketPrinter::~PacketPrinter() {
  flush();
}

void PacketPrinter::begin_source(std::string_view json_prefix) {
  json_open_ = "{";
  json_open_ += json_prefix;
  dissector_.reset();
  linter_.clear();
  pxe_clients_.clear();
  not_decoded_.clear();
  ordinary_traffic_.clear();
  boot_lines_.clear();
  frame_clock_.reset();
  membership_.clear();
  have_first_time_ = false;
}

void PacketPrinter::handle(const Frame& frame) {
  const filter::DisplayFilter* display_filter =
      options_.display_filter && !options_.display_filter->matches_everything()
          ? &*options_.display_filter
          : nullptr;
  if (display_filter) {
    // Every frame is dissected (TFTP following needs them all) and linted (the linter checks
    // replies against the request it saw; `_ws.expert` sees its findings); only kept ones print.
    filter::FrameContext context = frame_clock_.next(frame);
    const DissectResult r = linter_.dissect_and_annotate(dissector_, frame, tree_);
    if (display_filter->uses_client_membership()) {  // pxe.client: leases learned in order
      membership_.learn(frame, tree_);
      context.membership = &membership_;
    }
    const bool keep = display_filter->matches(tree_, context);
    if (options_.mode != OutputMode::Summary)
      handle_tree(frame, r, keep);
    else if (keep && options_.every_frame)
      write_tree_frame_line(frame, r);
    else if (keep)
      summarize_decoded(frame, r);
  } else if (options_.mode == OutputMode::Summary && options_.every_frame) {
    handle_every_frame(frame);
  } else if (options_.mode == OutputMode::Summary) {
    handle_summary(frame);
  } else {
    handle_tree(frame, linter_.dissect_and_annotate(dissector_, frame, tree_), true);
  }
  if (options_.flush_each) flush();
}

void PacketPrinter::handle_summary(const Frame& frame) {
  if (summarize_dhcp(frame, summary_)) {
    if (!options_.pxe_only || keep_for_pxe_only(summary_)) write_summary_line(frame, summary_);
    return;
  }
  // Not DHCP: the dissector says why (and follows TFTP transfers for later frames).
  summarize_decoded(frame, dissector_.dissect(frame, tree_));
}

void PacketPrinter::summarize_decoded(const Frame& frame, const DissectResult& r) {
  if (r.protocol == AppProtocol::Dhcp && summarize_dhcp(frame, summary_)) {
    if (!options_.pxe_only || keep_for_pxe_only(summary_)) write_summary_line(frame, summary_);
    return;
  }
  // TFTP and ICMP errors about boot traffic are the evidence of most failed boots.
  if (r.protocol == AppProtocol::Tftp) boot_lines_.tftp(frame, tree_, pending_lines_);
  if (r.protocol == AppProtocol::None && !boot_lines_.icmp(frame, pending_lines_))
    count_not_decoded(r.not_decoded_reason, frame);
  write_boot_lines();
  // The two decoders should agree; if they ever do not, say so rather than drop the packet.
  if (r.protocol == AppProtocol::Dhcp)
    count_not_decoded("DHCP packet the summary could not read (use -V or --json)", frame);
}

std::int64_t PacketPrinter::since_first_ns(const Frame& frame) {
  if (!have_first_time_) {
    have_first_time_ = true;
    first_sec_ = frame.ts_sec;
    first_nsec_ = frame.ts_nsec;
  }
  return (frame.ts_sec - first_sec_) * 1000000000 +
         (static_cast<std::int64_t>(frame.ts_nsec) - first_nsec_);
}

// tshark's columns for every frame. DHCP messages take the summary fast path; every other
// frame (and a DHCP packet the fast path calls malformed) is dissected for its summary.
void PacketPrinter::handle_every_frame(const Frame& frame) {
  if (kLineBufSize - line_used_ < kMaxLine) flush();
  char* const start = line_buf_.get() + line_used_;
  FrameColumns columns;
  columns.number = frame.index;
  columns.since_first_ns = since_first_ns(frame);
  columns.length = frame.original_length;
  if (summarize_dhcp(frame, summary_) && summary_.message_type != 0 && !summary_.malformed) {
    char src[16], dst[16], info[kDhcpInfoRoom];
    columns.source = {src, static_cast<std::size_t>(put_ipv4(src, summary_.src_ip) - src)};
    columns.destination = {dst, static_cast<std::size_t>(put_ipv4(dst, summary_.dst_ip) - dst)};
    columns.protocol = "DHCP";
    columns.info = {
        info, format_dhcp_info(info, is_proxy_port(summary_), summary_.message_type, summary_.xid)};
    line_used_ = static_cast<std::size_t>(put_frame_line(start, columns) - line_buf_.get());
    ++printed_;
    return;
  }
  write_tree_frame_line(frame, dissector_.dissect(frame, tree_));
}

void PacketPrinter::write_tree_frame_line(const Frame& frame, const DissectResult& r) {
  if (kLineBufSize - line_used_ < kMaxLine) flush();
  char* const start = line_buf_.get() + line_used_;
  FrameColumns columns;
  columns.number = frame.index;
  columns.since_first_ns = since_first_ns(frame);
  columns.length = frame.original_length;
  tree_endpoints(tree_, columns.source, columns.destination);
  columns.protocol = tree_.protocol_column().empty() ? "-" : tree_.protocol_column();
  columns.info = tree_.info_column();
  // Only a frame that failed to parse as what it claims to be is "not decoded".
  if (r.protocol == AppProtocol::None && !is_ordinary_traffic(r.not_decoded_reason)) {
    count_not_decoded(r.not_decoded_reason, frame);
    text_buf_.assign("not decoded: ");
    text_buf_ += r.not_decoded_reason;
    columns.info = text_buf_;
  }
  line_used_ = static_cast<std::size_t>(put_frame_line(start, columns) - line_buf_.get());
  text_buf_.clear();
  ++printed_;
}

void PacketPrinter::handle_tree(const Frame& frame, const DissectResult& r, bool print) {
  if (r.protocol == AppProtocol::None) {
    if (print) count_not_decoded(r.not_decoded_reason, frame);
    return;
  }
  if (r.protocol != AppProtocol::Dhcp || !print) return;
  if (options_.pxe_only && (!summarize_dhcp(frame, summary_) || !keep_for_pxe_only(summary_)))
    return;
  if (options_.mode == OutputMode::Json) return write_json_frame(frame);
  std::string& out = text_buf_;
  char head[160];
  char* p = put(head, "Frame ");
  p = put_uint(p, frame.index);
  p = put(p, ": ");
  p = put_uint(p, frame.original_length);
  p = put(p, " bytes on wire, ");
  p = put_uint(p, frame.data.size());
  p = put(p, " bytes captured, ");
  p = put_iso_time(p, frame);
  *p++ = '\n';
  out.append(head, p);
  append_tree_text(tree_, out, 0);
  out += '\n';
  ++printed_;
  if (out.size() >= kTextFlushAt) flush();
}

// One JSON object per line, written straight into json_buf_ (no copy of the tree's JSON).
void PacketPrinter::write_json_frame(const Frame& frame) {
  char head[64 + kIsoTimeRoom];
  char* p = put(head, "\"frame\":");
  p = put_uint(p, frame.index);
  p = put(p, ",\"time\":\"");
  p = put_iso_time(p, frame);
  p = put(p, "\",\"fields\":");
  json_buf_.append(json_open_);
  json_buf_.append(head, p);
  append_fields_json(tree_, json_buf_);
  json_buf_.append("}\n");
  ++printed_;
  if (json_buf_.size() >= kTextFlushAt) flush();
}

bool PacketPrinter::keep_for_pxe_only(const DhcpSummary& s) {
  if (!s.chaddr) return s.pxe;
  ClientKey key{s.xid, {}};
  std::memcpy(key.mac, s.chaddr, 6);
  if (s.op == 1) {
    if (!s.pxe) return false;
    pxe_clients_.insert(key);
    return true;
  }
  return s.pxe || pxe_clients_.contains(key);
}

void PacketPrinter::count_not_decoded(std::string_view reason, const Frame& frame) {
  if (is_ordinary_traffic(reason)) {
    ++ordinary_traffic_[reason];
    return;
  }
  if (reason == kUnsupportedLinkType) {
    if (unsupported_reason_.empty() || unsupported_dlt_ != frame.link_type) {
      unsupported_dlt_ = frame.link_type;
      unsupported_reason_ = std::string(kUnsupportedLinkType) + " " +
                            link_type_description(frame.link_type) +
                            "; pxescope reads Ethernet (802.1Q, QinQ), Linux cooked v1/v2, "
                            "raw IPv4, IEEE 802.11 and radiotap";
    }
    reason = unsupported_reason_;
  }
  if (reason.empty()) reason = "unknown";
  auto it = not_decoded_.find(reason);
  if (it == not_decoded_.end()) it = not_decoded_.emplace(std::string(reason), 0).first;
  ++it->second;
}

// "frame time " (frame right-aligned in 6 columns): what every summary line starts with.
char* PacketPrinter::put_frame_and_time(char* p, std::uint64_t index, std::int64_t ts_sec,
                                        std::uint32_t ts_nsec) {
  IndexText& t = index_text_;
  if (index != t.value) {
    // Frames come in order: the next number is the last plus one, made by carrying digits.
    int i = t.length - 1;
    if (t.length && index == t.value + 1) {
      while (i >= 0 && t.digits[i] == '9') t.digits[i--] = '0';
      if (i >= 0) ++t.digits[i];
    }
    if (i < 0 || index != t.value + 1)  // a first number, a gap, or one more digit
      t.length = static_cast<std::uint8_t>(put_uint(t.digits, index) - t.digits);
    t.value = index;
  }
  std::memcpy(p, "      ", 6);  // right-aligned in 6 columns
  p += t.length < 6 ? 6 - t.length : 0;
  std::memcpy(p, t.digits, sizeof t.digits);  // fixed size: one move, no call
  p += t.length;
  *p++ = ' ';
  if (ts_sec != cached_second_) {
    put_clock(cached_clock_, ts_sec);
    cached_second_ = ts_sec;
  }
  std::memcpy(p, cached_clock_, sizeof cached_clock_);
  p = put_nanoseconds(p + sizeof cached_clock_, ts_nsec);
  *p++ = ' ';
  return p;
}

void PacketPrinter::write_boot_lines() {
  for (const BootLine& line : pending_lines_) {
    if (kLineBufSize - line_used_ < kMaxLine) flush();
    char* p =
        put_frame_and_time(line_buf_.get() + line_used_, line.frame, line.ts_sec, line.ts_nsec);
    if (line.with_ports) {
      p = put_endpoint(p, src_text_, line.src_ip, line.src_port);
      p = put(p, " \xe2\x86\x92 ");  // →
      p = put_endpoint(p, dst_text_, line.dst_ip, line.dst_port);
    } else {
      p = put_ipv4(p, line.src_ip);
      p = put(p, " \xe2\x86\x92 ");
      p = put_ipv4(p, line.dst_ip);
    }
    *p++ = ' ';
    p = put(p, std::string_view(line.text).substr(0, kMaxLine - 200));
    *p++ = '\n';
    line_used_ = static_cast<std::size_t>(p - line_buf_.get());
    ++printed_;
  }
  pending_lines_.clear();
}

void PacketPrinter::write_summary_line(const Frame& frame, const DhcpSummary& s) {
  if (kLineBufSize - line_used_ < kMaxLine) flush();
  char* p =
      put_frame_and_time(line_buf_.get() + line_used_, frame.index, frame.ts_sec, frame.ts_nsec);
  p = put_endpoint(p, src_text_, s.src_ip, s.src_port);
  p = put(p, " \xe2\x86\x92 ");  // →
  p = put_endpoint(p, dst_text_, s.dst_ip, s.dst_port);
  *p++ = ' ';
  if (s.message_type == 0) {
    p = put(p, s.op == 1 ? "BOOTP Request" : "BOOTP Reply");
  } else {
    p = put(p, is_proxy_port(s) ? "proxyDHCP " : "DHCP ");
    p = put(p, dhcp::message_type_name(s.message_type));
  }
  *p++ = ' ';
  if (s.chaddr)
    p = put_mac(p, s.chaddr);
  else
    *p++ = '-';
  p = put(p, " xid ");
  p = put_hex32(p, s.xid);
  if (s.arch >= 0) {
    p = put(p, " arch ");
    p = put_uint(p, static_cast<std::uint32_t>(s.arch));
    p = put(p, " (");
    p = put(p, dhcp::arch_name(static_cast<std::uint16_t>(s.arch)));
    *p++ = ')';
  }
  if (!s.vendor_class.empty()) {
    p = put(p, " vendor ");
    p = put_quoted(p, s.vendor_class.substr(0, 255));
  }
  if (s.op == 2 && !s.boot_file.empty()) {
    p = put(p, " file ");
    p = put_quoted(p, s.boot_file.substr(0, 255));
  }
  if (s.malformed) p = put(p, " [malformed: see -V]");
  *p++ = '\n';
  line_used_ = static_cast<std::size_t>(p - line_buf_.get());
  ++printed_;
}

char* PacketPrinter::put_endpoint(char* p, EndpointText& cache, std::uint32_t ip,
                                  std::uint16_t port) {
  if (cache.length == 0 || cache.ip != ip || cache.port != port) {
    char* t = put_ipv4(cache.text, ip);
    *t++ = ':';
    t = put_uint(t, port);
    cache.ip = ip;
    cache.port = port;
    cache.length = static_cast<std::uint8_t>(t - cache.text);
  }
  std::memcpy(p, cache.text, sizeof cache.text);  // fixed size: one move, no call
  return p + cache.length;
}

char* PacketPrinter::put_iso_time(char* p, const Frame& frame) {
  const std::int64_t day = floor_div(frame.ts_sec, 86400);
  if (day != cached_day_) {
    std::int64_t y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    char* p = cached_date_;
    if (y < 0 || y > 9999) y = y < 0 ? 0 : 9999;  // ISO 8601 basic range
    p = put_padded(p, static_cast<std::uint32_t>(y), 4);
    *p++ = '-';
    p = put_padded(p, m, 2);
    *p++ = '-';
    p = put_padded(p, d, 2);
    *p++ = 'T';
    cached_day_ = day;
  }
  p = put(p, {cached_date_, 11});
  p = put_time_of_day(p, frame.ts_sec, frame.ts_nsec);
  *p++ = 'Z';
  return p;
}

void PacketPrinter::flush() {
  // Whole blocks go to the descriptor (write_block): no copy through stdio's buffer.
  if (line_used_) {
    write_block(out_, {line_buf_.get(), line_used_});
    line_used_ = 0;
  }
  if (!text_buf_.empty()) {
    write_block(out_, text_buf_);
    text_buf_.clear();
  }
  if (!json_buf_.empty()) {
    write_block(out_, json_buf_.view());
    json_buf_.clear();
  }
  if (options_.flush_each) std::fflush(out_);
}

void PacketPrinter::end_source(std::FILE* err, std::string_view label) {
  if (options_.mode == OutputMode::Summary) {
    boot_lines_.finish(pending_lines_);
    write_boot_lines();
  }
  flush();
  std::fflush(out_);
  auto report = [&](std::uint64_t n, std::string_view what, std::string_view reason) {
    if (!label.empty()) std::fprintf(err, "%.*s: ", static_cast<int>(label.size()), label.data());
    std::fprintf(err, "%llu frame%s %.*s: %.*s\n", static_cast<unsigned long long>(n),
                 n == 1 ? "" : "s", static_cast<int>(what.size()), what.data(),
                 static_cast<int>(reason.size()), reason.data());
  };
  for (const auto& [reason, n] : not_decoded_) report(n, "not decoded", reason);
  if (options_.mode == OutputMode::Tree)
    for (const auto& [reason, n] : ordinary_traffic_) report(n, "not boot traffic", reason);
  not_decoded_.clear();
  ordinary_traffic_.clear();
}

}  // namespace pxescope::cli
