#include "responder/tftp/tftp_tid.hpp"

#include <linux/errqueue.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "responder/tftp/tftp_protocol.hpp"

namespace pxescope::tftp {

void receive_icmp_errors(int fd, int family) {
  const int on = 1;
  if (family == AF_INET6) {
    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof on);
  } else {
    setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof on);
  }
}

void answer_unknown_tid(int fd, const Endpoint& stranger, std::span<uint8_t> scratch) {
  const size_t length = build_error(scratch, ErrorCode::kUnknownTransferId, "unknown transfer ID");
  sendto(fd, scratch.data(), length, MSG_DONTWAIT, stranger.address(), stranger.size());
}

bool client_refused(int fd, const Endpoint& client) {
  bool refused = false;
  for (int bounded = 0; bounded < 64; ++bounded) {
    Endpoint original_destination;
    alignas(cmsghdr) char control[512];
    char payload[64];
    iovec vector{payload, sizeof payload};
    msghdr message{};
    message.msg_name = original_destination.address();
    message.msg_namelen = Endpoint::capacity();
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    if (recvmsg(fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) break;  // queue empty
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header;
         header = CMSG_NXTHDR(&message, header)) {
      const bool v4 = header->cmsg_level == IPPROTO_IP && header->cmsg_type == IP_RECVERR;
      const bool v6 = header->cmsg_level == IPPROTO_IPV6 && header->cmsg_type == IPV6_RECVERR;
      if (!v4 && !v6) continue;
      sock_extended_err error{};
      std::memcpy(&error, CMSG_DATA(header), sizeof error);
      refused |= error.ee_errno == ECONNREFUSED && same_endpoint(original_destination, client);
    }
  }
  return refused;
}

}  // namespace pxescope::tftp
