#include "responder/tftp/tftp_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "responder/log_escape.hpp"
#include "responder/tftp/tftp_net.hpp"
#include "responder/tftp/tftp_netascii.hpp"
#include "responder/tftp/tftp_path.hpp"
#include "responder/tftp/tftp_policy.hpp"
#include "responder/tftp/tftp_tid.hpp"

namespace pxescope::tftp {
namespace {

constexpr uint64_t kListenTag = ~uint64_t{0};
constexpr uint64_t kListen6Tag = ~uint64_t{1};
constexpr size_t kMaxRequestsPerWake = 64;     // fairness between new requests and transfers
constexpr int kListenReceiveBuffer = 4 << 20;  // a boot storm of RRQs must not overflow it

// Puts one control message (`level`, `type`, `value`) into `header`, in `control`.
template <typename T>
void attach_control(msghdr& header, char* control, int level, int type, const T& value) {
  header.msg_control = control;
  header.msg_controllen = CMSG_SPACE(sizeof(T));
  cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
  cmsg->cmsg_level = level;
  cmsg->cmsg_type = type;
  cmsg->cmsg_len = CMSG_LEN(sizeof(T));
  std::memcpy(CMSG_DATA(cmsg), &value, sizeof value);
}

}  // namespace

struct TftpServer::ActiveTransfer {
  std::unique_ptr<Transfer> transfer;
  TransferEvent event;  // filled at start, completed at the end
  Clock::time_point started;
  responder::EndpointKey peer;  // endpoint_key() of the client
  Endpoint address;             // the client's TID: datagrams from elsewhere get ERROR 5
};

struct TftpServer::RequestContext {
  Endpoint peer;
  int listen_fd = -1;  // the socket it came on (IPv4 or IPv6)
  // Destination address of the request (replies come from the same address), by family.
  in_addr local{};
  in6_addr local6{};
  int ifindex = 0;
};

TftpServer::TftpServer(Options options)
    : options_(std::move(options)),
      receive_storage_(std::make_unique_for_overwrite<uint8_t[]>(kMaxPacket + 1)),
      send_storage_(std::make_unique_for_overwrite<uint8_t[]>(kScratchBytes)),
      receive_buffer_(receive_storage_.get(), kMaxPacket + 1),
      send_buffer_(send_storage_.get(), kScratchBytes) {
  transfers_.reserve(options_.max_transfers);
  transfer_by_peer_.reserve(options_.max_transfers);
}

TftpServer::~TftpServer() {
  transfers_.clear();  // closes transfer sockets and files
  if (listen_fd_ >= 0) close(listen_fd_);
  if (listen6_fd_ >= 0) close(listen6_fd_);
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

bool TftpServer::change_root(const std::filesystem::path& root, std::string& error) {
  // A SIGHUP reload: try the new root first, so a bad one keeps the old (open() would forget it).
  RootDirectory candidate;
  if (!candidate.open(root, error) || !root_.open(root, error)) return false;
  options_.root = root;
  return true;
}

bool TftpServer::open(std::string& error) {
  if (!options_.root.empty() && !root_.open(options_.root, error)) {
    // The advice names where the root was set: a config line, or the flag.
    const bool flag = options_.root_origin.starts_with("--");
    error = options_.root_origin + ": " + error +
            (flag ? "; create it or pass another --tftp-root"
                  : "; create it, or change the tftp-root= line there");
    return false;
  }
  in_addr bind_address{};
  if (inet_pton(AF_INET, options_.bind_ip.c_str(), &bind_address) != 1) {
    error = "TFTP bind address '" + options_.bind_ip + "' is not an IPv4 address";
    return false;
  }
  iface_mtu_ = interface_mtu(options_.iface);
  listen_fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (listen_fd_ < 0 || epoll_fd_ < 0) {
    error = std::string("cannot create TFTP sockets: ") + std::strerror(errno);
    return false;
  }
  // No SO_REUSEADDR/SO_REUSEPORT: with them a second server could share port 69 and take
  // some of the requests; a port in use must be a clear start-up error instead.
  const int on = 1;
  setsockopt(listen_fd_, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
  setsockopt(listen_fd_, SOL_SOCKET, SO_RCVBUF, &kListenReceiveBuffer, sizeof kListenReceiveBuffer);
  if (!options_.iface.empty() &&
      setsockopt(listen_fd_, SOL_SOCKET, SO_BINDTODEVICE, options_.iface.c_str(),
                 static_cast<socklen_t>(options_.iface.size())) != 0) {
    error = "cannot bind TFTP to interface " + options_.iface + ": " + std::strerror(errno) +
            (errno == EPERM ? " (needs root or CAP_NET_RAW)" : "");
    return false;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(options_.port);
  address.sin_addr = bind_address;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    error = bind_error_text(errno, options_.bind_ip, options_.port, options_.iface);
    return false;
  }
  if (!watch_bound_socket(epoll_fd_, listen_fd_, kListenTag, bound_port_, error)) return false;
  return !options_.ipv6 || open_ipv6(error);
}

bool TftpServer::open_ipv6(std::string& error) {
  // The port the IPv4 socket got (the same number when it was ephemeral), same exclusivity.
  listen6_fd_ = open_ipv6_any(SOCK_DGRAM, bound_port_, options_.iface, error);
  if (listen6_fd_ < 0) {
    if (!error.empty()) return false;
    if (errno == EAFNOSUPPORT) {
      ipv6_note_ = "the kernel has no IPv6: TFTP serves IPv4 only";
      return true;
    }
    error = bind_error_text(errno, "[::]", bound_port_, options_.iface);
    return false;
  }
  const int on = 1;
  setsockopt(listen6_fd_, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on);
  setsockopt(listen6_fd_, SOL_SOCKET, SO_RCVBUF, &kListenReceiveBuffer,
             sizeof kListenReceiveBuffer);
  uint16_t port6 = 0;
  return watch_bound_socket(epoll_fd_, listen6_fd_, kListen6Tag, port6, error);
}

void TftpServer::log(const TransferEvent& event) const {
  if (options_.logger) options_.logger(event);
}

void TftpServer::handle_ready(Clock::time_point now) {
  epoll_event events[64];
  for (;;) {
    const int count = epoll_wait(epoll_fd_, events, 64, 0);
    if (count <= 0) return;
    dispatch(events, count, now);
    if (count < 64) return;
  }
}

void TftpServer::dispatch(const epoll_event* events, int count, Clock::time_point now) {
  for (int i = 0; i < count; ++i) {
    if (events[i].data.u64 == kListenTag) {
      drain_requests(listen_fd_, now);
    } else if (events[i].data.u64 == kListen6Tag) {
      drain_requests(listen6_fd_, now);
    } else {
      // One datagram per wake: a transfer expects one ACK per window, and the level-triggered
      // epoll reports the socket again if more are queued (saves a recv that would say EAGAIN).
      receive_on_transfer(static_cast<int>(events[i].data.u64), now);
    }
  }
}

Clock::time_point TftpServer::next_deadline() const {
  auto earliest = Clock::time_point::max();
  for (const auto& [fd, active] : transfers_) {
    earliest = std::min(earliest, active->transfer->deadline());
  }
  return earliest;
}

void TftpServer::handle_timeouts(Clock::time_point now) {
  // Collect first: finish() erases from the map we iterate.
  int expired[64];
  bool more = true;
  while (more) {
    size_t count = 0;
    more = false;
    for (const auto& [fd, active] : transfers_) {
      if (active->transfer->deadline() > now) continue;
      if (count == std::size(expired)) {
        more = true;
        break;
      }
      expired[count++] = fd;
    }
    for (size_t i = 0; i < count; ++i) {
      auto& active = *transfers_.at(expired[i]);
      const auto status = active.transfer->on_timeout(now, send_buffer_);
      if (status != Transfer::Status::kRunning) finish(expired[i], status, now);
    }
  }
}

int TftpServer::run_until(const std::atomic<bool>& stop) {
  while (!stop.load(std::memory_order_relaxed)) {
    auto now = Clock::now();
    const auto deadline = next_deadline();
    auto wait = std::chrono::milliseconds(100);
    if (deadline != Clock::time_point::max()) {
      const auto until = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
      wait = std::clamp(until, std::chrono::milliseconds(0), wait);
    }
    // Wait on the epoll set itself: one syscall per wake instead of poll + epoll_wait.
    epoll_event events[64];
    const int count = epoll_wait(epoll_fd_, events, 64, static_cast<int>(wait.count()));
    now = Clock::now();
    if (count > 0) dispatch(events, count, now);
    handle_timeouts(now);
  }
  return 0;
}

void TftpServer::drain_requests(int listen_fd, Clock::time_point now) {
  for (size_t n = 0; n < kMaxRequestsPerWake; ++n) {
    RequestContext context;
    context.listen_fd = listen_fd;
    iovec vector{receive_buffer_.data(), receive_buffer_.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo))];
    msghdr message{};
    message.msg_name = context.peer.address();
    message.msg_namelen = Endpoint::capacity();
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    const ssize_t length = recvmsg(listen_fd, &message, MSG_DONTWAIT);
    if (length < 0) return;  // EAGAIN: drained
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header;
         header = CMSG_NXTHDR(&message, header)) {
      if (header->cmsg_level == IPPROTO_IP && header->cmsg_type == IP_PKTINFO) {
        in_pktinfo info{};
        std::memcpy(&info, CMSG_DATA(header), sizeof info);
        context.local = info.ipi_addr;
        context.ifindex = info.ipi_ifindex;
      } else if (header->cmsg_level == IPPROTO_IPV6 && header->cmsg_type == IPV6_PKTINFO) {
        in6_pktinfo info{};
        std::memcpy(&info, CMSG_DATA(header), sizeof info);
        context.local6 = info.ipi6_addr;
        context.ifindex = static_cast<int>(info.ipi6_ifindex);
      }
    }
    if (options_.single_port &&
        deliver_on_listening_port(context, static_cast<size_t>(length), now)) {
      continue;
    }
    handle_request(context, static_cast<size_t>(length), now);
  }
}

bool TftpServer::deliver_on_listening_port(const RequestContext& context, size_t length,
                                           Clock::time_point now) {
  const bool request = length >= 2 && receive_buffer_[0] == 0 &&
                       (receive_buffer_[1] == static_cast<uint8_t>(Opcode::kRrq) ||
                        receive_buffer_[1] == static_cast<uint8_t>(Opcode::kWrq));
  if (request) return false;
  const auto found = transfer_by_peer_.find(endpoint_key(context.peer));
  if (found == transfer_by_peer_.end()) return false;
  deliver(found->second, length, now);
  return true;
}

void TftpServer::deliver(int fd, size_t length, Clock::time_point now) {
  const auto status =
      transfers_.at(fd)->transfer->on_datagram({receive_buffer_.data(), length}, now, send_buffer_);
  if (status != Transfer::Status::kRunning) finish(fd, status, now);
}

uint16_t TftpServer::blksize_limit_for(const RequestContext& context) const {
  int mtu = iface_mtu_;
  if (options_.iface.empty() && context.ifindex > 0) {
    char name[IF_NAMESIZE] = {};
    if (if_indextoname(static_cast<unsigned>(context.ifindex), name)) mtu = interface_mtu(name);
  }
  if (mtu <= 0) return options_.max_blksize;
  // A block must fit one unfragmented datagram: IPv6's header is 20 bytes longer.
  const int overhead = context.peer.is_v6() ? kBlockOverheadV6 : kBlockOverheadV4;
  return static_cast<uint16_t>(std::clamp<int>(std::min<int>(options_.max_blksize, mtu - overhead),
                                               kMinBlksize, kMaxBlksize));
}

void TftpServer::refuse(const RequestContext& context, ErrorCode code, const std::string& message,
                        const std::string& file) {
  const size_t length = build_error(send_buffer_, code, message);
  iovec vector{send_buffer_.data(), length};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo))] = {};
  msghdr header{};
  Endpoint peer = context.peer;
  header.msg_name = peer.address();
  header.msg_namelen = peer.size();
  header.msg_iov = &vector;
  header.msg_iovlen = 1;
  // Answer from the address the request was sent to (IP_PKTINFO / IPV6_PKTINFO).
  if (peer.is_v6() && !IN6_IS_ADDR_UNSPECIFIED(&context.local6)) {
    in6_pktinfo info{};
    info.ipi6_addr = context.local6;
    info.ipi6_ifindex = static_cast<unsigned>(context.ifindex);
    attach_control(header, control, IPPROTO_IPV6, IPV6_PKTINFO, info);
  } else if (!peer.is_v6() && context.local.s_addr != 0) {
    in_pktinfo info{};
    info.ipi_spec_dst = context.local;
    attach_control(header, control, IPPROTO_IP, IP_PKTINFO, info);
  }
  sendmsg(context.listen_fd, &header, MSG_DONTWAIT);
  TransferEvent event;
  event.kind = TransferEvent::Kind::kRefused;
  event.client = endpoint_text(context.peer);
  event.file = file;
  event.error_code = static_cast<uint16_t>(code);
  event.message = message;
  log(event);
}

void TftpServer::handle_request(const RequestContext& context, size_t length,
                                Clock::time_point now) {
  const auto parsed = parse_request({receive_buffer_.data(), length});
  if (!parsed.request) {
    // Answer only broken RRQ/WRQs; stray ACK/DATA/ERROR (late packets of a finished exchange)
    // and non-TFTP noise are dropped silently: never answer an ERROR with an ERROR.
    if (length >= 2 && receive_buffer_[0] == 0 &&
        (receive_buffer_[1] == 1 || receive_buffer_[1] == 2)) {
      refuse(context, ErrorCode::kIllegalOperation, "malformed request: " + parsed.error, "");
    }
    return;
  }
  const Request& request = *parsed.request;
  if (request.opcode == Opcode::kWrq) {
    refuse(context, ErrorCode::kAccessViolation, "read-only server: write requests are refused",
           request.filename);
    return;
  }
  if (request.mode != "octet" && request.mode != "netascii") {
    refuse(context, ErrorCode::kIllegalOperation,
           "transfer mode '" + request.mode + "' is not supported (use octet)", request.filename);
    return;
  }
  const responder::EndpointKey key = endpoint_key(context.peer);
  if (transfer_by_peer_.count(key)) return;  // a retransmitted RRQ: the transfer already runs
  if (transfers_.size() >= options_.max_transfers) {
    refuse(context, ErrorCode::kNotDefined,
           "server busy: " + std::to_string(options_.max_transfers) +
               " transfers in progress (the tftp-max limit); retry later",
           request.filename);
    return;
  }
  // One host (a looping firmware, a flood) must not take every slot from the others.
  const responder::HostKey client_ip = key.host;
  const auto in_flight = transfers_per_ip_.find(client_ip);
  if (options_.max_per_client > 0 && in_flight != transfers_per_ip_.end() &&
      in_flight->second >= options_.max_per_client) {
    refuse(context, ErrorCode::kNotDefined,
           "too many transfers from " + responder::host_text(context.peer) + ": " +
               std::to_string(options_.max_per_client) +
               " in progress (the tftp-max-per-client limit); retry later",
           request.filename);
    return;
  }
  OpenedFile opened;
  if (const FileRoute* route = find_route(options_.routes, request.filename)) {
    opened = open_route(*route);  // pxescope's own file: the root's ownership rules do not apply
  } else if (options_.root.empty()) {
    refuse(context, ErrorCode::kFileNotFound,
           "file not found: this server has no TFTP root (it serves only the iPXE binaries)",
           request.filename);
    return;
  } else if (!open_below_root(context, request.filename, opened)) {
    return;
  }
  if (opened.fd < 0) {
    const bool missing = opened.error_errno == ENOENT || opened.error_errno == ENOTDIR;
    refuse(context, missing ? ErrorCode::kFileNotFound : ErrorCode::kAccessViolation,
           (missing ? "file not found: " : "access violation: ") + opened.reason, request.filename);
    return;
  }
  if (request.mode == "netascii") {  // served from a converted copy (LF -> CR LF, CR -> CR NUL)
    const auto copy = netascii_copy(opened.fd, opened.size);
    close(opened.fd);
    if (copy.fd < 0) {
      refuse(context, ErrorCode::kNotDefined, copy.error, request.filename);
      return;
    }
    opened.fd = copy.fd;
    opened.size = copy.size;
  }
  std::string socket_error;
  const int sock = open_transfer_socket(context, socket_error);
  if (sock < 0) {
    close(opened.fd);
    refuse(context, ErrorCode::kNotDefined, socket_error, request.filename);
    return;
  }

  NegotiationLimits limits;
  limits.max_blksize = blksize_limit_for(context);
  limits.max_windowsize = options_.max_windowsize;
  Transfer::Settings settings;
  RequestedOptions requested = request.options;
  if (options_.no_blocksize) requested.blksize.reset();  // tftp-no-blocksize
  settings.negotiated = negotiate(requested, limits);
  settings.file_size = opened.size;
  // Retransmit on our own (short) timer even when the client announced a longer "timeout":
  // resending early is harmless (duplicate ACKs are ignored), waiting 6 s per loss as curl asks
  // is not. The backoff cap must exceed the clients' own timers (atftp, tftp-hpa: 5 s): atftp
  // re-ACKs a repeated DATA only once and restarts its timer on every packet, so if that ACK is
  // lost only a silence longer than its timer makes it speak again.
  const Clock::duration server_timeout =
      std::chrono::milliseconds(std::max(1, options_.timeout_ms));
  const Clock::duration client_timeout =
      std::chrono::seconds(settings.negotiated.timeout_s.value_or(0));
  settings.timeout =
      client_timeout.count() > 0 ? std::min(server_timeout, client_timeout) : server_timeout;
  settings.max_timeout =
      std::max<Clock::duration>({client_timeout, server_timeout * 8, std::chrono::seconds(6)});
  settings.max_retries = options_.retries;
  settings.peer = context.peer;

  auto active = std::make_unique<ActiveTransfer>();
  active->transfer = std::make_unique<Transfer>(sock, opened.fd, settings);
  active->started = now;
  active->peer = key;
  active->address = context.peer;
  TransferEvent& event = active->event;
  event.client = endpoint_text(context.peer);
  event.file = request.filename;
  event.size = opened.size;
  event.blksize = settings.negotiated.blksize;
  event.windowsize = settings.negotiated.windowsize;
  event.tsize_requested = settings.negotiated.ack_tsize;
  const auto status = active->transfer->start(now, send_buffer_);
  event.kind = TransferEvent::Kind::kStart;
  log(event);
  transfers_.emplace(sock, std::move(active));
  transfer_by_peer_.emplace(key, sock);
  ++transfers_per_ip_[client_ip];
  if (status != Transfer::Status::kRunning) finish(sock, status, now);
}

bool TftpServer::open_below_root(const RequestContext& context, const std::string& requested,
                                 OpenedFile& opened) {
  std::string root_error;
  if (!root_.refresh(root_error)) {
    refuse(context, ErrorCode::kFileNotFound, root_error, requested);
    return false;
  }
  const auto decision = decide_path(context, requested);
  if (!decision.allowed) {
    refuse(context, ErrorCode::kAccessViolation, "access violation: " + decision.reason, requested);
    return false;
  }
  opened = open_beneath(root_.fd(), root_.canonical(), decision.relative);
  if (opened.fd < 0) return true;  // the caller says why
  if (const std::string refusal =
          ownership_refusal(opened.mode, opened.owner, geteuid(), options_.secure);
      !refusal.empty()) {
    close(opened.fd);
    refuse(context, ErrorCode::kAccessViolation, "access violation: " + refusal, requested);
    return false;
  }
  return true;
}

PathDecision TftpServer::decide_path(const RequestContext& context,
                                     const std::string& requested) const {
  auto decision = resolve_request_path(options_.lowercase ? lowercase_name(requested) : requested,
                                       root_.canonical());
  if (!decision.allowed || !options_.unique_root) return decision;
  const std::string own = unique_root_of(context.peer, options_.unique_root_mac);
  struct stat info {};
  // As dnsmasq: the client's own directory when it exists, else the root itself.
  if (!own.empty() && fstatat(root_.fd(), own.c_str(), &info, 0) == 0 && S_ISDIR(info.st_mode)) {
    decision.relative = own + "/" + decision.relative;
  }
  return decision;
}

int TftpServer::open_transfer_socket(const RequestContext& context, std::string& error) {
  if (options_.single_port) {
    // The listening socket itself, duplicated so the transfer may close its copy. Not in the
    // epoll set: its datagrams arrive through drain_requests().
    const int copy = fcntl(context.listen_fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0) error = std::string("server out of descriptors: ") + std::strerror(errno);
    return copy;
  }
  const int family = context.peer.is_v6() ? AF_INET6 : AF_INET;
  const int sock = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (sock < 0) {
    error = std::string("server out of sockets: ") + std::strerror(errno);
    return -1;
  }
  if (!options_.iface.empty()) {
    setsockopt(sock, SOL_SOCKET, SO_BINDTODEVICE, options_.iface.c_str(),
               static_cast<socklen_t>(options_.iface.size()));
  }
  // From the address the request came to (a link-local one with the client's link).
  Endpoint local;
  if (family == AF_INET6) {
    local.storage.v6.sin6_family = AF_INET6;
    local.storage.v6.sin6_addr = context.local6;
    if (IN6_IS_ADDR_LINKLOCAL(&context.local6)) {
      local.storage.v6.sin6_scope_id = static_cast<uint32_t>(context.ifindex);
    }
  } else {
    local.storage.v4.sin_family = AF_INET;
    local.storage.v4.sin_addr = context.local;
  }
  int bound = -1;
  if (options_.port_min == 0) {
    bound = bind(sock, local.address(), local.size());
  } else {
    // tftp-port-range: the next free port of the range, the search going round it once.
    const uint32_t span = uint32_t{options_.port_max} - options_.port_min + 1;
    for (uint32_t tried = 0; tried < span && bound != 0; ++tried) {
      if (next_range_port_ < options_.port_min || next_range_port_ > options_.port_max) {
        next_range_port_ = options_.port_min;
      }
      const uint16_t port = htons(next_range_port_++);
      (family == AF_INET6 ? local.storage.v6.sin6_port : local.storage.v4.sin_port) = port;
      bound = bind(sock, local.address(), local.size());
      if (bound != 0 && errno != EADDRINUSE) break;
    }
  }
  epoll_event watch{};
  watch.events = EPOLLIN;
  watch.data.u64 = static_cast<uint64_t>(sock);
  // Not connected: a connected socket would let the kernel answer other TIDs with ICMP, where
  // RFC 1350 wants ERROR 5. IP_RECVERR still reports the client's ICMP port unreachable.
  receive_icmp_errors(sock, family);
  if (bound != 0 || epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, sock, &watch) != 0) {
    error = bound != 0 && options_.port_min != 0 && errno == EADDRINUSE
                ? "no free port in tftp-port-range " + std::to_string(options_.port_min) + "-" +
                      std::to_string(options_.port_max) + "; retry later"
                : std::string("server cannot open a transfer socket: ") + std::strerror(errno);
    close(sock);
    return -1;
  }
  return sock;
}

void TftpServer::receive_on_transfer(int fd, Clock::time_point now) {
  const auto found = transfers_.find(fd);
  if (found == transfers_.end()) return;  // finished earlier in this batch of events
  ActiveTransfer& active = *found->second;
  Endpoint from;
  socklen_t from_length = Endpoint::capacity();
  const ssize_t length = recvfrom(fd, receive_buffer_.data(), receive_buffer_.size(), MSG_DONTWAIT,
                                  from.address(), &from_length);
  if (length < 0) {
    const int error = errno;
    if (error == EAGAIN || error == EINTR) return;
    // An ICMP error (IP_RECVERR): only a port unreachable from the client ends the transfer;
    // one about a stranger we answered, or a net/host unreachable in a link flap, does not.
    if (client_refused(fd, active.address)) {
      finish(fd, Transfer::Status::kSocketError, now, ECONNREFUSED);
    } else if (!transient_socket_error(error) && error != ECONNREFUSED) {
      finish(fd, Transfer::Status::kSocketError, now, error);
    }
    return;
  }
  if (!same_endpoint(from, active.address)) {  // RFC 1350: ERROR 5, the transfer goes on
    answer_unknown_tid(fd, from, send_buffer_);
    return;
  }
  deliver(fd, static_cast<size_t>(length), now);
}

void TftpServer::finish(int fd, Transfer::Status status, Clock::time_point now, int socket_errno) {
  const auto found = transfers_.find(fd);
  if (found == transfers_.end()) return;
  ActiveTransfer& active = *found->second;
  const Transfer& transfer = *active.transfer;
  TransferEvent& event = active.event;
  event.bytes = transfer.bytes_acknowledged();
  event.retransmissions = transfer.retransmissions();
  switch (status) {
    case Transfer::Status::kComplete:
      event.kind = TransferEvent::Kind::kFinish;
      break;
    case Transfer::Status::kClientError:
      event.error_code = transfer.client_error_code();
      event.message = std::string(transfer.client_error_text());
      // Firmware asks tsize, reads the size from our OACK and aborts: expected, not an error.
      event.kind =
          transfer.oack_pending() ? TransferEvent::Kind::kProbe : TransferEvent::Kind::kAborted;
      break;
    case Transfer::Status::kTimedOut:
      event.kind = TransferEvent::Kind::kTimedOut;
      event.message = "no ACK after " + std::to_string(options_.retries) + " retransmissions";
      break;
    case Transfer::Status::kSocketError:
      if (transfer.everything_sent() && socket_errno == ECONNREFUSED) {
        // The client got the last block and left before its final ACK reached us.
        event.kind = TransferEvent::Kind::kFinish;
        event.bytes = event.size;
        event.message = "final ACK lost; the client already left";
        break;
      }
      event.kind = TransferEvent::Kind::kFailed;
      event.message = std::string("socket: ") +
                      std::strerror(socket_errno ? socket_errno : transfer.last_errno());
      break;
    case Transfer::Status::kFileError:
      event.kind = TransferEvent::Kind::kFailed;
      event.message = "file changed or unreadable during the transfer";
      break;
    case Transfer::Status::kRunning:
      return;
  }
  const std::string error_text = status == Transfer::Status::kFileError  ? event.message
                                 : status == Transfer::Status::kTimedOut ? "timed out"
                                                                         : "";
  end_transfer(fd, now, error_text);
}

void TftpServer::shutdown(const std::string& reason) {
  const auto now = Clock::now();
  std::vector<int> in_flight;
  in_flight.reserve(transfers_.size());
  for (const auto& [fd, active] : transfers_) in_flight.push_back(fd);
  for (const int fd : in_flight) {
    ActiveTransfer& active = *transfers_.at(fd);
    TransferEvent& event = active.event;
    event.kind = TransferEvent::Kind::kFailed;
    event.bytes = active.transfer->bytes_acknowledged();
    event.retransmissions = active.transfer->retransmissions();
    event.message = "server shut down: " + reason;
    end_transfer(fd, now, "server shutting down");
  }
}

void TftpServer::end_transfer(int fd, Clock::time_point now, const std::string& error_text) {
  const auto found = transfers_.find(fd);
  if (found == transfers_.end()) return;
  ActiveTransfer& active = *found->second;
  if (!error_text.empty()) {
    const size_t length = build_error(send_buffer_, ErrorCode::kNotDefined, error_text);
    sendto(fd, send_buffer_.data(), length, MSG_DONTWAIT, active.address.address(),
           active.address.size());
  }
  active.event.duration =
      std::chrono::duration_cast<std::chrono::microseconds>(now - active.started);
  log(active.event);
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  transfer_by_peer_.erase(active.peer);
  const auto per_ip = transfers_per_ip_.find(active.peer.host);
  if (per_ip != transfers_per_ip_.end() && --per_ip->second == 0) transfers_per_ip_.erase(per_ip);
  transfers_.erase(found);  // closes the socket and the file
}

}  // namespace pxescope::tftp
