// Writing a large block of output to a stdio stream without stdio's copy: `analyze --json`
// hands over hundreds of KB at a time, which fwrite would split into a copy into its 4 KB
// buffer, a write of that buffer and a write of the rest (two system calls per block).
#pragma once

#include <cstdio>
#include <string_view>

namespace pxescope {

// Writes `bytes` after whatever `out` still buffers (the order on the stream is kept): the
// stream is flushed, then the block goes to its file descriptor with write(2), retried on
// EINTR and short writes. A stream without a descriptor (fmemopen, fopencookie) gets fwrite.
// Returns false when a write failed (the rest is dropped, as fwrite would).
bool write_block(std::FILE* out, std::string_view bytes);

}  // namespace pxescope
