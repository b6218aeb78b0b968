// The transfer state machine (responder/tftp/tftp_transfer) over a datagram socketpair:
// windows, retransmission only on timeout (no Sorcerer's Apprentice), block number wrap.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "responder/tftp/tftp_transfer.hpp"

using namespace pxescope::tftp;

namespace {

class TftpTransfer : public ::testing::Test {
 protected:
  void SetUp() override {
    int pair[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, pair), 0);
    server_socket_ = pair[0];
    client_socket_ = pair[1];
    const int buffer = 8 << 20;  // room for a whole window of test datagrams
    setsockopt(server_socket_, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    setsockopt(client_socket_, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    scratch_.resize(kScratchBytes);
  }
  void TearDown() override {
    close(client_socket_);
    if (writer_fd_ >= 0) close(writer_fd_);
  }

  // A file of `size` bytes where byte i = i % 251, opened for the transfer.
  int make_file(uint64_t size) {
    FILE* file = std::tmpfile();
    for (uint64_t i = 0; i < size; ++i) std::fputc(static_cast<int>(i % 251), file);
    std::fflush(file);
    const int fd = dup(fileno(file));
    if (writer_fd_ >= 0) close(writer_fd_);
    writer_fd_ = dup(fd);  // lets a test change the file under the transfer
    std::fclose(file);
    return fd;
  }

  void create(uint64_t size, uint16_t blksize, uint16_t windowsize, bool options) {
    Transfer::Settings settings;
    settings.file_size = size;
    settings.negotiated.blksize = blksize;
    settings.negotiated.windowsize = windowsize;
    settings.negotiated.ack_blksize = options;
    settings.negotiated.ack_windowsize = options && windowsize > 1;
    settings.timeout = std::chrono::seconds(1);
    settings.max_timeout = std::chrono::seconds(4);
    settings.max_retries = 2;
    transfer_ = std::make_unique<Transfer>(server_socket_, make_file(size), settings);
  }

  // Every datagram waiting at the client, in order.
  std::vector<std::vector<uint8_t>> received() {
    std::vector<std::vector<uint8_t>> out;
    std::vector<uint8_t> buffer(kMaxPacket + 1);
    for (;;) {
      const ssize_t length = recv(client_socket_, buffer.data(), buffer.size(), 0);
      if (length < 0) return out;
      out.emplace_back(buffer.begin(), buffer.begin() + length);
    }
  }
  static uint16_t block_of(const std::vector<uint8_t>& data) {
    return static_cast<uint16_t>((data[2] << 8) | data[3]);
  }
  Transfer::Status ack(uint16_t block) {
    const uint8_t packet[4] = {0, 4, static_cast<uint8_t>(block >> 8), static_cast<uint8_t>(block)};
    return transfer_->on_datagram(packet, now_, scratch_);
  }

  // Checks a DATA packet carries the file's bytes (byte i = i % 251) for its absolute block.
  static void expect_block_content(const std::vector<uint8_t>& data, uint64_t absolute_block,
                                   uint16_t blksize) {
    const uint64_t first = (absolute_block - 1) * blksize;
    for (size_t i = 4; i < data.size(); ++i) {
      ASSERT_EQ(data[i], (first + i - 4) % 251) << "block " << absolute_block << " byte " << i - 4;
    }
  }

  int server_socket_ = -1, client_socket_ = -1, writer_fd_ = -1;
  std::vector<uint8_t> scratch_;
  std::unique_ptr<Transfer> transfer_;
  Clock::time_point now_ = Clock::time_point{} + std::chrono::hours(1);
};

}  // namespace

TEST_F(TftpTransfer, LockstepTransferDeliversTheFile) {
  create(1000, 512, 1, false);  // 2 blocks: 512 + 488
  ASSERT_EQ(transfer_->start(now_, scratch_), Transfer::Status::kRunning);
  auto packets = received();
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0][1], 3);
  EXPECT_EQ(block_of(packets[0]), 1);
  EXPECT_EQ(packets[0].size(), 4u + 512u);
  EXPECT_EQ(packets[0][4 + 300], 300 % 251);
  ASSERT_EQ(ack(1), Transfer::Status::kRunning);
  packets = received();
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(block_of(packets[0]), 2);
  EXPECT_EQ(packets[0].size(), 4u + 488u);
  EXPECT_EQ(ack(2), Transfer::Status::kComplete);
  EXPECT_EQ(transfer_->bytes_acknowledged(), 1000u);
}

TEST_F(TftpTransfer, ExactMultipleEndsWithEmptyBlock) {
  create(1024, 512, 1, false);
  transfer_->start(now_, scratch_);
  received();
  ack(1);
  received();
  ASSERT_EQ(ack(2), Transfer::Status::kRunning);
  const auto packets = received();
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(block_of(packets[0]), 3);
  EXPECT_EQ(packets[0].size(), 4u);  // the terminating empty DATA
  EXPECT_EQ(ack(3), Transfer::Status::kComplete);
}

TEST_F(TftpTransfer, DuplicateAckNeverTriggersAResend) {
  create(4096, 512, 1, false);
  transfer_->start(now_, scratch_);
  received();
  ack(1);
  ASSERT_EQ(received().size(), 1u);  // block 2
  // The client's own timer fires and it repeats ACK 1: we must stay silent.
  EXPECT_EQ(ack(1), Transfer::Status::kRunning);
  EXPECT_EQ(ack(1), Transfer::Status::kRunning);
  EXPECT_TRUE(received().empty());
  // An ACK for a block never sent is ignored as well.
  EXPECT_EQ(ack(7), Transfer::Status::kRunning);
  EXPECT_TRUE(received().empty());
  // Only our timeout retransmits, and it resends block 2.
  EXPECT_EQ(transfer_->on_timeout(now_ + std::chrono::seconds(1), scratch_),
            Transfer::Status::kRunning);
  const auto packets = received();
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(block_of(packets[0]), 2);
  EXPECT_EQ(transfer_->retransmissions(), 1u);
}

TEST_F(TftpTransfer, OackThenWindowAndRewindOnPartialAck) {
  create(10 * 100, 100, 4, true);  // 11 blocks (the last one empty)
  transfer_->start(now_, scratch_);
  auto packets = received();
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0][1], 6);  // OACK
  EXPECT_TRUE(transfer_->oack_pending());
  ack(0);
  packets = received();
  ASSERT_EQ(packets.size(), 4u);
  for (uint16_t i = 0; i < 4; ++i) EXPECT_EQ(block_of(packets[i]), i + 1);
  // The client lost block 3: it acknowledges 2, the next window starts at 3 (RFC 7440).
  ack(2);
  packets = received();
  ASSERT_EQ(packets.size(), 4u);
  EXPECT_EQ(block_of(packets[0]), 3);
  EXPECT_EQ(block_of(packets[3]), 6);
  ack(6);
  packets = received();
  ASSERT_EQ(packets.size(), 4u);
  EXPECT_EQ(block_of(packets[3]), 10);
  ack(10);
  packets = received();
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(block_of(packets[0]), 11);
  EXPECT_EQ(ack(11), Transfer::Status::kComplete);
}

TEST_F(TftpTransfer, ClientErrorAfterOackIsReportedWhileOackPending) {
  create(5000, 512, 1, true);
  transfer_->start(now_, scratch_);
  received();
  const uint8_t abort[] = {0, 5, 0, 8, 'p', 'r', 'o', 'b', 'e', 0};
  EXPECT_EQ(transfer_->on_datagram(abort, now_, scratch_), Transfer::Status::kClientError);
  EXPECT_TRUE(transfer_->oack_pending());
  EXPECT_EQ(transfer_->client_error_code(), 8);
  EXPECT_EQ(transfer_->client_error_text(), "probe");
}

TEST_F(TftpTransfer, GivesUpAfterBoundedRetries) {
  create(5000, 512, 1, false);
  transfer_->start(now_, scratch_);
  EXPECT_EQ(transfer_->on_timeout(now_, scratch_), Transfer::Status::kRunning);
  EXPECT_EQ(transfer_->on_timeout(now_, scratch_), Transfer::Status::kRunning);
  EXPECT_EQ(transfer_->on_timeout(now_, scratch_), Transfer::Status::kTimedOut);
  EXPECT_EQ(received().size(), 3u);  // the first send and two retransmissions
}

TEST_F(TftpTransfer, RetransmissionBacksOffUpToTheCapAndResetsOnProgress) {
  create(5000, 512, 1, false);
  transfer_->start(now_, scratch_);
  EXPECT_EQ(transfer_->deadline(), now_ + std::chrono::seconds(1));
  transfer_->on_timeout(now_, scratch_);
  EXPECT_EQ(transfer_->deadline(), now_ + std::chrono::seconds(2));
  transfer_->on_timeout(now_, scratch_);
  EXPECT_EQ(transfer_->deadline(), now_ + std::chrono::seconds(4));  // the cap
  ack(1);
  EXPECT_EQ(transfer_->deadline(), now_ + std::chrono::seconds(1));
  EXPECT_EQ(received().size(), 4u);  // block 1 three times, then block 2
}

TEST_F(TftpTransfer, BlockNumbersWrapAt65536) {
  const uint64_t blocks = 65536 + 3;
  create(blocks * 8 - 1, 8, 64, true);  // blksize 8: small file, many blocks
  transfer_->start(now_, scratch_);
  received();
  ack(0);
  uint64_t acked = 0;
  Transfer::Status status = Transfer::Status::kRunning;
  bool saw_wrapped_zero = false;
  while (status == Transfer::Status::kRunning) {
    const auto packets = received();
    ASSERT_FALSE(packets.empty()) << "stalled after " << acked;
    for (const auto& data : packets) saw_wrapped_zero |= block_of(data) == 0;
    acked += packets.size();
    status = ack(block_of(packets.back()));
  }
  EXPECT_EQ(status, Transfer::Status::kComplete);
  EXPECT_EQ(acked, blocks);
  EXPECT_TRUE(saw_wrapped_zero);
  EXPECT_EQ(transfer_->bytes_acknowledged(), blocks * 8 - 1);
}

// Lockstep blocks come from a per-transfer read-ahead chunk (kReadAheadBytes): every block,
// across chunk boundaries and after a rewind into an earlier chunk, carries the right bytes.
TEST_F(TftpTransfer, ReadAheadChunksServeEveryBlockAndRewinds) {
  const uint16_t blksize = 512;
  const uint64_t blocks_per_chunk = kReadAheadBytes / blksize;
  const uint64_t size = 3 * kReadAheadBytes + 777;  // three full chunks and a partial one
  create(size, blksize, 1, false);
  transfer_->start(now_, scratch_);
  uint64_t block = 1;
  Transfer::Status status = Transfer::Status::kRunning;
  while (status == Transfer::Status::kRunning) {
    const auto packets = received();
    ASSERT_EQ(packets.size(), 1u) << "after block " << block - 1;
    ASSERT_EQ(block_of(packets[0]), static_cast<uint16_t>(block));
    expect_block_content(packets[0], block, blksize);
    if (block == blocks_per_chunk + 1) {
      // The first block of chunk 2 is "lost" twice: the timeout resends it from the cache.
      transfer_->on_timeout(now_, scratch_);
      const auto again = received();
      ASSERT_EQ(again.size(), 1u);
      EXPECT_EQ(again[0], packets[0]);
    }
    status = ack(static_cast<uint16_t>(block));
    ++block;
  }
  EXPECT_EQ(status, Transfer::Status::kComplete);
  EXPECT_EQ(block - 1, size / blksize + 1);
}

TEST_F(TftpTransfer, WindowRewindAcrossAReadAheadBoundarySendsTheRightBytes) {
  const uint16_t blksize = 1000;  // 65 blocks a chunk: windows straddle chunk ends
  create(200 * blksize + 5, blksize, 8, true);
  transfer_->start(now_, scratch_);
  received();  // OACK
  ack(0);
  uint64_t acked = 0;
  Transfer::Status status = Transfer::Status::kRunning;
  while (status == Transfer::Status::kRunning) {
    const auto packets = received();
    ASSERT_FALSE(packets.empty()) << "stalled after " << acked;
    for (size_t i = 0; i < packets.size(); ++i) {
      expect_block_content(packets[i], acked + 1 + i, blksize);
    }
    // Acknowledge only half of each full window: the rest is resent from an earlier offset.
    const uint64_t take = packets.size() == 8 ? 4 : packets.size();
    acked += take;
    status = ack(static_cast<uint16_t>(acked));
  }
  EXPECT_EQ(status, Transfer::Status::kComplete);
  EXPECT_EQ(acked, 201u);
}

TEST_F(TftpTransfer, AFileThatShrinksUnderTheTransferStopsIt) {
  create(3 * kReadAheadBytes, 512, 1, false);
  transfer_->start(now_, scratch_);
  received();
  ASSERT_EQ(ftruncate(writer_fd_, 1000), 0);
  // Blocks still in the first read-ahead chunk go out; the next chunk cannot be read.
  Transfer::Status status = Transfer::Status::kRunning;
  uint64_t block = 1;
  while (status == Transfer::Status::kRunning && block < 1000) {
    status = ack(static_cast<uint16_t>(block++));
    received();
  }
  EXPECT_EQ(status, Transfer::Status::kFileError);
  EXPECT_EQ(block - 1, kReadAheadBytes / 512);  // the first block past the cached chunk
}
