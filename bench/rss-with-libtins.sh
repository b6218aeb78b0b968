#!/bin/bash
# rss-with-libtins.sh - what libtins would cost the responder's resident size, measured.
#
#   bench/rss-with-libtins.sh [BUILD_DIR] [REPS]
#
# Runs ../shared/bench/run-anchors.sh (throw-away namespaces) with, in turn: dnsmasq with the
# seed config (--quiet-dhcp), `pxescope respond --quiet-dhcp`, and the same pxescope binary with
# libtins preloaded (LD_PRELOAD): the process then maps libtins and everything it needs
# (libstdc++.so, libpcap and its D-Bus/systemd chain, libcrypto), exactly what linking the
# responder against libtins to build its replies would load. Prints each responder's VmHWM
# after a 10,000-DISCOVER burst. BUILD_DIR must hold bin/pxescope (headless is fine).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BUILD=${1:-$REPO/build}
REPS=${2:-3}
BIN=$(readlink -f "$BUILD/bin/pxescope")
ANCHORS=${ANCHORS:-$REPO/../shared/bench/run-anchors.sh}
TINS=$(ldconfig -p | awk '/libtins\.so\./ {print $NF; exit}')
[ -x "$BIN" ] || { echo "no $BIN: build it with ninja -C $BUILD pxescope"; exit 2; }
[ -n "$TINS" ] || { echo "libtins is not installed: apt-get install libtins-dev"; exit 2; }
RESPOND="respond --iface @IF@ --tftp-root @DIR@/tftp --boot-file pxelinux.0 --quiet-dhcp"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
"$ANCHORS" -k "$REPS" -T 900 -r 'burst10000:-n 10000' \
  -e 'dnsmasq -k -C @DIR@/dnsmasq.conf --pid-file=@DIR@/dnsmasq.pid --quiet-dhcp' \
  -e "$BIN $RESPOND" \
  -e "env LD_PRELOAD=$TINS $BIN $RESPOND" >"$OUT" 2>&1 || { cat "$OUT"; exit 1; }
# One VmHWM per responder and repetition, each after that responder's burst.
awk '
  /^== rep [0-9]+ responder [0-9]+:/ { responder = $5 + 0 }
  /^server: end / {
    for (i = 1; i <= NF; ++i) if ($i ~ /^VmHWM_kB=/) { split($i, kv, "="); hwm[responder] = hwm[responder] " " kv[2] }
  }
  /did not answer/ { print "responder " responder " did not answer" }
  END {
    split("dnsmasq --quiet-dhcp|pxescope respond --quiet-dhcp|pxescope + libtins (LD_PRELOAD)", names, "|")
    for (r = 1; r <= 3; ++r) printf "VmHWM_kB %-42s%s\n", names[r], hwm[r]
  }' "$OUT"
grep "^median:.*run=burst10000" "$OUT" || true
