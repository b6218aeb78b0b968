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

// Output cursor over an OutputBuffer. Callers reserve() the most they may write and then
// put bytes without checks: the JSON writer runs per node, and std::string's per-append
// capacity checks and copy calls cost more than the bytes themselves. The bytes written
// are committed to the buffer when the cursor goes away.
class RawOut {
 public:
  explicit RawOut(OutputBuffer& buffer) : buffer_(buffer), p_(buffer.end()), end_(buffer.limit()) {}
  ~RawOut() { buffer_.commit(p_); }
  RawOut(const RawOut&) = delete;
  RawOut& operator=(const RawOut&) = delete;
  void reserve(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) grow(n);
  }
  void put(const char* s, std::size_t n) {
    copy_small(p_, s, n);
    p_ += n;
  }
  void lit(std::string_view s) { put(s.data(), s.size()); }
  void ch(char c) { *p_++ = c; }
  template <typename Int>
  [[gnu::always_inline]] void number(Int v) {
    // Below 1000 (most offsets, lengths and values) digits are put by hand: to_chars'
    // general path cost ~19 instructions a number, three numbers a node.
    if (v >= 0 && v < 1000) {
      const auto u = static_cast<unsigned>(v);
      if (u >= 100) *p_++ = static_cast<char>('0' + u / 100);
      const unsigned low = u % 100;
      if (u >= 10) *p_++ = kDigitPairs[2 * low];
      *p_++ = kDigitPairs[2 * low + 1];
      return;
    }
    p_ = std::to_chars(p_, p_ + 24, v).ptr;
  }
  char*& cursor() { return p_; }

 private:
  void grow(std::size_t n) {
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
void put_json_body(std::string_view s, RawOut& out) {
  out.reserve(s.size() * 6 + 16);  // worst case: every byte becomes \u00XX
  char*& o = out.cursor();
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
        out.lit("\\ufffd");  // a byte that is not valid UTF-8
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        out.lit("\\\"");
        break;
      case '\\':
        out.lit("\\\\");
        break;
      case '\n':
        out.lit("\\n");
        break;
      case '\r':
        out.lit("\\r");
        break;
      case '\t':
        out.lit("\\t");
        break;
      case '\b':
        out.lit("\\b");
        break;
      case '\f':
        out.lit("\\f");
        break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.put(esc, sizeof esc);
      }
    }
    ++i;
  }
}

// The room reserved when a node starts, and again after each escaped string (which
// reserves its own): the keys, punctuation and numbers of the node, and the static pieces
// of a lazy line (at most about twenty, none longer than kMaxPlainPiece unless it reserves
// for itself). One check per node instead of one per piece.
constexpr std::size_t kNodeRoom = 1024;
constexpr std::size_t kMaxPlainPiece = 128;

// A default text written straight into the JSON: static text copied, the value escaped.
struct JsonTextSink {
  RawOut& out;
  // Registry text (descriptions, value names): plain printable ASCII without '"' or '\\'
  // (field_registry_test checks), so copied as is.
  [[gnu::always_inline]] void trusted(std::string_view t) {
    if (t.size() > kMaxPlainPiece) out.reserve(t.size() + kNodeRoom);
    out.put(t.data(), t.size());
  }
  void value(std::string_view t) {
    put_json_body(t, out);
    out.reserve(kNodeRoom);
  }
  void decimal(std::uint64_t v) { out.number(v); }
  void signed_decimal(std::int64_t v) { out.number(v); }
  void hex(std::uint64_t v, int digits) {
    char buf[20];
    const char* start = hex_digits_before(buf + sizeof buf, v, digits);
    out.lit("0x");
    out.put(start, static_cast<std::size_t>(buf + sizeof buf - start));
  }
};

// The node's line: stored, or made now (field_text.hpp), as the body of a JSON string.
// `info` is the node's registration (nullptr: none).
void put_text_json(const FieldNode& n, const fields::FieldInfo* info, RawOut& out) {
  if (n.has_text && !n.text.empty()) return put_json_body(n.text, out);
  JsonTextSink sink{out};
  put_lazy_text(n, n.has_text ? nullptr : info, sink);
}

void put_node_json(const FieldTree& tree, NodeId id, RawOut& out) {
  const FieldNode& n = tree[id];
  out.reserve(kNodeRoom + n.name.size());
  out.lit("{\"name\":\"");
  const fields::FieldInfo* info = n.info;
  if (info) {  // a registered name: plain ASCII, as is
    out.put(n.name.data(), n.name.size());
  } else {
    put_json_body(n.name, out);
    out.reserve(kNodeRoom);
  }
  switch (n.kind) {
    case ValueKind::String:
      out.lit("\",\"value\":\"");
      put_json_body(n.str_value, out);
      out.reserve(kNodeRoom);
      out.lit("\",\"text\":\"");
      break;
    case ValueKind::UInt:
      out.lit("\",\"value\":");
      out.number(n.uint_value);
      out.lit(",\"text\":\"");
      break;
    case ValueKind::Int:
      out.lit("\",\"value\":");
      out.number(n.int_value);
      out.lit(",\"text\":\"");
      break;
    case ValueKind::Bool:
      out.lit(n.uint_value ? "\",\"value\":true,\"text\":\"" : "\",\"value\":false,\"text\":\"");
      break;
    case ValueKind::None:
    default:
      out.lit("\",\"value\":null,\"text\":\"");
      break;
  }
  put_text_json(n, info, out);
  out.reserve(kNodeRoom);
  out.lit("\",\"offset\":");
  out.number(n.offset);
  out.lit(",\"length\":");
  out.number(n.length);
  out.lit(",\"children\":[");
  bool first = true;
  for (NodeId c = n.first_child; c != kNoNode; c = tree[c].next_sibling) {
    if (!first) out.ch(',');  // each node leaves kNodeRoom - (its closing) bytes of room
    first = false;
    put_node_json(tree, c, out);
  }
  out.reserve(kNodeRoom);
  if (n.warnings.empty()) {
    out.lit("],\"warnings\":[]}");
    return;
  }
  out.lit("],\"warnings\":[");
  first = true;
  for (const Warning& w : n.warnings) {
    out.reserve(kNodeRoom);
    out.lit(first ? "{\"severity\":\"" : ",{\"severity\":\"");
    first = false;
    out.lit(severity_name(w.severity));
    out.lit("\",\"message\":\"");
    put_json_body(w.message, out);
    out.reserve(kNodeRoom);
    out.lit("\"}");
  }
  out.lit("]}");
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
