#include "responder/http/http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "responder/tftp/tftp_net.hpp"

namespace pxescope::responder::http {
namespace {

using tftp::watch_bound_socket;

constexpr std::uint64_t kListenTag = ~std::uint64_t{0};
constexpr std::uint64_t kListen6Tag = ~std::uint64_t{1};
constexpr int kMaxAcceptsPerWake = 64;

std::string bind_error(int error, const std::string& ip, std::uint16_t port) {
  const std::string where = ip + ":" + std::to_string(port);
  if (error == EACCES)
    return "cannot listen for HTTP on TCP " + where +
           ": permission denied; run as root, grant CAP_NET_BIND_SERVICE, or choose "
           "--http-port above 1023";
  if (error == EADDRINUSE)
    return "cannot listen for HTTP on TCP " + where +
           ": the port is in use (another web server? `ss -ltnp 'sport = :" + std::to_string(port) +
           "'` names it): stop it or choose another --http-port";
  if (error == EADDRNOTAVAIL)
    return "cannot listen for HTTP on TCP " + where + ": no interface has address " + ip +
           " (check http-address=)";
  return "cannot listen for HTTP on TCP " + where + ": " + std::strerror(error);
}

}  // namespace

HttpServer::HttpServer(Options options)
    : options_(std::move(options)), files_(options_.root, options_.routes) {}

HttpServer::~HttpServer() {
  connections_.clear();
  if (listen_fd_ >= 0) close(listen_fd_);
  if (listen6_fd_ >= 0) close(listen6_fd_);
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

bool HttpServer::open(std::string& error) {
  if (!files_.open(error)) {
    error += "; create it, or change http-root= (or --http-root)";
    return false;
  }
  in_addr address_ip{};
  if (inet_pton(AF_INET, options_.bind_ip.c_str(), &address_ip) != 1) {
    error = "HTTP address '" + options_.bind_ip + "' is not an IPv4 address (http-address=)";
    return false;
  }
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (listen_fd_ < 0 || epoll_fd_ < 0) {
    error = std::string("cannot create the HTTP socket: ") + std::strerror(errno);
    return false;
  }
  // SO_REUSEADDR only lets a restart bind while old connections sit in TIME_WAIT; unlike
  // SO_REUSEPORT it never lets a second server share the port.
  const int on = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(options_.port);
  address.sin_addr = address_ip;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listen_fd_, 512) != 0) {
    error = bind_error(errno, options_.bind_ip, options_.port);
    return false;
  }
  if (!watch_bound_socket(epoll_fd_, listen_fd_, kListenTag, bound_port_, error)) return false;
  return !options_.ipv6 || open_ipv6(error);
}

bool HttpServer::open_ipv6(std::string& error) {
  // The IPv4 socket's port (the same number when it was ephemeral), and the same refusals.
  listen6_fd_ = tftp::open_ipv6_any(SOCK_STREAM, bound_port_, options_.iface, error);
  if (listen6_fd_ < 0 && error.empty() && errno == EAFNOSUPPORT) {
    ipv6_note_ = "the kernel has no IPv6: HTTP serves IPv4 only";
    return true;
  }
  if (listen6_fd_ < 0 || listen(listen6_fd_, 512) != 0) {
    if (error.empty()) error = bind_error(errno, "[::]", bound_port_);
    return false;
  }
  std::uint16_t port6 = 0;
  return watch_bound_socket(epoll_fd_, listen6_fd_, kListen6Tag, port6, error);
}

bool HttpServer::change(const std::filesystem::path& root, HttpRoutes routes, std::string& error) {
  if (!files_.change(root, std::move(routes), error)) return false;
  options_.root = root;
  return true;
}

void HttpServer::handle_ready(Clock::time_point now) {
  epoll_event events[64];
  for (int batch = 0; batch < 16; ++batch) {
    const int count = epoll_wait(epoll_fd_, events, 64, 0);
    if (count <= 0) return;
    for (int i = 0; i < count; ++i) {
      if (events[i].data.u64 == kListenTag || events[i].data.u64 == kListen6Tag) {
        accept_new(events[i].data.u64 == kListenTag ? listen_fd_ : listen6_fd_, now);
        continue;
      }
      const int fd = static_cast<int>(events[i].data.u64);
      const auto found = connections_.find(fd);
      if (found == connections_.end()) continue;  // ended earlier in this batch
      update(fd, found->second->on_ready(files_, now));
    }
    if (count < 64) return;
  }
}

void HttpServer::accept_new(int listen_fd, Clock::time_point now) {
  for (int n = 0; n < kMaxAcceptsPerWake; ++n) {
    Endpoint peer;
    socklen_t length = Endpoint::capacity();
    const int fd = accept4(listen_fd, peer.address(), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN: all taken (or a transient error: next wake)
    const HostKey ip = host_key(peer);
    auto connection = std::make_unique<Connection>(fd, peer, now, options_.limits, options_.logger);
    const std::size_t from_client = per_client_.count(ip) ? per_client_[ip] : 0;
    const bool total_full = connections_.size() - refusing_ >= options_.max_connections;
    const bool client_full = options_.max_per_client > 0 && from_client >= options_.max_per_client;
    if (total_full || client_full) {
      // As many again may be told 503; beyond that a flood is closed without a word.
      if (refusing_ >= options_.max_connections) {
        connection.reset();
        continue;
      }
      connection->refuse(
          503, options_.retry_after_s,
          total_full
              ? std::to_string(options_.max_connections) + " connections open (the http-max limit)"
              : std::to_string(options_.max_per_client) +
                    " connections from this client (the http-max-per-client limit)",
          now);
      ++refusing_;
    } else {
      ++per_client_[ip];
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = static_cast<std::uint64_t>(fd);
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
    const Connection::Interest interest = connection->interest();
    connections_.emplace(fd, std::move(connection));
    update(fd, interest);
  }
}

void HttpServer::update(int fd, Connection::Interest interest) {
  if (interest == Connection::Interest::kDone) return drop(fd);
  Connection& connection = *connections_.at(fd);
  if (connection.watched == interest) return;  // one syscall less per wake-up of a download
  connection.watched = interest;
  epoll_event event{};
  event.events = interest == Connection::Interest::kWrite ? EPOLLOUT : EPOLLIN;
  event.data.u64 = static_cast<std::uint64_t>(fd);
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event);
}

void HttpServer::drop(int fd) {
  const auto found = connections_.find(fd);
  if (found == connections_.end()) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  if (found->second->refused()) {
    --refusing_;
  } else {
    const auto count = per_client_.find(found->second->client_ip());
    if (count != per_client_.end() && --count->second == 0) per_client_.erase(count);
  }
  connections_.erase(found);  // closes the socket and the file
}

Clock::time_point HttpServer::next_deadline() const {
  auto earliest = Clock::time_point::max();
  for (const auto& [fd, connection] : connections_)
    earliest = std::min(earliest, connection->deadline());
  return earliest;
}

void HttpServer::handle_timeouts(Clock::time_point now) {
  std::vector<int> expired;
  for (const auto& [fd, connection] : connections_)
    if (connection->deadline() <= now) expired.push_back(fd);
  for (const int fd : expired) {
    Connection& connection = *connections_.at(fd);
    Connection::Interest interest = connection.on_timeout(now);
    // A 408 or 503 is written at once when the socket takes it (it usually does).
    if (interest == Connection::Interest::kWrite) interest = connection.on_ready(files_, now);
    update(fd, interest);
  }
}

void HttpServer::run_until(const std::atomic<bool>& stop) {
  while (!stop.load(std::memory_order_relaxed)) {
    auto now = Clock::now();
    int wait_ms = 100;
    const auto deadline = next_deadline();
    if (deadline != Clock::time_point::max()) {
      const auto until = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
      wait_ms = static_cast<int>(std::clamp<long long>(until, 0, 100));
    }
    epoll_event ignored{};
    // Wait on our own epoll set (handle_ready drains it).
    const int n = epoll_wait(epoll_fd_, &ignored, 1, wait_ms);
    (void)n;
    now = Clock::now();
    handle_ready(now);
    if (now >= next_deadline()) handle_timeouts(now);
  }
}

void HttpServer::shutdown(const std::string& reason) {
  const auto now = Clock::now();
  for (auto& [fd, connection] : connections_) connection->abort("server shut down: " + reason, now);
  connections_.clear();
  per_client_.clear();
  refusing_ = 0;
}

}  // namespace pxescope::responder::http
