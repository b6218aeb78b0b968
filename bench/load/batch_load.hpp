// The load side shared by the DHCP bench clients (bench/dhcp6/solicit_burst.cpp, DHCPv6
// Solicits; bench/dhcp4/discover_burst.cpp, DHCPv4 DISCOVERs): messages built before the
// clock starts, sent by sendmmsg batches, answers read by recvmmsg batches and matched to
// their message by transaction id. The modes:
//   burst COUNT [WAIT_S]      send COUNT at once, then collect
//   window COUNT WINDOW       keep WINDOW outstanding (saturated rate)
//   rate COUNT PER_SECOND     paced; p50/p99 request -> answer
// and one line: "MODE sent N answered A (P %) seconds S NAME_per_s R p50_us X p99_us Y".
#pragma once

#include <sys/socket.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace pxescope::bench {

using Clock = std::chrono::steady_clock;

// Simulated client `index`'s MAC, 02:62:<index, 32 bits>: the DHCPv4 client's chaddr and the
// DHCPv6 client's DUID-LL, so client i of both loads is one dual-stack machine.
std::array<std::uint8_t, 6> client_mac(std::uint32_t index);

// The transaction id an answer carries (message i was sent with i + 1), 0 when the datagram
// or frame is not an answer.
using AnswerXid = std::uint32_t (*)(const std::uint8_t* data, std::size_t size);

struct BatchLoad {
  int fd = -1;
  sockaddr_storage to{};  // every message's destination
  socklen_t to_len = 0;
  AnswerXid answer_xid = nullptr;
  std::vector<std::vector<std::uint8_t>> messages;  // message i has transaction id i + 1
  std::vector<Clock::time_point> sent_at;
  std::vector<bool> answered;
  std::vector<double> latency_us;
  std::size_t answers = 0;

  void send(std::uint32_t i) { send_batch(i, 1); }
  // Sends messages first .. first + n in batches; a full send buffer is waited out, never dropped.
  void send_batch(std::uint32_t first, std::uint32_t n);
  // Reads what arrived, for at most `ms` (0: what is there now).
  void collect(int ms);
};

// Runs `mode` (burst, window, rate) over load.messages and prints the line; `answer_name`
// names the answers ("advertise", "offer"). 2 on an unknown mode.
int run_load(BatchLoad& load, const std::string& mode, int arg, const char* answer_name);

// A client's whole main, arguments IFACE MODE COUNT [ARG]: `prepare` opens load.fd on IFACE,
// sets the destination and answer_xid and builds COUNT messages; then run_load.
using Prepare = void (*)(BatchLoad& load, const char* iface, std::uint32_t count);
int load_main(int argc, char** argv, const char* answer_name, Prepare prepare);

// Sets the socket's receive and send buffers past the sysctl limits (the client runs as root).
void large_buffers(int fd);

}  // namespace pxescope::bench
