#include "responder/tftp/tftp_tid.hpp"

#include <linux/errqueue.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "responder/tftp/tftp_protocol.hpp"

namespace pxescope::tftp {

bool same_endpoint(const sockaddr_in& a, const sockaddr_in& b) {
  return a.sin_addr.s_addr == b.sin_addr.s_addr && a.sin_port == b.sin_port;
}

void answer_unknown_tid(int fd, const sockaddr_in& stranger, std::span<uint8_t> scratch) {
  const size_t length = build_error(scratch, ErrorCode::kUnknownTransferId, "unknown transfer ID");
  sendto(fd, scratch.data(), length, MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&stranger),
         sizeof stranger);
}

bool client_refused(int fd, const sockaddr_in& client) {
  bool refused = false;
  for (int bounded = 0; bounded < 64; ++bounded) {
    sockaddr_in original_destination{};
    alignas(cmsghdr) char control[512];
    char payload[64];
    iovec vector{payload, sizeof payload};
    msghdr message{};
    message.msg_name = &original_destination;
    message.msg_namelen = sizeof original_destination;
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    if (recvmsg(fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) break;  // queue empty
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header;
         header = CMSG_NXTHDR(&message, header)) {
      if (header->cmsg_level != IPPROTO_IP || header->cmsg_type != IP_RECVERR) continue;
      sock_extended_err error{};
      std::memcpy(&error, CMSG_DATA(header), sizeof error);
      refused |= error.ee_errno == ECONNREFUSED && same_endpoint(original_destination, client);
    }
  }
  return refused;
}

}  // namespace pxescope::tftp
