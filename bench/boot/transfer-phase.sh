#!/usr/bin/env bash
# The kernel + initrd transfer phase of one network boot, read from its capture (issue 11 §5):
# from the first request of the kernel (a TFTP read request or an HTTP GET of a path ending in
# linux, vmlinuz or kernel) to the last byte of the initrd (the last TFTP DATA block answering an
# initrd read request, or the last segment with payload the server sent on the TCP connection of
# an initrd GET). Wireshark links each TFTP DATA block to its read request (tftp.request_frame), so
# a tsize probe or a retried request counts like any other. A retransmission never ends the phase:
# the end is when the last new block, or the last new byte of the TCP stream, was first sent (iPXE
# under UEFI stops its NIC once it has the initrd, and the server then resends the last segment
# into the void with growing timeouts: 90 s of those were seen after a 7 s transfer).
#
# usage: bench/boot/transfer-phase.sh PCAP
# prints: START END SECONDS PROTOCOL (seconds since the capture's first packet, 3 decimals)
# exit 1 with one line naming what the capture lacks.
set -euo pipefail
pcap=${1:?usage: transfer-phase.sh PCAP}
[ -r "$pcap" ] || { echo "transfer-phase: cannot read $pcap" >&2; exit 1; }

tshark -r "$pcap" -n -Y 'tftp || http.request || tcp.len > 0' -T fields -E separator=/t \
  -e frame.number -e frame.time_relative -e tftp.opcode -e tftp.source_file -e tftp.request_frame \
  -e tcp.stream -e tcp.srcport -e tcp.dstport -e tcp.len -e http.request.uri -e tftp.block -e tcp.seq \
  2>/dev/null |
  awk -F'\t' '
    function kernel(path) { return path ~ /(^|\/)(linux|vmlinuz[^\/]*|kernel)$/ }
    function initrd(path) { return path ~ /(^|\/)initrd[^\/]*$/ }
    function first_kernel(t, proto) { if (start == "" || t < start) { start = t; protocol = proto } }
    {
      frame = $1; t = $2; opcode = $3; file = $4; request = $5
      stream = $6; sport = $7; dport = $8; len = $9; uri = $10; block = $11; seq = $12
      if (opcode == 1) {                      # TFTP read request
        if (kernel(file)) first_kernel(t, "tftp")
        if (initrd(file)) initrd_request[frame] = 1
      } else if (opcode == 3 && (request in initrd_request) && block != last_block[request]) {
        last_block[request] = block           # a new DATA block of the initrd
        if (t > end) end = t
      }
      if (uri != "") {                         # HTTP request
        if (kernel(uri)) first_kernel(t, "http")
        if (initrd(uri)) { initrd_stream[stream] = 1; server_port[stream] = dport }
      } else if (len > 0 && (stream in initrd_stream) && sport == server_port[stream] &&
                 seq + len > sent[stream]) {
        sent[stream] = seq + len              # new payload from the server on the initrd connection
        if (t > end) end = t
      }
    }
    END {
      if (start == "") { print "transfer-phase: no request for a kernel in the capture" > "/dev/stderr"; exit 1 }
      if (end == "") { print "transfer-phase: no initrd bytes in the capture" > "/dev/stderr"; exit 1 }
      printf "%.3f %.3f %.3f %s\n", start, end, end - start, protocol
    }'
