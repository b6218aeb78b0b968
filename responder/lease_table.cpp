#include "responder/lease_table.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

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
  if (auto it = by_mac_.find(mac); it != by_mac_.end() && it->second != ip - first_) {
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
}

bool LeaseTable::holds(const MacAddress& mac, std::uint32_t ip) const {
  if (!contains(ip)) return false;
  const Slot& s = slots_[ip - first_];
  return s.mac == mac && s.state == State::Bound;
}

bool LeaseTable::release(const MacAddress& mac, std::uint32_t ip) {
  if (!holds(mac, ip)) return false;
  slots_[ip - first_].state = State::Free;
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
}

bool LeaseTable::save(const std::string& path, std::string& error) const {
  std::string text;
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    const Slot& s = slots_[i];
    if (s.state != State::Bound) continue;
    text +=
        format_ipv4(first_ + i) + " " + format_mac(s.mac) + " " + std::to_string(s.expires) + "\n";
  }
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot write lease file " + tmp + ": " + std::strerror(errno);
    return false;
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "cannot write lease file " + tmp + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    error = "cannot sync lease file " + tmp + ": " + std::strerror(errno);
    return false;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    error = "cannot rename " + tmp + " to " + path + ": " + std::strerror(errno);
    return false;
  }
  // The rename itself must reach the disk too.
  const std::size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash ? slash : 1);
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

bool LeaseTable::load(const std::string& path, std::int64_t now, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    if (errno == ENOENT) return true;  // first start
    error = "cannot read lease file " + path + ": " + std::strerror(errno);
    return false;
  }
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream fields(line);
    std::string ip_text, mac_text;
    long long expires = 0;
    std::uint32_t ip = 0;
    MacAddress mac{};
    if (!(fields >> ip_text >> mac_text >> expires) || !parse_ipv4(ip_text, ip) ||
        !parse_mac(mac_text, mac)) {
      error = path + ":" + std::to_string(line_no) + ": not 'IP MAC EXPIRES'; line skipped";
      continue;
    }
    if (!contains(ip)) continue;
    Slot& s = slots_[ip - first_];
    s.ever_used = true;
    if (expires <= now) continue;
    s.state = State::Bound;
    s.mac = mac;
    s.ever_used = true;
    s.expires = expires;
    by_mac_[mac] = ip - first_;
  }
  return true;
}

}  // namespace pxescope::responder
