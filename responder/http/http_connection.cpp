#include "responder/http/http_connection.hpp"

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "responder/http/http_range.hpp"
#include "responder/http/http_response.hpp"
#include "responder/tftp/tftp_net.hpp"

namespace pxescope::responder::http {
namespace {

constexpr std::size_t kReadChunk = 16384;
// Bytes one connection may send per wake-up: many downloads share the loop fairly.
constexpr std::uint64_t kSendBudget = 16u << 20;
constexpr int kMaxRoundsPerWake = 256;  // pipelined requests answered per wake-up, at most

bool would_block(int error) {
  return error == EAGAIN || error == EWOULDBLOCK;
}

long long whole_seconds(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

}  // namespace

Connection::Connection(int fd, const Endpoint& peer, Clock::time_point now,
                       const ConnectionLimits& limits, const RequestLogger& logger)
    : fd_(fd),
      peer_(peer),
      limits_(limits),
      logger_(logger),
      deadline_(now + limits.header_timeout),
      started_(now) {}

Connection::~Connection() {
  release_body();
  if (fd_ >= 0) close(fd_);
}

void Connection::release_body() {
  if (body_fd_ >= 0) close(body_fd_);
  body_fd_ = -1;
  body_offset_ = body_end_ = 0;
}

Connection::Interest Connection::interest() const {
  switch (state_) {
    case State::kReadingHead:
    case State::kClosing:
      return Interest::kRead;
    case State::kAnswering:
      return Interest::kWrite;
    case State::kDone:
      break;
  }
  return Interest::kDone;
}

Connection::Interest Connection::on_ready(FileResolver& files, Clock::time_point now) {
  for (int round = 0; round < kMaxRoundsPerWake; ++round) {
    const State before = state_;
    const std::size_t sent_before = out_sent_;
    const std::uint64_t offset_before = body_offset_;
    switch (state_) {
      case State::kReadingHead:
        read_head(files, now);
        break;
      case State::kAnswering:
        write_answer(now);
        break;
      case State::kClosing:
        drain_closing();
        break;
      case State::kDone:
        return Interest::kDone;
    }
    // Blocked (or waiting for more bytes) in the same state: epoll says when to go on.
    if (state_ == before && out_sent_ == sent_before && body_offset_ == offset_before) break;
    if (state_ == State::kAnswering && before == State::kAnswering) break;  // send budget used
  }
  return interest();
}

void Connection::read_head(FileResolver& files, Clock::time_point now) {
  bool closed_by_client = false;
  char buffer[kReadChunk];
  while (in_.size() <= limits_.max_head_bytes) {
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) {
      if (idle_) {  // a new request begins: its head must now arrive in time
        idle_ = false;
        deadline_ = now + limits_.header_timeout;
      }
      in_.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) {
      closed_by_client = true;
    } else if (errno == EINTR) {
      continue;
    } else if (!would_block(errno)) {
      state_ = State::kDone;  // reset by the client: nothing to answer
      return;
    }
    break;
  }
  if (in_.empty()) {
    if (closed_by_client) state_ = State::kDone;
    return;
  }
  const ParseResult parsed = parse_request_head(in_, limits_.max_head_bytes);
  if (parsed.state == ParseState::kComplete) return answer(parsed, files, now);
  if (parsed.state == ParseState::kError) {
    event_ = {};
    event_.method = event_.target = "-";
    started_ = now;
    return answer_error(parsed.error_status, parsed.error, /*close=*/true, now);
  }
  if (closed_by_client) state_ = State::kDone;  // half a head, then gone
}

void Connection::answer(const ParseResult& parsed, FileResolver& files, Clock::time_point now) {
  const Request& request = parsed.request;
  in_.erase(0, parsed.head_bytes);
  event_ = {};
  event_.method = request.method;
  event_.target = request.target;
  event_.range = request.range;
  event_.user_agent = request.user_agent;
  started_ = now;
  head_only_ = request.method == "HEAD";
  keep_alive_10_ = request.minor_version == 0 && request.keep_alive;
  const bool close = !request.keep_alive;
  if (request.method != "GET" && !head_only_)
    return answer_error(405, "method " + request.method + " not allowed (read-only server)", close,
                        now);
  std::string path, why;
  if (!decode_target_path(request.target, path, why)) return answer_error(400, why, close, now);
  ResolvedBody body = files.resolve(path);
  if (body.status != 200) return answer_error(body.status, body.reason, close, now);

  ResponseHead head;
  head.content_type = body.content_type;
  head.close = close;
  head.keep_alive_10 = keep_alive_10_;
  head.accept_ranges = true;
  head.last_modified = body.mtime;
  head.total_size = body.size;
  const ByteRange range = request.range.empty() ? ByteRange{ByteRange::Kind::kWhole, 0, body.size}
                                                : resolve_range(request.range, body.size);
  if (range.kind == ByteRange::Kind::kUnsatisfiable) {
    if (body.fd >= 0) ::close(body.fd);
    return answer_error(416, "range not satisfiable for " + std::to_string(body.size) + " bytes",
                        close, now, body.size);
  }
  if (range.kind == ByteRange::Kind::kPartial) {
    head.status = 206;
    head.content_range = true;
    head.range_first = range.first;
    head.range_last = range.first + range.length - 1;
  }
  head.content_length = range.length;
  event_.status = head.status;
  event_.length = range.length;
  std::string text = format_response_head(head);
  head_bytes_ = text.size();
  if (!head_only_ && body.text) text.append(*body.text, range.first, range.length);
  if (!head_only_ && body.fd >= 0) {
    body_fd_ = body.fd;
    body_offset_ = range.first;
    body_end_ = range.first + range.length;
  } else if (body.fd >= 0) {
    ::close(body.fd);
  }
  start_answer(std::move(text), close, now);
}

void Connection::answer_error(int status, const std::string& why, bool close, Clock::time_point now,
                              std::uint64_t unsatisfied_size) {
  ResponseHead head;
  head.status = status;
  head.close = close;
  head.keep_alive_10 = keep_alive_10_ && !close;
  head.content_type = "text/plain; charset=utf-8";
  head.allow = status == 405;
  head.content_range = status == 416;
  head.total_size = unsatisfied_size;
  if (status == 503) head.retry_after_s = retry_after_s_;
  const std::string body = error_body(status);
  head.content_length = body.size();
  event_.status = status;
  event_.length = body.size();
  event_.message = why;
  std::string text = format_response_head(head);
  head_bytes_ = text.size();
  if (!head_only_) text += body;
  start_answer(std::move(text), close, now);
}

void Connection::refuse(int status, int retry_after_s, const std::string& why,
                        Clock::time_point now) {
  event_ = {};
  event_.method = event_.target = "-";
  started_ = now;
  retry_after_s_ = retry_after_s;
  refused_ = true;
  answer_error(status, why, /*close=*/true, now);
}

void Connection::start_answer(std::string head, bool close, Clock::time_point now) {
  if (event_.client.empty()) event_.client = endpoint_text(peer_);
  out_ = std::move(head);
  out_sent_ = 0;
  close_after_ = close;
  state_ = State::kAnswering;
  deadline_ = now + limits_.send_timeout;
}

void Connection::write_answer(Clock::time_point now) {
  bool progress = false;
  while (out_sent_ < out_.size()) {
    const int more = body_fd_ >= 0 ? MSG_MORE : 0;  // head and first body bytes in one segment
    const ssize_t n =
        send(fd_, out_.data() + out_sent_, out_.size() - out_sent_, MSG_NOSIGNAL | more);
    if (n > 0) {
      const std::size_t before = out_sent_;
      out_sent_ += static_cast<std::size_t>(n);
      if (out_sent_ > head_bytes_) event_.bytes += out_sent_ - std::max(before, head_bytes_);
      progress = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && would_block(errno)) {
      if (progress) deadline_ = now + limits_.send_timeout;
      return;
    }
    return finish_answer(now, std::string("send: ") + std::strerror(errno));
  }
  std::uint64_t sent_now = 0;
  while (body_offset_ < body_end_ && sent_now < kSendBudget) {
    off_t offset = static_cast<off_t>(body_offset_);
    const std::uint64_t left = body_end_ - body_offset_;
    const ssize_t n = sendfile(fd_, body_fd_, &offset, left < (1u << 30) ? left : (1u << 30));
    if (n > 0) {
      body_offset_ += static_cast<std::uint64_t>(n);
      event_.bytes += static_cast<std::uint64_t>(n);
      sent_now += static_cast<std::uint64_t>(n);
      progress = true;
      continue;
    }
    if (n == 0) return finish_answer(now, "file shrank during the transfer");
    if (errno == EINTR) continue;
    if (would_block(errno)) break;
    return finish_answer(now, std::string("sendfile: ") + std::strerror(errno));
  }
  if (progress) deadline_ = now + limits_.send_timeout;
  if (body_offset_ >= body_end_) finish_answer(now, {});
}

void Connection::finish_answer(Clock::time_point now, const std::string& failure) {
  event_.duration = std::chrono::duration_cast<std::chrono::microseconds>(now - started_);
  if (!failure.empty()) event_.message = failure;
  if (logger_) logger_(event_);
  release_body();
  out_.clear();
  out_sent_ = 0;
  head_only_ = false;
  if (!failure.empty()) {
    state_ = State::kDone;
  } else if (close_after_) {
    start_closing(now);
  } else {
    state_ = State::kReadingHead;
    idle_ = in_.empty();
    deadline_ = now + (idle_ ? limits_.idle_timeout : limits_.header_timeout);
  }
}

void Connection::start_closing(Clock::time_point now) {
  shutdown(fd_, SHUT_WR);
  in_.clear();
  state_ = State::kClosing;
  deadline_ = now + limits_.linger;
}

void Connection::drain_closing() {
  char buffer[kReadChunk];
  for (int reads = 0; reads < 64; ++reads) {
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && would_block(errno)) return;
    break;  // the client closed its side (or reset): done
  }
  state_ = State::kDone;
}

Connection::Interest Connection::on_timeout(Clock::time_point now) {
  switch (state_) {
    case State::kReadingHead:
      if (idle_) {  // keep-alive ran out between requests: close, nothing to say
        state_ = State::kDone;
        break;
      }
      event_ = {};
      event_.method = event_.target = "-";
      started_ = now;
      answer_error(408,
                   "request head not complete within " +
                       std::to_string(whole_seconds(limits_.header_timeout)) + " s",
                   /*close=*/true, now);
      break;
    case State::kAnswering:
      finish_answer(now, "client took no data for " +
                             std::to_string(whole_seconds(limits_.send_timeout)) + " s");
      break;
    case State::kClosing:
    case State::kDone:
      state_ = State::kDone;
      break;
  }
  return interest();
}

void Connection::abort(const std::string& why, Clock::time_point now) {
  if (state_ == State::kAnswering) finish_answer(now, why);
  state_ = State::kDone;
}

}  // namespace pxescope::responder::http
