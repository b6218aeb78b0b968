#include "responder/dhcp6/dhcp6_leases.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>

#include "responder/dhcp6/dhcp6_config.hpp"

namespace pxescope::responder {
namespace {

// The low 64 bits of an address (ranges are within one /64).
// Big-endian 64-bit halves, one load and a byte swap each (this runs per address looked at).
std::uint64_t half64(const Ipv6Address& a, std::size_t at) {
  std::uint64_t v = 0;
  std::memcpy(&v, a.data() + at, 8);
  return std::endian::native == std::endian::little ? __builtin_bswap64(v) : v;
}
std::uint64_t low64(const Ipv6Address& a) {
  return half64(a, 8);
}

Ipv6Address with_low64(const Ipv6Address& prefix, std::uint64_t v) {
  Ipv6Address a = prefix;
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  std::memcpy(a.data() + 8, &v, 8);
  return a;
}

// FNV-1a of the DUID and the IAID (big-endian): a client starts its search at the same place
// each time (dnsmasq hashes too), so a client whose lease expired tends to get its old
// address back. The same hash keys the client index.
std::uint64_t client_hash(std::span<const std::uint8_t> duid, std::uint32_t iaid) {
  std::uint64_t h = 1469598103934665603ull;
  for (const std::uint8_t c : duid) h = (h ^ c) * 1099511628211ull;
  for (int shift = 24; shift >= 0; shift -= 8)
    h = (h ^ static_cast<std::uint8_t>(iaid >> shift)) * 1099511628211ull;
  return h;
}

std::uint64_t address_hash(const Ipv6Address& a) {
  return half64(a, 0) * 0xff51afd7ed558ccdull ^ low64(a);
}

}  // namespace

std::string duid_text(std::span<const std::uint8_t> duid) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < duid.size(); ++i) {
    if (i) s += ':';
    s += kHex[duid[i] >> 4];
    s += kHex[duid[i] & 15];
  }
  return s;
}

bool parse_duid_text(std::string_view text, std::vector<std::uint8_t>& out) {
  out.clear();
  while (!text.empty()) {
    unsigned byte = 0;
    const auto [p, ec] =
        std::from_chars(text.data(), text.data() + std::min<std::size_t>(2, text.size()), byte, 16);
    if (ec != std::errc{} || p != text.data() + std::min<std::size_t>(2, text.size())) return false;
    out.push_back(static_cast<std::uint8_t>(byte));
    text.remove_prefix(std::min<std::size_t>(2, text.size()));
    if (!text.empty()) {
      if (text.front() != ':') return false;
      text.remove_prefix(1);
    }
  }
  return out.size() >= 3 && out.size() <= kMaxDuidBytes;
}

void Lease6Table::set_range(const Ipv6Address& start, const Ipv6Address& end) {
  start_ = start;
  end_ = end;
}

bool Lease6Table::in_range(const Ipv6Address& a) const {
  return std::memcmp(a.data(), start_.data(), 8) == 0 && low64(a) >= low64(start_) &&
         low64(a) <= low64(end_);
}

std::uint32_t Lease6Table::client_slot(std::span<const std::uint8_t> duid, std::uint32_t iaid,
                                       std::uint64_t hash) const {
  return by_client_.find(hash, [&](std::uint32_t s) {
    const Lease6& l = slots_[s].lease;
    return l.iaid == iaid && l.duid.size() == duid.size() &&
           std::equal(duid.begin(), duid.end(), l.duid.begin());
  });
}

std::uint32_t Lease6Table::address_slot(const Ipv6Address& a) const {
  return by_address_.find(address_hash(a),
                          [&](std::uint32_t s) { return slots_[s].lease.address == a; });
}

bool Lease6Table::taken(const Ipv6Address& a, std::uint32_t by, std::int64_t now) const {
  const std::uint32_t holder = address_slot(a);
  return holder != kNone && holder != by && slots_[holder].lease.expires > now;
}

bool Lease6Table::pick(std::uint32_t slot, std::uint64_t hash, const Ipv6Address* hint,
                       std::int64_t now, Ipv6Address& out) const {
  if (slot != kNone) {
    const Ipv6Address& own = slots_[slot].lease.address;
    if (in_range(own) && !taken(own, slot, now)) {
      out = own;
      return true;
    }
  }
  if (hint && in_range(*hint) && !taken(*hint, slot, now)) {
    out = *hint;
    return true;
  }
  const std::uint64_t first = low64(start_), size = low64(end_) - first + 1;
  const std::uint64_t from = size ? hash % size : 0;
  for (std::uint64_t i = 0; i < size && i < kMaxScan; ++i) {
    const Ipv6Address a = with_low64(start_, first + (from + i) % size);
    if (!taken(a, slot, now)) {
      out = a;
      return true;
    }
  }
  return false;
}

std::uint32_t Lease6Table::new_slot() {
  if (!free_.empty()) {
    const std::uint32_t s = free_.back();
    free_.pop_back();
    return s;
  }
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void Lease6Table::free_slot(std::uint32_t slot) {
  Lease6& l = slots_[slot].lease;
  l.duid.clear();  // keeps its buffer for the next client
  l.committed = false;
  l.address = {};
  free_.push_back(slot);
}

void Lease6Table::map_address(const Ipv6Address& a, std::uint32_t slot) {
  const std::uint32_t holder = address_slot(a);
  if (holder == slot) return;
  const std::uint64_t hash = address_hash(a);
  if (holder != kNone) {
    by_address_.erase(hash, holder);
    // A declined address is held by its slot alone: taken over, the slot goes.
    if (slots_[holder].lease.duid.empty()) free_slot(holder);
  }
  by_address_.insert(hash, slot);
}

void Lease6Table::unmap_address(const Ipv6Address& a, std::uint32_t slot) {
  if (address_slot(a) == slot) by_address_.erase(address_hash(a), slot);
}

void Lease6Table::sweep(std::int64_t now) {
  for (std::uint32_t s = 0; s < slots_.size(); ++s) {
    Lease6& l = slots_[s].lease;
    const bool free = l.duid.empty() && l.address == Ipv6Address{};
    if (free || l.expires > now) continue;
    unmap_address(l.address, s);  // a no-op when another slot has taken the address over
    if (!l.duid.empty()) by_client_.erase(slots_[s].client_hash, s);  // not a decline's
    free_slot(s);
  }
  // Amortised: the next sweep waits until the table has doubled, its cost spread over them.
  sweep_at_ = std::max(kMinSweep, 2 * size());
}

std::uint32_t Lease6Table::hold(std::uint32_t slot, std::span<const std::uint8_t> duid,
                                std::uint32_t iaid, std::uint64_t hash, const Ipv6Address& a,
                                std::int64_t now) {
  if (slot == kNone) {
    // `a` is free or held by an expired slot, which the sweep may free: either way it stays
    // free for this client.
    if (free_.empty() && slots_.size() >= sweep_at_) sweep(now);
    slot = new_slot();
    Slot& s = slots_[slot];
    s.lease.duid.assign(duid.begin(), duid.end());
    s.lease.iaid = iaid;
    s.lease.address = {};
    s.client_hash = hash;
    by_client_.insert(hash, slot);
  } else if (slots_[slot].lease.address != a) {
    unmap_address(slots_[slot].lease.address, slot);
  }
  slots_[slot].lease.address = a;
  map_address(a, slot);
  return slot;
}

bool Lease6Table::offer(std::span<const std::uint8_t> duid, std::uint32_t iaid,
                        const Ipv6Address* hint, std::int64_t now, Ipv6Address& out) {
  const std::uint64_t hash = client_hash(duid, iaid);
  std::uint32_t slot = client_slot(duid, iaid, hash);
  if (!pick(slot, hash, hint, now, out)) return false;
  slot = hold(slot, duid, iaid, hash, out, now);
  Lease6& lease = slots_[slot].lease;
  if (!lease.committed || lease.expires <= now) {
    lease.committed = false;
    lease.expires = now + kOfferHoldSeconds;
  }
  return true;
}

bool Lease6Table::commit(std::span<const std::uint8_t> duid, std::uint32_t iaid,
                         const Ipv6Address* hint, std::int64_t now, std::uint32_t seconds,
                         Ipv6Address& out) {
  const std::uint64_t hash = client_hash(duid, iaid);
  std::uint32_t slot = client_slot(duid, iaid, hash);
  if (!pick(slot, hash, hint, now, out)) return false;
  slot = hold(slot, duid, iaid, hash, out, now);
  Lease6& lease = slots_[slot].lease;
  lease.committed = true;
  lease.expires = seconds == 0xffffffffu ? INT64_MAX : now + seconds;
  changed_ = true;
  return true;
}

bool Lease6Table::extend(std::span<const std::uint8_t> duid, std::uint32_t iaid, std::int64_t now,
                         std::uint32_t seconds, Ipv6Address& out) {
  const std::uint32_t slot = client_slot(duid, iaid, client_hash(duid, iaid));
  if (slot == kNone) return false;
  Lease6& lease = slots_[slot].lease;
  if (!lease.committed || !in_range(lease.address)) return false;
  lease.expires = seconds == 0xffffffffu ? INT64_MAX : now + seconds;
  out = lease.address;
  changed_ = true;
  return true;
}

bool Lease6Table::release(std::span<const std::uint8_t> duid, std::uint32_t iaid) {
  const std::uint64_t hash = client_hash(duid, iaid);
  const std::uint32_t slot = client_slot(duid, iaid, hash);
  if (slot == kNone) return false;
  unmap_address(slots_[slot].lease.address, slot);
  by_client_.erase(hash, slot);
  free_slot(slot);
  changed_ = true;
  return true;
}

void Lease6Table::decline(std::span<const std::uint8_t> duid, std::uint32_t iaid, std::int64_t now,
                          std::uint32_t seconds) {
  const std::uint64_t hash = client_hash(duid, iaid);
  const std::uint32_t slot = client_slot(duid, iaid, hash);
  if (slot == kNone) return;
  // The address stays held, by no client: the slot leaves the client index.
  by_client_.erase(hash, slot);
  Lease6& held = slots_[slot].lease;
  held.duid.clear();
  held.iaid = 0;
  held.committed = true;
  held.expires = now + seconds;
  map_address(held.address, slot);
  changed_ = true;
}

const Lease6* Lease6Table::find(std::span<const std::uint8_t> duid, std::uint32_t iaid) const {
  const std::uint32_t slot = client_slot(duid, iaid, client_hash(duid, iaid));
  return slot == kNone ? nullptr : &slots_[slot].lease;
}

std::string Lease6Table::to_text(std::span<const std::uint8_t> server_duid) const {
  std::string out;
  if (!server_duid.empty()) out += "duid " + duid_text(server_duid) + "\n";
  for (const Slot& slot : slots_) {
    const Lease6& lease = slot.lease;
    if (!lease.committed || lease.duid.empty()) continue;
    out += std::to_string(lease.expires == INT64_MAX ? 0 : lease.expires) + " " +
           std::to_string(lease.iaid) + " " + format_ipv6(lease.address) + " * " +
           duid_text(lease.duid) + "\n";
  }
  return out;
}

void Lease6Table::load_text(std::string_view text, std::int64_t now,
                            std::vector<std::uint8_t>& server_duid,
                            std::vector<std::string>& problems) {
  std::size_t number = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++number;
    if (line.empty()) continue;
    std::vector<std::string_view> words;
    for (std::size_t at = 0; at < line.size();) {
      const auto sp = line.find(' ', at);
      words.push_back(line.substr(at, sp - at));
      at = sp == std::string_view::npos ? line.size() : sp + 1;
    }
    if (words.size() == 2 && words[0] == "duid") {
      if (!parse_duid_text(words[1], server_duid))
        problems.push_back("line " + std::to_string(number) + ": bad server DUID");
      continue;
    }
    std::int64_t expires = 0;
    std::uint32_t iaid = 0;
    Ipv6Address a{};
    std::vector<std::uint8_t> duid;
    const bool ok =
        words.size() == 5 &&
        std::from_chars(words[0].data(), words[0].data() + words[0].size(), expires).ec ==
            std::errc{} &&
        std::from_chars(words[1].data(), words[1].data() + words[1].size(), iaid).ec ==
            std::errc{} &&
        parse_ipv6(words[2], a) && parse_duid_text(words[4], duid);
    if (!ok) {
      problems.push_back("line " + std::to_string(number) +
                         ": expected 'EXPIRES IAID ADDRESS * DUID' (skipped)");
      continue;
    }
    if (expires != 0 && expires <= now) continue;  // over while we were stopped
    const std::uint64_t hash = client_hash(duid, iaid);
    Lease6& lease = slots_[hold(client_slot(duid, iaid, hash), duid, iaid, hash, a, now)].lease;
    lease.committed = true;
    lease.expires = expires == 0 ? INT64_MAX : expires;
  }
}

}  // namespace pxescope::responder
