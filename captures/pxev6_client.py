#!/usr/bin/env python3
"""A PXEv6 client as EDK2 plays it, for captures/record-dhcpv6.sh (run inside its client
network namespace): Solicit -> Advertise -> Request -> Reply, then the leased address is
added and the bootfile-url's file fetched over TFTP on IPv6. Every wait is bounded.
Usage: pxev6_client.py IFNAME
"""
import socket
import struct
import subprocess
import sys
import urllib.parse

IFNAME = sys.argv[1]
IFINDEX = socket.if_nametoindex(IFNAME)
MAC = bytes.fromhex(open(f"/sys/class/net/{IFNAME}/address").read().strip().replace(":", ""))
DUID = struct.pack("!HHI", 1, 1, 0x2A3B4C5D) + MAC
IAID = 0x0C0FFEE0


def o6(code, data):
    return struct.pack("!HH", code, len(data)) + data


def options(data):
    out, at = {}, 0
    while at + 4 <= len(data):
        code, length = struct.unpack_from("!HH", data, at)
        out.setdefault(code, data[at + 4:at + 4 + length])
        at += 4 + length
    return out


def pxe_options(extra=b""):
    vendor = b"PXEClient:Arch:00007:UNDI:003016"
    return (o6(1, DUID) + extra + o6(6, struct.pack("!HHHH", 59, 60, 23, 24)) +
            o6(8, struct.pack("!H", 0)) +
            o6(16, struct.pack("!IH", 343, len(vendor)) + vendor) + o6(61, struct.pack("!H", 7)))


def exchange(sock, msg_type, xid, opts, want):
    request = struct.pack("!I", (msg_type << 24) | xid) + opts
    for _ in range(3):
        sock.sendto(request, ("ff02::1:2", 547, 0, IFINDEX))
        try:
            while True:
                data, _ = sock.recvfrom(2048)
                if data[0] == want and data[1:4] == request[1:4]:
                    return options(data[4:])
        except socket.timeout:
            continue
    sys.exit(f"pxev6_client: no answer of type {want}")


def tftp_get(server, name, source):
    sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    sock.bind((source, 0))
    sock.settimeout(3)
    sock.sendto(struct.pack("!H", 1) + name.encode() + b"\0octet\0", (server, 69))
    size, expected = 0, 1
    for _ in range(1000):  # bounded: a 3 KB file is 6 blocks
        data, peer = sock.recvfrom(1024)
        opcode, block = struct.unpack_from("!HH", data)
        if opcode != 3:
            sys.exit(f"pxev6_client: TFTP opcode {opcode}")
        sock.sendto(struct.pack("!HH", 4, block), peer)
        if block == expected:
            size += len(data) - 4
            expected += 1
        if len(data) - 4 < 512:
            return size
    return size


def main():
    sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, IFNAME.encode())
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, IFINDEX)
    sock.bind(("::", 546))
    sock.settimeout(4)
    ia = o6(3, struct.pack("!III", IAID, 0, 0))
    adv = exchange(sock, 1, 0x5A6B7C, pxe_options(ia), 2)
    ia_na = options(adv[3][12:])
    address = socket.inet_ntop(socket.AF_INET6, ia_na[5][:16])
    ia = o6(3, struct.pack("!III", IAID, 0, 0) + o6(5, ia_na[5][:16] + struct.pack("!II", 0, 0)))
    reply = exchange(sock, 3, 0x5A6B7D, o6(2, adv[2]) + pxe_options(ia), 7)
    url = urllib.parse.urlparse(reply.get(59, adv.get(59, b"")).decode())
    subprocess.run(["ip", "addr", "add", address + "/64", "dev", IFNAME, "nodad"], check=True)
    size = tftp_get(url.hostname, url.path.lstrip("/"), address)
    print(f"pxev6_client: {address}, {url.geturl()}: {size} bytes")


main()
