#!/usr/bin/env python3
"""Writes captures/generated/*: one small capture per edge case a PXE/DHCP decoder must handle.

Deterministic: fixed timestamps, transaction ids, MACs and addresses, so running it twice
gives byte-identical files (captures/regenerate.sh checks that). Standard library only.
Every frame is built byte by byte here, so malformed data can be written exactly as meant.
"""
import os
import struct
import sys

import generate_ipv6  # the IPv6 cases (beside this file)
import generate_wlan  # 802.11, radiotap and CAPWAP (beside this file)

OUT = os.environ.get("PXESCOPE_CAPTURES_OUT") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "generated")

T0 = 1795824000  # 2026-11-28 00:00:00 UTC, the start of every capture
CLIENT_MAC = bytes.fromhex("525400c0ffee")
SERVER_MAC = bytes.fromhex("525400000002")
RELAY_MAC = bytes.fromhex("525400000003")
BROADCAST = b"\xff" * 6
ANY, BCAST = "0.0.0.0", "255.255.255.255"
SERVER, ROUTER, RELAY, CLIENT = "192.168.77.2", "192.168.77.1", "10.20.0.1", "192.168.77.150"
UUID_WIRE = bytes.fromhex("4ed3d37cf46b264889a1b2c3d4e5f601")  # 7cd3d34e-6bf4-4826-89a1-...
MAGIC = b"\x63\x82\x53\x63"


# ---- layers ---------------------------------------------------------------------------
def ip_bytes(dotted):
    return bytes(int(x) for x in dotted.split("."))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def udp_ipv4(src, dst, sport, dport, payload, ident=1):
    udp_len = 8 + len(payload)
    pseudo = ip_bytes(src) + ip_bytes(dst) + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", sport, dport, udp_len, 0) + payload
    csum = checksum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, ident, 0, 64, 17, 0,
                      ip_bytes(src), ip_bytes(dst))
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + udp


def ethernet(dst, src, payload, vlans=()):
    """vlans: (tpid, vid) pairs, outermost first."""
    tags = b"".join(struct.pack("!HH", tpid, vid) for tpid, vid in vlans)
    return dst + src + tags + struct.pack("!H", 0x0800) + payload


def linux_sll(payload, src_mac, packet_type=0):
    # v1: packet type, ARPHRD_ETHER, address length, address (8 bytes, padded), protocol
    return struct.pack("!HHH8sH", packet_type, 1, 6, src_mac, 0x0800) + payload


def linux_sll2(payload, src_mac, if_index=3, packet_type=0):
    # v2: protocol, reserved, interface index, ARPHRD_ETHER, packet type, addr len, address
    return struct.pack("!HHIHBB8s", 0x0800, 0, if_index, 1, packet_type, 6, src_mac) + payload


# ---- BOOTP/DHCP -----------------------------------------------------------------------
def opt(code, data):
    if isinstance(data, str):
        data = data.encode()
    return bytes([code, len(data)]) + data


def dhcp(op, xid, options, chaddr=CLIENT_MAC, hlen=6, hops=0, secs=0, flags=0,
         ciaddr=ANY, yiaddr=ANY, siaddr=ANY, giaddr=ANY, sname=b"", file=b"",
         cookie=MAGIC, end=True, pad_to=300):
    """A BOOTP message. `options` is raw bytes (after the cookie); END is appended when
    `end`, then zero padding up to `pad_to` bytes (0: no padding)."""
    msg = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", op, 1, hlen, hops, xid, secs, flags,
                      ip_bytes(ciaddr), ip_bytes(yiaddr), ip_bytes(siaddr), ip_bytes(giaddr),
                      chaddr, sname, file)
    msg += cookie + options + (b"\xff" if end else b"")
    if pad_to and len(msg) < pad_to:
        msg += b"\0" * (pad_to - len(msg))
    return msg


def msg_type(t):
    return opt(53, bytes([t]))


DISCOVER, OFFER, REQUEST, ACK = 1, 2, 3, 5
PXE_CLASS_BIOS = "PXEClient:Arch:00000:UNDI:002001"
PXE_CLASS_EFI = "PXEClient:Arch:00007:UNDI:003016"


def pxe_client_options(arch=0, vendor_class=PXE_CLASS_BIOS):
    return (opt(57, struct.pack("!H", 1472)) + opt(93, struct.pack("!H", arch)) +
            opt(94, b"\x01\x02\x01") + opt(60, vendor_class) +
            opt(55, bytes([1, 3, 6, 43, 60, 66, 67, 97])) + opt(97, b"\0" + UUID_WIRE))


def discover(xid=0x1A2B3C4D, **kw):
    return dhcp(1, xid, msg_type(DISCOVER) + pxe_client_options(), **kw)


def client_to_server(payload, vlans=()):
    return ethernet(BROADCAST, CLIENT_MAC, udp_ipv4(ANY, BCAST, 68, 67, payload), vlans)


def server_to_client(payload, sport=67, src=SERVER, src_mac=SERVER_MAC):
    return ethernet(BROADCAST, src_mac, udp_ipv4(src, BCAST, sport, 68, payload))


# ---- file writers -----------------------------------------------------------------------
class Packet:
    def __init__(self, data, usec=0, orig_len=None, nsec=None):
        self.data, self.usec, self.orig_len, self.nsec = data, usec, orig_len, nsec


def write_pcap(name, packets, linktype=1, snaplen=65535, tail=b""):
    """Classic pcap, microsecond timestamps. `tail` is appended raw (to cut the file)."""
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)
    for i, p in enumerate(packets):
        usec = p.usec or i * 1000
        caplen = min(len(p.data), snaplen)
        orig = p.orig_len if p.orig_len is not None else len(p.data)
        out += struct.pack("<IIII", T0 + usec // 1000000, usec % 1000000, caplen, orig)
        out += p.data[:caplen]
    save(name, out + tail)


def pcapng_block(block_type, body):
    body += b"\0" * (-len(body) % 4)
    total = 12 + len(body)
    return struct.pack("<II", block_type, total) + body + struct.pack("<I", total)


def pcapng_option(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def write_pcapng_ns(name, packets, linktype=1):
    """pcapng, one interface with if_tsresol = 9 (nanoseconds)."""
    shb = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) +
                       pcapng_option(4, b"pxescope captures/generate.py") + pcapng_option(0, b""))
    idb = pcapng_block(1, struct.pack("<HHI", linktype, 0, 65535) +
                       pcapng_option(2, b"rbbr0") + pcapng_option(9, b"\x09") +
                       pcapng_option(0, b""))
    out = shb + idb
    for p in packets:
        ts = T0 * 1000000000 + p.nsec
        out += pcapng_block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(p.data),
                                           len(p.data)) + p.data)
    save(name, out)


def save(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


# ---- the captures -----------------------------------------------------------------------
def malformed():
    # Option 60 says 40 bytes, but the UDP payload ends 12 bytes into it.
    opts = msg_type(DISCOVER) + opt(93, b"\0\0") + bytes([60, 40]) + b"PXEClient:Ar"
    write_pcap("opt-length-past-end.pcap",
               [Packet(client_to_server(dhcp(1, 0x0BAD0001, opts, end=False, pad_to=0)))])

    # Options run to the end of the payload with no END (255) and no padding.
    write_pcap("missing-end.pcap", [Packet(client_to_server(
        dhcp(1, 0x0BAD0002, msg_type(DISCOVER) + pxe_client_options(), end=False, pad_to=0)))])

    # END, then bytes that are not padding (they look like an option 12 "junk").
    opts = msg_type(DISCOVER) + pxe_client_options() + b"\xff" + opt(12, "junk") + b"\x01\x02"
    write_pcap("junk-after-end.pcap", [Packet(client_to_server(
        dhcp(1, 0x0BAD0003, opts, end=False)))])

    # Typed options with lengths their type forbids: 53 len 2, 93 len 3, 97 len 10, 57 len 1.
    opts = (opt(53, b"\x01\x01") + opt(93, b"\x00\x07\x00") + opt(94, b"\x01\x03\x10") +
            opt(60, PXE_CLASS_EFI) + opt(97, b"\0" + UUID_WIRE[:9]) + opt(57, b"\x05"))
    write_pcap("wrong-length-options.pcap", [Packet(client_to_server(dhcp(1, 0x0BAD0004, opts)))])

    # BOOTP header intact, then 0x63825364 instead of the DHCP cookie.
    write_pcap("bad-magic-cookie.pcap", [Packet(client_to_server(
        discover(0x0BAD0005, cookie=b"\x63\x82\x53\x64")))])

    # Captured with snaplen 200: every record has caplen 200 < len (342+).
    frames = [Packet(client_to_server(discover(0x0BAD0006))),
              Packet(server_to_client(proxy_offer(0x0BAD0006)))]
    write_pcap("truncated-snaplen.pcap", frames, snaplen=200)

    # The file ends inside the second record: its header promises more bytes than follow.
    first = client_to_server(discover(0x0BAD0007))
    second = server_to_client(proxy_offer(0x0BAD0007))
    cut = struct.pack("<IIII", T0, 1000, len(second), len(second)) + second[:150]
    write_pcap("truncated-file.pcap", [Packet(first)], tail=cut)

    # hlen = 20 (> the 16-byte chaddr field).
    write_pcap("hlen-over-16.pcap", [Packet(client_to_server(
        discover(0x0BAD0008, hlen=20, chaddr=CLIENT_MAC + b"\x11" * 10)))])


def proxy_offer(xid, extra=b""):
    return dhcp(2, xid, msg_type(OFFER) + opt(54, ip_bytes(SERVER)) + opt(60, "PXEClient") +
                opt(97, b"\0" + UUID_WIRE) + extra, siaddr=SERVER)


def overload_and_split():
    # 52 = 3: more options in the file field, then in sname (RFC 2132 9.3: file first).
    file_opts = opt(67, "pxelinux.0") + opt(66, SERVER) + b"\xff"
    sname_opts = opt(15, "boot.example") + b"\xff"
    opts = (msg_type(ACK) + opt(54, ip_bytes(SERVER)) + opt(52, b"\x03") +
            opt(1, ip_bytes("255.255.255.0")) + opt(3, ip_bytes(ROUTER)))
    ack = dhcp(2, 0x0E0E0001, opts, yiaddr=CLIENT, siaddr=SERVER, sname=sname_opts,
               file=file_opts)
    write_pcap("option-overload.pcap", [Packet(server_to_client(ack))])

    # RFC 3396: option 43 in two instances; the cut falls inside sub-option 9 (boot menu).
    pxe = (opt(6, b"\x03") + opt(8, b"\x80\x00\x01" + ip_bytes(SERVER)) +
           opt(9, b"\x80\x00\x0bPXE Netboot") + opt(10, b"\x05Press F8") + b"\xff")
    cut = 16
    offer = proxy_offer(0x5B117043, opt(43, pxe[:cut]) + opt(67, "pxelinux.0") +
                        opt(43, pxe[cut:]))
    write_pcap("split-option-43.pcap", [Packet(server_to_client(offer))])

    # Option 60 split in two instances: "PXEClient:Arch:000" + "07:UNDI:003016".
    opts = (msg_type(DISCOVER) + opt(93, b"\x00\x07") + opt(60, PXE_CLASS_EFI[:18]) +
            opt(94, b"\x01\x03\x10") + opt(60, PXE_CLASS_EFI[18:]) + opt(97, b"\0" + UUID_WIRE))
    write_pcap("split-option-60.pcap", [Packet(client_to_server(dhcp(1, 0x5B117060, opts)))])


def link_layers():
    disc = discover(0x11CC0001)
    offer = proxy_offer(0x11CC0001)
    ip_disc = udp_ipv4(ANY, BCAST, 68, 67, disc)
    ip_offer = udp_ipv4(SERVER, BCAST, 67, 68, offer)
    # tcpdump -i any: the DISCOVER arrives (broadcast, type 1), the OFFER is sent (type 4).
    write_pcap("linux-sll2.pcap", [Packet(linux_sll2(ip_disc, CLIENT_MAC, packet_type=1)),
                                   Packet(linux_sll2(ip_offer, SERVER_MAC, packet_type=4))],
               linktype=276)
    write_pcap("linux-sll.pcap", [Packet(linux_sll(ip_disc, CLIENT_MAC, packet_type=1)),
                                  Packet(linux_sll(ip_offer, SERVER_MAC, packet_type=4))],
               linktype=113)
    write_pcap("vlan-8021q.pcap", [Packet(client_to_server(disc, vlans=[(0x8100, 77)]))])
    write_pcap("vlan-qinq.pcap", [Packet(client_to_server(disc, vlans=[(0x88A8, 100),
                                                                       (0x8100, 77)]))])
    write_pcap("raw-ipv4.pcap", [Packet(ip_disc), Packet(ip_offer)], linktype=101)
    write_pcapng_ns("pcapng-nanosecond.pcapng",
                    [Packet(client_to_server(disc), nsec=123456789),
                     Packet(server_to_client(offer), nsec=1000000001)])


def ipxe_and_pxe():
    # iPXE DISCOVER: 77 = raw "iPXE" (not RFC 3004) and 175 with iPXE's sub-options.
    ipxe_175 = (opt(177, b"\x01\x80\x86\x10\x0e") + opt(235, b"\x01\x00\x00") +
                opt(23, b"\x01") + opt(34, b"\x01") + opt(19, b"\x01") + opt(17, b"\x01") +
                opt(39, b"\x01") + opt(25, b"\x01") + opt(41, b"\x01") + opt(16, b"\x02") +
                opt(21, b"\x01") + opt(1, b"\xff"))
    opts = (msg_type(DISCOVER) + opt(57, b"\x05\xc0") + opt(93, b"\0\0") +
            opt(94, b"\x01\x02\x01") + opt(60, PXE_CLASS_BIOS) + opt(77, "iPXE") +
            opt(55, bytes([1, 3, 6, 7, 12, 15, 17, 26, 43, 60, 66, 67, 119, 128, 129, 130,
                           131, 132, 133, 134, 135, 175, 203])) +
            opt(175, ipxe_175) + opt(61, b"\x01" + CLIENT_MAC) + opt(97, b"\0" + UUID_WIRE))
    write_pcap("ipxe-discover-175.pcap", [Packet(client_to_server(dhcp(1, 0x1A0E0175, opts)))])

    # dnsmasq-style proxy OFFER with a boot menu, then the 4011 boot-server REQUEST and ACK.
    xid = 0x4011BEEF
    menu = (opt(6, b"\x03") + opt(8, b"\x80\x00\x01" + ip_bytes(SERVER)) +
            opt(9, b"\x80\x00\x0bPXE Netboot" + b"\x00\x00\x0fBoot local disk") +
            opt(10, b"\x05PXE Netboot, F8 for menu") + b"\xff")
    offer = proxy_offer(xid, opt(43, menu))
    layer = opt(71, b"\x80\x00\x00\x00")  # boot item type 0x8000, layer 0
    req_opts = (msg_type(REQUEST) + pxe_client_options() + opt(43, layer + b"\xff"))
    request = dhcp(1, xid, req_opts, ciaddr=CLIENT)
    ack_opts = (msg_type(ACK) + opt(54, ip_bytes(SERVER)) + opt(60, "PXEClient") +
                opt(97, b"\0" + UUID_WIRE) +
                opt(43, opt(1, ip_bytes("224.1.1.1")) + opt(2, b"\x04\x01") +
                    opt(3, b"\x04\x02") + opt(4, b"\x01") + opt(5, b"\x0a") + layer + b"\xff"))
    ack = dhcp(2, xid, ack_opts, ciaddr=CLIENT, siaddr=SERVER, file=b"pxelinux.0")
    write_pcap("pxe-menu-4011.pcap", [
        Packet(client_to_server(discover(xid))),
        Packet(server_to_client(offer)),
        Packet(ethernet(SERVER_MAC, CLIENT_MAC, udp_ipv4(CLIENT, SERVER, 68, 4011, request))),
        Packet(ethernet(CLIENT_MAC, SERVER_MAC, udp_ipv4(SERVER, CLIENT, 4011, 68, ack))),
    ])

    # A relayed DISCOVER: giaddr, hops 1, option 82 (circuit id, remote id, link selection),
    # relay -> server on 67/67.
    relay_82 = (opt(1, b"\x00\x04\x00\x4d\x00\x03") + opt(2, b"\x00\x06" + RELAY_MAC) +
                opt(5, ip_bytes("10.20.0.0")))
    opts = msg_type(DISCOVER) + pxe_client_options() + opt(82, relay_82)
    relayed = dhcp(1, 0x82828282, opts, hops=1, giaddr=RELAY)
    reply = dhcp(2, 0x82828282, msg_type(OFFER) + opt(54, ip_bytes(SERVER)) +
                 opt(1, ip_bytes("255.255.255.0")) + opt(82, relay_82), hops=1,
                 yiaddr="10.20.0.50", giaddr=RELAY, siaddr=SERVER, file=b"pxelinux.0")
    write_pcap("relay-agent-82.pcap", [
        Packet(ethernet(SERVER_MAC, RELAY_MAC, udp_ipv4(RELAY, SERVER, 67, 67, relayed))),
        Packet(ethernet(RELAY_MAC, SERVER_MAC, udp_ipv4(SERVER, RELAY, 67, 67, reply))),
    ])


def tftp():
    def rrq(name, options):
        body = struct.pack("!H", 1) + name.encode() + b"\0octet\0"
        for k, v in options:
            body += k.encode() + b"\0" + v.encode() + b"\0"
        return body

    def oack(options):
        return struct.pack("!H", 6) + b"".join(k.encode() + b"\0" + v.encode() + b"\0"
                                               for k, v in options)

    def c2s(sport, dport, body):
        return ethernet(SERVER_MAC, CLIENT_MAC, udp_ipv4(CLIENT, SERVER, sport, dport, body))

    def s2c(sport, dport, body):
        return ethernet(CLIENT_MAC, SERVER_MAC, udp_ipv4(SERVER, CLIENT, sport, dport, body))

    size = 1468 + 100
    content = bytes((i * 7) & 0xFF for i in range(size))
    # EDK2's pattern: tsize probe, OACK, ERROR 8 from the client; then the real transfer.
    ask = [("tsize", "0"), ("blksize", "1468"), ("windowsize", "4")]
    got = [("tsize", str(size)), ("blksize", "1468"), ("windowsize", "4")]
    frames = [
        c2s(1001, 69, rrq("syslinux.efi", ask)),
        s2c(50001, 1001, oack(got)),
        c2s(1001, 50001, struct.pack("!HH", 5, 8) + b"User aborted the transfer\0"),
        c2s(1002, 69, rrq("syslinux.efi", [("blksize", "1468"), ("windowsize", "4"),
                                           ("timeout", "3")])),
        s2c(50002, 1002, oack([("blksize", "1468"), ("windowsize", "4"), ("timeout", "3")])),
        c2s(1002, 50002, struct.pack("!HH", 4, 0)),
        s2c(50002, 1002, struct.pack("!HH", 3, 1) + content[:1468]),
        s2c(50002, 1002, struct.pack("!HH", 3, 2) + content[1468:]),
        c2s(1002, 50002, struct.pack("!HH", 4, 2)),
    ]
    write_pcap("tftp-oack-error.pcap", [Packet(f, usec=(i + 1) * 1500)
                                        for i, f in enumerate(frames)])


def main():
    os.makedirs(OUT, exist_ok=True)
    malformed()
    overload_and_split()
    link_layers()
    ipxe_and_pxe()
    tftp()
    generate_ipv6.ipv6_captures(sys.modules[__name__])
    generate_wlan.wlan_captures(sys.modules[__name__])
    print("generate.py: wrote", len(os.listdir(OUT)), "files to", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
