#include "analyzer/capwap/capwap_dissector.hpp"

#include <string_view>

#include "analyzer/capwap/capwap_locator.hpp"
#include "analyzer/link/bytes.hpp"
#include "analyzer/link/text_format.hpp"
#include "analyzer/link/tree_add.hpp"

namespace pxescope {
namespace {

struct FlagBit {
  std::string_view name;
  std::uint32_t mask;
};
constexpr FlagBit kFlagBits[] = {
    {"capwap.header.flags.t", capwap::kFlagT}, {"capwap.header.flags.f", capwap::kFlagF},
    {"capwap.header.flags.l", capwap::kFlagL}, {"capwap.header.flags.w", capwap::kFlagW},
    {"capwap.header.flags.m", capwap::kFlagM}, {"capwap.header.flags.k", capwap::kFlagK},
};

std::string hex_bytes(const std::uint8_t* p, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) s += ':';
    s += kHex[p[i] >> 4];
    s += kHex[p[i] & 0xf];
  }
  return s;
}

// One optional field: a length byte and its data (as MAC text when it is 6 bytes and
// `mac_name` is given). Returns where the next field starts, or 0 when it overruns HLEN.
struct OptionalField {
  std::uint32_t flag;
  std::string_view length_name, data_name, mac_name, what;
};
constexpr OptionalField kOptionalFields[] = {
    // in header order (RFC 5415 4.3)
    {capwap::kFlagM, "capwap.header.mac.length", "capwap.header.mac.data",
     "capwap.header.mac.eui48", "radio MAC"},
    {capwap::kFlagW,
     "capwap.header.wireless.length",
     "capwap.header.wireless.data",
     {},
     "wireless information"},
};

// The optional Radio MAC and Wireless Specific Information fields (M, W), then the padding up
// to HLEN.
void add_optional_fields(FieldTree& t, NodeId header, const std::uint8_t* p,
                         const capwap::Header& h) {
  std::uint32_t at = h.offset + 8;
  const std::uint32_t end = h.offset + h.length;
  for (const OptionalField& f : kOptionalFields) {
    if (!(h.flags() & f.flag) || at >= end) continue;
    const std::uint8_t len = p[at];
    add_value(t, header, f.length_name, at, 1, len);
    if (at + 1u + len > end) {
      Line line;
      t.warn(header, Severity::Warn,
             line("%.*s length runs past the header (HLEN)", static_cast<int>(f.what.size()),
                  f.what.data()));
      return;
    }
    if (len == 6 && !f.mac_name.empty())
      add_string_value(t, header, f.mac_name, at + 1, 6, MacText(p + at + 1).view());
    else
      add_string_value(t, header, f.data_name, at + 1, len, hex_bytes(p + at + 1, len));
    at += 1u + len;
  }
  if (at < end && at > h.offset + 8)
    add_string_value(t, header, "capwap.header.padding", at, end - at, hex_bytes(p + at, end - at));
}

}  // namespace

NodeId add_capwap(FieldTree& t, const std::uint8_t* p, std::size_t end, std::uint32_t off) {
  capwap::Header h;
  std::string_view why;
  const bool carries_frame = capwap::read_header(p, end, off, h, why);
  const std::size_t avail = end > off ? end - off : 0;
  const std::uint32_t shown = static_cast<std::uint32_t>(
      h.length && h.length <= avail ? h.length : (avail < 8 ? avail : 8));
  const NodeId node = t.add(kNoNode, "capwap.data", off, shown);
  t.set_text(node, "Control And Provisioning of Wireless Access Points - Data");
  t.set_summary("CAPWAP-Data", "CAPWAP-Data");
  if (avail < 8) {
    t.warn(node, Severity::Error, "truncated CAPWAP header: 8 bytes needed");
    return node;
  }
  const NodeId preamble = t.add(node, "capwap.preamble", off, 1);
  add_value(t, preamble, "capwap.preamble.version", off, 1, h.version);
  add_value(t, preamble, "capwap.preamble.type", off, 1, h.type);
  if (h.version != 0 || h.type != 0) {  // DTLS or unknown: the rest is not a clear header
    t.warn(node, h.type == 1 ? Severity::Note : Severity::Warn, why);
    return node;
  }
  const NodeId header = t.add(node, "capwap.header", off + 1, shown - 1);
  add_value(t, header, "capwap.header.length", off + 1, 3, h.hlen_words());
  add_value(t, header, "capwap.header.rid", off + 1, 3, h.rid());
  add_value(t, header, "capwap.header.wbid", off + 1, 3, h.wbid);
  const NodeId flags = add_value(t, header, "capwap.header.flags", off + 1, 3, h.flags());
  for (const FlagBit& b : kFlagBits)
    add_value(t, flags, b.name, off + 1, 3, (h.flags() & b.mask) ? 1 : 0);
  add_value(t, flags, "capwap.header.flags.r", off + 1, 3, h.flags() & 7);
  const std::uint16_t fragment = bytes::be16(p + off + 6);
  add_value(t, header, "capwap.header.fragment.id", off + 4, 2, bytes::be16(p + off + 4));
  add_value(t, header, "capwap.header.fragment.offset", off + 6, 2, fragment >> 3);
  add_value(t, header, "capwap.header.fragment.reserved", off + 6, 2, fragment & 7);
  if (h.length < 8 || h.length > avail) {
    t.warn(header, Severity::Error, why);
    return node;
  }
  add_optional_fields(t, header, p, h);
  if (h.flags() & capwap::kFlagK)
    t.set_summary("CAPWAP-Data", "CAPWAP-Data Keep-Alive");
  else if (!carries_frame)
    t.set_summary("CAPWAP-Data", why);
  return node;
}

}  // namespace pxescope
