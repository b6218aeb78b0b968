// Helpers for the TFTP server integration tests: the server on its own thread (events recorded)
// and a raw wire-protocol client that can pose as any loopback host (127.0.0.x).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "responder/tftp/tftp_server.hpp"

namespace tftp_test {

using pxescope::tftp::TftpServer;
using pxescope::tftp::TransferEvent;

class ServerThread {
 public:
  bool start(TftpServer::Options options, std::string& error) {
    options.logger = [this](const TransferEvent& event) {
      std::lock_guard lock(mutex_);
      events_.push_back(event);
    };
    server_ = std::make_unique<TftpServer>(std::move(options));
    if (!server_->open(error)) return false;
    thread_ = std::thread([this] { server_->run_until(stop_); });
    return true;
  }
  // Stops the loop; with `shutdown_reason`, the transfers in flight are told and logged first.
  void stop(const std::string& shutdown_reason = "") {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (server_ && !shutdown_reason.empty()) server_->shutdown(shutdown_reason);
    server_.reset();
  }
  ~ServerThread() { stop(); }
  uint16_t port() const { return server_ ? server_->bound_port() : 0; }
  std::vector<TransferEvent> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }
  void clear_events() {
    std::lock_guard lock(mutex_);
    events_.clear();
  }

 private:
  std::unique_ptr<TftpServer> server_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<TransferEvent> events_;
};

// A minimal client speaking the wire protocol directly, for what real clients cannot show.
// `source_ip` (a loopback address such as 127.0.0.2) makes it look like another host.
class RawClient {
 public:
  explicit RawClient(uint16_t server_port = 69, const char* source_ip = nullptr,
                     const char* server_ip = "127.0.0.1") {
    fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    timeval timeout{5, 0};  // bounded: a missing answer fails the test, never hangs it
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (source_ip) {
      sockaddr_in local{};
      local.sin_family = AF_INET;
      inet_pton(AF_INET, source_ip, &local.sin_addr);
      bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local);
    }
    server_.sin_family = AF_INET;
    server_.sin_port = htons(server_port);
    inet_pton(AF_INET, server_ip, &server_.sin_addr);
  }
  ~RawClient() { close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  void send_request(uint16_t opcode, const std::vector<std::string>& strings) {
    std::string packet{0, static_cast<char>(opcode)};
    for (const auto& text : strings) {
      packet += text;
      packet.push_back('\0');
    }
    sendto(fd_, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&server_),
           sizeof server_);
  }
  // Receives one datagram; remembers its source as the transfer's TID.
  std::string receive() {
    char buffer[70000];
    sockaddr_in from{};
    socklen_t length = sizeof from;
    const ssize_t got =
        recvfrom(fd_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &length);
    if (got < 0) return {};
    tid_ = from;
    return std::string(buffer, static_cast<size_t>(got));
  }
  void send_to_tid(const std::string& packet) {
    sendto(fd_, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&tid_), sizeof tid_);
  }
  // Sends later packets to another client's transfer (an unknown TID for that transfer).
  void use_tid_of(const RawClient& other) { tid_ = other.tid_; }
  void ack(uint16_t block) {
    send_to_tid(std::string{0, 4, static_cast<char>(block >> 8), static_cast<char>(block & 0xff)});
  }
  // A whole lockstep (blksize 512) download in `mode`; "" when the server refused or went silent.
  std::string download(const std::string& file, const std::string& mode = "octet") {
    send_request(1, {file, mode});
    std::string content;
    for (uint16_t block = 1; block != 0; ++block) {  // bounded: at most 65535 blocks
      const std::string data = receive();
      if (data.size() < 4 || data[1] != 3 || static_cast<uint8_t>(data[2]) != block >> 8 ||
          static_cast<uint8_t>(data[3]) != (block & 0xff)) {
        last_reply_ = data;
        return {};
      }
      content += data.substr(4);
      ack(block);
      if (data.size() < 4 + 512) return content;
    }
    return {};
  }
  const std::string& last_reply() const { return last_reply_; }
  uint16_t tid_port() const { return ntohs(tid_.sin_port); }

 private:
  int fd_ = -1;
  sockaddr_in server_{};
  sockaddr_in tid_{};
  std::string last_reply_;
};

inline uint16_t opcode_of(const std::string& packet) {
  return packet.size() < 2 ? 0 : static_cast<uint16_t>(static_cast<uint8_t>(packet[1]));
}
inline uint16_t code_of(const std::string& packet) {
  return packet.size() < 4 ? 0xffff : static_cast<uint16_t>(static_cast<uint8_t>(packet[3]));
}

}  // namespace tftp_test
