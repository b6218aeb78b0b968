// Where the DHCP options of a BOOTP message are: the one walk of the option areas that the
// dissector (for display) and DhcpMessage (for reasoning) share, so that option overload
// (52, RFC 2131) and split options (RFC 3396) follow one reading of the rules.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "analyzer/dhcp/inline_list.hpp"

namespace pxescope::dhcp {

// BOOTP layout (RFC 951, RFC 2131 section 2): fixed header, magic cookie, options.
inline constexpr std::size_t kBootpHeaderSize = 236;
inline constexpr std::size_t kOptionsStart = 240;
inline constexpr std::size_t kSnameAt = 44, kSnameEnd = 108, kFileAt = 108, kFileEnd = 236;
inline constexpr std::uint8_t kMagicCookie[4] = {99, 130, 83, 99};

enum class Area : std::uint8_t { Options, File, Sname };

// One thing found while walking an option area.
struct Occurrence {
  enum Kind : std::uint8_t {
    Option,    // code, length, value
    Pad,       // a run of 0 bytes
    End,       // 255
    Trailing,  // the bytes after End, up to the end of the area
    NoLength,  // a code as the area's last byte: no room for its length
  } kind;
  Area area;
  std::uint8_t code;
  bool truncated;          // the declared length runs past the end of the area
  bool continuation;       // an RFC 3396 piece of an earlier occurrence of the same code
  std::uint32_t off;       // payload offset of the code byte
  std::uint32_t len;       // value bytes present (Pad/Trailing: run length)
  std::uint32_t declared;  // the length byte
};

struct OptionScan {
  static constexpr std::uint32_t kNoCut = 0xffffffffu;

  bool cookie_ok = false;     // 99.130.83.99 right after the fixed header
  std::uint8_t overload = 0;  // option 52 & 3: 1 = file, 2 = sname hold options
  bool end_in_options = false, end_in_file = false, end_in_sname = false;
  bool has_continuation = false;         // some code occurs more than once (RFC 3396 pieces)
  std::uint32_t first_cut = kNoCut;      // index of the first NoLength or truncated occurrence
  std::array<std::uint64_t, 4> codes{};  // bit per code with an Option occurrence

  bool end_in(Area area) const {
    return area == Area::Options ? end_in_options : area == Area::File ? end_in_file : end_in_sname;
  }
};

// Locates every option occurrence of `payload` (a BOOTP message from its op byte) into `out`,
// which is cleared first but keeps its capacity: a reused vector allocates nothing once warm.
// Nothing is found when the payload is shorter than kOptionsStart. The options field is
// scanned whatever the cookie says (the dissector shows such options with a warning; callers
// reasoning about DHCP check cookie_ok). Order is RFC 2131's: options field, then file, then
// sname when option 52 overloads them; so a later occurrence of a code is an RFC 3396
// continuation of the first, and is marked so.
OptionScan scan_options(std::span<const std::uint8_t> payload, std::vector<Occurrence>& out);
// The same walk for readers of values (the read model): only Option and NoLength occurrences
// are recorded, not the layout (Pad, End, Trailing), into inline storage that allocates
// nothing for up to kInlineOccurrences; first[code] is set to the index of each code's first
// occurrence (entries of codes not in scan.codes are left as they were).
inline constexpr std::size_t kInlineOccurrences = 96;
using OccurrenceList = InlineList<Occurrence, kInlineOccurrences>;
OptionScan scan_option_values(std::span<const std::uint8_t> payload, OccurrenceList& out,
                              std::array<std::uint16_t, 256>& first);

// The index of the next RFC 3396 piece of the option out[k] (an Option of the same code), or
// occ.size() when there is none.
std::size_t next_piece(std::span<const Occurrence> occ, std::size_t k);

}  // namespace pxescope::dhcp
