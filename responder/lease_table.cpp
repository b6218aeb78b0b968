#include "responder/lease_table.hpp"

#include <cerrno>
#include <cstring>

namespace pxescope::responder {

LeaseTable::LeaseTable(std::uint32_t first, std::uint32_t last) : first_(first), last_(last) {
  const std::uint64_t n = std::uint64_t{last} - first + 1;
  slots_.resize(n > 65536 ? 65536 : n);
  if (n > 65536) last_ = first + 65535;
}

bool LeaseTable::held_by_other(const Slot& s, const MacAddress& mac, std::int64_t now) const {
  if (s.state == State::Free) return false;
  if (s.expires <= now) return false;
  if (s.state == State::Declined) return true;
  return s.mac != mac;
}

std::uint32_t LeaseTable::bound_address(const MacAddress& mac, std::int64_t now) const {
  auto it = by_mac_.find(mac);
  if (it == by_mac_.end()) return 0;
  const Slot& s = slots_[it->second];
  if (s.mac != mac || s.state != State::Bound || s.expires <= now) return 0;
  return first_ + it->second;
}

std::uint32_t LeaseTable::offer(const MacAddress& mac, std::uint32_t requested, std::int64_t now,
                                std::uint32_t hold_seconds) {
  if (slots_.empty()) return 0;
  auto take = [&](std::uint32_t index) {
    touch(index);
    Slot& s = slots_[index];
    if (s.state != State::Bound || s.mac != mac) {
      s.state = State::Offered;
      s.expires = now + hold_seconds;
    }
    s.mac = mac;
    s.ever_used = true;
    by_mac_[mac] = index;
    return first_ + index;
  };
  if (auto it = by_mac_.find(mac); it != by_mac_.end()) {
    const Slot& s = slots_[it->second];
    if (s.mac == mac && s.state != State::Declined) return take(it->second);
  }
  if (contains(requested) && !held_by_other(slots_[requested - first_], mac, now))
    return take(requested - first_);
  // Never-used addresses first, so an expired lease is reused only when nothing else is left.
  for (int pass = 0; pass < 2; ++pass)
    for (std::uint32_t i = 0; i < slots_.size(); ++i) {
      const Slot& s = slots_[i];
      if (held_by_other(s, mac, now)) continue;
      if (pass == 0 && s.ever_used) continue;
      return take(i);
    }
  return 0;
}

bool LeaseTable::bind(const MacAddress& mac, std::uint32_t ip, std::int64_t now,
                      std::uint32_t lease_seconds) {
  if (!contains(ip)) return false;
  Slot& s = slots_[ip - first_];
  if (held_by_other(s, mac, now)) return false;
  // The MAC moves: free its previous address.
  touch(ip - first_);
  if (auto it = by_mac_.find(mac); it != by_mac_.end() && it->second != ip - first_) {
    touch(it->second);
    Slot& old = slots_[it->second];
    if (old.mac == mac && old.state != State::Declined) old.state = State::Free;
  }
  s.state = State::Bound;
  s.mac = mac;
  s.ever_used = true;
  s.expires = lease_seconds == 0xffffffffu ? INT64_MAX : now + lease_seconds;
  by_mac_[mac] = ip - first_;
  return true;
}

void LeaseTable::drop_offer(const MacAddress& mac) {
  auto it = by_mac_.find(mac);
  if (it == by_mac_.end()) return;
  Slot& s = slots_[it->second];
  if (s.mac == mac && s.state == State::Offered) s.state = State::Free;
  touch(it->second);
}

bool LeaseTable::holds(const MacAddress& mac, std::uint32_t ip) const {
  if (!contains(ip)) return false;
  const Slot& s = slots_[ip - first_];
  return s.mac == mac && s.state == State::Bound;
}

bool LeaseTable::release(const MacAddress& mac, std::uint32_t ip) {
  if (!holds(mac, ip)) return false;
  slots_[ip - first_].state = State::Free;
  touch(ip - first_);
  return true;
}

bool LeaseTable::decline(const MacAddress& mac, std::uint32_t ip, std::int64_t now) {
  if (!holds(mac, ip)) return false;
  mark_in_use(ip, now, 600);  // dnsmasq's DECLINE_BACKOFF
  return true;
}

void LeaseTable::mark_in_use(std::uint32_t ip, std::int64_t now, std::uint32_t seconds) {
  if (!contains(ip)) return;
  Slot& s = slots_[ip - first_];
  s.state = State::Declined;
  s.ever_used = true;
  s.expires = seconds == 0xffffffffu ? INT64_MAX : now + seconds;
  touch(ip - first_);
}

void LeaseTable::touch(std::uint32_t index) {
  if (slots_[index].touched) return;
  slots_[index].touched = true;
  touched_.push_back(index);
}

std::vector<LeaseRecord> LeaseTable::take_changes() {
  std::vector<LeaseRecord> changes;
  for (const std::uint32_t index : touched_) {
    Slot& s = slots_[index];
    s.touched = false;
    const std::int64_t expires = s.state == State::Bound ? s.expires : 0;
    const MacAddress& mac = s.state == State::Bound ? s.mac : s.persisted_mac;
    if (expires == s.persisted && mac == s.persisted_mac) continue;
    if (expires == 0 && s.persisted == 0) continue;
    changes.push_back({first_ + index, mac, expires});
    s.persisted = expires;
    s.persisted_mac = mac;
  }
  touched_.clear();
  return changes;
}

std::map<std::uint32_t, LeaseRecord> LeaseTable::bound_records() const {
  std::map<std::uint32_t, LeaseRecord> records;
  for (std::uint32_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].state == State::Bound)
      records[first_ + i] = {first_ + i, slots_[i].mac, slots_[i].expires};
  return records;
}

void LeaseTable::restore(const std::map<std::uint32_t, LeaseRecord>& latest, std::int64_t now) {
  for (const auto& [ip, record] : latest) {
    if (!contains(ip)) continue;
    Slot& s = slots_[ip - first_];
    s.ever_used = true;
    if (record.expires <= now) continue;
    s.state = State::Bound;
    s.mac = record.mac;
    s.expires = record.expires;
    s.persisted = record.expires;
    s.persisted_mac = record.mac;
    by_mac_[record.mac] = ip - first_;
  }
}

}  // namespace pxescope::responder
