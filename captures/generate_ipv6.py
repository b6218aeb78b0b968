"""IPv6 cases for captures/generate.py (called from its main(); standard library only).

A PXEv6 boot as EDK2 does it (Solicit with options 1, 3, 6, 8, 16, 61; Advertise/Request/
Reply with 59 bootfile-url), the same through a relay (Relay-forw/Relay-repl with an
interface-id), neighbor discovery (RS/RA with M/O and a prefix, NS/NA), TFTP over IPv6, an
ICMPv6 port-unreachable quoting a TFTP RRQ, extension headers, and malformed DHCPv6.
Deterministic: fixed addresses, transaction ids and timestamps.
"""
import socket
import struct

CLIENT_MAC = bytes.fromhex("525400c0ffee")
SERVER_MAC = bytes.fromhex("525400000002")
RELAY_MAC = bytes.fromhex("525400000003")
CLIENT_LL = "fe80::5054:ff:fec0:ffee"
SERVER_LL = "fe80::5054:ff:fe00:2"
SERVER6 = "2001:db8::1"
CLIENT6 = "2001:db8::150"
RELAY6 = "2001:db8:1::1"
ALL_DHCP = "ff02::1:2"
ALL_NODES, ALL_ROUTERS = "ff02::1", "ff02::2"
BOOTFILE_URL = "tftp://[2001:db8::1]/bootx64.efi"
PXE_CLASS_EFI = b"PXEClient:Arch:00007:UNDI:003016"
XID = 0x5A6B7C
UDP, ICMPV6, HOPOPTS, DSTOPTS, FRAGMENT = 17, 58, 0, 60, 44


def a6(text):
    return socket.inet_pton(socket.AF_INET6, text)


def multicast_mac(addr):
    return b"\x33\x33" + a6(addr)[12:]


def ipv6(src, dst, next_header, payload, hlim=64, ext=b""):
    """`ext` is the raw extension headers; `next_header` is the first header's type."""
    return struct.pack("!IHBB16s16s", 0x60000000, len(ext) + len(payload), next_header, hlim,
                       a6(src), a6(dst)) + ext + payload


def checksum6(src, dst, proto, data, g):
    pseudo = a6(src) + a6(dst) + struct.pack("!IxxxB", len(data), proto)
    return g.checksum(pseudo + data)


def udp6(src, dst, sport, dport, payload, g, ext=b"", first=UDP):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    csum = checksum6(src, dst, UDP, udp, g) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
    return ipv6(src, dst, first if ext else UDP, udp, ext=ext)


def icmp6(src, dst, type_, code, body, g, hlim=255, ext=b"", first=ICMPV6):
    msg = struct.pack("!BBH", type_, code, 0) + body
    csum = checksum6(src, dst, ICMPV6, msg, g)
    msg = msg[:2] + struct.pack("!H", csum) + msg[4:]
    return ipv6(src, dst, first if ext else ICMPV6, msg, hlim=hlim, ext=ext)


def eth6(dst_mac, src_mac, payload):
    return dst_mac + src_mac + struct.pack("!H", 0x86DD) + payload


# ---- DHCPv6 -----------------------------------------------------------------------------
def o6(code, data):
    if isinstance(data, str):
        data = data.encode()
    return struct.pack("!HH", code, len(data)) + data


CLIENT_DUID = struct.pack("!HHI", 1, 1, 0x2A3B4C5D) + CLIENT_MAC  # DUID-LLT
SERVER_DUID = struct.pack("!HH", 3, 1) + SERVER_MAC                # DUID-LL
UUID_DUID = struct.pack("!H", 4) + bytes.fromhex("4ed3d37cf46b264889a1b2c3d4e5f601")


def dhcp6(msg_type, options, xid=XID):
    return struct.pack("!I", (msg_type << 24) | xid) + options


def relay6(msg_type, hops, link, peer, options):
    return struct.pack("!BB16s16s", msg_type, hops, a6(link), a6(peer)) + options


def vendor_class(enterprise, *items):
    return struct.pack("!I", enterprise) + b"".join(struct.pack("!H", len(i)) + i for i in items)


def ia_na(iaid, t1, t2, *addrs):
    subs = b"".join(o6(5, a6(a) + struct.pack("!II", 3600, 7200)) for a in addrs)
    return o6(3, struct.pack("!III", iaid, t1, t2) + subs)


def solicit_options(arch=7):
    return (o6(1, CLIENT_DUID) + ia_na(0x0C0FFEE0, 0, 0) +
            o6(6, struct.pack("!HHHH", 59, 60, 23, 24)) + o6(8, struct.pack("!H", 0)) +
            o6(16, vendor_class(343, PXE_CLASS_EFI)) + o6(61, struct.pack("!H", arch)) +
            o6(62, b"\x01\x03\x10"))


def server_options(with_bootfile=True):
    opts = (o6(1, CLIENT_DUID) + o6(2, SERVER_DUID) +
            ia_na(0x0C0FFEE0, 1800, 2880, CLIENT6) + o6(23, a6(SERVER6)) +
            o6(24, b"\x03lab\x07example\x00"))
    if with_bootfile:
        opts += o6(59, BOOTFILE_URL) + o6(60, struct.pack("!H", 9) + b"console=0")
    return opts + o6(7, b"\xff")


def dhcpv6_pxe(g):
    c2s = lambda p: eth6(multicast_mac(ALL_DHCP), CLIENT_MAC,
                         udp6(CLIENT_LL, ALL_DHCP, 546, 547, p, g))
    s2c = lambda p: eth6(CLIENT_MAC, SERVER_MAC, udp6(SERVER_LL, CLIENT_LL, 547, 546, p, g))
    request = (o6(1, CLIENT_DUID) + o6(2, SERVER_DUID) + ia_na(0x0C0FFEE0, 0, 0, CLIENT6) +
               o6(6, struct.pack("!HHHH", 59, 60, 23, 24)) + o6(8, struct.pack("!H", 100)) +
               o6(16, vendor_class(343, PXE_CLASS_EFI)) + o6(61, struct.pack("!H", 7)) +
               o6(15, struct.pack("!H", 4) + b"iPXE") + o6(79, struct.pack("!H", 1) + CLIENT_MAC) +
               o6(39, b"\x01\x06client\x03lab\x07example\x00"))
    frames = [
        c2s(dhcp6(1, solicit_options())),
        s2c(dhcp6(2, server_options())),
        c2s(dhcp6(3, request, xid=XID + 1)),
        s2c(dhcp6(7, server_options() + o6(13, struct.pack("!H", 0) + b"all good") +
                  o6(17, struct.pack("!IHH", 343, 1, 4) + b"\x01\x02\x03\x04"),
                  xid=XID + 1)),
        c2s(dhcp6(11, o6(1, UUID_DUID) + o6(6, struct.pack("!HH", 59, 60)), xid=XID + 2)),
    ]
    g.write_pcap("dhcpv6-pxe.pcap", [g.Packet(f, usec=(i + 1) * 2000)
                                     for i, f in enumerate(frames)])


def dhcpv6_relay(g):
    iface = b"eth0.100"
    inner_solicit = dhcp6(1, solicit_options())
    inner_adv = dhcp6(2, server_options())
    forw = relay6(12, 0, "2001:db8:100::1", CLIENT_LL, o6(18, iface) + o6(9, inner_solicit))
    repl = relay6(13, 0, "2001:db8:100::1", CLIENT_LL, o6(18, iface) + o6(9, inner_adv))
    frames = [
        eth6(SERVER_MAC, RELAY_MAC, udp6(RELAY6, SERVER6, 547, 547, forw, g)),
        eth6(RELAY_MAC, SERVER_MAC, udp6(SERVER6, RELAY6, 547, 547, repl, g)),
    ]
    g.write_pcap("dhcpv6-relay.pcap", [g.Packet(f, usec=(i + 1) * 2000)
                                       for i, f in enumerate(frames)])


def dhcpv6_malformed(g):
    c2s = lambda p: eth6(multicast_mac(ALL_DHCP), CLIENT_MAC,
                         udp6(CLIENT_LL, ALL_DHCP, 546, 547, p, g))
    nested = dhcp6(1, o6(1, CLIENT_DUID))
    for _ in range(34):  # deeper than the 32 pxescope follows
        nested = relay6(12, 0, "::", CLIENT_LL, o6(9, nested))
    frames = [
        c2s(dhcp6(1, o6(1, CLIENT_DUID) + struct.pack("!HH", 6, 40) + b"\x00\x3b")),  # past end
        c2s(dhcp6(1, o6(1, b"") + o6(2, b"\x00\x01" + b"\xaa" * 129))),  # DUIDs of 0 and 131
        c2s(dhcp6(1, o6(61, b"\x00\x07\x00") + o6(3, b"\x00\x01"))),  # odd arch list, short IA
        c2s(b"\x01\x02"),  # header cut
        eth6(SERVER_MAC, RELAY_MAC, udp6(RELAY6, SERVER6, 547, 547, nested, g)),
    ]
    g.write_pcap("dhcpv6-malformed.pcap", [g.Packet(f, usec=(i + 1) * 1000)
                                           for i, f in enumerate(frames)])


# ---- ICMPv6 -----------------------------------------------------------------------------
def nd_opt(type_, data):
    return struct.pack("!BB", type_, (2 + len(data) + 7) // 8) + data + \
        b"\0" * (-(2 + len(data)) % 8)


def icmpv6_nd(g):
    router_ll = SERVER_LL
    prefix = struct.pack("!BBII4x16s", 64, 0xC0, 86400, 14400, a6("2001:db8::"))
    ra_body = struct.pack("!BBHII", 64, 0xC0, 1800, 0, 0) + nd_opt(1, SERVER_MAC) + \
        nd_opt(5, struct.pack("!xxI", 1500)) + nd_opt(3, prefix)
    frames = [
        eth6(multicast_mac(ALL_ROUTERS), CLIENT_MAC,
             icmp6(CLIENT_LL, ALL_ROUTERS, 133, 0, b"\0" * 4 + nd_opt(1, CLIENT_MAC), g)),
        eth6(multicast_mac(ALL_NODES), SERVER_MAC, icmp6(router_ll, ALL_NODES, 134, 0, ra_body, g)),
        eth6(multicast_mac("ff02::1:ff00:1"), CLIENT_MAC,
             icmp6(CLIENT6, "ff02::1:ff00:1", 135, 0,
                   b"\0" * 4 + a6(SERVER6) + nd_opt(1, CLIENT_MAC), g)),
        eth6(CLIENT_MAC, SERVER_MAC,
             icmp6(SERVER6, CLIENT6, 136, 0,
                   struct.pack("!I", 0x60000000) + a6(SERVER6) + nd_opt(2, SERVER_MAC), g)),
        eth6(SERVER_MAC, CLIENT_MAC,
             icmp6(CLIENT6, SERVER6, 128, 0, struct.pack("!HH", 0x1234, 1) + b"ping", g, hlim=64)),
        eth6(CLIENT_MAC, SERVER_MAC,
             icmp6(SERVER6, CLIENT6, 129, 0, struct.pack("!HH", 0x1234, 1) + b"ping", g, hlim=64)),
    ]
    g.write_pcap("icmpv6-nd.pcap", [g.Packet(f, usec=(i + 1) * 1000)
                                    for i, f in enumerate(frames)])


def rrq(name, options=()):
    body = struct.pack("!H", 1) + name.encode() + b"\0octet\0"
    for k, v in options:
        body += k.encode() + b"\0" + v.encode() + b"\0"
    return body


def tftp_ipv6(g):
    c2s = lambda sp, dp, b: eth6(SERVER_MAC, CLIENT_MAC, udp6(CLIENT6, SERVER6, sp, dp, b, g))
    s2c = lambda sp, dp, b: eth6(CLIENT_MAC, SERVER_MAC, udp6(SERVER6, CLIENT6, sp, dp, b, g))
    content = bytes((i * 5) & 0xFF for i in range(512 + 40))
    frames = [
        c2s(1501, 69, rrq("bootx64.efi", [("blksize", "512"), ("tsize", "0")])),
        s2c(50601, 1501, struct.pack("!H", 6) + b"blksize\x00512\x00tsize\x00552\x00"),
        c2s(1501, 50601, struct.pack("!HH", 4, 0)),
        s2c(50601, 1501, struct.pack("!HH", 3, 1) + content[:512]),
        c2s(1501, 50601, struct.pack("!HH", 4, 1)),
        s2c(50601, 1501, struct.pack("!HH", 3, 2) + content[512:]),
        c2s(1501, 50601, struct.pack("!HH", 4, 2)),
    ]
    g.write_pcap("tftp-ipv6.pcap", [g.Packet(f, usec=(i + 1) * 1000)
                                    for i, f in enumerate(frames)])


def icmpv6_port_unreachable(g):
    request = udp6(CLIENT6, SERVER6, 1502, 69, rrq("bootx64.efi", [("tsize", "0")]), g)
    frames = [
        eth6(SERVER_MAC, CLIENT_MAC, request),
        eth6(CLIENT_MAC, SERVER_MAC, icmp6(SERVER6, CLIENT6, 1, 4, b"\0" * 4 + request, g,
                                           hlim=64)),
        # A router on the path cannot forward a 1468-byte block: Packet Too Big, MTU 1280.
        eth6(SERVER_MAC, RELAY_MAC,
             icmp6(RELAY6, SERVER6, 2, 0, struct.pack("!I", 1280) +
                   udp6(SERVER6, CLIENT6, 50602, 1502,
                        struct.pack("!HH", 3, 1) + bytes(1468), g)[:1232], g, hlim=64)),
    ]
    g.write_pcap("icmpv6-port-unreachable.pcap", [g.Packet(f, usec=(i + 1) * 1000)
                                                  for i, f in enumerate(frames)])


def ipv6_ext_headers(g):
    # MLDv2 report behind a hop-by-hop header with Router Alert (what every host sends).
    hbh = struct.pack("!BB", ICMPV6, 0) + b"\x05\x02\x00\x00" + b"\x01\x00"
    record = struct.pack("!BBH16s", 4, 0, 0, a6("ff02::1:ff00:150"))
    mld = icmp6("::", "ff02::16", 143, 0, struct.pack("!HH", 0, 1) + record, g, hlim=1,
                ext=hbh, first=HOPOPTS)
    # A Solicit behind destination options (PadN) and an atomic fragment header.
    solicit = dhcp6(1, solicit_options())
    dst = struct.pack("!BB", FRAGMENT, 0) + b"\x01\x04\x00\x00\x00\x00"
    frag = struct.pack("!BBHI", UDP, 0, 0, 0xABCD0001)
    udp = udp6(CLIENT_LL, ALL_DHCP, 546, 547, solicit, g)[40:]
    first = ipv6(CLIENT_LL, ALL_DHCP, DSTOPTS, udp, ext=dst + frag)
    # A later fragment (offset 1448): not decoded further.
    later = ipv6(CLIENT_LL, ALL_DHCP, FRAGMENT, b"\xee" * 24,
                 ext=struct.pack("!BBHI", UDP, 0, (1448 // 8) << 3, 0xABCD0002))
    # MLDv1 report (what EDK2 sends first): max delay, reserved, the group; hop-by-hop too.
    group = "ff02::1:ffc0:ffee"
    mld1 = icmp6("::", group, 131, 0, struct.pack("!HH16s", 0, 0, a6(group)), g, hlim=1,
                 ext=hbh, first=HOPOPTS)
    frames = [
        eth6(multicast_mac("ff02::16"), CLIENT_MAC, mld),
        eth6(multicast_mac(ALL_DHCP), CLIENT_MAC, first),
        eth6(multicast_mac(ALL_DHCP), CLIENT_MAC, later),
        eth6(multicast_mac(group), CLIENT_MAC, mld1),
    ]
    g.write_pcap("ipv6-ext-headers.pcap", [g.Packet(f, usec=(i + 1) * 1000)
                                           for i, f in enumerate(frames)])


def pxev6_solicit_unanswered(g):
    """EDK2's PXEv6 on an IPv6-only LAN with no DHCPv6 server: Solicits retransmitted with
    RFC 8415 back-off (1, 2, 4, 8 s), never answered."""
    frames = [eth6(multicast_mac(ALL_DHCP), CLIENT_MAC,
                   udp6(CLIENT_LL, ALL_DHCP, 546, 547, dhcp6(1, solicit_options()), g))] * 5
    g.write_pcap("pxev6-solicit-unanswered.pcap",
                 [g.Packet(f, usec=1000 + t * 1000000) for f, t in zip(frames, (0, 1, 3, 7, 15))])


def pxev6_exchange(g):
    """Framing of client -> server and server -> client DHCPv6, and a PXEv6 Request's options."""
    c2s = lambda p: eth6(multicast_mac(ALL_DHCP), CLIENT_MAC,
                         udp6(CLIENT_LL, ALL_DHCP, 546, 547, p, g))
    s2c = lambda p: eth6(CLIENT_MAC, SERVER_MAC, udp6(SERVER_LL, CLIENT_LL, 547, 546, p, g))
    request = (o6(1, CLIENT_DUID) + o6(2, SERVER_DUID) + ia_na(0x0C0FFEE0, 0, 0, CLIENT6) +
               o6(6, struct.pack("!HH", 59, 60)) + o6(16, vendor_class(343, PXE_CLASS_EFI)) +
               o6(61, struct.pack("!H", 7)))
    return c2s, s2c, request


def pxev6_tftp_not_found(g):
    """PXEv6 that gets its boot file URL, then asks the TFTP server over IPv6 for a file it
    does not have: ERROR 1 File not found."""
    c2s, s2c, request = pxev6_exchange(g)
    frames = [
        c2s(dhcp6(1, solicit_options())),
        s2c(dhcp6(2, server_options())),
        c2s(dhcp6(3, request, xid=XID + 1)),
        s2c(dhcp6(7, server_options(), xid=XID + 1)),
        eth6(SERVER_MAC, CLIENT_MAC, udp6(CLIENT6, SERVER6, 1503, 69,
                                          rrq("bootx64.efi", [("tsize", "0")]), g)),
        eth6(CLIENT_MAC, SERVER_MAC, udp6(SERVER6, CLIENT6, 50603, 1503,
                                          struct.pack("!HH", 5, 1) + b"File not found\0", g)),
    ]
    g.write_pcap("pxev6-tftp-not-found.pcap", [g.Packet(f, usec=(i + 1) * 100000)
                                               for i, f in enumerate(frames)])


def pxev6_request_refused(g):
    """PXEv6 gets its boot file URL in the Advertise, but every Reply to its Request carries
    no address and status 1 (UnspecFail) "address in use" (dnsmasq when another IA of the same
    DUID holds the address, as seen with EDK2 in the lab)."""
    c2s, s2c, request = pxev6_exchange(g)
    refused = (o6(1, CLIENT_DUID) + o6(2, SERVER_DUID) +
               o6(3, struct.pack("!III", 0x0C0FFEE0, 0, 0) +
                  o6(13, struct.pack("!H", 1) + b"address in use")) +
               o6(59, BOOTFILE_URL))
    frames = [c2s(dhcp6(1, solicit_options())), s2c(dhcp6(2, server_options()))]
    for _ in range(3):
        frames += [c2s(dhcp6(3, request, xid=XID + 1)), s2c(dhcp6(7, refused, xid=XID + 1))]
    g.write_pcap("pxev6-request-refused.pcap", [g.Packet(f, usec=(i + 1) * 1000000)
                                                for i, f in enumerate(frames)])


def pxev6_stateless_stall(g):
    """EDK2's PXEv6 beside two DHCPv6 servers that split the answer (seen in the lab with a
    stateless pxescope beside dnsmasq): the LAN's server advertises an address and no boot
    file URL, the boot server a URL and no address (no IA_NA); EDK2 takes neither, sends no
    Request and stalls. The router's next RA, 20 s on, shows the capture went on."""
    other_mac = bytes.fromhex("525400000004")
    other_ll = "fe80::5054:ff:fe00:4"
    other_duid = struct.pack("!HH", 3, 1) + other_mac
    c2s, s2c, _ = pxev6_exchange(g)
    address_only = (o6(1, CLIENT_DUID) + o6(2, other_duid) +
                    ia_na(0x0C0FFEE0, 1800, 2880, CLIENT6) + o6(23, a6(SERVER6)))
    url_only = o6(2, SERVER_DUID) + o6(1, CLIENT_DUID) + o6(59, BOOTFILE_URL)
    prefix = struct.pack("!BBII4x16s", 64, 0xC0, 86400, 14400, a6("2001:db8::"))
    ra_body = struct.pack("!BBHII", 64, 0xC0, 1800, 0, 0) + nd_opt(1, other_mac) + \
        nd_opt(3, prefix)
    frames = [
        (0.0, c2s(dhcp6(1, solicit_options()))),
        (0.01, eth6(CLIENT_MAC, other_mac,
                    udp6(other_ll, CLIENT_LL, 547, 546, dhcp6(2, address_only), g))),
        (0.02, s2c(dhcp6(2, url_only))),
        (20.0, eth6(multicast_mac(ALL_NODES), other_mac,
                    icmp6(other_ll, ALL_NODES, 134, 0, ra_body, g))),
    ]
    g.write_pcap("pxev6-stateless-stall.pcap",
                 [g.Packet(f, usec=1000 + int(t * 1000000)) for t, f in frames])


def ipv6_captures(g):
    """`g` is the generate module (checksum, Packet, write_pcap)."""
    dhcpv6_pxe(g)
    dhcpv6_relay(g)
    dhcpv6_malformed(g)
    icmpv6_nd(g)
    tftp_ipv6(g)
    icmpv6_port_unreachable(g)
    ipv6_ext_headers(g)
    pxev6_solicit_unanswered(g)
    pxev6_tftp_not_found(g)
    pxev6_request_refused(g)
    pxev6_stateless_stall(g)
