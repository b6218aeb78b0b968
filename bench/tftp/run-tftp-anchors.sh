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
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
"$ANCHORS" -k 3 -n 200 -T 1500 \
  -e "pxescope:$BIN --quiet --root @ROOT@ --port @PORT@ --bind 127.0.0.1" \
  -e "tftpd-hpa:in.tftpd -L -s @ROOT@" \
  -e "dnsmasq:dnsmasq -k --port=0 --enable-tftp --tftp-root=@ROOT@ --listen-address=127.0.0.1 --bind-interfaces --log-facility=@DIR@/dnsmasq.log --pid-file=@DIR@/dnsmasq.pid" \
  -c tftp -c curl:512 -c curl:1468 -c curl:8192 -c curl:65464 \
  -c atftp:512 -c atftp:1468 -c atftp:8192 -c atftp:65464 -c atftp:1468:8 -c atftp:1468:16 "$@" | tee "$OUT"
# Lockstep rows are bound by wake-up latency and move +-10 % from one transfer to the next, so a
# median of each server alone can flip a row. The repetitions are interleaved (pxescope, then
# tftpd-hpa, same rep), so also compare them pairwise: per client, the median of the
# per-repetition ratios and how many repetitions pxescope was at least as fast.
awk '
  /^xfer: / {
    for (i = 2; i <= NF; ++i) { split($i, kv, "="); f[kv[1]] = kv[2] }
    speed[f["client"], f["rep"], f["server"]] = f["MiBps"]
    if (!(f["client"] in seen)) { seen[f["client"]] = 1; order[++clients] = f["client"] }
    if (f["rep"] > reps) reps = f["rep"]
  }
  END {
    for (c = 1; c <= clients; ++c) {
      name = order[c]; n = 0; wins = 0
      for (r = 1; r <= reps; ++r) {
        a = speed[name, r, "pxescope"]; b = speed[name, r, "tftpd-hpa"]
        if (a == "" || b == "" || b == 0) continue
        ratio[++n] = a / b; wins += (a >= b)
      }
      if (n == 0) continue
      for (i = 1; i <= n; ++i) for (j = i + 1; j <= n; ++j) if (ratio[j] < ratio[i]) { t = ratio[i]; ratio[i] = ratio[j]; ratio[j] = t }
      m = (n % 2) ? ratio[(n + 1) / 2] : (ratio[n / 2] + ratio[n / 2 + 1]) / 2
      printf "paired: client=%s pxescope/tftpd-hpa median=%.2f min=%.2f max=%.2f at_least_as_fast=%d/%d\n", name, m, ratio[1], ratio[n], wins, n
    }
  }' "$OUT"
