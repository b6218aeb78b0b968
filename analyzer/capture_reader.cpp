#include "analyzer/capture_reader.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "analyzer/capture_file_check.hpp"
#include "analyzer/pcap_api.hpp"
#include "analyzer/pcapng_reader.hpp"
#include "analyzer/seekable_input.hpp"

namespace pxescope {

struct CaptureReader::Impl {
  const PcapApi* api = nullptr;  // set together with pcap
  pcap_t* pcap = nullptr;
  bool live = false;
  bool timed_out = false;
  bool truncated = false;
  std::string error;
  std::string source;   // file path or interface name, for messages
  SeekableInput input;  // the file, or stdin/a pipe copied once into memory
  std::uint64_t frames = 0;
  std::uint32_t dlt = 0;
  std::uint32_t ts_scale = 1;  // 1 for ns timestamps, 1000 when libpcap gives µs
  int wake_fd = -1;            // eventfd that break_loop() writes to, to end a blocking wait
  std::atomic<bool> stop{false};

  // Classic pcap files: where the next record starts, so that the partial record a
  // truncated file ends with can still be handed out (libpcap drops it).
  bool classic_pcap = false;
  bool swapped = false;
  bool nanosecond_file = false;
  std::uint64_t next_record_offset = 24;
  std::vector<std::uint8_t> partial;

  // pcapng files: our own reader over our own FILE.
  std::FILE* pcapng_file = nullptr;
  std::unique_ptr<PcapngReader> pcapng;

  ~Impl() { close(); }
  void close() {
    pcapng.reset();
    if (pcapng_file) std::fclose(pcapng_file);
    pcapng_file = nullptr;
    if (pcap) api->pcap_close(pcap);
    pcap = nullptr;
    if (wake_fd >= 0) ::close(wake_fd);
    wake_fd = -1;
  }
};

namespace {

constexpr std::uint32_t kPcapngMagic = 0x0A0D0D0A;

std::string_view trim_newline(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.remove_suffix(1);
  return s;
}

// libpcap's open errors are "PATH: reason" or a bare reason; make them one line naming the
// file once, with a hint for the most common non-capture input.
// `opened` is the path libpcap was given (a copy's path for stdin and pipes).
std::string describe_open_error(const std::string& path, const std::string& opened,
                                std::string_view pcap_error) {
  std::string_view reason = trim_newline(pcap_error);
  if (reason.starts_with(opened) && reason.size() > opened.size() + 2 &&
      reason[opened.size()] == ':')
    reason.remove_prefix(opened.size() + 2);
  std::string msg = "cannot read " + path + ": ";
  msg += reason;
  if (reason.find("unknown file format") != std::string_view::npos)
    msg += " (not a pcap or pcapng capture)";
  return msg;
}

std::uint32_t read_u32(const std::uint8_t* p, bool swapped) {
  return swapped ? (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                       (std::uint32_t{p[2]} << 8) | p[3]
                 : std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
                       (std::uint32_t{p[3]} << 24);
}

}  // namespace

// libpcap drops the record a truncated classic pcap file ends in; read what is left of it
// ourselves so that it is decoded as far as it goes. Once per file, never on the hot path.
// The partial record is the file's tail: its header, then the `got` bytes libpcap reports
// ("tried to read N captured bytes, only got M"), which also works after a seek
// (FrameFetcher); the offset counted while reading in order is the fallback.
bool CaptureReader::read_partial_record(Impl& s, std::string_view pcap_reason, Frame& frame) {
  if (!s.classic_pcap) return false;
  std::FILE* f = std::fopen(s.input.path().c_str(), "rb");
  if (!f) return false;
  std::uint64_t start = s.next_record_offset;
  const auto got_at = pcap_reason.find("captured bytes, only got ");
  if (got_at != std::string_view::npos && std::fseek(f, 0, SEEK_END) == 0) {
    const std::string_view tail = pcap_reason.substr(got_at + 25);
    std::uint64_t got = 0;
    const long size = std::ftell(f);
    if (std::from_chars(tail.data(), tail.data() + tail.size(), got).ec == std::errc{} &&
        size >= 0 && static_cast<std::uint64_t>(size) >= 16 + got)
      start = static_cast<std::uint64_t>(size) - 16 - got;
  }
  std::uint8_t header[16];
  bool ok = std::fseek(f, static_cast<long>(start), SEEK_SET) == 0 &&
            std::fread(header, 1, sizeof header, f) == sizeof header;
  if (ok) {
    const std::uint32_t caplen = read_u32(header + 8, s.swapped);
    s.partial.resize(caplen < 262144 ? caplen : 262144);
    s.partial.resize(std::fread(s.partial.data(), 1, s.partial.size(), f));
    ok = !s.partial.empty() && s.partial.size() < caplen;
  }
  std::fclose(f);
  if (!ok) return false;
  ++s.frames;
  frame.index = s.frames;
  frame.ts_sec = read_u32(header, s.swapped);
  frame.ts_nsec = read_u32(header + 4, s.swapped) * (s.nanosecond_file ? 1u : 1000u);
  frame.original_length = read_u32(header + 12, s.swapped);
  frame.link_type = s.dlt;
  frame.data = s.partial;
  frame.cut_by_file_end = true;
  return true;
}

CaptureReader::CaptureReader() : impl_(std::make_unique<Impl>()) {}
CaptureReader::~CaptureReader() = default;
CaptureReader::CaptureReader(CaptureReader&&) noexcept = default;
CaptureReader& CaptureReader::operator=(CaptureReader&&) noexcept = default;

const char* CaptureReader::default_live_filter() {
  return "udp port 67 or 68 or 4011 or 69";
}

// The first four bytes of a capture file, little-endian (0 when it has fewer).
std::uint32_t file_magic(const std::string& path) {
  std::uint8_t m[4] = {};
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  const bool got = std::fread(m, 1, 4, f) == 4;
  std::fclose(f);
  return got ? read_u32(m, false) : 0;
}

bool CaptureReader::open_file(const std::string& path) {
  impl_ = std::make_unique<Impl>();
  impl_->source = path;
  // Our words, before libpcap's: the path as given (a directory must not be read as a
  // stream), then what a pipe or stdin turned out to hold.
  std::string problem = path == "-" ? "" : capture_file_problem(path, path);
  if (problem.empty() && !impl_->input.open(path, impl_->error)) return false;
  const std::string& readable = impl_->input.path();
  if (problem.empty() && readable != path) problem = capture_file_problem(path, readable);
  if (!problem.empty()) {
    impl_->error = std::move(problem);
    return false;
  }
  const std::uint32_t magic = file_magic(readable);
  if (magic == kPcapngMagic) return open_pcapng(*impl_, path);
  std::string load_error;
  const PcapApi* api = pcap_api(load_error);
  if (!api) {
    impl_->error = "cannot read " + path + ": " + load_error;
    return false;
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  impl_->pcap = api->pcap_open_offline_with_tstamp_precision(readable.c_str(),
                                                             PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (!impl_->pcap) {
    impl_->error = describe_open_error(path, readable, errbuf);
    return false;
  }
  impl_->api = api;
  impl_->dlt = static_cast<std::uint32_t>(api->pcap_datalink(impl_->pcap));
  impl_->ts_scale = 1;  // opened with nanosecond precision: µs files are scaled by libpcap
  impl_->classic_pcap =
      magic == 0xa1b2c3d4 || magic == 0xa1b23c4d || magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
  impl_->swapped = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
  impl_->nanosecond_file = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
  return true;
}

// pcapng is read by PcapngReader: libpcap refuses several link types or sections in one file.
bool CaptureReader::open_pcapng(Impl& s, const std::string& path) {
  s.pcapng_file = std::fopen(s.input.path().c_str(), "rb");
  if (!s.pcapng_file) {
    s.error = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  std::setvbuf(s.pcapng_file, nullptr, _IOFBF, 1 << 20);
  s.pcapng = std::make_unique<PcapngReader>();
  if (!s.pcapng->open(s.pcapng_file, path)) {
    s.error = "cannot read " + s.pcapng->error();
    return false;
  }
  s.dlt = s.pcapng->first_link_type();
  return true;
}

// Compiles `filter` for the open live handle and sets it; false with s.error otherwise.
bool CaptureReader::apply_filter(Impl& s, const std::string& filter) {
  bpf_program program{};
  if (s.api->pcap_compile(s.pcap, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    s.error = "bad capture filter \"" + filter +
              "\": " + std::string(trim_newline(s.api->pcap_geterr(s.pcap)));
    return false;
  }
  const int set = s.api->pcap_setfilter(s.pcap, &program);
  s.api->pcap_freecode(&program);
  if (set != 0) {
    s.error = "cannot set capture filter on " + s.source + ": " +
              std::string(trim_newline(s.api->pcap_geterr(s.pcap)));
    return false;
  }
  return true;
}

bool CaptureReader::set_filter(const std::string& bpf_filter) {
  if (!impl_->live || !impl_->pcap) {
    impl_->error = "a capture filter needs a live interface";
    return false;
  }
  return apply_filter(*impl_, bpf_filter);
}

bool CaptureReader::open_live(const std::string& iface, const std::string& bpf_filter,
                              int snaplen) {
  impl_ = std::make_unique<Impl>();
  impl_->live = true;
  impl_->source = iface;
  std::string load_error;
  const PcapApi* api = pcap_api(load_error);
  if (!api) {
    impl_->error = "cannot capture on " + iface + ": " + load_error;
    return false;
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = api->pcap_create(iface.c_str(), errbuf);
  if (!p) {
    impl_->error = "cannot capture on " + iface + ": " + std::string(trim_newline(errbuf));
    return false;
  }
  impl_->api = api;
  impl_->pcap = p;
  api->pcap_set_snaplen(p, snaplen);
  api->pcap_set_immediate_mode(p, 1);
  api->pcap_set_promisc(p, 1);
  api->pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);  // best effort: µs if refused
  const int rc = api->pcap_activate(p);
  if (rc < 0) {
    std::string reason(trim_newline(api->pcap_geterr(p)));
    if (rc == PCAP_ERROR_PERM_DENIED || reason.find("ermission") != std::string::npos ||
        reason.find("not permitted") != std::string::npos) {
      impl_->error = "cannot capture on " + iface +
                     ": permission denied (run as root, or grant the capture privilege once: "
                     "sudo setcap cap_net_raw,cap_net_admin=eip $(command -v pxescope))";
    } else if (rc == PCAP_ERROR_NO_SUCH_DEVICE) {
      impl_->error = "cannot capture on " + iface + ": no such interface (see `ip link`)";
    } else {
      impl_->error = "cannot capture on " + iface + ": " + reason;
    }
    impl_->close();
    return false;
  }
  if (!apply_filter(*impl_, bpf_filter.empty() ? default_live_filter() : bpf_filter)) {
    impl_->close();
    return false;
  }
  if (api->pcap_setnonblock(p, 1, errbuf) != 0) {
    impl_->error = "cannot capture on " + iface + ": " + std::string(trim_newline(errbuf));
    impl_->close();
    return false;
  }
  impl_->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  impl_->dlt = static_cast<std::uint32_t>(api->pcap_datalink(p));
  // Nanoseconds when the kernel agreed to them, else libpcap hands out microseconds.
  impl_->ts_scale = api->pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO ? 1 : 1000;
  return true;
}

bool CaptureReader::next(Frame& frame, int timeout_ms) {
  Impl& s = *impl_;
  s.timed_out = false;
  if (s.pcapng) {
    if (!s.pcapng->next(frame)) {
      s.truncated = s.pcapng->truncated();
      s.error = s.pcapng->error();
      if (!s.error.empty() && !s.truncated) s.error = "cannot read " + s.error;
      return false;
    }
    frame.index = ++s.frames;
    return true;
  }
  if (!s.pcap) return false;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc = s.api->pcap_next_ex(s.pcap, &header, &data);
  if (rc == 0 && s.live) {
    // Nothing buffered: wait for the socket (or break_loop()) up to the timeout, then retry.
    if (s.stop.load()) return false;
    pollfd fds[2] = {{s.api->pcap_get_selectable_fd(s.pcap), POLLIN, 0}, {s.wake_fd, POLLIN, 0}};
    const int ready = poll(fds, s.wake_fd >= 0 ? 2 : 1, timeout_ms);
    if (s.stop.load()) return false;
    if (ready <= 0) {
      s.timed_out = ready == 0 || errno == EINTR;
      return false;
    }
    rc = s.api->pcap_next_ex(s.pcap, &header, &data);
    if (rc == 0) {
      s.timed_out = true;
      return false;
    }
  }
  if (rc == 1) {
    ++s.frames;
    frame.index = s.frames;
    frame.ts_sec = header->ts.tv_sec;
    frame.ts_nsec = static_cast<std::uint32_t>(header->ts.tv_usec) * s.ts_scale;
    frame.original_length = header->len;
    frame.link_type = s.dlt;
    frame.data = {data, header->caplen};
    frame.cut_by_file_end = false;
    s.next_record_offset += 16u + header->caplen;
    return true;
  }
  if (rc == PCAP_ERROR_BREAK || rc == PCAP_ERROR_NOT_ACTIVATED) return false;
  if (rc == PCAP_ERROR) {
    const std::string_view reason = trim_newline(s.api->pcap_geterr(s.pcap));
    if (!s.live && reason.find("truncated") != std::string_view::npos) {
      s.truncated = true;
      const std::string what(reason);
      if (read_partial_record(s, reason, frame)) {
        s.error = s.source + ": file truncated inside frame " + std::to_string(frame.index) + " (" +
                  what + "); it is decoded as far as it goes";
        return true;
      }
      s.error = s.source + ": file truncated after frame " + std::to_string(s.frames) + " (" +
                what + "); the frames before it were decoded";
    } else {
      s.error = (s.live ? "capture on " : "cannot read ") + s.source + ": " + std::string(reason);
    }
  }
  return false;  // PCAP_ERROR_EOF or an error
}

std::int64_t CaptureReader::tell() const {
  if (impl_->pcapng) return impl_->pcapng->tell();
  std::FILE* file = impl_->pcap && !impl_->live ? impl_->api->pcap_file(impl_->pcap) : nullptr;
  return file ? static_cast<std::int64_t>(std::ftell(file)) : -1;
}

bool CaptureReader::seek(std::int64_t offset) {
  if (offset < 0) return false;
  if (impl_->pcapng) return impl_->pcapng->seek(offset);
  std::FILE* file = impl_->pcap && !impl_->live ? impl_->api->pcap_file(impl_->pcap) : nullptr;
  return file && std::fseek(file, static_cast<long>(offset), SEEK_SET) == 0;
}

bool CaptureReader::timed_out() const {
  return impl_->timed_out;
}
bool CaptureReader::truncated() const {
  return impl_->truncated;
}
const std::string& CaptureReader::error() const {
  return impl_->error;
}
std::uint64_t CaptureReader::frames_read() const {
  return impl_->frames;
}
std::uint32_t CaptureReader::link_type() const {
  return impl_->dlt;
}
void* CaptureReader::pcap_handle() const {
  return impl_->pcap;
}

void CaptureReader::break_loop() {
  impl_->stop.store(true);
  if (impl_->wake_fd >= 0) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(impl_->wake_fd, &one, sizeof one);  // signal-safe
  }
  if (impl_->pcap) impl_->api->pcap_breakloop(impl_->pcap);
}

}  // namespace pxescope
