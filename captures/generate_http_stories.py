#!/usr/bin/env python3
"""Writes captures/stories/http-*.pcap and grub-wrong-server.pcap: boots that go on after the
boot program over HTTP (iPXE fetching a script, a kernel and an initrd) or over TFTP from the
wrong server (shim -> GRUB behind a proxyDHCP), each ending the way a real one does.

Deterministic (fixed times, ports, sequence numbers); standard library only; the layers come
from generate.py. Each file's expected verdict is in captures/stories/MANIFEST.
  captures/generate_http_stories.py [OUTDIR]   (default: captures/stories)
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as g  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "stories")
ROUTER_MAC = bytes.fromhex("525400000001")
MACS = {g.SERVER: g.SERVER_MAC, g.ROUTER: ROUTER_MAC, g.CLIENT: g.CLIENT_MAC}


class Capture:
    """Frames at explicit times (seconds from the capture's start)."""

    def __init__(self):
        self.packets, self.t, self.ident = [], 0.0, 1

    def add(self, frame, dt=0.001):
        self.t += dt
        self.packets.append(g.Packet(frame, usec=int(round(self.t * 1e6))))

    def ipv4(self, src, dst, proto, payload):
        self.ident += 1
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), self.ident, 0x4000, 64,
                          proto, 0, g.ip_bytes(src), g.ip_bytes(dst))
        hdr = hdr[:10] + struct.pack("!H", g.checksum(hdr)) + hdr[12:]
        return g.ethernet(MACS[dst], MACS[src], hdr + payload)

    def udp(self, src, dst, sport, dport, payload, dt=0.001):
        self.ident += 1
        self.add(g.ethernet(MACS.get(dst, g.BROADCAST), MACS[src],
                            g.udp_ipv4(src, dst, sport, dport, payload, self.ident)), dt)

    def arp_request(self, dt):  # a frame later in the capture: time went by
        body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, ROUTER_MAC,
                           g.ip_bytes(g.ROUTER), b"\0" * 6, g.ip_bytes("192.168.77.9"))
        self.add(g.BROADCAST + ROUTER_MAC + b"\x08\x06" + body, dt)


class Tcp:
    """One connection from the client: ports and sequence numbers kept here."""

    MSS = 1448

    def __init__(self, cap, server, cport, sport=80, isn=0x1000, server_isn=0x8000):
        self.cap, self.server, self.cport, self.sport = cap, server, cport, sport
        self.seq = {g.CLIENT: isn, server: server_isn}

    def segment(self, src, flags, payload=b"", dt=0.001):
        dst = self.server if src == g.CLIENT else g.CLIENT
        sport, dport = (self.cport, self.sport) if src == g.CLIENT else (self.sport, self.cport)
        ack = self.seq[dst] if flags & 0x10 else 0
        opts = struct.pack("!BBH", 2, 4, 1460) if flags & 0x02 else b""
        hdr_len = 20 + len(opts)
        tcp = struct.pack("!HHIIBBHHH", sport, dport, self.seq[src], ack, (hdr_len // 4) << 4,
                          flags, 64240, 0, 0) + opts + payload
        pseudo = g.ip_bytes(src) + g.ip_bytes(dst) + struct.pack("!BBH", 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack("!H", g.checksum(pseudo + tcp)) + tcp[18:]
        self.cap.add(self.cap.ipv4(src, dst, 6, tcp), dt)
        self.seq[src] += len(payload) + (1 if flags & 0x03 else 0)

    def connect(self):
        self.segment(g.CLIENT, 0x02)
        self.segment(self.server, 0x12)
        self.segment(g.CLIENT, 0x10)

    def send(self, src, data, dt=0.001):
        for at in range(0, len(data), self.MSS):
            self.segment(src, 0x18, data[at:at + self.MSS], dt)
        self.segment(g.CLIENT if src != g.CLIENT else self.server, 0x10)

    def get(self, path, status="200 OK", body=b"", length=None):
        self.send(g.CLIENT, ("GET %s HTTP/1.1\r\nConnection: keep-alive\r\nUser-Agent: iPXE/1.21.1"
                             "\r\nHost: %s\r\n\r\n" % (path, self.server)).encode())
        n = len(body) if length is None else length
        head = ("HTTP/1.1 %s\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nContent-Length: %d\r\n"
                "\r\n" % (status, n)).encode()
        self.send(self.server, head + body, dt=0.002)

    def close(self):
        self.segment(g.CLIENT, 0x11)
        self.segment(self.server, 0x11)
        self.segment(g.CLIENT, 0x10)


def file_bytes(n, seed):
    return bytes((i * seed + 11) & 0xFF for i in range(n))


def dhcp_and_nbp(cap, arch, boot_file, router_siaddr=g.ANY):
    """DISCOVER, the proxy's offer of boot_file, the router's DORA, the boot file over TFTP."""
    efi = arch == 7
    opts = g.msg_type(g.DISCOVER) + g.pxe_client_options(
        arch, g.PXE_CLASS_EFI if efi else g.PXE_CLASS_BIOS)
    MACS[g.ANY] = g.CLIENT_MAC
    cap.udp(g.ANY, g.BCAST, 68, 67, g.dhcp(1, 0x5A5A0001, opts), 0.0)
    proxy = g.msg_type(g.OFFER) + g.opt(54, g.ip_bytes(g.SERVER)) + g.opt(60, "PXEClient")
    cap.udp(g.SERVER, g.BCAST, 67, 68, g.dhcp(2, 0x5A5A0001, proxy, siaddr=g.SERVER,
                                              file=boot_file.encode()), 0.01)
    lease = g.opt(54, g.ip_bytes(g.ROUTER)) + g.opt(51, struct.pack("!I", 3600)) + \
        g.opt(1, g.ip_bytes("255.255.255.0")) + g.opt(3, g.ip_bytes(g.ROUTER))
    cap.udp(g.ROUTER, g.BCAST, 67, 68, g.dhcp(2, 0x5A5A0001, g.msg_type(g.OFFER) + lease,
                                              yiaddr=g.CLIENT, siaddr=router_siaddr), 0.5)
    cap.udp(g.ANY, g.BCAST, 68, 67, g.dhcp(1, 0x5A5A0001, g.msg_type(g.REQUEST) +
                                           g.opt(50, g.ip_bytes(g.CLIENT)) +
                                           g.opt(54, g.ip_bytes(g.ROUTER)) +
                                           g.pxe_client_options(arch, g.PXE_CLASS_EFI if efi
                                                                else g.PXE_CLASS_BIOS)), 0.5)
    cap.udp(g.ROUTER, g.BCAST, 67, 68, g.dhcp(2, 0x5A5A0001, g.msg_type(g.ACK) + lease,
                                              yiaddr=g.CLIENT, siaddr=router_siaddr), 0.01)
    tftp_file(cap, g.SERVER, 2001, boot_file, 1200)


def tftp_file(cap, server, cport, name, size, error=None, unreachable=0):
    rrq = struct.pack("!H", 1) + name.encode() + b"\0octet\0"
    if unreachable:  # no TFTP server: each request answered by ICMP port unreachable
        for _ in range(unreachable):
            cap.udp(g.CLIENT, server, cport, 69, rrq, 0.05)
            quoted = g.udp_ipv4(g.CLIENT, server, cport, 69, rrq)[:28]
            cap.add(cap.ipv4(server, g.CLIENT, 1, icmp_unreachable(quoted)), 0.001)
        return
    cap.udp(g.CLIENT, server, cport, 69, rrq, 0.05)
    if error:
        cap.udp(server, g.CLIENT, 50000 + cport, cport, struct.pack("!HH", 5, 1) + error + b"\0")
        return
    data = file_bytes(size, cport)
    for block, at in enumerate(range(0, size + 1, 512), start=1):
        cap.udp(server, g.CLIENT, 50000 + cport, cport, struct.pack("!HH", 3, block) +
                data[at:at + 512])
        cap.udp(g.CLIENT, server, cport, 50000 + cport, struct.pack("!HH", 4, block))


def icmp_unreachable(quoted):
    body = struct.pack("!BBHI", 3, 3, 0, 0) + quoted
    return body[:2] + struct.pack("!H", g.checksum(body)) + body[4:]


SCRIPT = b"#!ipxe\nkernel http://192.168.77.2/vmlinuz\ninitrd http://192.168.77.2/initrd.img\nboot\n"


def http_booted():
    cap = Capture()
    dhcp_and_nbp(cap, 0, "undionly.kpxe")
    c = Tcp(cap, g.SERVER, 49152)
    c.connect()
    c.get("/boot.ipxe", body=SCRIPT)
    c.get("/vmlinuz", body=file_bytes(9000, 3))
    c.get("/initrd.img", body=file_bytes(15000, 5))
    c.close()
    return cap


def http_not_found():
    cap = Capture()
    dhcp_and_nbp(cap, 0, "undionly.kpxe")
    c = Tcp(cap, g.SERVER, 49153)
    c.connect()
    c.get("/boot.ipxe", body=SCRIPT)
    c.get("/vmlinuz", status="404 File not found", body=b"<html>404</html>\n")
    c.close()
    return cap


def http_syn_unanswered():
    cap = Capture()
    dhcp_and_nbp(cap, 0, "undionly.kpxe")
    c = Tcp(cap, g.SERVER, 49154)
    for dt in (0.2, 1.0, 2.0, 4.0):  # the SYN and its retransmissions
        c.seq[g.CLIENT] = 0x1000
        c.segment(g.CLIENT, 0x02, dt=dt)
    cap.arp_request(20.0)
    return cap


def http_refused():
    cap = Capture()
    dhcp_and_nbp(cap, 0, "undionly.kpxe")
    for n in range(3):  # iPXE tries again from a new port
        c = Tcp(cap, g.SERVER, 49160 + n, isn=0x2000 + n)
        c.segment(g.CLIENT, 0x02, dt=0.5)
        c.segment(g.SERVER, 0x14)  # RST, ACK
    cap.arp_request(10.0)
    return cap


def http_stalled():
    cap = Capture()
    dhcp_and_nbp(cap, 0, "undionly.kpxe")
    c = Tcp(cap, g.SERVER, 49155)
    c.connect()
    c.send(g.CLIENT, b"GET /vmlinuz HTTP/1.1\r\nUser-Agent: iPXE/1.21.1\r\nHost: 192.168.77.2\r\n\r\n")
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"
    c.send(g.SERVER, head + file_bytes(5 * Tcp.MSS - len(head), 7), dt=0.002)
    cap.arp_request(30.0)
    return cap


def grub_wrong_server():
    """The trap of issue 11: the router's DHCP ACK names itself as next-server; shim and GRUB
    come from the proxy, then GRUB asks the router for its config and modules."""
    cap = Capture()
    dhcp_and_nbp(cap, 7, "bootx64.efi", router_siaddr=g.ROUTER)
    tftp_file(cap, g.SERVER, 2002, "revocations_sbat.efi", 0, error=b"File not found")
    tftp_file(cap, g.SERVER, 2003, "grubx64.efi", 2500)
    port = 2004
    for name in ("grub.cfg-01-52-54-00-c0-ff-ee", "grub.cfg-C0A84D96", "grub.cfg",
                 "x86_64-efi/command.lst", "x86_64-efi/normal.mod"):
        tftp_file(cap, g.ROUTER, port, name, 0, unreachable=2)
        port += 1
    cap.arp_request(8.0)
    return cap


def main():
    os.makedirs(OUT, exist_ok=True)
    g.OUT = OUT
    for name, build in (("http-booted.pcap", http_booted), ("http-not-found.pcap", http_not_found),
                        ("http-syn-unanswered.pcap", http_syn_unanswered),
                        ("http-refused.pcap", http_refused), ("http-stalled.pcap", http_stalled),
                        ("grub-wrong-server.pcap", grub_wrong_server)):
        g.write_pcap(name, build().packets)
    print("generate_http_stories.py: wrote 6 files to", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
