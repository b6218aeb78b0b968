// One client connection of the HTTP service: a state machine over a non-blocking socket.
//
//   reading the head -> answering (head, then the body from memory or by sendfile)
//        ^                       |
//        +-- keep-alive ---------+--> closing: shutdown(SHUT_WR), drain what the client still
//                                     sends, close (so a 4xx/503 is not lost to a reset)
//
// The server calls on_ready() when the socket is ready for interest() and on_timeout() at
// deadline(). Limits: the head must arrive within header_timeout (else 408) and fit in
// max_head_bytes (else 431); between requests a connection may idle for idle_timeout.
#pragma once

#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "responder/http/http_event.hpp"
#include "responder/http/http_files.hpp"
#include "responder/http/http_request.hpp"
#include "responder/net/endpoint.hpp"

namespace pxescope::responder::http {

using Clock = std::chrono::steady_clock;

struct ConnectionLimits {
  std::size_t max_head_bytes = 8192;
  Clock::duration header_timeout = std::chrono::seconds(10);
  Clock::duration idle_timeout = std::chrono::seconds(30);
  Clock::duration send_timeout = std::chrono::seconds(60);  // no byte taken by the client
  Clock::duration linger = std::chrono::seconds(2);         // closing: drain at most this long
};

class Connection {
 public:
  enum class Interest { kRead, kWrite, kDone };

  Connection(int fd, const Endpoint& peer, Clock::time_point now, const ConnectionLimits& limits,
             const RequestLogger& logger);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Refuses the connection at once: `status` (503) with Retry-After, then closes.
  void refuse(int status, int retry_after_s, const std::string& why, Clock::time_point now);
  Interest on_ready(FileResolver& files, Clock::time_point now);
  Interest on_timeout(Clock::time_point now);
  // The server stops: the answer in flight is cut, logged with `why`.
  void abort(const std::string& why, Clock::time_point now);

  Interest interest() const;
  Clock::time_point deadline() const { return deadline_; }
  HostKey client_ip() const { return host_key(peer_); }
  int fd() const { return fd_; }
  bool refused() const { return refused_; }
  // What the server's epoll set watches this socket for (so it changes it only when needed).
  Interest watched = Interest::kRead;  // made by refuse(): not counted in the limits

 private:
  enum class State { kReadingHead, kAnswering, kClosing, kDone };

  void read_head(FileResolver& files, Clock::time_point now);
  void answer(const ParseResult& parsed, FileResolver& files, Clock::time_point now);
  // `unsatisfied_size`: the size a 416's Content-Range names.
  void answer_error(int status, const std::string& why, bool close, Clock::time_point now,
                    std::uint64_t unsatisfied_size = 0);
  void start_answer(std::string head, bool close, Clock::time_point now);
  void write_answer(Clock::time_point now);
  void finish_answer(Clock::time_point now, const std::string& failure);
  void start_closing(Clock::time_point now);
  void drain_closing();
  void release_body();

  int fd_;
  Endpoint peer_;
  const ConnectionLimits& limits_;
  const RequestLogger& logger_;
  State state_ = State::kReadingHead;
  Clock::time_point deadline_;
  bool idle_ = false;  // kReadingHead between requests, nothing received yet

  std::string in_;   // bytes received, not yet consumed
  std::string out_;  // head (and a body from memory) still to send
  std::size_t out_sent_ = 0;
  int body_fd_ = -1;  // the file body, sent by sendfile after out_
  std::uint64_t body_offset_ = 0, body_end_ = 0;
  std::size_t head_bytes_ = 0;  // of out_: the rest is body
  bool close_after_ = false;
  bool head_only_ = false;      // HEAD: no body
  bool keep_alive_10_ = false;  // HTTP/1.0 client that asked for keep-alive
  int retry_after_s_ = 0;
  bool refused_ = false;
  RequestEvent event_;
  Clock::time_point started_;
};

}  // namespace pxescope::responder::http
