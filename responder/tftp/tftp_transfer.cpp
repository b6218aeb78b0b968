#include "responder/tftp/tftp_transfer.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pxescope::tftp {

bool transient_socket_error(int error) {
  return error == EAGAIN || error == ENOBUFS || error == EINTR || error == ENETUNREACH ||
         error == ENETDOWN || error == EHOSTUNREACH;
}

Transfer::Transfer(int socket_fd, int file_fd, const Settings& settings)
    : socket_fd_(socket_fd),
      file_fd_(file_fd),
      settings_(settings),
      total_blocks_(settings.file_size / settings.negotiated.blksize + 1),
      oack_pending_(settings.negotiated.any()),
      current_timeout_(settings.timeout),
      read_ahead_capacity_(std::max<uint64_t>(1, kReadAheadBytes / settings.negotiated.blksize) *
                           settings.negotiated.blksize) {}

Transfer::~Transfer() {
  if (socket_fd_ >= 0) close(socket_fd_);
  if (file_fd_ >= 0) close(file_fd_);
}

uint64_t Transfer::bytes_acknowledged() const {
  return std::min<uint64_t>(acked_ * settings_.negotiated.blksize, settings_.file_size);
}

Transfer::Status Transfer::start(Clock::time_point now, std::span<uint8_t> scratch) {
  deadline_ = now + settings_.timeout;
  if (oack_pending_) return send_oack(scratch);
  return send_window(now, scratch);
}

Transfer::Status Transfer::send_oack(std::span<uint8_t> scratch) {
  const size_t length = build_oack(scratch, settings_.negotiated, settings_.file_size);
  const sockaddr* peer = settings_.peer ? settings_.peer->address() : nullptr;
  if (sendto(socket_fd_, scratch.data(), length, MSG_DONTWAIT, peer,
             settings_.peer ? settings_.peer->size() : 0) < 0 &&
      !transient_socket_error(errno)) {
    last_errno_ = errno;
    return Status::kSocketError;
  }
  return Status::kRunning;
}

bool Transfer::read_exactly(uint8_t* into, uint64_t bytes, uint64_t offset) {
  uint64_t done = 0;
  while (done < bytes) {
    const ssize_t got =
        pread(file_fd_, into + done, bytes - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      last_errno_ = got < 0 ? errno : 0;
      return false;  // the file shrank under us: stop rather than send garbage
    }
    done += static_cast<uint64_t>(got);
  }
  return true;
}

bool Transfer::read_ahead_holds(uint64_t offset, uint64_t bytes) const {
  return offset >= read_ahead_offset_ && offset + bytes <= read_ahead_offset_ + read_ahead_length_;
}

bool Transfer::refill_read_ahead(uint64_t offset) {
  if (!read_ahead_) read_ahead_ = std::make_unique_for_overwrite<uint8_t[]>(read_ahead_capacity_);
  const uint64_t length = std::min(read_ahead_capacity_, settings_.file_size - offset);
  read_ahead_length_ = 0;
  if (!read_exactly(read_ahead_.get(), length, offset)) return false;
  read_ahead_offset_ = offset;
  read_ahead_length_ = length;
  return true;
}

Transfer::Status Transfer::file_bytes(uint64_t offset, uint64_t bytes, uint8_t* into,
                                      const uint8_t*& where) {
  if (bytes > read_ahead_capacity_) {  // a big window batch: one pread for it is cheap enough
    if (!read_exactly(into, bytes, offset)) return Status::kFileError;
    where = into;
    return Status::kRunning;
  }
  if (!read_ahead_holds(offset, bytes) && !refill_read_ahead(offset)) return Status::kFileError;
  where = read_ahead_.get() + (offset - read_ahead_offset_);
  return Status::kRunning;
}

void Transfer::prefetch_next_window() {
  if (next_block_ > total_blocks_) return;
  const uint64_t blksize = settings_.negotiated.blksize;
  const uint64_t offset = (next_block_ - 1) * blksize;
  const uint64_t bytes =
      std::min(settings_.negotiated.windowsize * blksize, settings_.file_size - offset);
  if (bytes > read_ahead_capacity_ || read_ahead_holds(offset, bytes)) return;
  refill_read_ahead(offset);  // a failure shows again, and is reported, when the block is sent
}

Transfer::Status Transfer::send_batch(uint64_t count, std::span<uint8_t> scratch, uint64_t& sent) {
  const uint64_t blksize = settings_.negotiated.blksize;
  const uint64_t payload_room = scratch.size() - kBatchHeaderBytes;
  count = std::min<uint64_t>({count, kBatchMax, std::max<uint64_t>(1, payload_room / blksize)});
  const uint64_t offset = (next_block_ - 1) * blksize;
  const uint64_t bytes = std::min<uint64_t>(count * blksize, settings_.file_size - offset);
  const uint8_t* payload = nullptr;
  if (const Status status = file_bytes(offset, bytes, scratch.data() + kBatchHeaderBytes, payload);
      status != Status::kRunning) {
    return status;
  }
  iovec parts[kBatchMax][2];
  mmsghdr messages[kBatchMax] = {};
  for (uint64_t i = 0; i < count; ++i) {
    uint8_t* header = scratch.data() + i * kHeaderSize;
    write_data_header({header, kHeaderSize}, static_cast<uint16_t>((next_block_ + i) & 0xffff));
    const uint64_t start = i * blksize;
    parts[i][0] = {header, kHeaderSize};
    // iovec has no const flavour; sendmmsg only reads the payload.
    parts[i][1] = {const_cast<uint8_t*>(payload) + start,
                   static_cast<size_t>(std::min(blksize, bytes - start))};
    messages[i].msg_hdr.msg_iov = parts[i];
    messages[i].msg_hdr.msg_iovlen = 2;
    if (settings_.peer) {
      messages[i].msg_hdr.msg_name = settings_.peer->address();
      messages[i].msg_hdr.msg_namelen = settings_.peer->size();
    }
  }
  const int result = sendmmsg(socket_fd_, messages, static_cast<unsigned>(count), MSG_DONTWAIT);
  if (result < 0) {
    if (transient_socket_error(errno)) {
      sent = 0;  // treated as a loss: the timeout resends from the last ACK
      return Status::kRunning;
    }
    last_errno_ = errno;
    return Status::kSocketError;
  }
  sent = static_cast<uint64_t>(result);
  return Status::kRunning;
}

Transfer::Status Transfer::send_window(Clock::time_point now, std::span<uint8_t> scratch) {
  const uint64_t window_end = std::min(total_blocks_, acked_ + settings_.negotiated.windowsize);
  while (next_block_ <= window_end) {
    uint64_t sent = 0;
    const uint64_t wanted = window_end - next_block_ + 1;
    const Status status = send_batch(wanted, scratch, sent);
    if (status != Status::kRunning) return status;
    next_block_ += sent;
    sent_up_to_ = std::max(sent_up_to_, next_block_ - 1);
    if (sent == 0) break;
  }
  deadline_ = now + current_timeout_;
  // While the client handles this window, read what its ACK will ask for: the pread leaves
  // the ACK -> DATA path, which is all a lockstep transfer's throughput is made of.
  prefetch_next_window();
  return Status::kRunning;
}

Transfer::Status Transfer::on_datagram(std::span<const uint8_t> datagram, Clock::time_point now,
                                       std::span<uint8_t> scratch) {
  const auto packet = parse_client_packet(datagram);
  if (!packet) return Status::kRunning;  // garbage on our TID: ignore, keep the transfer
  if (packet->opcode == Opcode::kError) {
    client_error_code_ = packet->error_code;
    client_error_length_ = std::min(packet->error_text.size(), sizeof client_error_text_);
    std::memcpy(client_error_text_, packet->error_text.data(), client_error_length_);
    return Status::kClientError;
  }
  if (packet->opcode != Opcode::kAck) return Status::kRunning;

  if (oack_pending_) {
    if (packet->block != 0) return Status::kRunning;
    oack_pending_ = false;
    retries_ = 0;
    current_timeout_ = settings_.timeout;
    return send_window(now, scratch);
  }
  // Map the 16-bit block number onto the absolute one just after the last acknowledged block.
  const auto ahead = static_cast<uint16_t>(packet->block - static_cast<uint16_t>(acked_ & 0xffff));
  const uint64_t block = acked_ + ahead;
  // A duplicate (ahead == 0) or an ACK for a block never sent is ignored: resending on a
  // duplicate ACK is the Sorcerer's Apprentice bug; only our own timeout retransmits. "Sent" is
  // sent at least once: a retransmission that failed (link down) rewound next_block_ only.
  if (ahead == 0 || block > sent_up_to_) return Status::kRunning;
  acked_ = block;
  retries_ = 0;
  current_timeout_ = settings_.timeout;
  if (acked_ == total_blocks_) return Status::kComplete;
  // RFC 7440: an ACK inside the window means the client lost what follows: resend from there.
  next_block_ = acked_ + 1;
  return send_window(now, scratch);
}

Transfer::Status Transfer::on_timeout(Clock::time_point now, std::span<uint8_t> scratch) {
  if (retries_ >= settings_.max_retries) return Status::kTimedOut;
  ++retries_;
  ++retransmissions_;
  // Exponential backoff: a client that stays silent (atftp re-ACKs a duplicate DATA only once,
  // then waits for its own timer) must still be waiting for us when it speaks again.
  current_timeout_ = std::min(current_timeout_ * 2, settings_.max_timeout);
  deadline_ = now + current_timeout_;
  if (oack_pending_) return send_oack(scratch);
  next_block_ = acked_ + 1;
  return send_window(now, scratch);
}

}  // namespace pxescope::tftp
