// Instructions per event-log line, for callgrind (bench/README.md "Log sink"): COUNT `conflict`
// lines (7 fields) written to /dev/null, without a sink, or with `sink` a sink that takes every
// line with its fields and drops it (the cost of handing lines over, journald's sendmsg aside).
// Run it with COUNT and 11 x COUNT and divide the difference in Ir by 10 x COUNT.
//   bench_event_log_instructions COUNT [sink]
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "responder/event_log.hpp"

namespace {

using namespace pxescope::responder;

class DroppingSink : public LogSink {
 public:
  bool write(const LogRecord& record) override { return !record.fields.empty(); }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_event_log_instructions COUNT [sink]\n");
    return 2;
  }
  const long count = std::atol(argv[1]);
  std::FILE* out = std::fopen("/dev/null", "w");
  if (out == nullptr) return 1;
  EventLog log(out, false, false);
  DroppingSink sink;
  if (argc > 2 && std::string_view(argv[2]) == "sink") log.set_sink(&sink, true);
  Conflict c;
  c.client = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
  c.server = 0x0a000005;
  for (long i = 0; i < count; ++i) {
    c.xid = static_cast<std::uint32_t>(i);
    log.conflict(c);
  }
  std::fclose(out);
  return 0;
}
