// Small network helpers of the TFTP server: an interface's MTU (for the blksize clamp), the
// IPv6 listening socket, and the one-line error for a listening port that cannot be bound.
// Client addresses as keys and text: responder/net/endpoint.hpp.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>

namespace pxescope::tftp {

int interface_mtu(const std::string& name);  // 0 when unknown
// Bytes of IP + UDP + TFTP header around a block: what blksize leaves of the MTU.
constexpr int kBlockOverheadV4 = 20 + 8 + 4;
constexpr int kBlockOverheadV6 = 40 + 8 + 4;

// A socket of `type` on [::]:port, IPv6 only (the IPv4 socket is separate), bound to `iface`
// when given, so it takes every IPv6 address of the interface, link-local included, and those
// it gets later. -1 with `error` empty and errno EAFNOSUPPORT: the kernel has no IPv6 (the
// caller goes on without it); `error` empty and another errno: bind() failed (the caller words
// it, bind_error_text); `error` set: any other failure, one line.
int open_ipv6_any(int type, uint16_t port, const std::string& iface, std::string& error);
// After bind(): the port the socket got (`bound_port`) and the socket in `epoll_fd`'s set
// (EPOLLIN, data.u64 = `tag`). false + `error` when epoll refuses it. Shared with HTTP.
// The port is read back from either family.
bool watch_bound_socket(int epoll_fd, int fd, uint64_t tag, uint16_t& bound_port,
                        std::string& error);
std::string bind_error_text(int error, const std::string& ip, uint16_t port,
                            const std::string& iface);

}  // namespace pxescope::tftp
