#!/usr/bin/env bash
# bench/boot/transfer-phase.sh reads the phase the boot benchmark reports (issue 11 §5): from the
# first request of the kernel to the last byte of the initrd. Checked on
#   - a TFTP boot written here (captures/generate.py's frame builders): a tsize probe of the kernel
#     first (it starts the phase), the initrd's blocks from the server's transfer port (linked to
#     their read request), then a later transfer of another file that must not extend the phase;
#   - the recorded iPXE keep-alive story captures/stories/http-booted.pcap (GET /vmlinuz at 1.085 s,
#     the initrd's last segment at 1.125 s, the connection's FIN after it);
#   - the tails that must not end the phase: the initrd's last TFTP block sent again, and the
#     initrd's last TCP segment retransmitted twice after iPXE stopped its NIC (seen with UEFI);
#   - a capture with no kernel request: exit 1 naming it.
# Exit 0 PASS, 1 FAIL, 77 SKIP (no tshark or python3).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$here/../..
phase=$repo/bench/boot/transfer-phase.sh
for tool in tshark python3; do
  command -v $tool >/dev/null || { echo "SKIP: needs $tool (apt-get install tshark python3)"; exit 77; }
done
work=$(mktemp -d /tmp/pxescope-transfer-phase.XXXXXX)
trap 'rm -rf "$work"' EXIT

PXESCOPE_CAPTURES_OUT=$work PYTHONPATH=$repo/captures python3 - <<'PY'
import struct
import generate as g

def rrq(name, options=()):
    body = struct.pack("!H", 1) + name.encode() + b"\0octet\0"
    return body + b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in options)

def c2s(sport, dport, body):
    return g.ethernet(g.SERVER_MAC, g.CLIENT_MAC, g.udp_ipv4(g.CLIENT, g.SERVER, sport, dport, body))

def s2c(sport, dport, body):
    return g.ethernet(g.CLIENT_MAC, g.SERVER_MAC, g.udp_ipv4(g.SERVER, g.CLIENT, sport, dport, body))

def data(sport, dport, block, size):
    return s2c(sport, dport, struct.pack("!HH", 3, block) + bytes(size))

def ack(sport, dport, block):
    return c2s(sport, dport, struct.pack("!HH", 4, block))

frames = [  # (seconds, frame)
    (0.5, c2s(2000, 69, rrq("pxelinux.0"))),
    (0.6, data(60000, 2000, 1, 100)),
    (0.7, ack(2000, 60000, 1)),
    # The phase starts at the kernel's first request, a tsize probe ended by an error.
    (1.0, c2s(2001, 69, rrq("debian-installer/amd64/linux", [("tsize", "0")]))),
    (1.1, s2c(60001, 2001, struct.pack("!H", 6) + b"tsize\x00512\x00")),
    (1.2, c2s(2001, 60001, struct.pack("!HH", 5, 8) + b"User aborted the transfer\0")),
    (1.5, c2s(2002, 69, rrq("debian-installer/amd64/linux"))),
    (1.6, data(60002, 2002, 1, 512)),
    (1.7, ack(2002, 60002, 1)),
    (1.8, data(60002, 2002, 2, 0)),
    (1.9, ack(2002, 60002, 2)),
    (2.0, c2s(2003, 69, rrq("debian-installer/amd64/initrd.gz"))),
    (2.5, data(60003, 2003, 1, 512)),
    (3.0, ack(2003, 60003, 1)),
    (5.0, data(60003, 2003, 2, 10)),  # the initrd's last byte
    (5.1, ack(2003, 60003, 2)),
    (5.5, data(60003, 2003, 2, 10)),  # the same block again: not new bytes
    # Later traffic that is not the initrd.
    (6.0, c2s(2004, 69, rrq("boot-screens/splash.png"))),
    (6.5, data(60004, 2004, 1, 10)),
    (6.6, ack(2004, 60004, 1)),
]
g.write_pcap("tftp-boot.pcap", [g.Packet(f, usec=int(t * 1e6)) for t, f in frames])
g.write_pcap("no-kernel.pcap", [g.Packet(frames[0][1], usec=500000)])

def tcp(src, dst, sport, dport, seq, ack_no, flags, payload=b""):
    segment = struct.pack("!HHIIBBHHH", sport, dport, seq, ack_no, 5 << 4, flags, 65535, 0, 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(segment), 1, 0, 64, 6, 0,
                      g.ip_bytes(src), g.ip_bytes(dst))
    return hdr[:10] + struct.pack("!H", g.checksum(hdr)) + hdr[12:] + segment

SYN, ACK, PSH_ACK, SYN_ACK = 0x02, 0x10, 0x18, 0x12
def c2s_tcp(seq, ack_no, flags, payload=b""):
    return g.ethernet(g.SERVER_MAC, g.CLIENT_MAC, tcp(g.CLIENT, g.SERVER, 40000, 80, seq, ack_no, flags, payload))

def s2c_tcp(seq, ack_no, flags, payload=b""):
    return g.ethernet(g.CLIENT_MAC, g.SERVER_MAC, tcp(g.SERVER, g.CLIENT, 80, 40000, seq, ack_no, flags, payload))

get_kernel = b"GET /pxescope/kernel HTTP/1.1\r\nHost: 192.168.77.2\r\n\r\n"
get_initrd = b"GET /pxescope/initrd-0 HTTP/1.1\r\nHost: 192.168.77.2\r\n\r\n"
c, s = 1001, 5001  # the next sequence numbers of client and server
http = [
    (10.0, c2s_tcp(1000, 0, SYN)),
    (10.001, s2c_tcp(5000, 1001, SYN_ACK)),
    (10.002, c2s_tcp(c, s, ACK)),
    (10.1, c2s_tcp(c, s, PSH_ACK, get_kernel)),
    (10.2, s2c_tcp(s, c + len(get_kernel), PSH_ACK, bytes(100))),
    (10.3, c2s_tcp(c + len(get_kernel), s + 100, PSH_ACK, get_initrd)),
    (10.4, s2c_tcp(s + 100, c + len(get_kernel) + len(get_initrd), PSH_ACK, bytes(100))),
    (10.5, s2c_tcp(s + 200, c + len(get_kernel) + len(get_initrd), PSH_ACK, bytes(100))),  # last byte
    (12.0, s2c_tcp(s + 200, c + len(get_kernel) + len(get_initrd), PSH_ACK, bytes(100))),
    (20.0, s2c_tcp(s + 200, c + len(get_kernel) + len(get_initrd), PSH_ACK, bytes(100))),
]
g.write_pcap("http-retransmitted-tail.pcap", [g.Packet(f, usec=int(t * 1e6)) for t, f in http])
PY
[ -s "$work/tftp-boot.pcap" ] || { echo "FAIL: the TFTP capture was not written"; exit 1; }

fail=0
expect() { # NAME PCAP EXPECTED: transfer-phase prints EXPECTED
  local got
  got=$("$phase" "$2" 2>&1)
  if [ "$got" = "$3" ]; then echo "ok: $1: $got"; else echo "FAIL: $1: '$got', expected '$3'"; fail=1; fi
}
expect "TFTP boot" "$work/tftp-boot.pcap" "0.500 4.500 4.000 tftp"
expect "HTTP keep-alive boot" "$repo/captures/stories/http-booted.pcap" "1.085 1.125 0.040 http"
expect "HTTP, the last segment retransmitted" "$work/http-retransmitted-tail.pcap" "0.100 0.500 0.400 http"
got=$("$phase" "$work/no-kernel.pcap" 2>&1)
rc=$?
if [ $rc = 1 ] && [ "$got" = "transfer-phase: no request for a kernel in the capture" ]; then
  echo "ok: no kernel: $got"
else
  echo "FAIL: no kernel: exit $rc, '$got'"
  fail=1
fi
exit $fail
