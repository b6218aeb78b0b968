// The start-up line that says where TFTP and HTTP serve IPv6 (issue 12), or why they do not:
// "tftp=[::]:69%eth0 http=[::]:80%eth0" (every IPv6 address of the interface, link-local
// included), or the server's note ("the kernel has no IPv6: ..."). "" when neither serves IPv6.
#pragma once

#include <string>

namespace pxescope::responder {

struct Ipv6Listener {
  bool listens = false;  // the server runs with its [::] socket
  unsigned port = 0;
  std::string note;  // why not although asked ("": not asked, e.g. http-address=)
};

std::string ipv6_serving_line(const Ipv6Listener& tftp, const Ipv6Listener& http,
                              const std::string& iface);

}  // namespace pxescope::responder
