"""Wireless cases for captures/generate.py (called from its main(); standard library only).

A PXE client's DHCP and TFTP as a Wi-Fi capture shows them: IEEE 802.11 data frames with
LLC/SNAP (link type 105), the same behind a radiotap header (127), and CAPWAP data tunnels
(UDP 5247, RFC 5415) carrying 802.11 and 802.3 frames between an access point and its
controller. Around them the frames a Wi-Fi capture is full of and that carry no IP: a beacon,
an ACK, a null-data frame and a protected (encrypted) data frame, which a decoder must count
quietly. Deterministic: fixed MACs, addresses, sequence numbers and timestamps.
"""
import struct
import zlib

AP_MAC = bytes.fromhex("0200a0000001")  # the access point's BSSID
WTP_MAC = bytes.fromhex("525400000010")  # the AP's wired side (CAPWAP WTP)
AC_MAC = bytes.fromhex("525400000011")  # the wireless controller (CAPWAP AC)
WTP, AC = "10.0.0.10", "10.0.0.1"
CAPWAP_DATA = 5247

# 802.11 frame control, first byte: subtype << 4 | type << 2 (version 0)
BEACON, ACK, DATA, NULL_DATA, QOS_DATA = 0x80, 0xD4, 0x08, 0x48, 0x88
TO_DS, FROM_DS, PROTECTED, ORDER = 0x01, 0x02, 0x40, 0x80
LLC_SNAP_IPV4 = bytes.fromhex("aaaa03000000") + struct.pack("!H", 0x0800)


def wlan(fc0, flags, addr1, addr2, addr3, seq, body=b"", addr4=None, qos=None, ht=None):
    """A MAC header (+ QoS control, + HT control) then `body`."""
    h = struct.pack("<BBH", fc0, flags, 44) + addr1 + addr2 + addr3 + struct.pack("<H", seq << 4)
    if addr4 is not None:
        h += addr4
    if qos is not None:
        h += struct.pack("<H", qos)
    if ht is not None:
        h += struct.pack("<I", ht)
    return h + body


def to_ap(g, payload, seq, src=None, qos=None):
    """Station -> AP (ToDS): addr1 BSSID, addr2 SA, addr3 DA (broadcast)."""
    fc0 = QOS_DATA if qos is not None else DATA
    return wlan(fc0, TO_DS, AP_MAC, src or g.CLIENT_MAC, g.BROADCAST, seq,
                LLC_SNAP_IPV4 + payload, qos=qos)


def from_ap(g, payload, seq, dst=None, qos=None, ht=None):
    """AP -> station (FromDS): addr1 DA, addr2 BSSID, addr3 SA (the DHCP server)."""
    fc0 = QOS_DATA if qos is not None else DATA
    flags = FROM_DS | (ORDER if ht is not None else 0)
    return wlan(fc0, flags, dst or g.BROADCAST, AP_MAC, g.SERVER_MAC, seq,
                LLC_SNAP_IPV4 + payload, qos=qos, ht=ht)


def quiet_frames(g, seq):
    """Frames with no IP in them: beacon, ACK, null data, protected data."""
    ssid = b"\x00\x06pxelab"
    beacon = wlan(BEACON, 0, g.BROADCAST, AP_MAC, AP_MAC, seq,
                  struct.pack("<QHH", 123456, 100, 0x0421) + ssid)
    ack = struct.pack("<BBH", ACK, 0, 0) + g.CLIENT_MAC
    null = wlan(NULL_DATA, TO_DS, AP_MAC, g.CLIENT_MAC, AP_MAC, seq + 1)
    ccmp = bytes.fromhex("0100002000000000") + bytes(range(40))  # CCMP header + ciphertext
    protected = wlan(DATA, TO_DS | PROTECTED, AP_MAC, g.CLIENT_MAC, g.BROADCAST, seq + 2, ccmp)
    return [beacon, ack, null, protected]


def boot_frames(g):
    """DORA + a TFTP read over Wi-Fi, mixed with frames that carry no IP."""
    xid = 0x11DD0001
    disc = g.discover(xid)
    offer = g.proxy_offer(xid)
    request = g.dhcp(1, xid, g.msg_type(g.REQUEST) + g.pxe_client_options())
    ack = g.dhcp(2, xid, g.msg_type(g.ACK) + g.opt(54, g.ip_bytes(g.SERVER)) +
                 g.opt(60, "PXEClient"), yiaddr=g.CLIENT, file=b"pxelinux.0")
    rrq = struct.pack("!H", 1) + b"pxelinux.0\0octet\0blksize\0001468\0"
    data = struct.pack("!HH", 3, 1) + bytes(range(200))
    frames = quiet_frames(g, 100)[:2] + [
        to_ap(g, g.udp_ipv4(g.ANY, g.BCAST, 68, 67, disc), 200),
        from_ap(g, g.udp_ipv4(g.SERVER, g.BCAST, 67, 68, offer), 300),
        to_ap(g, g.udp_ipv4(g.ANY, g.BCAST, 68, 67, request), 201, qos=0x0006),
        from_ap(g, g.udp_ipv4(g.SERVER, g.BCAST, 67, 68, ack), 301, qos=0x0005, ht=0),
    ] + quiet_frames(g, 110)[2:] + [
        wlan(DATA, TO_DS, AP_MAC, g.CLIENT_MAC, g.SERVER_MAC, 202,
             LLC_SNAP_IPV4 + g.udp_ipv4(g.CLIENT, g.SERVER, 1001, 69, rrq)),
        wlan(DATA, FROM_DS, g.CLIENT_MAC, AP_MAC, g.SERVER_MAC, 302,
             LLC_SNAP_IPV4 + g.udp_ipv4(g.SERVER, g.CLIENT, 50001, 1001, data)),
        # A 4-address (WDS) frame: RA, TA, DA, SA.
        wlan(DATA, TO_DS | FROM_DS, AP_MAC, WTP_MAC, g.BROADCAST, 400,
             LLC_SNAP_IPV4 + g.udp_ipv4(g.ANY, g.BCAST, 68, 67, disc), addr4=g.CLIENT_MAC),
    ]
    return frames


def radiotap(frame, with_fcs, extended=False):
    """Radiotap: TSFT, flags, rate, channel, dBm signal (+ an empty extended present word)."""
    present = 0x2F | (0x80000000 if extended else 0)
    words = struct.pack("<I", present) + (struct.pack("<I", 0) if extended else b"")
    fields_at = 4 + len(words)
    pad = (-fields_at) % 8  # TSFT is 8-byte aligned
    fields = b"\0" * pad + struct.pack("<QBBHHb", 1000000, 0x10 if with_fcs else 0, 108, 2437,
                                       0x00A0, -42)
    header = struct.pack("<BBH", 0, 0, 4 + len(words) + len(fields)) + words + fields
    fcs = struct.pack("<I", zlib.crc32(frame)) if with_fcs else b""
    return header + frame + fcs


def capwap(payload, native_80211, radio_mac=None, keep_alive=False):
    """CAPWAP data header (RFC 5415 4.3): preamble 0, HLEN, RID 1, WBID 1, T, M, K."""
    optional = b""
    if radio_mac is not None:
        optional = bytes([len(radio_mac)]) + radio_mac
        optional += b"\0" * ((-len(optional)) % 4)
    hlen = (8 + len(optional)) // 4
    flags = (0x100 if native_80211 else 0) | (0x10 if radio_mac else 0) | (0x08 if keep_alive
                                                                           else 0)
    word = (hlen << 19) | (1 << 14) | (1 << 9) | flags
    return struct.pack("!BBHHH", 0, word >> 16, word & 0xFFFF, 0, 0) + optional + payload


def swap_fc(frame):
    """Cisco APs send the 802.11 frame control byte-swapped in CAPWAP (tshark's
    capwap.swap_fc, on by default)."""
    return frame[1:2] + frame[0:1] + frame[2:]


def capwap_frames(g):
    xid = 0x11EE0001
    disc = g.discover(xid)
    offer = g.proxy_offer(xid)
    ip_disc = g.udp_ipv4(g.ANY, g.BCAST, 68, 67, disc)
    ip_offer = g.udp_ipv4(g.SERVER, g.BCAST, 67, 68, offer)

    def up(body, ident):  # WTP -> AC
        return g.ethernet(AC_MAC, WTP_MAC, g.udp_ipv4(WTP, AC, 12222, CAPWAP_DATA, body, ident))

    def down(body, ident):  # AC -> WTP
        return g.ethernet(WTP_MAC, AC_MAC, g.udp_ipv4(AC, WTP, CAPWAP_DATA, 12222, body, ident))

    keep_alive = struct.pack("!H", 20) + struct.pack("!HH", 35, 16) + bytes(range(16))
    return [
        up(capwap(keep_alive, False, keep_alive=True), 1),
        down(capwap(keep_alive, False, keep_alive=True), 2),
        up(capwap(swap_fc(to_ap(g, ip_disc, 500)), True), 3),
        down(capwap(g.ethernet(g.BROADCAST, g.SERVER_MAC, ip_offer), False), 4),
        up(capwap(swap_fc(to_ap(g, ip_disc, 501, qos=0x0006)), True, radio_mac=AP_MAC), 5),
        down(capwap(swap_fc(from_ap(g, ip_offer, 600)), True), 6),
    ]


def wlan_captures(g):
    """`g` is the generate module (layers, DHCP builders, Packet, write_pcap)."""
    frames = boot_frames(g)

    def packets(fs):
        return [g.Packet(f, usec=(i + 1) * 1000) for i, f in enumerate(fs)]

    g.write_pcap("wlan-dhcp.pcap", packets(frames), linktype=105)
    g.write_pcap("radiotap-dhcp.pcap",
                 packets([radiotap(f, with_fcs=i % 2 == 0, extended=i % 3 == 0)
                          for i, f in enumerate(frames)]), linktype=127)
    g.write_pcap("capwap-dhcp.pcap", packets(capwap_frames(g)))
