// Full DHCP: before an address is offered, check that nothing on the wire uses it (dnsmasq
// pings; we send one ARP request, which every IPv4 host answers and which also tells who
// answered). Asynchronous, for the one epoll loop: the first DISCOVER starts a check and
// is not answered; the request is kept, and when the check passes (no claim within
// kWaitMs) it is handled again and the OFFER goes out. A claim by another station drops
// the check: the caller marks the address in use and handles the request again, which
// picks another address. Pure (time comes in as milliseconds); the table is allocated
// once, so a DISCOVER allocates nothing.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

class AddressProbes {
 public:
  static constexpr std::size_t kCapacity = 64;  // checks in flight (bounds ARP sent per second)
  static constexpr std::size_t kFrameBytes = 2048;
  static constexpr std::int64_t kWaitMs = 1000;       // no claim within this: the address is free
  static constexpr std::int64_t kClearForMs = 60000;  // a passed check holds as long as the offer

  enum class Status : std::uint8_t { Unknown, Pending, Clear };

  AddressProbes();

  // The check of `ip` for `client`. A check made for another client does not count.
  Status status(std::uint32_t ip, const MacAddress& client) const;

  // Starts checking `ip` for `client` and keeps `request` (the frame) to handle again when
  // the check is over. False when every slot holds a check in progress (the client retries).
  bool start(std::uint32_t ip, const MacAddress& client, std::span<const std::uint8_t> request,
             std::int64_t now_ms);

  // An ARP frame from `sender_mac` says it uses `sender_ip`. When that address is being
  // checked for another client, the check is dropped and true is returned with the address,
  // the client and its kept request (valid until the next start). A check that has passed
  // is not reopened: the client may hold the address by now, and its ARP is normal traffic.
  struct Claim {
    std::uint32_t ip = 0;
    MacAddress client{};
    std::span<const std::uint8_t> request;
  };
  bool claimed(std::uint32_t sender_ip, const MacAddress& sender_mac, Claim& out);

  // Checks whose time is up pass: `on_passed(request)` is called for each (handle it again);
  // passed checks older than kClearForMs are forgotten.
  template <class OnPassed>
  void expire(std::int64_t now_ms, OnPassed&& on_passed) {
    for (Entry& e : entries_) {
      if (e.state == State::Pending && now_ms >= e.deadline_ms) {
        e.state = State::Clear;
        e.deadline_ms = now_ms + kClearForMs;
        on_passed(request_of(e));
      } else if (e.state == State::Clear && now_ms >= e.deadline_ms) {
        e.state = State::Free;
      }
    }
  }

  // The earliest time expire() has something to do; INT64_MAX when nothing is pending.
  std::int64_t next_deadline_ms() const;

 private:
  enum class State : std::uint8_t { Free, Pending, Clear };
  struct Entry {
    State state = State::Free;
    std::uint32_t ip = 0;
    MacAddress client{};
    std::int64_t deadline_ms = 0;
    std::size_t slot = 0;  // index of its request bytes in frames_
    std::size_t length = 0;
  };
  std::span<const std::uint8_t> request_of(const Entry& e) const {
    return {frames_.data() + e.slot * kFrameBytes, e.length};
  }
  Entry* find(std::uint32_t ip);
  Entry* slot_for(std::uint32_t ip);
  std::vector<Entry> entries_;
  std::vector<std::uint8_t> frames_;
};

}  // namespace pxescope::responder
