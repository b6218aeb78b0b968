// Small network helpers of the TFTP server: client addresses as keys and text, an interface's
// MTU (for the blksize clamp), and the one-line error for a listening port that cannot be bound.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>

namespace pxescope::tftp {

uint64_t peer_key(const sockaddr_in& peer);  // ip << 16 | port
std::string ip_text(const sockaddr_in& peer);
std::string endpoint_text(const sockaddr_in& peer);  // "192.0.2.10:2070"
int interface_mtu(const std::string& name);          // 0 when unknown
// After bind(): the port the socket got (`bound_port`) and the socket in `epoll_fd`'s set
// (EPOLLIN, data.u64 = `tag`). false + `error` when epoll refuses it. Shared with HTTP.
bool watch_bound_socket(int epoll_fd, int fd, uint64_t tag, uint16_t& bound_port,
                        std::string& error);
std::string bind_error_text(int error, const std::string& ip, uint16_t port,
                            const std::string& iface);

}  // namespace pxescope::tftp
