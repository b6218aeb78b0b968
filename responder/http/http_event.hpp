// What the HTTP service logs: one event per request answered (or connection refused), the
// fields an access log has. EventLog::http renders it as a text or JSON line.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace pxescope::responder::http {

struct RequestEvent {
  std::string client;  // "192.0.2.10:41234"
  std::string method;  // "-" when no request line was read (408, 503 at the cap)
  std::string target;  // the request target as the client sent it ("-" as above)
  int status = 0;
  std::uint64_t bytes = 0;                // body bytes handed to the kernel
  std::uint64_t length = 0;               // the Content-Length announced
  std::string range;                      // the Range header, "" when absent
  std::chrono::microseconds duration{0};  // head received -> last byte sent
  std::string user_agent;                 // "" when absent
  std::string message;                    // why refused or cut short; "" when served
};

using RequestLogger = std::function<void(const RequestEvent&)>;

}  // namespace pxescope::responder::http
