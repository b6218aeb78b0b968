#include "analyzer/dhcp/option_scan.hpp"

#include <algorithm>

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

// One walk of the option areas in RFC 2131 order, marking continuations and noting option
// 52 and the first cut as it goes (the read model's fast path wants no second pass).
template <class List, bool kLayout>
class Scanner {
 public:
  Scanner(std::span<const std::uint8_t> p, List& out, OptionScan& scan,
          std::uint16_t* first = nullptr)
      : p_(p), out_(out), scan_(scan), first_(first) {}

  // Locates options in payload[begin, end). Returns true if End was found.
  bool area(Area area, std::size_t begin, std::size_t end) {
    std::size_t i = begin;
    while (i < end) {
      const std::uint8_t code = p_[i];
      if (code == kOptPad) {
        std::size_t j = i;
        while (j < end && p_[j] == 0) ++j;
        if constexpr (kLayout) out_.push_back(make(Occurrence::Pad, area, 0, i, j - i));
        i = j;
        continue;
      }
      if (code == kOptEnd) {
        if constexpr (kLayout) {
          out_.push_back(make(Occurrence::End, area, kOptEnd, i));
          if (i + 1 < end) out_.push_back(make(Occurrence::Trailing, area, 0, i + 1, end - i - 1));
        }
        return true;
      }
      if (i + 1 >= end) {
        note_cut();
        out_.push_back(make(Occurrence::NoLength, area, code, i, 0, 0, true));
        return false;
      }
      const std::size_t declared = p_[i + 1];
      const std::size_t avail = std::min(declared, end - i - 2);
      add_option(area, code, i, avail, declared);
      i += 2 + avail;
    }
    return false;
  }

 private:
  void note_cut() {
    if (scan_.first_cut == OptionScan::kNoCut)
      scan_.first_cut = static_cast<std::uint32_t>(out_.size());
  }

  void add_option(Area area, std::uint8_t code, std::size_t at, std::size_t avail,
                  std::size_t declared) {
    const bool truncated = avail < declared;
    if (truncated) [[unlikely]]
      note_cut();
    const std::uint64_t bit = std::uint64_t{1} << (code & 63);
    const std::uint64_t before = scan_.codes[code >> 6];
    const bool continuation = (before & bit) != 0;
    scan_.codes[code >> 6] = before | bit;
    scan_.has_continuation |= continuation;
    if constexpr (!kLayout) {
      if (!continuation) first_[code] = static_cast<std::uint16_t>(out_.size());
    }
    // 52 must be in the options field (RFC 2131 4.1); the first one with a value counts.
    if (code == kOptOverload) [[unlikely]]
      note_overload(area, at, avail);
    out_.push_back({Occurrence::Option, area, code, truncated, continuation,
                    static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(avail),
                    static_cast<std::uint32_t>(declared)});
  }

  void note_overload(Area area, std::size_t at, std::size_t avail) {
    if (area != Area::Options || avail == 0 || overload_found_) return;
    scan_.overload = p_[at + 2] & 3;
    overload_found_ = true;
  }

  std::span<const std::uint8_t> p_;
  List& out_;
  OptionScan& scan_;
  std::uint16_t* first_;  // value scans: index of each code's first occurrence
  bool overload_found_ = false;
};

template <bool kLayout, class List>
OptionScan scan_into(std::span<const std::uint8_t> payload, List& out,
                     std::uint16_t* first = nullptr) {
  OptionScan scan;
  out.clear();
  if (payload.size() < kOptionsStart) return scan;
  scan.cookie_ok = std::equal(kMagicCookie, kMagicCookie + 4, payload.begin() + kBootpHeaderSize);
  Scanner<List, kLayout> scanner(payload, out, scan, first);
  scan.end_in_options = scanner.area(Area::Options, kOptionsStart, payload.size());
  if (scan.overload & 1) scan.end_in_file = scanner.area(Area::File, kFileAt, kFileEnd);
  if (scan.overload & 2) scan.end_in_sname = scanner.area(Area::Sname, kSnameAt, kSnameEnd);
  return scan;
}

}  // namespace

OptionScan scan_options(std::span<const std::uint8_t> payload, std::vector<Occurrence>& out) {
  return scan_into<true>(payload, out);
}

OptionScan scan_option_values(std::span<const std::uint8_t> payload, OccurrenceList& out,
                              std::array<std::uint16_t, 256>& first) {
  return scan_into<false>(payload, out, first.data());
}

std::size_t next_piece(std::span<const Occurrence> occ, std::size_t k) {
  const std::uint8_t code = occ[k].code;
  for (std::size_t m = k + 1; m < occ.size(); ++m)
    if (occ[m].kind == Occurrence::Option && occ[m].code == code) return m;
  return occ.size();
}

}  // namespace pxescope::dhcp
