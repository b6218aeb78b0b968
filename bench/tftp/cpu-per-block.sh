#!/bin/bash
# cpu-per-block.sh - the server's CPU per DATA block in lockstep transfers, pxescope vs tftpd-hpa.
#
#   bench/tftp/cpu-per-block.sh [BUILD_DIR] [REPS] [SIZE_MIB]
#
# Lockstep throughput (one ACK round trip per block) is bound by the kernel waking the client and
# the server in turn, so it moves +-10 % between runs (README.md, TFTP); the CPU a server spends
# per block is steadier and is what the server itself controls. Each server runs in its own
# cpuacct cgroup (tftpd-hpa forks a child per transfer: the cgroup counts it too) inside a
# throw-away network namespace; atftp downloads a random file over loopback, blksize 512, 1468,
# 8192 and 65464, servers interleaved per repetition, every copy compared with the original.
# Needs root (netns, cgroup). BUILD_DIR must hold bin/pxescope-tftpd.
set -eu
# Its namespaces vanish with it however it ends (scripts/private-netns.sh).
. "$(dirname "$0")/../../scripts/private-netns.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$REPO/build}
REPS=${2:-3}
SIZE=${3:-32}
BIN=$(readlink -f "$BUILD/bin/pxescope-tftpd")
[ -x "$BIN" ] || { echo "no $BIN: build it with ninja -C $BUILD pxescope-tftpd"; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (network namespace, cgroup)"; exit 2; }
CGROOT=/sys/fs/cgroup/cpuacct
[ -d "$CGROOT" ] || { echo "no cgroup v1 cpuacct at $CGROOT: cannot attribute a forking server's CPU"; exit 2; }
command -v atftp >/dev/null && command -v in.tftpd >/dev/null ||
  { echo "needs atftp and tftpd-hpa: apt-get install atftp tftpd-hpa"; exit 2; }

NS=pxcpu$$
CG=$CGROOT/pxescope-bench$$
WORK=$(mktemp -d)
cleanup() {
  ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null || true
  sleep 0.3
  ip netns del "$NS" 2>/dev/null || true
  rmdir "$CG" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link set lo up
mkdir -p "$CG"
head -c $((SIZE * 1048576)) /dev/urandom >"$WORK/big.bin"
chmod -R a+rX "$WORK"

echo "# ${SIZE} MiB, $REPS reps, atftp lockstep over loopback; server CPU from cpuacct"
for blksize in 512 1468 8192 65464; do
  options=()
  [ "$blksize" != 512 ] && options=(--option "blksize $blksize")
  blocks=$((SIZE * 1048576 / blksize + 1))
  for rep in $(seq 1 "$REPS"); do
    for server in pxescope tftpd-hpa; do
      if [ "$server" = pxescope ]; then
        command="$BIN --quiet --root $WORK --port 69 --bind 127.0.0.1"
      else
        command="in.tftpd -L -s $WORK"
      fi
      sh -c "echo \$\$ > $CG/tasks; exec ip netns exec $NS $command" >/dev/null 2>&1 &
      pid=$!
      sleep 0.5
      used0=$(cat "$CG/cpuacct.usage")
      t0=$(date +%s%N)
      rm -f "$WORK/out.bin"
      timeout 300 ip netns exec "$NS" atftp "${options[@]}" -g -r big.bin -l "$WORK/out.bin" 127.0.0.1 69 \
        >/dev/null 2>&1 || true
      t1=$(date +%s%N)
      sleep 0.5  # tftpd-hpa's child exits after the last ACK
      used1=$(cat "$CG/cpuacct.usage")
      ok=1
      cmp -s "$WORK/big.bin" "$WORK/out.bin" || ok=0
      awk -v s="$server" -v k="$blksize" -v r="$rep" -v a="$used0" -v b="$used1" -v n="$blocks" \
        -v t0="$t0" -v t1="$t1" -v z="$SIZE" -v ok="$ok" 'BEGIN {
          printf "cpu: server=%s blksize=%d rep=%d us_per_block=%.2f MiBps=%.1f ok=%d\n",
                 s, k, r, (b - a) / 1e3 / n, z / ((t1 - t0) / 1e9), ok }'
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      for task in $(cat "$CG/tasks"); do kill "$task" 2>/dev/null || true; done
      sleep 0.3
    done
  done
done | tee "$WORK/results.txt"
# Medians per server and blksize, and their ratio.
awk '
  { for (i = 2; i <= NF; ++i) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = f["blksize"]; v[key, f["server"], ++n[key, f["server"]]] = f["us_per_block"]
    if (!(key in seen)) { seen[key] = 1; order[++sizes] = key } }
  function median(key, server,   c, i, j, t, a) {
    c = n[key, server]; for (i = 1; i <= c; ++i) a[i] = v[key, server, i]
    for (i = 1; i <= c; ++i) for (j = i + 1; j <= c; ++j) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (c % 2) ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2 }
  END { for (s = 1; s <= sizes; ++s) { k = order[s]; p = median(k, "pxescope"); t = median(k, "tftpd-hpa")
          printf "median: blksize=%d pxescope_us_per_block=%.2f tftpd-hpa_us_per_block=%.2f pxescope/tftpd-hpa=%.2f\n", k, p, t, p / t } }
' <(grep '^cpu:' "$WORK/results.txt")
