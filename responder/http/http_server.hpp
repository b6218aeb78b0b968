// The built-in read-only HTTP/1.1 server: GET and HEAD of the routes (http_routes.hpp) and of
// the files below its root, many connections in ONE thread, beside DHCP and TFTP.
//
// Event-loop integration, as TftpServer: the server owns one epoll descriptor, poll_fd(),
// readable whenever the listening socket or a connection needs attention. Watch it (EPOLLIN):
//
//   when poll_fd() is readable           -> server.handle_ready(Clock::now());
//   when Clock::now() >= next_deadline() -> server.handle_timeouts(Clock::now());
//
// IPv6 (`ipv6`): one more listening socket on [::]:port, IPv6 only, bound to `iface`: every
// IPv6 address of the interface, link-local included, and those it gets later.
// Limits: max_connections in total and max_per_client per client IP; beyond them a new
// connection gets 503 with Retry-After and is closed. Privileges: open() binds the port (80
// needs root or CAP_NET_BIND_SERVICE) and opens the root: call it before dropping root.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

#include "responder/http/http_connection.hpp"
#include "responder/http/http_event.hpp"
#include "responder/http/http_files.hpp"
#include "responder/http/http_routes.hpp"

namespace pxescope::responder::http {

class HttpServer {
 public:
  struct Options {
    std::filesystem::path root;  // empty: only the routes are served
    HttpRoutes routes;
    std::string bind_ip = "0.0.0.0";  // the responder passes the interface's address
    std::uint16_t port = 80;          // 0 = ephemeral (tests); see bound_port()
    bool ipv6 = false;                // also listen on [::]:port ...
    std::string iface;                // ... of this interface (empty: of every interface)
    std::size_t max_connections = 64;
    std::size_t max_per_client = 16;  // 0 = no limit
    int retry_after_s = 2;            // said in the 503 at the caps
    ConnectionLimits limits;
    RequestLogger logger;  // may be empty
  };

  explicit HttpServer(Options options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Opens the root and listens. false + a one-line error naming the problem and the fix.
  bool open(std::string& error);
  // SIGHUP: new requests use `root` and `routes`; false (old ones kept) + error otherwise.
  bool change(const std::filesystem::path& root, HttpRoutes routes, std::string& error);

  int poll_fd() const { return epoll_fd_; }
  void handle_ready(Clock::time_point now);
  Clock::time_point next_deadline() const;
  void handle_timeouts(Clock::time_point now);
  // Standalone loop until `stop` (checked at least every 100 ms), for tests and benchmarks.
  void run_until(const std::atomic<bool>& stop);
  // Cuts every connection (answers in flight are logged with `reason`).
  void shutdown(const std::string& reason);

  std::uint16_t bound_port() const { return bound_port_; }
  const std::string& bind_ip() const { return options_.bind_ip; }
  bool listens_ipv6() const { return listen6_fd_ >= 0; }
  // Why IPv6 is not served although asked for ("" when it is, or was not asked for).
  const std::string& ipv6_note() const { return ipv6_note_; }
  std::size_t connections() const { return connections_.size(); }

 private:
  bool open_ipv6(std::string& error);
  void accept_new(int listen_fd, Clock::time_point now);
  // Watches the connection for what it needs now, or ends it.
  void update(int fd, Connection::Interest interest);
  void drop(int fd);

  Options options_;
  FileResolver files_;
  int listen_fd_ = -1;
  int listen6_fd_ = -1;  // [::]:port, IPv6 only; -1 without IPv6
  std::string ipv6_note_;
  int epoll_fd_ = -1;
  std::uint16_t bound_port_ = 0;
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;  // by socket fd
  std::unordered_map<HostKey, std::size_t, HostKeyHash> per_client_;  // by client IP
  std::size_t refusing_ = 0;  // connections answering 503 (bounded too)
};

}  // namespace pxescope::responder::http
