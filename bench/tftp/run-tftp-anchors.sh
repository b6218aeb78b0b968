#!/bin/bash
# run-tftp-anchors.sh - pxescope's built-in TFTP server beside tftpd-hpa and dnsmasq, same run,
# with ../shared/bench/tftp-anchors.sh (throw-away netns, loopback only, sha256 of every transfer).
#
#   bench/tftp/run-tftp-anchors.sh [BUILD_DIR] [extra tftp-anchors.sh args...]
#
# BUILD_DIR (default build) must contain bin/pxescope-tftpd (ninja -C BUILD_DIR pxescope-tftpd).
# Defaults: 3 interleaved reps, 64 MiB file, every client spec incl. atftp:1468:16, storm of 200.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$REPO/build}; [ $# -gt 0 ] && shift
BIN=$(readlink -f "$BUILD/bin/pxescope-tftpd")
ANCHORS=${ANCHORS:-$REPO/../shared/bench/tftp-anchors.sh}
[ -x "$BIN" ] || { echo "no $BIN: build it with ninja -C $BUILD pxescope-tftpd"; exit 2; }
exec "$ANCHORS" -k 3 -n 200 -T 1500 \
  -e "pxescope:$BIN --quiet --root @ROOT@ --port @PORT@ --bind 127.0.0.1" \
  -e "tftpd-hpa:in.tftpd -L -s @ROOT@" \
  -e "dnsmasq:dnsmasq -k --port=0 --enable-tftp --tftp-root=@ROOT@ --listen-address=127.0.0.1 --bind-interfaces --log-facility=@DIR@/dnsmasq.log --pid-file=@DIR@/dnsmasq.pid" \
  -c tftp -c curl:512 -c curl:1468 -c curl:8192 -c curl:65464 \
  -c atftp:512 -c atftp:1468 -c atftp:8192 -c atftp:65464 -c atftp:1468:8 -c atftp:1468:16 "$@"
