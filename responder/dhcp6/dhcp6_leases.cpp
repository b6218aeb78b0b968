#include "responder/dhcp6/dhcp6_leases.hpp"

#include <charconv>
#include <cstring>

#include "responder/dhcp6/dhcp6_config.hpp"

namespace pxescope::responder {
namespace {

// The low 64 bits of an address (ranges are within one /64).
std::uint64_t low64(const Ipv6Address& a) {
  std::uint64_t v = 0;
  for (int i = 8; i < 16; ++i) v = (v << 8) | a[i];
  return v;
}

Ipv6Address with_low64(const Ipv6Address& prefix, std::uint64_t v) {
  Ipv6Address a = prefix;
  for (int i = 15; i >= 8; --i) {
    a[i] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
  return a;
}

// FNV-1a: a client starts its search at the same place each time (dnsmasq hashes too), so a
// client whose lease expired tends to get its old address back.
std::uint64_t hash_of(const std::string& key) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
  return h;
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

Lease6Table::Key Lease6Table::key_of(std::span<const std::uint8_t> duid, std::uint32_t iaid) {
  Key k(reinterpret_cast<const char*>(duid.data()), duid.size());
  for (int shift = 24; shift >= 0; shift -= 8) k += static_cast<char>(iaid >> shift);
  return k;
}

void Lease6Table::set_range(const Ipv6Address& start, const Ipv6Address& end) {
  start_ = start;
  end_ = end;
}

bool Lease6Table::in_range(const Ipv6Address& a) const {
  return std::memcmp(a.data(), start_.data(), 8) == 0 && low64(a) >= low64(start_) &&
         low64(a) <= low64(end_);
}

bool Lease6Table::taken(const Ipv6Address& a, const Key& by, std::int64_t now) const {
  const auto it = by_address_.find(a);
  if (it == by_address_.end() || it->second == by) return false;
  const auto lease = by_client_.find(it->second);
  return lease != by_client_.end() && lease->second.expires > now;
}

bool Lease6Table::pick(const Key& key, const Ipv6Address* hint, std::int64_t now,
                       Ipv6Address& out) const {
  if (const auto it = by_client_.find(key); it != by_client_.end() &&
                                            in_range(it->second.address) &&
                                            !taken(it->second.address, key, now)) {
    out = it->second.address;
    return true;
  }
  if (hint && in_range(*hint) && !taken(*hint, key, now)) {
    out = *hint;
    return true;
  }
  const std::uint64_t first = low64(start_), size = low64(end_) - first + 1;
  const std::uint64_t from = size ? hash_of(key) % size : 0;
  for (std::uint64_t i = 0; i < size && i < kMaxScan; ++i) {
    const Ipv6Address a = with_low64(start_, first + (from + i) % size);
    if (!taken(a, key, now)) {
      out = a;
      return true;
    }
  }
  return false;
}

Lease6& Lease6Table::hold(const Key& key, std::span<const std::uint8_t> duid, std::uint32_t iaid,
                          const Ipv6Address& a) {
  Lease6& lease = by_client_[key];
  if (lease.duid.empty()) lease.duid.assign(duid.begin(), duid.end());
  if (lease.address != a || lease.iaid != iaid) {
    if (auto old = by_address_.find(lease.address); old != by_address_.end() && old->second == key)
      by_address_.erase(old);
  }
  lease.iaid = iaid;
  lease.address = a;
  by_address_[a] = key;
  return lease;
}

bool Lease6Table::offer(std::span<const std::uint8_t> duid, std::uint32_t iaid,
                        const Ipv6Address* hint, std::int64_t now, Ipv6Address& out) {
  const Key key = key_of(duid, iaid);
  if (!pick(key, hint, now, out)) return false;
  Lease6& lease = hold(key, duid, iaid, out);
  if (!lease.committed || lease.expires <= now) {
    lease.committed = false;
    lease.expires = now + kOfferHoldSeconds;
  }
  return true;
}

bool Lease6Table::commit(std::span<const std::uint8_t> duid, std::uint32_t iaid,
                         const Ipv6Address* hint, std::int64_t now, std::uint32_t seconds,
                         Ipv6Address& out) {
  const Key key = key_of(duid, iaid);
  if (!pick(key, hint, now, out)) return false;
  Lease6& lease = hold(key, duid, iaid, out);
  lease.committed = true;
  lease.expires = seconds == 0xffffffffu ? INT64_MAX : now + seconds;
  changed_ = true;
  return true;
}

bool Lease6Table::extend(std::span<const std::uint8_t> duid, std::uint32_t iaid, std::int64_t now,
                         std::uint32_t seconds, Ipv6Address& out) {
  const auto it = by_client_.find(key_of(duid, iaid));
  if (it == by_client_.end() || !it->second.committed || !in_range(it->second.address))
    return false;
  it->second.expires = seconds == 0xffffffffu ? INT64_MAX : now + seconds;
  out = it->second.address;
  changed_ = true;
  return true;
}

bool Lease6Table::release(std::span<const std::uint8_t> duid, std::uint32_t iaid) {
  const auto it = by_client_.find(key_of(duid, iaid));
  if (it == by_client_.end()) return false;
  by_address_.erase(it->second.address);
  by_client_.erase(it);
  changed_ = true;
  return true;
}

void Lease6Table::decline(std::span<const std::uint8_t> duid, std::uint32_t iaid, std::int64_t now,
                          std::uint32_t seconds) {
  const auto it = by_client_.find(key_of(duid, iaid));
  if (it == by_client_.end()) return;
  // The address stays held, by no client: a key no DUID can have.
  const Ipv6Address a = it->second.address;
  by_client_.erase(it);
  const Key nobody = "declined:" + format_ipv6(a);
  Lease6& held = hold(nobody, {}, 0, a);
  held.committed = true;
  held.expires = now + seconds;
  changed_ = true;
}

const Lease6* Lease6Table::find(std::span<const std::uint8_t> duid, std::uint32_t iaid) const {
  const auto it = by_client_.find(key_of(duid, iaid));
  return it == by_client_.end() ? nullptr : &it->second;
}

std::string Lease6Table::to_text(std::span<const std::uint8_t> server_duid) const {
  std::string out;
  if (!server_duid.empty()) out += "duid " + duid_text(server_duid) + "\n";
  for (const auto& [key, lease] : by_client_) {
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
    Lease6& lease = hold(key_of(duid, iaid), duid, iaid, a);
    lease.committed = true;
    lease.expires = expires == 0 ? INT64_MAX : expires;
  }
}

}  // namespace pxescope::responder
