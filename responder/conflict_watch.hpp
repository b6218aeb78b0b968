// At run time: another server answering a PXE client we also answered (proxy mode: its
// reply carries PXEClient; full DHCP: it also offers an address). One report per conflict,
// i.e. per (client, other server, transaction): an OFFER and its ACK are one conflict, the
// client's next boot attempt is the next. Fixed memory; cheap while no other server speaks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "responder/other_server.hpp"

namespace pxescope::responder {

struct Conflict {
  MacAddress client{};
  std::uint32_t xid = 0;  // the other server's transaction
  std::uint32_t server = 0;
  MacAddress server_mac{};
  bool gives_address = false;
};

class ConflictWatch {
 public:
  explicit ConflictWatch(bool full_dhcp) : full_dhcp_(full_dhcp) {}

  // We answered (or, in a dry run, would have answered) `client` at `now` (seconds).
  std::optional<Conflict> our_reply(const MacAddress& client, std::int64_t now);
  // Another server's reply, from other_server_reply().
  std::optional<Conflict> other_reply(const OtherServerReply& reply, std::int64_t now);

  // Two answers further apart than this are two separate boots, not a conflict.
  static constexpr std::int64_t kWindowSeconds = 30;
  static constexpr std::size_t kRemembered = 256;

 private:
  struct Ours {
    MacAddress client{};
    std::int64_t at = 0;
  };
  struct Theirs {
    Conflict conflict;
    std::int64_t at = 0;
  };
  std::optional<Conflict> report_once(const Conflict& c);

  bool full_dhcp_;
  std::array<Ours, kRemembered> ours_{};
  std::size_t ours_next_ = 0, ours_count_ = 0;
  std::array<Theirs, kRemembered> theirs_{};
  std::size_t theirs_next_ = 0, theirs_count_ = 0;
  std::array<Conflict, kRemembered> reported_{};
  std::size_t reported_next_ = 0, reported_count_ = 0;
};

}  // namespace pxescope::responder
