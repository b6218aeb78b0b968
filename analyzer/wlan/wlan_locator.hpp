// Bare byte walks of the wireless link layers, for locate_udp(): the radiotap header (its
// length and whether the frame ends with an FCS), the IEEE 802.11 MAC header (its length,
// where the station addresses are, whether a payload follows) and LLC/SNAP (the EtherType).
// No tree, no allocation; wlan_dissector.cpp names what these find.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pxescope::wlan {

inline std::uint16_t le16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
inline std::uint32_t le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
         (std::uint32_t{p[3]} << 24);
}

// ---- radiotap (radiotap.org; all fields little-endian, each aligned to its size) --------

inline constexpr std::uint32_t kRadiotapExtBit = 1u << 31;
inline constexpr std::uint8_t kRadiotapFlagFcs = 0x10;  // the frame ends with a 4-byte FCS
inline constexpr int kMaxPresentWords = 8;              // a bound on the bitmap chain

// Size and alignment of the fields of present bits 0..5 (TSFT, flags, rate, channel, FHSS,
// dBm signal): the ones pxescope reads; fields of higher bits follow them in the data.
struct RadiotapFieldShape {
  std::uint8_t size, align;
};
inline constexpr RadiotapFieldShape kRadiotapFields[] = {{8, 8}, {1, 1}, {1, 1},
                                                         {4, 2}, {2, 1}, {1, 1}};
inline constexpr int kRadiotapTsft = 0, kRadiotapFlags = 1, kRadiotapRate = 2, kRadiotapChannel = 3,
                     kRadiotapAntSignal = 5;

struct RadiotapLayout {
  std::uint32_t length = 0;  // it_len: where the 802.11 frame starts
  int present_words = 0;
  std::uint32_t present = 0;  // the first word
  // Offset of each of the fields above (0 when absent; offsets count from the frame start).
  std::uint32_t field_offset[6] = {};
  bool fcs_at_end = false;
};

// Reads the radiotap header at frame[0]; false (with `failure`) when it cannot be read.
inline bool read_radiotap(const std::uint8_t* p, std::size_t n, RadiotapLayout& r,
                          std::string_view& failure) {
  if (n < 8) return failure = "truncated radiotap header", false;
  r.length = le16(p + 2);
  if (p[0] != 0 || r.length < 8 || r.length > n)
    return failure = "bad radiotap header (version or length)", false;
  std::uint32_t at = 4;
  r.present = le32(p + 4);
  for (std::uint32_t word = r.present;; word = le32(p + at)) {
    at += 4;
    ++r.present_words;
    if (!(word & kRadiotapExtBit)) break;
    if (r.present_words == kMaxPresentWords || at + 4 > r.length)
      return failure = "bad radiotap header (present bitmap)", false;
  }
  for (int bit = 0; bit < 6; ++bit) {
    if (!(r.present & (1u << bit))) continue;
    const RadiotapFieldShape& f = kRadiotapFields[bit];
    at = (at + f.align - 1) / f.align * f.align;
    if (at + f.size > r.length) return failure = "bad radiotap header (fields)", false;
    r.field_offset[bit] = at;
    at += f.size;
  }
  r.fcs_at_end = r.field_offset[kRadiotapFlags] &&
                 (p[r.field_offset[kRadiotapFlags]] & kRadiotapFlagFcs) && n >= r.length + 4;
  return true;
}

// ---- IEEE 802.11 MAC header ----------------------------------------------------------

enum class FrameType : std::uint8_t { Management = 0, Control = 1, Data = 2, Extension = 3 };

inline constexpr std::uint8_t kToDs = 0x01, kFromDs = 0x02, kProtected = 0x40, kOrder = 0x80;
inline constexpr std::uint32_t kNoOffset = 0xffffffffu;

struct MacHeader {
  std::uint32_t offset = 0;  // of the frame control field
  bool fc_swapped = false;   // Cisco CAPWAP APs send the frame control byte-swapped
  std::uint8_t fc0 = 0;      // subtype << 4 | type << 2 | version, as if not swapped
  std::uint8_t flags = 0;
  std::uint32_t length = 0;  // the MAC header (with QoS and HT control when present)
  bool qos = false, ht_control = false;
  // Station addresses by role (kNoOffset when the frame has none).
  std::uint32_t ra = kNoOffset, ta = kNoOffset, da = kNoOffset, sa = kNoOffset, bssid = kNoOffset;

  FrameType type() const { return static_cast<FrameType>((fc0 >> 2) & 3); }
  std::uint8_t subtype() const { return fc0 >> 4; }
  std::uint16_t type_subtype() const {  // wlan.fc.type_subtype: type << 4 | subtype
    return static_cast<std::uint16_t>(((fc0 >> 2) & 3) << 4 | (fc0 >> 4));
  }
  std::uint8_t ds() const { return flags & (kToDs | kFromDs); }
};

// Reads the MAC header at frame[off]. Returns false with `failure` when no LLC payload
// follows: the frame is cut, or is a management, control, null or protected frame (whose
// failure is one of the kNoIp* texts: ordinary traffic, counted quietly).
inline constexpr std::string_view kNoIpManagement = "802.11 management frame";
inline constexpr std::string_view kNoIpControl = "802.11 control frame";
inline constexpr std::string_view kNoIpNullData = "802.11 data frame with no payload";
inline constexpr std::string_view kNoIpProtected = "802.11 protected frame (encrypted)";

inline bool read_mac_header(const std::uint8_t* p, std::size_t n, std::uint32_t off, bool swapped,
                            MacHeader& h, std::string_view& failure) {
  h = {};
  h.offset = off;
  h.fc_swapped = swapped;
  if (n < off + 10) return failure = "truncated 802.11 header", false;
  h.fc0 = p[off + (swapped ? 1 : 0)];
  h.flags = p[off + (swapped ? 0 : 1)];
  if (h.fc0 & 3) return failure = "bad 802.11 header (protocol version not 0)", false;
  const std::uint32_t a1 = off + 4, a2 = off + 10, a3 = off + 16, a4 = off + 24;
  switch (h.type()) {
    case FrameType::Control:
      h.ra = a1;
      h.length = 10;
      return failure = kNoIpControl, false;
    case FrameType::Extension:
      h.length = 10;
      return failure = "802.11 extension frame", false;
    case FrameType::Management:
      if (n < off + 24) return failure = "truncated 802.11 header", false;
      h.ra = h.da = a1;
      h.ta = h.sa = a2;
      h.bssid = a3;
      h.ht_control = (h.flags & kOrder) && n >= off + 28;  // +HTC: 4 more bytes
      h.length = h.ht_control ? 28 : 24;
      return failure = kNoIpManagement, false;
    case FrameType::Data:
      break;
  }
  h.qos = (h.subtype() & 0x8) != 0;
  h.ht_control = h.qos && (h.flags & kOrder);
  // The length is kept only once the whole header is there: length 0 says "cut".
  const std::uint32_t length =
      24 + (h.ds() == 3 ? 6 : 0) + (h.qos ? 2 : 0) + (h.ht_control ? 4 : 0);
  if (n < off + length) return failure = "truncated 802.11 header", false;
  h.length = length;
  h.ra = a1;
  h.ta = a2;
  switch (h.ds()) {  // IEEE 802.11-2020 Table 9-30: who is who by the DS bits
    case 0:
      h.da = a1, h.sa = a2, h.bssid = a3;
      break;
    case kToDs:
      h.bssid = a1, h.sa = a2, h.da = a3;
      break;
    case kFromDs:
      h.da = a1, h.bssid = a2, h.sa = a3;
      break;
    default:
      h.da = a3, h.sa = a4;
      break;
  }
  if (h.subtype() & 0x4) return failure = kNoIpNullData, false;
  if (h.flags & kProtected) return failure = kNoIpProtected, false;
  if (h.qos && (p[off + 24 + (h.ds() == 3 ? 6 : 0)] & 0x80))
    return failure = "802.11 A-MSDU (aggregate, not decoded)", false;
  return true;
}

// The other byte order's guess for CAPWAP payloads: swapped when read as written the version
// is not 0 but read swapped it is (Cisco APs; tshark's capwap.swap_fc does the same).
inline bool frame_control_looks_swapped(const std::uint8_t* p, std::size_t n, std::uint32_t off) {
  return n >= off + 2 && (p[off] & 3) != 0 && (p[off + 1] & 3) == 0;
}

// ---- LLC / SNAP (IEEE 802.2, RFC 1042) ----------------------------------------------------

inline constexpr std::uint32_t kLlcSnapLength = 8;
inline constexpr std::string_view kLlcNotSnap = "LLC, not SNAP";
inline constexpr std::string_view kSnapNotEthertype = "LLC SNAP, not an EtherType";

// The EtherType of the LLC/SNAP header at frame[off]; false with `failure` when it is not
// SNAP with an EtherType (RFC 1042 OUI 00-00-00 or 802.1H 00-00-f8).
inline bool read_llc_snap(const std::uint8_t* p, std::size_t n, std::uint32_t off,
                          std::uint16_t& ethertype, std::string_view& failure) {
  if (n < off + 3) return failure = "truncated LLC header", false;
  if (p[off] != 0xaa || p[off + 1] != 0xaa || p[off + 2] != 0x03)
    return failure = kLlcNotSnap, false;
  if (n < off + kLlcSnapLength) return failure = "truncated LLC header", false;
  const bool ethertype_oui =
      p[off + 3] == 0 && p[off + 4] == 0 && (p[off + 5] == 0 || p[off + 5] == 0xf8);
  if (!ethertype_oui) return failure = kSnapNotEthertype, false;
  ethertype = static_cast<std::uint16_t>((p[off + 6] << 8) | p[off + 7]);
  return true;
}

}  // namespace pxescope::wlan
