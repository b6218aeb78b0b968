// One read transfer (RFC 1350 + RFC 7440 windows) on its own connected UDP socket (its TID).
// Event driven: the server feeds it datagrams and timeouts; it never blocks and never
// allocates per packet (it writes into the caller's scratch buffer of kScratchBytes).
#pragma once

#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "responder/net/endpoint.hpp"
#include "responder/tftp/tftp_protocol.hpp"

namespace pxescope::tftp {

using Clock = std::chrono::steady_clock;

// Blocks of one window go out in batches: one pread for the batch, one sendmmsg for its
// datagrams. The caller's scratch holds the headers (kBatchMax x 4 bytes) then the payload.
inline constexpr size_t kBatchMax = 64;
inline constexpr size_t kBatchHeaderBytes = kBatchMax * kHeaderSize;
inline constexpr size_t kScratchBytes = kBatchHeaderBytes + (1u << 18);  // >= kMaxBlksize
// Lockstep clients (windowsize 1) ask for one block per ACK: a per-transfer read-ahead of about
// this many bytes turns one pread per block into one per chunk, and the chunk is read right after
// a window goes out, while the client is busy, not between its ACK and our DATA.
// Allocated on first use, freed with the transfer.
inline constexpr size_t kReadAheadBytes = 64 * 1024;

// Send/receive errors that end nothing: a full buffer, or the route gone for a moment (a link
// flap: ENETUNREACH, ENETDOWN, EHOSTUNREACH). What was not sent counts as lost; the
// retransmission timer tries again, and the retry limit still ends a link that stays down.
bool transient_socket_error(int error);

class Transfer {
 public:
  enum class Status {
    kRunning,
    kComplete,     // the last block was acknowledged
    kClientError,  // the client sent ERROR (see client_error_code/text)
    kTimedOut,     // retries exhausted
    kSocketError,  // send/recv failed hard (client gone: ICMP port unreachable, ...)
    kFileError,    // the file shrank or could not be read
  };

  struct Settings {
    Negotiated negotiated;
    uint64_t file_size = 0;
    Clock::duration timeout = std::chrono::seconds(1);      // first retransmission
    Clock::duration max_timeout = std::chrono::seconds(8);  // backoff cap (doubling per retry)
    int max_retries = 5;
    // The client's address for an unconnected socket (the server's: it must see, and answer,
    // packets from other TIDs); unset for a connected socket (tests).
    std::optional<responder::Endpoint> peer;
  };

  // Takes ownership of both descriptors (closed in the destructor).
  Transfer(int socket_fd, int file_fd, const Settings& settings);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Sends the OACK (when options were negotiated) or the first window.
  Status start(Clock::time_point now, std::span<uint8_t> scratch);
  // A datagram that arrived on this transfer's socket.
  Status on_datagram(std::span<const uint8_t> datagram, Clock::time_point now,
                     std::span<uint8_t> scratch);
  // Called when now >= deadline(): retransmits from the last acknowledged block, or gives up.
  Status on_timeout(Clock::time_point now, std::span<uint8_t> scratch);

  Clock::time_point deadline() const { return deadline_; }
  int socket_fd() const { return socket_fd_; }
  bool oack_pending() const { return oack_pending_; }
  uint64_t bytes_acknowledged() const;
  // The last block went out at least once and only its ACK is missing.
  bool everything_sent() const {
    return !oack_pending_ && sent_up_to_ >= total_blocks_ && acked_ + 1 == total_blocks_;
  }
  uint32_t retransmissions() const { return retransmissions_; }
  uint16_t client_error_code() const { return client_error_code_; }
  std::string_view client_error_text() const { return {client_error_text_, client_error_length_}; }
  int last_errno() const { return last_errno_; }

 private:
  Status send_oack(std::span<uint8_t> scratch);
  Status send_window(Clock::time_point now, std::span<uint8_t> scratch);
  // Sends up to `count` blocks from next_block_; `sent` = how many went out (0 = would block).
  Status send_batch(uint64_t count, std::span<uint8_t> scratch, uint64_t& sent);
  // Reads `bytes` at `offset` (exactly, or kFileError) and returns where they are: in the
  // read-ahead chunk when they fit in one, else read straight into `into`.
  Status file_bytes(uint64_t offset, uint64_t bytes, uint8_t* into, const uint8_t*& where);
  bool read_exactly(uint8_t* into, uint64_t bytes, uint64_t offset);
  bool read_ahead_holds(uint64_t offset, uint64_t bytes) const;
  bool refill_read_ahead(uint64_t offset);  // the chunk starting at `offset`
  void prefetch_next_window();              // fills the chunk the next ACK will need

  int socket_fd_;
  int file_fd_;
  Settings settings_;
  uint64_t total_blocks_;    // the last block is shorter than blksize (possibly empty)
  uint64_t acked_ = 0;       // highest acknowledged absolute block (0 = none / OACK acked)
  uint64_t next_block_ = 1;  // next absolute block to send
  uint64_t sent_up_to_ = 0;  // highest absolute block sent at least once
  bool oack_pending_;
  int retries_ = 0;                  // consecutive timeouts without progress
  Clock::duration current_timeout_;  // doubles per retry, back to settings_.timeout on progress
  uint32_t retransmissions_ = 0;
  Clock::time_point deadline_{};
  uint16_t client_error_code_ = 0;
  char client_error_text_[64] = {};
  size_t client_error_length_ = 0;
  int last_errno_ = 0;
  uint64_t read_ahead_capacity_;           // kReadAheadBytes rounded down to whole blocks
  std::unique_ptr<uint8_t[]> read_ahead_;  // allocated on first use
  uint64_t read_ahead_offset_ = 0, read_ahead_length_ = 0;  // the file range it holds
};

}  // namespace pxescope::tftp
