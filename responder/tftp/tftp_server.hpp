// The built-in read-only TFTP server: RFC 1350 + options (RFC 2347/2348/2349/7440), many
// concurrent transfers in ONE thread, each on its own ephemeral UDP socket (TID).
//
// Event-loop integration (loop-agnostic): the server owns one epoll descriptor, poll_fd(), that
// becomes readable whenever the listening socket or any transfer socket is. Watch that single fd
// in your loop (EPOLLIN) and:
//
//   when poll_fd() is readable          -> server.handle_ready(Clock::now());
//   when Clock::now() >= next_deadline() -> server.handle_timeouts(Clock::now());
//   wait at most until next_deadline() (Clock::time_point::max() = no transfer pending).
//
// Transfers come and go inside the epoll set; the caller never sees their sockets.
// run_until() is the same loop, standalone, for tests, benchmarks and a TFTP-only mode.
// Not thread-safe: call everything from one thread.
//
// IPv6: besides the IPv4 socket, one on [::]:69 (IPv6 only, bound to `iface`) takes requests
// to every IPv6 address of the interface, link-local included, and to addresses it gets later;
// the same rules and caps apply, logs show the client as [addr]:port. A kernel without IPv6 is
// served over IPv4 alone (ipv6_note() says so).
// Privileges: open() binds UDP 69 (root or CAP_NET_BIND_SERVICE; with `iface`, SO_BINDTODEVICE
// needs CAP_NET_RAW) and opens the root; call it BEFORE dropping root. Each request checks the
// root path still names that directory (reopened when it was swapped or re-created); files are
// opened with openat2(RESOLVE_BENEATH) relative to it, so the unprivileged user only needs read
// access to the files (and search access to the root's path to see it change).
// Timers: retransmission after `timeout_ms` (or the client's smaller "timeout"), doubling per
// retry up to max(client timeout, 8 x timeout_ms, 6 s); never on a duplicate ACK.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "responder/tftp/tftp_event.hpp"
#include "responder/tftp/tftp_path.hpp"
#include "responder/tftp/tftp_protocol.hpp"
#include "responder/tftp/tftp_root.hpp"
#include "responder/tftp/tftp_routes.hpp"
#include "responder/tftp/tftp_transfer.hpp"

struct epoll_event;  // <sys/epoll.h>, kept out of the header

namespace pxescope::tftp {

class TftpServer {
 public:
  struct Options {
    std::filesystem::path root;  // empty: no root, only `routes` are served
    FileRoutes routes;           // served by exact name before the root (the iPXE binaries)
    std::string root_origin = "--tftp-root";  // "FILE:LINE" of tftp-root=, for messages
    uint16_t port = 69;                       // 0 = ephemeral (tests); see bound_port()
    std::string bind_ip = "0.0.0.0";          // local IPv4 address to listen on
    bool ipv6 = false;  // also listen on [::] (the interface's IPv6 addresses, with `iface`)
    std::string iface;  // optional: SO_BINDTODEVICE + MTU clamp of blksize
    size_t max_transfers = 50;  // tftp-max: concurrent in total; beyond it ERROR 0 "busy"
    size_t max_per_client = 8;  // tftp-max-per-client: concurrent per client IP (0 = no limit)
    uint16_t max_blksize = kMaxBlksize;  // further clamped to MTU - 32 of the interface
    uint16_t max_windowsize = 64;
    int timeout_ms = 1000;  // retransmission timeout unless the client negotiates "timeout"
    int retries = 5;        // timeouts in a row without progress before giving up
    // dnsmasq's TFTP family of lines (see responder/README.md).
    bool no_blocksize = false;     // tftp-no-blocksize: ignore the client's blksize option
    bool lowercase = false;        // tftp-lowercase: look names up lower-cased
    bool unique_root = false;      // tftp-unique-root: root/<client ip>/ when that directory exists
    bool unique_root_mac = false;  //   =mac: root/<client mac, 01-02-03-04-05-06>/ instead
    bool secure = false;           // tftp-secure: only files owned by the serving user
    uint16_t port_min = 0, port_max = 0;  // tftp-port-range: transfer ports (0, 0 = ephemeral)
    bool single_port = false;             // tftp-single-port: transfers stay on the listening port
    std::function<void(const TransferEvent&)> logger;  // may be empty
  };

  explicit TftpServer(Options options);
  ~TftpServer();
  TftpServer(const TftpServer&) = delete;
  TftpServer& operator=(const TftpServer&) = delete;

  // Checks the root and binds the listening socket. On failure returns false and sets `error`
  // to one line naming the problem and the fix (privilege, missing root, address in use, ...).
  bool open(std::string& error);

  // Serves new requests from `root` (SIGHUP reload); transfers in flight keep the file they
  // opened. On failure the old root stays and `error` says why.
  bool change_root(const std::filesystem::path& root, std::string& error);

  int poll_fd() const { return epoll_fd_; }
  void handle_ready(Clock::time_point now);
  Clock::time_point next_deadline() const;
  void handle_timeouts(Clock::time_point now);
  // Standalone loop until `stop` becomes true (checked at least every 100 ms). Returns 0.
  int run_until(const std::atomic<bool>& stop);
  // The server stops (SIGTERM): every transfer in flight gets ERROR 0 and is logged as failed
  // with `reason`; their sockets and files are closed.
  void shutdown(const std::string& reason);

  uint16_t bound_port() const { return bound_port_; }
  bool listens_ipv6() const { return listen6_fd_ >= 0; }
  // Why IPv6 is not served although asked for ("" when it is, or was not asked for).
  const std::string& ipv6_note() const { return ipv6_note_; }
  size_t active_transfers() const { return transfers_.size(); }

 private:
  struct ActiveTransfer;
  struct RequestContext;

  bool open_ipv6(std::string& error);
  void drain_requests(int listen_fd, Clock::time_point now);
  void handle_request(const RequestContext& context, size_t length, Clock::time_point now);
  void refuse(const RequestContext& context, ErrorCode code, const std::string& message,
              const std::string& file);
  void dispatch(const ::epoll_event* events, int count, Clock::time_point now);
  void receive_on_transfer(int fd, Clock::time_point now);
  // Feeds the datagram in receive_buffer_ to the transfer on `fd`; ends it when it is over.
  void deliver(int fd, size_t length, Clock::time_point now);
  // tftp-single-port: a datagram on the listening port from a client with a transfer in flight
  // (other than its RRQ) belongs to that transfer. True when it was delivered.
  bool deliver_on_listening_port(const RequestContext& context, size_t length,
                                 Clock::time_point now);
  void finish(int fd, Transfer::Status status, Clock::time_point now, int socket_errno = 0);
  // Logs the end of the transfer on `fd` (after sending ERROR 0 `error_text` when not empty)
  // and releases it.
  void end_transfer(int fd, Clock::time_point now, const std::string& error_text);
  uint16_t blksize_limit_for(const RequestContext& context) const;
  // Opens the file below the root a request names (opened.fd < 0: not found or refused by the
  // confinement, for the caller to say); false when it already refused the request itself.
  bool open_below_root(const RequestContext& context, const std::string& requested,
                       OpenedFile& opened);
  // The path below the root a request names, after tftp-lowercase and tftp-unique-root.
  PathDecision decide_path(const RequestContext& context, const std::string& requested) const;
  // A socket for a new transfer, bound to the address the request came to (a port of
  // tftp-port-range when set), in the epoll set; -1 and `error` when none could be made.
  // Unconnected: see tftp_tid.hpp.
  int open_transfer_socket(const RequestContext& context, std::string& error);
  void log(const TransferEvent& event) const;

  Options options_;
  RootDirectory root_;  // re-checked on every request: a swapped or re-created root is seen
  int listen_fd_ = -1;
  int listen6_fd_ = -1;  // [::]:port, IPv6 only; -1 without IPv6
  std::string ipv6_note_;
  int iface_mtu_ = 0;  // of options_.iface, read at open(); 0 when unknown
  int epoll_fd_ = -1;
  uint16_t bound_port_ = 0;
  std::unordered_map<int, std::unique_ptr<ActiveTransfer>> transfers_;  // by socket fd
  // ip:port -> socket fd (dup RRQs); in flight, per client IP (both families)
  std::unordered_map<responder::EndpointKey, int, responder::EndpointKeyHash> transfer_by_peer_;
  std::unordered_map<responder::HostKey, size_t, responder::HostKeyHash> transfers_per_ip_;
  uint16_t next_range_port_ = 0;  // tftp-port-range: where the search for a free port starts
  // Not zero-filled (make_unique_for_overwrite): a page becomes resident only once a packet
  // is written to it, so an idle server holds none of these ~320 KiB.
  std::unique_ptr<uint8_t[]> receive_storage_, send_storage_;
  std::span<uint8_t> receive_buffer_, send_buffer_;
};

}  // namespace pxescope::tftp
