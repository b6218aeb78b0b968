// What the TFTP server logs: one event per transfer start/end or refused request, and its
// one-line rendering (the responder's text and JSON logs are built from these fields).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "responder/tftp/tftp_protocol.hpp"

namespace pxescope::tftp {

// One log event per transfer start/end or refused request (never per packet).
struct TransferEvent {
  enum class Kind {
    kStart,     // RRQ accepted, first packet (OACK or DATA 1) sent
    kFinish,    // whole file acknowledged (or the last ACK was lost and the client left: message)
    kProbe,     // client aborted right after our OACK (the firmware tsize probe): not an error
    kAborted,   // client sent ERROR mid-transfer
    kTimedOut,  // retries exhausted
    kFailed,    // socket or file error during the transfer
    kRefused,   // request answered with an ERROR packet (not found, access, WRQ, busy, malformed)
  };
  Kind kind = Kind::kStart;
  std::string client;  // "192.0.2.10:2070"
  std::string file;    // the name as the client sent it
  uint64_t size = 0;   // file size in bytes (0 when refused)
  uint64_t bytes = 0;  // bytes acknowledged by the client
  uint16_t blksize = kDefaultBlksize;
  uint16_t windowsize = 1;
  bool tsize_requested = false;
  std::chrono::microseconds duration{0};
  uint32_t retransmissions = 0;
  uint16_t error_code = 0;  // ERROR code sent (kRefused) or received (kProbe/kAborted)
  std::string message;      // reason / client error text
};

std::string_view event_kind_name(TransferEvent::Kind kind);
// A one-line human-readable rendering ("tftp finish 192.0.2.10:2070 pxelinux.0 size=...").
std::string format_event(const TransferEvent& event);

}  // namespace pxescope::tftp
