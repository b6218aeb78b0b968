#include "analyzer/dhcp/option_scan.hpp"

#include <algorithm>
#include <bitset>

#include "analyzer/dhcp/option_codes.hpp"

namespace pxescope::dhcp {
namespace {

Occurrence make(Occurrence::Kind kind, Area area, std::uint8_t code, std::size_t off,
                std::size_t len = 0, std::size_t declared = 0, bool truncated = false) {
  return {kind,
          area,
          code,
          truncated,
          false,
          static_cast<std::uint32_t>(off),
          static_cast<std::uint32_t>(len),
          static_cast<std::uint32_t>(declared)};
}

// Locates options in payload[begin, end). Returns true if End was found.
template <class List>
bool scan_area(std::span<const std::uint8_t> p, Area area, std::size_t begin, std::size_t end,
               List& out) {
  std::size_t i = begin;
  while (i < end) {
    const std::uint8_t code = p[i];
    if (code == kOptPad) {
      std::size_t j = i;
      while (j < end && p[j] == 0) ++j;
      out.push_back(make(Occurrence::Pad, area, 0, i, j - i));
      i = j;
      continue;
    }
    if (code == kOptEnd) {
      out.push_back(make(Occurrence::End, area, kOptEnd, i));
      if (i + 1 < end) out.push_back(make(Occurrence::Trailing, area, 0, i + 1, end - i - 1));
      return true;
    }
    if (i + 1 >= end) {
      out.push_back(make(Occurrence::NoLength, area, code, i, 0, 0, true));
      return false;
    }
    const std::size_t declared = p[i + 1];
    const std::size_t avail = std::min(declared, end - i - 2);
    out.push_back(make(Occurrence::Option, area, code, i, avail, declared, avail < declared));
    i += 2 + avail;
  }
  return false;
}

template <class List>
OptionScan scan_into(std::span<const std::uint8_t> payload, List& out) {
  OptionScan scan;
  out.clear();
  if (payload.size() < kOptionsStart) return scan;
  scan.cookie_ok = std::equal(kMagicCookie, kMagicCookie + 4, payload.begin() + kBootpHeaderSize);
  scan.end_in_options = scan_area(payload, Area::Options, kOptionsStart, payload.size(), out);
  // 52 must be in the options field (RFC 2131 4.1): look there before reading file/sname.
  for (const auto& o : out)
    if (o.kind == Occurrence::Option && o.code == kOptOverload && o.len >= 1) {
      scan.overload = payload[o.off + 2] & 3;
      break;
    }
  if (scan.overload & 1) scan.end_in_file = scan_area(payload, Area::File, kFileAt, kFileEnd, out);
  if (scan.overload & 2)
    scan.end_in_sname = scan_area(payload, Area::Sname, kSnameAt, kSnameEnd, out);
  std::bitset<256> seen;
  for (auto& o : out) {
    if (o.kind != Occurrence::Option) continue;
    o.continuation = seen.test(o.code);
    seen.set(o.code);
  }
  return scan;
}

}  // namespace

OptionScan scan_options(std::span<const std::uint8_t> payload, std::vector<Occurrence>& out) {
  return scan_into(payload, out);
}

OptionScan scan_options(std::span<const std::uint8_t> payload, OccurrenceList& out) {
  return scan_into(payload, out);
}

std::size_t next_piece(std::span<const Occurrence> occ, std::size_t k) {
  const std::uint8_t code = occ[k].code;
  for (std::size_t m = k + 1; m < occ.size(); ++m)
    if (occ[m].kind == Occurrence::Option && occ[m].code == code) return m;
  return occ.size();
}

}  // namespace pxescope::dhcp
