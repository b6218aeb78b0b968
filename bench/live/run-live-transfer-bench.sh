#!/bin/bash
# Live boot stories and --metrics against TFTP and HTTP throughput: `pxescope respond` with them
# off (--no-live-stories) and on (stories + --metrics), interleaved repetitions in one run, a
# 64 MiB file fetched with curl over TFTP (blksize 1468) and over HTTP; prints MiB/s per fetch
# and the server's CPU seconds per repetition. Everything runs inside one throw-away network
# namespace (pid-suffixed, loopback path of a veth end); nothing touches the host's interfaces.
# Needs root, ip, curl. Usage: bench/live/run-live-transfer-bench.sh [BUILD_DIR] [REPS]
set -eu
# Its namespaces vanish with it however it ends (scripts/private-netns.sh).
. "$(dirname "$0")/../../scripts/private-netns.sh"
BUILD=$(readlink -f "${1:-build}")
REPS=${2:-3}
BIN=$BUILD/bin/pxescope
[ -x "$BIN" ] || { echo "no $BIN (build the pxescope target)"; exit 2; }
NS=pxlivebench$$
DIR=$(mktemp -d /tmp/pxlivebench.XXXXXX)
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link add lb0 type veth peer name lb1
ip -n "$NS" addr add 10.83.0.1/24 dev lb0
ip -n "$NS" link set lo up
ip -n "$NS" link set lb0 up
ip -n "$NS" link set lb1 up
mkdir -p "$DIR/tftp"
head -c $((64 << 20)) /dev/urandom > "$DIR/tftp/big.bin"
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12+$13)/t }' "/proc/$1/stat"; }
fetch() {  # URL -> MiB/s
  ip netns exec "$NS" timeout 120 curl -s -o /dev/null --tftp-blksize 1468 -w '%{speed_download}' "$1" |
    awk '{ printf "%.1f", $1 / 1048576 }'
}
uptime
for rep in $(seq 1 "$REPS"); do
  for mode in off on; do
    flags="--no-live-stories"
    [ $mode = on ] && flags="--metrics 10.83.0.1:9187"
    # shellcheck disable=SC2086
    ip netns exec "$NS" "$BIN" respond --iface lb0 --dhcp-check 0 --quiet-dhcp --tftp-root "$DIR/tftp" \
      --boot-file big.bin --http-port 8080 --lease-file "$DIR/leases" $flags > "$DIR/respond.$mode.log" 2>&1 &
    PID=$!
    sleep 1
    c0=$(cpu_s $PID)
    t=$(fetch tftp://10.83.0.1/big.bin)
    h=$(fetch http://10.83.0.1:8080/big.bin)
    c1=$(cpu_s $PID)
    echo "rep=$rep stories=$mode tftp_MiBps=$t http_MiBps=$h server_cpu_s=$(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.2f", b-a}')"
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  done
done
uptime
