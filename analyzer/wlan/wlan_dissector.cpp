#include "analyzer/wlan/wlan_dissector.hpp"

#include "analyzer/link/text_format.hpp"
#include "analyzer/link/tree_add.hpp"
#include "analyzer/wlan/wlan_names.hpp"

namespace pxescope {
namespace {

using wlan::le16;
using wlan::le32;

std::string_view frame_name(std::uint16_t type_subtype) {
  for (const fields::ValueName& v : fields::kWlanFrameNames)
    if (v.value == type_subtype) return v.name;
  return "Unknown frame";
}

// Wireshark's flag string: one character per set bit, from the order bit down to To DS
// ("opmPRMFT"), then "C" when the frame carries its FCS.
struct FlagText {
  char buf[10];
  FlagText(std::uint8_t flags, bool fcs) {
    static constexpr char kLetters[] = "opmPRMFT";
    for (int i = 0; i < 8; ++i) buf[i] = flags & (0x80 >> i) ? kLetters[i] : '.';
    buf[8] = fcs ? 'C' : '\0';
    buf[9] = '\0';
  }
};

struct FlagBit {
  std::string_view name;
  std::uint8_t mask;
};
constexpr FlagBit kFlagBits[] = {
    {"wlan.fc.tods", 0x01},      {"wlan.fc.fromds", 0x02}, {"wlan.fc.frag", 0x04},
    {"wlan.fc.retry", 0x08},     {"wlan.fc.pwrmgt", 0x10}, {"wlan.fc.moredata", 0x20},
    {"wlan.fc.protected", 0x40}, {"wlan.fc.order", 0x80},
};

// Control frames that name their transmitter (RTS, PS-Poll, Block Ack (Req), CF-End).
bool control_has_ta(std::uint8_t subtype) {
  return subtype == 0x8 || subtype == 0x9 || subtype == 0xa || subtype == 0xb || subtype == 0xe ||
         subtype == 0xf;
}

void add_mac(FieldTree& t, NodeId parent, const std::uint8_t* p, std::string_view name,
             std::uint32_t off) {
  if (off != wlan::kNoOffset) add_string_value(t, parent, name, off, 6, MacText(p + off).view());
}

void add_qos(FieldTree& t, NodeId parent, const std::uint8_t* p, std::uint32_t off,
             bool from_station) {
  const std::uint16_t q = le16(p + off);
  const NodeId qos = add_value(t, parent, "wlan.qos", off, 2, q);
  add_value(t, qos, "wlan.qos.tid", off, 2, q & 0xf);
  add_value(t, qos, "wlan.qos.priority", off, 2, q & 0x7);
  // Bit 4 is EOSP from an AP; from a station it says what the queue size field holds.
  if (!from_station) add_value(t, qos, "wlan.qos.eosp", off, 2, (q >> 4) & 1);
  add_value(t, qos, "wlan.qos.ack", off, 2, (q >> 5) & 3);
  add_value(t, qos, "wlan.qos.amsdupresent", off, 2, (q >> 7) & 1);
}

// What Wireshark's Info column adds for beacons and probes: the beacon interval and the SSID
// (the first information element), from the frame body after the MAC header.
void add_management_info(LineBuilder<256>& info, const std::uint8_t* p, std::size_t n,
                         const wlan::MacHeader& h) {
  const std::uint16_t type_subtype = h.type_subtype();
  const bool beacon = type_subtype == 0x08 || type_subtype == 0x05;  // beacon, probe response
  if (!beacon && type_subtype != 0x04) return;                       // probe request
  std::size_t at = h.offset + h.length;
  if (beacon) {
    if (n < at + 12) return;
    info.add(", BI=%u", le16(p + at + 8));
    at += 12;
  }
  if (n < at + 2 || p[at] != 0 || n < at + 2 + p[at + 1]) return;
  const std::uint8_t len = p[at + 1];
  if (len == 0) return info.add(", SSID=Wildcard (Broadcast)");
  char ssid[33];
  const std::size_t shown = len < 32 ? len : 32;
  for (std::size_t i = 0; i < shown; ++i) {
    const std::uint8_t c = p[at + 2 + i];
    ssid[i] = c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.';
  }
  ssid[shown] = '\0';
  info.add(", SSID=\"%s\"", ssid);
}

}  // namespace

NodeId add_radiotap(FieldTree& t, const std::uint8_t* p, const wlan::RadiotapLayout& r) {
  const NodeId rt = t.add(kNoNode, "radiotap", 0, r.length);
  Line line;
  t.set_text(rt, line("Radiotap Header v0, Length %u", r.length));
  add_value(t, rt, "radiotap.version", 0, 1, p[0]);
  add_value(t, rt, "radiotap.pad", 1, 1, p[1]);
  add_value(t, rt, "radiotap.length", 2, 2, r.length);
  for (int i = 0; i < r.present_words; ++i)
    add_value(t, rt, "radiotap.present.word", 4 + 4u * i, 4, le32(p + 4 + 4 * i));
  if (const std::uint32_t at = r.field_offset[wlan::kRadiotapTsft])
    add_value(t, rt, "radiotap.mactime", at, 8,
              le32(p + at) | (std::uint64_t{le32(p + at + 4)} << 32));
  if (const std::uint32_t at = r.field_offset[wlan::kRadiotapFlags]) {
    const NodeId flags = add_value(t, rt, "radiotap.flags", at, 1, p[at]);
    add_value(t, flags, "radiotap.flags.fcs", at, 1, (p[at] & wlan::kRadiotapFlagFcs) ? 1 : 0);
  }
  if (const std::uint32_t at = r.field_offset[wlan::kRadiotapChannel]) {
    add_value(t, rt, "radiotap.channel.freq", at, 2, le16(p + at));
    add_value(t, rt, "radiotap.channel.flags", at + 2, 2, le16(p + at + 2));
  }
  if (const std::uint32_t at = r.field_offset[wlan::kRadiotapAntSignal]) {
    const NodeId id = t.add(rt, "radiotap.dbm_antsignal", at, 1);
    t.set_int(id, static_cast<std::int8_t>(p[at]));
  }
  return rt;
}

NodeId add_wlan(FieldTree& t, const std::uint8_t* p, std::size_t n, const wlan::MacHeader& h,
                std::uint32_t fcs_at, std::string_view failure) {
  const std::uint32_t off = h.offset;
  const std::uint32_t shown = static_cast<std::uint32_t>(
      n < off + 2u ? n - off : (h.length && n >= off + h.length ? h.length : n - off));
  const NodeId w = t.add(kNoNode, "wlan", off, shown);
  Line line;
  if (n < off + 10u) {
    t.set_text(w, "IEEE 802.11");
    t.warn(w, Severity::Error, failure);
    return w;
  }
  const std::uint16_t type_subtype = h.type_subtype();
  const std::string_view name = frame_name(type_subtype);
  const FlagText flag_text(h.flags, fcs_at != 0);
  t.set_text(w, line("IEEE 802.11 %.*s, Flags: %s", static_cast<int>(name.size()), name.data(),
                     flag_text.buf));
  add_value(t, w, "wlan.fc.type_subtype", off, 2, type_subtype);
  const NodeId fc = add_value(t, w, "wlan.fc", off, 2, (p[off] << 8) | p[off + 1]);
  const std::uint32_t fc0_at = off + (h.fc_swapped ? 1 : 0),
                      flags_at = off + (h.fc_swapped ? 0 : 1);
  add_value(t, fc, "wlan.fc.version", fc0_at, 1, h.fc0 & 3);
  add_value(t, fc, "wlan.fc.type", fc0_at, 1, (h.fc0 >> 2) & 3);
  add_value(t, fc, "wlan.fc.subtype", fc0_at, 1, h.subtype());
  const NodeId flags = add_value(t, fc, "wlan.flags", flags_at, 1, h.flags);
  add_value(t, flags, "wlan.fc.ds", flags_at, 1, h.ds());
  for (const FlagBit& b : kFlagBits)
    add_value(t, flags, b.name, flags_at, 1, (h.flags & b.mask) ? 1 : 0);
  if (h.fc_swapped)
    t.warn(fc, Severity::Note, "frame control byte-swapped (as Cisco access points send it)");
  add_value(t, w, "wlan.duration", off + 2, 2, le16(p + off + 2) & 0x7fff);

  const bool control = h.type() == wlan::FrameType::Control;
  add_mac(t, w, p, "wlan.ra", off + 4);
  if (control) {
    if (control_has_ta(h.subtype()) && n >= off + 16u) add_mac(t, w, p, "wlan.ta", off + 10);
  } else if (h.length >= 24) {  // a whole management or data header (not extension frames)
    add_mac(t, w, p, "wlan.ta", h.ta);
    add_mac(t, w, p, "wlan.da", h.da);
    add_mac(t, w, p, "wlan.sa", h.sa);
    add_mac(t, w, p, "wlan.bssid", h.bssid);
    const std::uint16_t seq = le16(p + off + 22);
    add_value(t, w, "wlan.frag", off + 22, 2, seq & 0xf);
    add_value(t, w, "wlan.seq", off + 22, 2, seq >> 4);
    const bool addr4 = h.type() == wlan::FrameType::Data && h.ds() == 3;  // WDS data only
    const std::uint32_t qos_at = off + 24 + (addr4 ? 6 : 0);
    if (h.qos) add_qos(t, w, p, qos_at, h.flags & wlan::kToDs);
    const std::uint32_t htc_at = qos_at + (h.qos ? 2 : 0);
    if (h.ht_control) add_value(t, w, "wlan.htc", htc_at, 4, le32(p + htc_at));
  } else {
    t.warn(w, Severity::Error, failure);
  }
  if (fcs_at) add_value(t, w, "wlan.fcs", fcs_at, 4, le32(p + fcs_at));

  LineBuilder<256> info;
  info.add("%.*s", static_cast<int>(name.size()), name.data());
  const bool whole_header = !control && h.length >= 24;  // management or data
  if (whole_header) info.add(", SN=%u, FN=%u", le16(p + off + 22) >> 4, le16(p + off + 22) & 0xf);
  info.add(", Flags=%s", flag_text.buf);
  if (h.type() == wlan::FrameType::Management && whole_header) add_management_info(info, p, n, h);
  t.set_summary("802.11", info.view());
  return w;
}

NodeId add_llc(FieldTree& t, const std::uint8_t* p, std::size_t n, std::uint32_t off) {
  const std::size_t avail = n > off ? n - off : 0;
  const bool snap = avail >= 3 && p[off] == 0xaa && p[off + 1] == 0xaa;
  const std::uint32_t len = static_cast<std::uint32_t>(
      snap ? (avail < wlan::kLlcSnapLength ? avail : wlan::kLlcSnapLength)
           : (avail < 3 ? avail : 3));
  const NodeId llc = t.add(kNoNode, "llc", off, len);
  Line line;
  if (avail < 3) {
    t.set_text(llc, "Logical-Link Control");
    t.warn(llc, Severity::Error, "truncated LLC header: 3 bytes needed");
    return llc;
  }
  const std::uint8_t dsap = p[off], ssap = p[off + 1], control = p[off + 2];
  const NodeId d = add_value(t, llc, "llc.dsap", off, 1, dsap);
  add_value(t, d, "llc.dsap.sap", off, 1, dsap >> 1);
  add_value(t, d, "llc.dsap.ig", off, 1, dsap & 1);
  const NodeId s = add_value(t, llc, "llc.ssap", off + 1, 1, ssap);
  add_value(t, s, "llc.ssap.sap", off + 1, 1, ssap >> 1);
  add_value(t, s, "llc.ssap.cr", off + 1, 1, ssap & 1);
  const NodeId c = add_value(t, llc, "llc.control", off + 2, 1, control);
  add_value(t, c, "llc.control.u_modifier_cmd", off + 2, 1, (control & 0xec) >> 2);
  add_value(t, c, "llc.control.ftype", off + 2, 1, control & 3);
  if (!snap) {
    t.set_text(llc, line("Logical-Link Control, DSAP 0x%02x, SSAP 0x%02x", dsap, ssap));
    return llc;
  }
  if (avail < wlan::kLlcSnapLength) {
    t.set_text(llc, "Logical-Link Control");
    t.warn(llc, Severity::Error, "truncated SNAP header: 8 bytes needed");
    return llc;
  }
  const std::uint32_t oui = (std::uint32_t{p[off + 3]} << 16) | (p[off + 4] << 8) | p[off + 5];
  const std::uint16_t type = static_cast<std::uint16_t>((p[off + 6] << 8) | p[off + 7]);
  t.set_text(llc, line("Logical-Link Control, SNAP, OUI 0x%06x, Type 0x%04x", oui, type));
  add_value(t, llc, "llc.oui", off + 3, 3, oui);
  add_value(t, llc, "llc.type", off + 6, 2, type);
  return llc;
}

}  // namespace pxescope
