#include "responder/conflict_watch.hpp"

namespace pxescope::responder {
namespace {

bool same_conflict(const Conflict& a, const Conflict& b) {
  return a.client == b.client && a.xid == b.xid && a.server == b.server;
}

}  // namespace

std::optional<Conflict> ConflictWatch::our_reply(const MacAddress& client, std::int64_t now) {
  ours_[ours_next_] = {client, now};
  ours_next_ = (ours_next_ + 1) % kRemembered;
  if (ours_count_ < kRemembered) ++ours_count_;
  // The common case (no other server on the network) costs nothing more.
  for (std::size_t i = 0; i < theirs_count_; ++i) {
    const Theirs& t = theirs_[i];
    if (t.conflict.client == client && now - t.at <= kWindowSeconds) {
      if (auto reported = report_once(t.conflict)) return reported;
    }
  }
  return std::nullopt;
}

std::optional<Conflict> ConflictWatch::other_reply(const OtherServerReply& reply,
                                                   std::int64_t now) {
  // Proxy mode: only a server giving PXE boot information competes with us; a plain DHCP
  // server is the one we run beside. Full DHCP: an address from elsewhere competes too.
  const bool competes = reply.pxe || (full_dhcp_ && reply.yiaddr != 0);
  if (!competes) return std::nullopt;
  const Conflict c{reply.client, reply.xid, reply.server, reply.server_mac, reply.yiaddr != 0};
  theirs_[theirs_next_] = {c, now};
  theirs_next_ = (theirs_next_ + 1) % kRemembered;
  if (theirs_count_ < kRemembered) ++theirs_count_;
  for (std::size_t i = 0; i < ours_count_; ++i)
    if (ours_[i].client == reply.client && now - ours_[i].at <= kWindowSeconds)
      return report_once(c);
  return std::nullopt;
}

std::optional<Conflict> ConflictWatch::report_once(const Conflict& c) {
  for (std::size_t i = 0; i < reported_count_; ++i)
    if (same_conflict(reported_[i], c)) return std::nullopt;
  reported_[reported_next_] = c;
  reported_next_ = (reported_next_ + 1) % kRemembered;
  if (reported_count_ < kRemembered) ++reported_count_;
  return c;
}

}  // namespace pxescope::responder
