// Display filters with Wireshark 4's syntax and semantics, over a frame's field tree:
//
//   udp.port == 69                          ip.addr == 192.168.77.0/24
//   dhcp.hw.mac_addr[0:3] == 52:54:00       tftp.opcode in {1, 6}     frame.number in {10..20}
//   dhcp.option.vendor_class_id matches "^PXEClient:Arch:0000[07]"
//   !dhcp && udp        (a bare name: the protocol or field is present)
//
// Comparisons == != === !== < <= > >= contains matches (~), and the word forms eq ne all_eq
// any_ne gt ge lt le; logic and or xor not && || ^^ !, parentheses; `in {…}` with ranges;
// slices [i:len] [i-j] [i] [-1] [i:]. Names are resolved through the field registry: an unknown
// name is an error. Values are typed by the field's registered type (MACs in any of 52:54:00,
// 52-54-00, 5254.00 spellings; IPv4/IPv6 with a CIDR prefix; numbers in decimal, 0x hex, 0
// octal, 0b binary; True/False; strings, compared case-sensitively unless `matches "(?i)…"`).
// A field that occurs several times: `==` any equal, `!=` all not equal, `===` all equal, `!==`
// any not equal; any test on an absent field is false. ip.addr, eth.addr, udp.port, tcp.port
// read both the source and destination fields. frame.* fields come from the FrameContext.
//
// The parsed program is immutable and shared by copies; matches() never allocates once the
// thread's scratch buffers are warm.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/field_tree.hpp"
#include "analyzer/filter/frame_context.hpp"

namespace pxescope::filter {

namespace detail {
struct Program;
}

class DisplayFilter {
 public:
  // An empty (or all-blank) text gives a filter that matches everything.
  // On an error returns nullopt and sets `error` to one line with the column, e.g.
  // "column 1: dhcp.option.foo is not a known field".
  static std::optional<DisplayFilter> parse(std::string_view text, std::string& error);

  // frame.* fields are absent from this one (a test on them is false; `frame` is true).
  bool matches(const FieldTree& tree) const;
  bool matches(const FieldTree& tree, const FrameContext& frame) const;
  bool matches_everything() const;
  // It tests pxe.client: the caller should learn the input's client membership in its pass
  // and hand it over in the FrameContext (else pxe.client sees only the MACs a frame carries).
  bool uses_client_membership() const;
  const std::string& text() const { return text_; }

 private:
  std::shared_ptr<const detail::Program> program_;
  std::string text_;
};

}  // namespace pxescope::filter
