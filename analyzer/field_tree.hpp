// The field tree: what the dissector makes of one frame, and what every view renders
// (text, JSON, the GUI's detail and hex panes, the responder's checks).
//
// Nodes live in one flat pool that is reused from packet to packet: clear() keeps every
// node's string and vector capacity, so a warmed-up tree decodes without allocating.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pxescope {

namespace fields {
struct FieldInfo;
const FieldInfo* find_field_info_cached(std::string_view name);  // field_registry.hpp
}  // namespace fields

enum class Severity : std::uint8_t { Note, Warn, Error };
std::string_view severity_name(Severity s);  // "note", "warn", "error"

struct Warning {
  Severity severity = Severity::Warn;
  std::string message;
};

// A node's warnings. Like the node pool, clear() keeps the entries (and their message
// buffers) for the next packet, so a frame whose fields carry notes decodes without
// allocating once the tree is warm.
class WarningList {
 public:
  std::size_t size() const { return used_; }
  bool empty() const { return used_ == 0; }
  const Warning* begin() const { return items_.data(); }
  const Warning* end() const { return items_.data() + used_; }
  const Warning& operator[](std::size_t i) const { return items_[i]; }
  const Warning& front() const { return items_[0]; }
  const Warning& back() const { return items_[used_ - 1]; }
  void clear() { used_ = 0; }
  void add(Severity severity, std::string_view message) {
    if (used_ == items_.size()) items_.emplace_back();
    Warning& w = items_[used_++];
    w.severity = severity;
    w.message.assign(message);
  }
  void push_back(const Warning& w) { add(w.severity, w.message); }

  WarningList() = default;
  WarningList(const WarningList& o) { *this = o; }
  WarningList& operator=(const WarningList& o) {
    if (this == &o) return *this;
    clear();
    for (const Warning& w : o) push_back(w);
    return *this;
  }
  WarningList(WarningList&&) noexcept = default;
  WarningList& operator=(WarningList&&) noexcept = default;

 private:
  std::vector<Warning> items_;
  std::size_t used_ = 0;
};

// How a node's value is typed in JSON. MACs, IPv4 addresses, UUIDs, byte strings and
// text are all String, formatted as tshark prints them.
enum class ValueKind : std::uint8_t { None, UInt, Int, Bool, String };

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xffffffffu;

// How a node's line is made when a view asks for it, for the lines that are not the
// registry's default: a style plus static parts, so that a dissector stores no text and
// calls no printf for them (field_text.hpp renders them). `label` and `extra` are static
// plain ASCII without '"', '\\' or control characters: views copy them unescaped.
enum class LineStyle : std::uint8_t {
  Default,     // "Description: value" from the field registry
  Labeled,     // "label: value"                      Source Port: 68
  Named,       // "label: extra (value)"              Protocol: UDP (17)
  Hex,         // "label: 0x<digits>extra"            Flags: 0x2, Don't fragment
  HexDecimal,  // "label: 0x<digits> (value)"         Identification: 0x765a (30298)
  Bytes,       // "label: value bytes (aux)"          Header Length: 20 bytes (5)
  Flag,        // "label: Set" or "label: Not set"
  Status,      // "[label status: extra]"             [Checksum status: Good]
  Ipv4Pair,    // "label, Src: A, Dst: B"             aux = A << 32 | B (host order)
  PortPair,    // "label, Src Port: A, Dst Port: B"   aux = A << 16 | B
};

struct NodeLine {
  LineStyle style = LineStyle::Default;
  std::uint8_t digits = 0;  // Hex, HexDecimal: at least this many hex digits
  std::string_view label;
  std::string_view extra;
  std::uint64_t aux = 0;

  static NodeLine labeled(std::string_view label) { return {LineStyle::Labeled, 0, label, {}, 0}; }
  static NodeLine named(std::string_view label, std::string_view name) {
    return {LineStyle::Named, 0, label, name, 0};
  }
  static NodeLine hex(std::string_view label, std::uint8_t digits, std::string_view suffix = {}) {
    return {LineStyle::Hex, digits, label, suffix, 0};
  }
  static NodeLine hex_decimal(std::string_view label, std::uint8_t digits) {
    return {LineStyle::HexDecimal, digits, label, {}, 0};
  }
  static NodeLine bytes(std::string_view label, std::uint64_t raw) {
    return {LineStyle::Bytes, 0, label, {}, raw};
  }
  static NodeLine flag(std::string_view label) { return {LineStyle::Flag, 0, label, {}, 0}; }
  static NodeLine status(std::string_view label, std::string_view status) {
    return {LineStyle::Status, 0, label, status, 0};
  }
  static NodeLine ipv4_pair(std::string_view label, std::uint32_t src, std::uint32_t dst) {
    return {LineStyle::Ipv4Pair, 0, label, {}, std::uint64_t{src} << 32 | dst};
  }
  static NodeLine port_pair(std::string_view label, std::uint16_t src, std::uint16_t dst) {
    return {LineStyle::PortPair, 0, label, {}, std::uint64_t{src} << 16 | dst};
  }
};

struct FieldNode {
  std::string_view name;  // stable dotted name (static storage), e.g. "dhcp.option.type"
  // The registration of `name` (nullptr: not registered), as Wireshark's hf_ index: views
  // read the description and value names through it instead of looking the name up.
  const fields::FieldInfo* info = nullptr;
  ValueKind kind = ValueKind::None;
  std::uint64_t uint_value = 0;  // UInt and Bool (0/1)
  std::int64_t int_value = 0;    // Int
  std::string str_value;         // String
  // The human line, as tshark -V shows it: stored only when it is special. A node whose
  // text was never set shows its default text, made when a view asks (node_text below):
  // "Description: value" from the field registry, as Wireshark makes most items' text.
  std::string text;
  bool has_text = false;     // set_text() was called: `text` is the line
  NodeLine line;             // else: how the line is made (set_line; Default: the registry)
  std::uint32_t offset = 0;  // bytes from the start of the frame
  std::uint32_t length = 0;
  NodeId parent = kNoNode;
  NodeId first_child = kNoNode;
  NodeId last_child = kNoNode;
  NodeId next_sibling = kNoNode;
  WarningList warnings;
};

// The node's human line: its stored text, or its default text made now into `scratch`:
// "Description: value" with the registered description and value display (names, hex), or
// the name (": value") for a name the registry lacks. Views (-V, JSON, the GUI) call this.
std::string_view node_text(const FieldNode& n, std::string& scratch);

class FieldTree {
 public:
  // Forget all nodes but keep their memory for the next packet.
  void clear();

  // Appends a node under `parent` (kNoNode: a new top-level node) and returns its id.
  // The returned reference stays valid only until the next add(). Inline: a DHCP packet
  // adds ~110 nodes, and the call cost as much as the stores.
  NodeId add(NodeId parent, std::string_view name, std::uint32_t offset, std::uint32_t length) {
    if (used_ == nodes_.size()) grow();
    const auto id = static_cast<NodeId>(used_++);
    FieldNode* const nodes = nodes_.data();
    FieldNode& n = nodes[id];
    // The pool slot usually held this same name in the previous packet (trees of one kind
    // of frame repeat): the registration is looked up only when the name changes.
    if (n.name.data() != name.data() || n.name.size() != name.size()) {
      n.name = name;
      n.info = fields::find_field_info_cached(name);
    }
    n.kind = ValueKind::None;
    n.uint_value = 0;
    n.int_value = 0;
    n.str_value.clear();
    n.has_text = false;
    n.line.style = LineStyle::Default;
    n.offset = offset;
    n.length = length;
    n.parent = parent;
    n.first_child = n.last_child = n.next_sibling = kNoNode;
    n.warnings.clear();
    NodeId& last = parent == kNoNode ? last_root_ : nodes[parent].last_child;
    if (last == kNoNode)
      (parent == kNoNode ? first_root_ : nodes[parent].first_child) = id;
    else
      nodes[last].next_sibling = id;
    last = id;
    return id;
  }

  FieldNode& operator[](NodeId id) { return nodes_[id]; }
  const FieldNode& operator[](NodeId id) const { return nodes_[id]; }
  std::size_t size() const { return used_; }
  bool empty() const { return used_ == 0; }

  NodeId first_root() const { return used_ ? first_root_ : kNoNode; }

  // Setters that reuse the node's string capacity.
  void set_uint(NodeId id, std::uint64_t v) {
    nodes_[id].kind = ValueKind::UInt;
    nodes_[id].uint_value = v;
  }
  void set_int(NodeId id, std::int64_t v) {
    nodes_[id].kind = ValueKind::Int;
    nodes_[id].int_value = v;
  }
  void set_bool(NodeId id, bool v) {
    nodes_[id].kind = ValueKind::Bool;
    nodes_[id].uint_value = v ? 1 : 0;
  }
  void set_string(NodeId id, std::string_view v) {
    nodes_[id].kind = ValueKind::String;
    nodes_[id].str_value.assign(v);
  }
  void set_text(NodeId id, std::string_view text) {
    nodes_[id].text.assign(text);
    nodes_[id].has_text = true;
  }
  // The line made lazily from a style and static parts (NodeLine); a stored text wins.
  void set_line(NodeId id, const NodeLine& line) { nodes_[id].line = line; }
  void warn(NodeId id, Severity s, std::string_view message);

  // Depth-first search for the first node with this name (under `from`, or everywhere).
  NodeId find(std::string_view name, NodeId from = kNoNode) const;
  // Number of warnings in the whole tree at or above `min`.
  std::size_t count_warnings(Severity min = Severity::Note) const;

  // The innermost node whose byte range contains `offset` (for the GUI's hex pane).
  NodeId node_at_offset(std::uint32_t offset) const;

  // The frame's one-line summary, as tshark's Protocol and Info columns: the innermost
  // dissector that understood the frame sets them (each new layer overwrites the one below,
  // as Wireshark's col_set_str does). The protocol is a static string ("ARP", "DHCPv6").
  // The Info text is kept only when info_wanted() (see set_info_wanted).
  void set_summary(std::string_view protocol, std::string_view info) {
    protocol_column_ = protocol;
    if (info_wanted_) info_column_.assign(info);
  }
  std::string_view protocol_column() const { return protocol_column_; }
  const std::string& info_column() const { return info_column_; }
  // Whether the dissectors make the Info column at all (default: yes). Only the every-frame
  // listing and the GUI's packet list show it; -V and --json turn it off, and dissectors
  // skip building the text (info_column() stays empty; the protocol column is still set).
  void set_info_wanted(bool wanted) { info_wanted_ = wanted; }
  bool info_wanted() const { return info_wanted_; }

  template <typename F>
  void for_each_child(NodeId parent, F&& f) const {
    for (NodeId c = parent == kNoNode ? first_root() : nodes_[parent].first_child; c != kNoNode;
         c = nodes_[c].next_sibling)
      f(c);
  }

 private:
  void grow();  // one more node in the pool (out of line: rare once warm)

  std::vector<FieldNode> nodes_;
  std::size_t used_ = 0;
  NodeId first_root_ = kNoNode;
  NodeId last_root_ = kNoNode;
  std::string_view protocol_column_;
  std::string info_column_;  // keeps its capacity from frame to frame
  bool info_wanted_ = true;
};

}  // namespace pxescope
