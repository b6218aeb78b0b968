#include "responder/tftp/tftp_event.hpp"

#include "responder/log_escape.hpp"

namespace pxescope::tftp {

std::string_view event_kind_name(TransferEvent::Kind kind) {
  switch (kind) {
    case TransferEvent::Kind::kStart:
      return "start";
    case TransferEvent::Kind::kFinish:
      return "finish";
    case TransferEvent::Kind::kProbe:
      return "probe";
    case TransferEvent::Kind::kAborted:
      return "aborted";
    case TransferEvent::Kind::kTimedOut:
      return "timeout";
    case TransferEvent::Kind::kFailed:
      return "failed";
    case TransferEvent::Kind::kRefused:
      return "refused";
  }
  return "unknown";
}

std::string format_event(const TransferEvent& event) {
  std::string line = "tftp ";
  line += event_kind_name(event.kind);
  line += ' ' + event.client + ' ';
  responder::append_log_value(event.file, line);  // client strings: escaped
  if (event.kind == TransferEvent::Kind::kRefused) {
    line += " error=" + std::to_string(event.error_code) + " (";
    responder::append_log_value(event.message, line);
    line += ')';
    return line;
  }
  line += " size=" + std::to_string(event.size) + " blksize=" + std::to_string(event.blksize) +
          " windowsize=" + std::to_string(event.windowsize);
  if (event.kind != TransferEvent::Kind::kStart) {
    const auto micros = event.duration.count();
    line += " bytes=" + std::to_string(event.bytes) +
            " duration_ms=" + std::to_string(micros / 1000) + "." +
            std::to_string(micros / 100 % 10) +
            " retransmissions=" + std::to_string(event.retransmissions);
    if (event.kind == TransferEvent::Kind::kFinish && micros > 0) {
      const double mib_per_s =
          static_cast<double>(event.bytes) / 1048576.0 / (static_cast<double>(micros) / 1e6);
      line += " MiBps=" + std::to_string(static_cast<int64_t>(mib_per_s * 10) / 10) + "." +
              std::to_string(static_cast<int64_t>(mib_per_s * 10) % 10);
    }
  }
  if (!event.message.empty()) {
    line += " (";
    responder::append_log_value(event.message, line);
    line += ')';
  }
  return line;
}

}  // namespace pxescope::tftp
