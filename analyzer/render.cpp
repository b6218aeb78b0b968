// Field tree -> JSON and -> tshark -V style text. Hand-written and allocation-free once the
// buffers have grown: the JSON path runs once per packet in `pxescope analyze --json`, which
// writes it straight into its output buffer (OutputBuffer).
#include "analyzer/render.hpp"

#include "analyzer/field_text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pxescope {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

template <typename Int>
void append_number(Int v, std::string& out) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);  // 24 bytes hold any 64-bit
}

void append_literal(std::string& out, std::string_view s) {
  out.append(s.data(), s.size());
}

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when the bytes there are not valid UTF-8.
std::size_t utf8_sequence_length(const unsigned char* s, std::size_t n) {
  const unsigned char b0 = s[0];
  auto cont = [&](std::size_t k) { return k < n && (s[k] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (b0 == 0xE0 && s[1] < 0xA0) return 0;   // overlong
    if (b0 == 0xED && s[1] >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xF0 && s[1] < 0x90) return 0;   // overlong
    if (b0 == 0xF4 && s[1] >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;  // stray continuation byte, C0/C1, F5..FF
}

// Copies n bytes (sizeof(Word) <= n <= 2 * sizeof(Word)) as two overlapping words.
template <typename Word>
inline void copy_two_words(char* dst, const char* src, std::size_t n) {
  Word a, b;
  std::memcpy(&a, src, sizeof a);
  std::memcpy(&b, src + n - sizeof b, sizeof b);
  std::memcpy(dst, &a, sizeof a);
  std::memcpy(dst + n - sizeof b, &b, sizeof b);
}

struct Bytes16 {
  char bytes[16];
};

// Copies n bytes with at most two overlapping loads and stores when n <= 32 (the names,
// labels and numbers a node is made of): a call to memcpy costs more than such bytes.
[[gnu::always_inline]] inline void copy_small(char* dst, const char* src, std::size_t n) {
  if (n >= 16 && n <= 32)
    copy_two_words<Bytes16>(dst, src, n);
  else if (n >= 8 && n < 16)
    copy_two_words<std::uint64_t>(dst, src, n);
  else if (n >= 4 && n < 8)
    copy_two_words<std::uint32_t>(dst, src, n);
  else if (n >= 2 && n < 4)
    copy_two_words<std::uint16_t>(dst, src, n);
  else if (n == 1)
    *dst = *src;
  else if (n != 0)
    std::memcpy(dst, src, n);
}

// Free writers on a bare cursor: they return the cursor past what they put. A writer that
// keeps its cursor in a local variable keeps it in a register: a cursor read back from memory
// after each store (every char store may alias it) chained each piece to the one before.
[[gnu::always_inline]] inline char* put_bytes(char* p, const char* s, std::size_t n) {
  copy_small(p, s, n);
  return p + n;
}
[[gnu::always_inline]] inline char* put_lit(char* p, std::string_view s) {
  return put_bytes(p, s.data(), s.size());
}
template <typename Int>
[[gnu::always_inline]] inline char* put_number(char* p, Int v) {
  // Below 1000 (most offsets, lengths and values) digits are put by hand: to_chars'
  // general path cost ~19 instructions a number, three numbers a node.
  if (v >= 0 && v < 1000) {
    const auto u = static_cast<unsigned>(v);
    if (u >= 100) *p++ = static_cast<char>('0' + u / 100);
    const unsigned low = u % 100;
    if (u >= 10) *p++ = kDigitPairs[2 * low];
    *p++ = kDigitPairs[2 * low + 1];
    return p;
  }
  return std::to_chars(p, p + 24, v).ptr;  // 24 bytes hold any 64-bit number
}

// Output cursor over an OutputBuffer. Callers reserve() the most they may write and then
// put bytes without checks: the JSON writer runs per node, and std::string's per-append
// capacity checks and copy calls cost more than the bytes themselves. The bytes written
// are committed to the buffer when the cursor goes away. A writer of many pieces take()s
// the cursor into a local, puts with the free writers above, and give()s it back before
// anything else writes.
class RawOut {
 public:
  explicit RawOut(OutputBuffer& buffer) : buffer_(buffer), p_(buffer.end()), end_(buffer.limit()) {}
  ~RawOut() { buffer_.commit(p_); }
  RawOut(const RawOut&) = delete;
  RawOut& operator=(const RawOut&) = delete;
  void reserve(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) grow(n);
  }
  // reserve() for a taken cursor `p`: returns the cursor to go on from (moved if it grew).
  [[gnu::always_inline]] char* reserve_at(char* p, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p) >= n) return p;
    p_ = p;
    grow(n);
    return p_;
  }
  void put(const char* s, std::size_t n) { p_ = put_bytes(p_, s, n); }
  void lit(std::string_view s) { p_ = put_lit(p_, s); }
  void ch(char c) { *p_++ = c; }
  template <typename Int>
  [[gnu::always_inline]] void number(Int v) {
    p_ = put_number(p_, v);
  }
  char* take() const { return p_; }
  void give(char* p) { p_ = p; }

 private:
  [[gnu::noinline]] void grow(std::size_t n) {  // rare once the buffer is warm
    buffer_.commit(p_);
    buffer_.make_room(n);
    p_ = buffer_.end();
    end_ = buffer_.limit();
  }
  OutputBuffer& buffer_;
  char* p_;
  char* end_;
};

#if defined(__SSE2__)
// Bit i set when byte i of v is a control character, '"', '\\' or >= 0x80 (UTF-8 to check).
unsigned special_mask(__m128i v) {
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);  // <= 0x1f
  const __m128i special = _mm_or_si128(
      control,
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(special) | _mm_movemask_epi8(v));
}
#endif

bool is_plain_byte(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

// The inside of a JSON string (no quotes). Printable ASCII is copied 16 bytes a step (SSE2)
// while it is checked; control characters, '"', '\\' and invalid UTF-8 are escaped.
[[gnu::noinline]] void put_json_body(std::string_view s, RawOut& out) {
  out.reserve(s.size() * 6 + 16);  // worst case: every byte becomes \u00XX
  char* o = out.take();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    // 16 bytes a step; the last (< 16) bytes go through a zero-padded copy so that no read
    // passes the end of the string.
    bool special_found = false;
    while (i < n) {
      const std::size_t step = n - i < 16 ? n - i : 16;
      __m128i v;
      if (step == 16) {
        v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      } else {
        alignas(16) char tail[16] = {};
        copy_small(tail, reinterpret_cast<const char*>(p + i), step);
        v = _mm_load_si128(reinterpret_cast<const __m128i*>(tail));
      }
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o), v);  // room reserved above
      const unsigned mask = special_mask(v) & ((1u << step) - 1);
      if (mask) {
        const auto plain = static_cast<std::size_t>(__builtin_ctz(mask));
        i += plain;
        o += plain;
        special_found = true;
        break;
      }
      i += step;
      o += step;
    }
    if (!special_found) break;
#endif
    while (i < n && is_plain_byte(p[i])) *o++ = static_cast<char>(p[i++]);
    if (i == n) break;
    const unsigned char c = p[i];
    if (c >= 0x80) {
      if (std::size_t len = utf8_sequence_length(p + i, n - i)) {
        std::memcpy(o, p + i, len);
        o += len;
        i += len;
      } else {
        o = put_lit(o, "\\ufffd");  // a byte that is not valid UTF-8
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        o = put_lit(o, "\\\"");
        break;
      case '\\':
        o = put_lit(o, "\\\\");
        break;
      case '\n':
        o = put_lit(o, "\\n");
        break;
      case '\r':
        o = put_lit(o, "\\r");
        break;
      case '\t':
        o = put_lit(o, "\\t");
        break;
      case '\b':
        o = put_lit(o, "\\b");
        break;
      case '\f':
        o = put_lit(o, "\\f");
        break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        o = put_bytes(o, esc, sizeof esc);
      }
    }
    ++i;
  }
  out.give(o);
}

// The room reserved when a node starts, and again after each escaped string (which
// reserves its own): the keys, punctuation and numbers of the node, and the static pieces
// of a lazy line (at most about twenty, none longer than kMaxPlainPiece unless it reserves
// for itself). One check per node instead of one per piece.
constexpr std::size_t kNodeRoom = 1024;
constexpr std::size_t kMaxPlainPiece = 128;

// A default text written straight into the JSON: static text copied, the value escaped.
// It holds its own cursor (taken from `out`, given back after the text), so that the pieces
// of a line chain in a register, as put_node_json's do.
struct JsonTextSink {
  RawOut& out;
  char* p;
  // Registry text (descriptions, value names): plain printable ASCII without '"' or '\\'
  // (field_registry_test checks), so copied as is.
  [[gnu::always_inline]] void trusted(std::string_view t) {
    if (t.size() > kMaxPlainPiece) p = out.reserve_at(p, t.size() + kNodeRoom);
    p = put_lit(p, t);
  }
  void value(std::string_view t) {
    out.give(p);
    put_json_body(t, out);
    p = out.reserve_at(out.take(), kNodeRoom);
  }
  [[gnu::always_inline]] void decimal(std::uint64_t v) { p = put_number(p, v); }
  [[gnu::always_inline]] void signed_decimal(std::int64_t v) { p = put_number(p, v); }
  void hex(std::uint64_t v, int digits) {
    char buf[20];
    const char* start = hex_digits_before(buf + sizeof buf, v, digits);
    p = put_lit(p, "0x");
    p = put_bytes(p, start, static_cast<std::size_t>(buf + sizeof buf - start));
  }
};

// The node's line: stored, or made now (field_text.hpp), as the body of a JSON string.
// `info` is the node's registration (nullptr: none). Flattened: the line's formatters are
// inlined here, so the sink's cursor stays in a register across the pieces.
[[gnu::flatten]] void put_text_json(const FieldNode& n, const fields::FieldInfo* info,
                                    RawOut& out) {
  if (n.has_text && !n.text.empty()) return put_json_body(n.text, out);
  JsonTextSink sink{out, out.take()};
  put_lazy_text(n, n.has_text ? nullptr : info, sink);
  out.give(sink.p);
}

void put_node_json(const FieldTree& tree, NodeId id, RawOut& out) {
  const FieldNode& n = tree[id];
  const fields::FieldInfo* info = n.info;
  // The fixed pieces go through a local cursor (see put_bytes); it is given back to `out`
  // around each piece that writes through `out` (escaped strings, the text, the children).
  char* p = out.reserve_at(out.take(), kNodeRoom + n.name.size());
  p = put_lit(p, "{\"name\":\"");
  if (info) {  // a registered name: plain ASCII, as is
    p = put_bytes(p, n.name.data(), n.name.size());
  } else {
    out.give(p);
    put_json_body(n.name, out);
    p = out.reserve_at(out.take(), kNodeRoom);
  }
  switch (n.kind) {
    case ValueKind::String:
      p = put_lit(p, "\",\"value\":\"");
      out.give(p);
      put_json_body(n.str_value, out);
      p = out.reserve_at(out.take(), kNodeRoom);
      p = put_lit(p, "\",\"text\":\"");
      break;
    case ValueKind::UInt:
      p = put_lit(p, "\",\"value\":");
      p = put_number(p, n.uint_value);
      p = put_lit(p, ",\"text\":\"");
      break;
    case ValueKind::Int:
      p = put_lit(p, "\",\"value\":");
      p = put_number(p, n.int_value);
      p = put_lit(p, ",\"text\":\"");
      break;
    case ValueKind::Bool:
      p = put_lit(
          p, n.uint_value ? "\",\"value\":true,\"text\":\"" : "\",\"value\":false,\"text\":\"");
      break;
    case ValueKind::None:
    default:
      p = put_lit(p, "\",\"value\":null,\"text\":\"");
      break;
  }
  out.give(p);
  put_text_json(n, info, out);
  p = out.reserve_at(out.take(), kNodeRoom);
  p = put_lit(p, "\",\"offset\":");
  p = put_number(p, n.offset);
  p = put_lit(p, ",\"length\":");
  p = put_number(p, n.length);
  p = put_lit(p, ",\"children\":[");
  for (NodeId c = n.first_child; c != kNoNode; c = tree[c].next_sibling) {
    if (c != n.first_child) *p++ = ',';  // each node leaves kNodeRoom - (its closing) bytes
    out.give(p);
    put_node_json(tree, c, out);
    p = out.take();
  }
  p = out.reserve_at(p, kNodeRoom);
  if (n.warnings.empty()) {
    out.give(put_lit(p, "],\"warnings\":[]}"));
    return;
  }
  p = put_lit(p, "],\"warnings\":[");
  for (const Warning& w : n.warnings) {
    p = out.reserve_at(p, kNodeRoom);
    p = put_lit(p, &w == n.warnings.begin() ? "{\"severity\":\"" : ",{\"severity\":\"");
    p = put_lit(p, severity_name(w.severity));
    p = put_lit(p, "\",\"message\":\"");
    out.give(p);
    put_json_body(w.message, out);
    p = out.reserve_at(out.take(), kNodeRoom);
    p = put_lit(p, "\"}");
  }
  out.give(put_lit(p, "]}"));
}

// The scratch buffer the std::string overloads build their JSON in before one append.
OutputBuffer& json_scratch() {
  thread_local OutputBuffer buffer;
  buffer.clear();
  return buffer;
}

void append_node_text(const FieldTree& tree, NodeId id, std::string& out, int indent) {
  const FieldNode& n = tree[id];
  out.append(static_cast<std::size_t>(indent) * 4, ' ');
  thread_local std::string t_text;
  out += node_text(n, t_text);
  out += '\n';
  for (const Warning& w : n.warnings) {
    out.append(static_cast<std::size_t>(indent + 1) * 4, ' ');
    out += '[';
    append_literal(out, severity_name(w.severity));
    append_literal(out, ": ");
    out += w.message;
    append_literal(out, "]\n");
  }
  tree.for_each_child(id, [&](NodeId c) { append_node_text(tree, c, out, indent + 1); });
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
  OutputBuffer& buffer = json_scratch();
  {
    RawOut raw(buffer);
    raw.reserve(1);
    raw.ch('"');
    put_json_body(s, raw);
    raw.reserve(1);
    raw.ch('"');
  }
  out += buffer.view();
}

void append_node_json(const FieldTree& tree, NodeId id, std::string& out) {
  OutputBuffer& buffer = json_scratch();
  {
    RawOut raw(buffer);
    put_node_json(tree, id, raw);
  }
  out += buffer.view();
}

void append_fields_json(const FieldTree& tree, OutputBuffer& out) {
  RawOut raw(out);
  raw.reserve(1);
  raw.ch('[');
  bool first = true;
  for (NodeId c = tree.first_root(); c != kNoNode; c = tree[c].next_sibling) {
    if (!first) {
      raw.reserve(1);
      raw.ch(',');
    }
    first = false;
    put_node_json(tree, c, raw);
  }
  raw.reserve(1);
  raw.ch(']');
}

void append_fields_json(const FieldTree& tree, std::string& out) {
  OutputBuffer& buffer = json_scratch();
  append_fields_json(tree, buffer);
  out += buffer.view();
}

void append_tree_text(const FieldTree& tree, std::string& out, int base_indent) {
  tree.for_each_child(kNoNode, [&](NodeId c) { append_node_text(tree, c, out, base_indent); });
}

}  // namespace pxescope
