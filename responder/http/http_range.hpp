// What part of a file a Range header asks for (RFC 9110 14): a pure function of the header and
// the file's size.
#pragma once

#include <cstdint>
#include <string_view>

namespace pxescope::responder::http {

struct ByteRange {
  enum class Kind {
    kWhole,          // no Range, an unknown unit, a malformed or multi-range header: 200, all
    kPartial,        // one satisfiable range: 206 with Content-Range
    kUnsatisfiable,  // 416 with "Content-Range: bytes */size"
  };
  Kind kind = Kind::kWhole;
  std::uint64_t first = 0;   // first byte served
  std::uint64_t length = 0;  // bytes served (the file's size for kWhole)
};

// "bytes=a-b", "bytes=a-" and "bytes=-n" (last n bytes). A last position past the end is
// clamped to it; a first position at or past the end, or "-0", is unsatisfiable. Several
// ranges ("bytes=0-1,5-9") are answered whole, which RFC 9110 allows.
ByteRange resolve_range(std::string_view header, std::uint64_t size);

}  // namespace pxescope::responder::http
