#!/bin/bash
# The HTTP service against nginx-light, side by side in one run (issue 11 section 5): a 64 MiB
# file fetched over 1 and over 50 connections at once (MiB/s, best of 3), and the peak RSS
# (VmHWM) of a headless `pxescope respond` with HTTP off and on (after the 50-connection load),
# and the CPU time each server spent per GiB served (steadier than wall time on a busy machine).
# Everything runs inside a throw-away network namespace (pid-suffixed): both servers listen on
# the address of a veth end there and curl fetches from the same namespace, so the bytes go
# over the loopback path of that namespace, never over the machine's own interfaces.
# Needs root, ip, curl, nginx (nginx-light). Usage: bench/http/run-http-bench.sh [BUILD_DIR]
set -euo pipefail
# Its namespaces vanish with it however it ends (scripts/private-netns.sh).
. "$(dirname "$0")/../../scripts/private-netns.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
pxescope=$build/bin/pxescope
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespace)"; exit 77; }
for tool in ip curl nginx; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "SKIP: needs $tool"; exit 77; }
done
[ -x "$pxescope" ] || { echo "no $pxescope: build it (cmake --build $build --target pxescope)"; exit 1; }

ns=pxhttpbench$$
work=$(mktemp -d /tmp/pxescope-http-bench.XXXXXX)
respond_pid=""
nginx_pid=""
cleanup() {
  [ -n "$respond_pid" ] && kill "$respond_pid" 2>/dev/null && wait "$respond_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap '[ -f "$work/respond.log" ] && tail -3 "$work/respond.log" >&2' ERR

ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add hb0 type veth peer name hb1
ip -n "$ns" addr add 10.80.0.1/24 dev hb0
ip -n "$ns" link set hb0 up
ip -n "$ns" link set hb1 up
in_ns() { ip netns exec "$ns" "$@"; }

mkdir -p "$work/root" "$work/nginx"
head -c $((64 << 20)) /dev/urandom >"$work/root/big.bin"
chmod 755 "$work" "$work/root"
chmod 644 "$work/root/big.bin"

# nginx: one worker (pxescope serves from one thread), sendfile, an access log like ours.
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  sendfile on;
  tcp_nopush on;
  access_log $work/nginx/access.log;
  server {
    listen 10.80.0.1:8081;
    root $work/root;
  }
}
CONF

start_respond() {  # extra args: --http-port 8080 or nothing
  # Not through in_ns: $! must be the server itself (ip netns exec execs it), not a subshell.
  ip netns exec "$ns" "$pxescope" respond --iface hb0 --tftp-root "$work/root" --boot-file big.bin \
    --dhcp-check 0 --quiet-dhcp "$@" >"$work/respond.log" 2>&1 &
  respond_pid=$!
  for _ in $(seq 100); do grep -q "start" "$work/respond.log" && break; sleep 0.1; done
}
stop_respond() { kill "$respond_pid"; wait "$respond_pid" 2>/dev/null || true; respond_pid=""; }
hwm_kb() { awk '/VmHWM/ {print $2}' "/proc/$respond_pid/status"; }

# MiB/s of N parallel downloads of the 64 MiB file from URL; every byte must arrive.
mib_per_s() {
  local url=$1 n=$2 args=()
  for _ in $(seq "$n"); do args+=(-o /dev/null -w '%{size_download}\n' "$url"); done
  local t0 t1 bytes
  t0=$(date +%s.%N)
  bytes=$(in_ns curl -s --no-progress-meter --parallel --parallel-immediate --parallel-max "$n" \
    "${args[@]}" | awk '{ s += $1 } END { printf "%.0f", s }')
  t1=$(date +%s.%N)
  [ "$bytes" = $((n * 64 << 20)) ] || { echo "$url: $bytes bytes of $((n * 64 << 20))" >&2; exit 1; }
  awk -v n="$n" -v s="$(echo "$t1 - $t0" | bc -l)" 'BEGIN { printf "%.0f", n * 64 / s }'
}

start_respond
sleep 1
hwm_off=$(hwm_kb)
stop_respond

# The caps must not refuse the 50 connections of one client: raised for the run.
printf 'http-port=8080\nhttp-max=128\nhttp-max-per-client=128\n' >"$work/http.conf"
start_respond --config "$work/http.conf"
sleep 1
hwm_on_idle=$(hwm_kb)
ip netns exec "$ns" nginx -c "$work/nginx/nginx.conf" &
nginx_pid=$!
sleep 1

# CPU ticks (user + system) of a server: the process and its children (nginx's worker).
cpu_ticks() {
  local total=0 pid
  for pid in $1 $(ps -o pid= --ppid "$1"); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
# One case, N connections to URL served by PID: best MiB/s so far and CPU ms per GiB summed.
declare -A best_rate cpu_ticks_sum bytes_sum
run_case() {
  local key=$1 url=$2 pid=$3 n=$4 before after rate
  before=$(cpu_ticks "$pid")
  rate=$(mib_per_s "$url" "$n")
  after=$(cpu_ticks "$pid")
  best_rate[$key]=$(awk -v a="${best_rate[$key]:-0}" -v b="$rate" 'BEGIN { print (a > b ? a : b) }')
  cpu_ticks_sum[$key]=$(( ${cpu_ticks_sum[$key]:-0} + after - before ))
  bytes_sum[$key]=$(( ${bytes_sum[$key]:-0} + n * 64 ))
}
# CPU ms per GiB served (ticks are 1/100 s... or what getconf says).
cpu_ms_per_gib() {
  awk -v t="${cpu_ticks_sum[$1]}" -v hz="$(getconf CLK_TCK)" -v mib="${bytes_sum[$1]}" \
    'BEGIN { printf "%.0f", t * 1000 / hz / (mib / 1024) }'
}
# Interleaved, so a burst of load from elsewhere on the machine hits both alike. Wall-clock
# MiB/s on a shared machine is noisy: the CPU each server spent per GiB is the steadier figure.
for _ in 1 2 3; do
  run_case p1 http://10.80.0.1:8080/big.bin "$respond_pid" 1
  run_case n1 http://10.80.0.1:8081/big.bin "$nginx_pid" 1
  run_case p50 http://10.80.0.1:8080/big.bin "$respond_pid" 50
  run_case n50 http://10.80.0.1:8081/big.bin "$nginx_pid" 50
done
hwm_on_load=$(hwm_kb)
served=$(grep -c "path=/big.bin status=200 bytes=67108864" "$work/respond.log" || true)

echo "run $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| connections | pxescope MiB/s | nginx-light MiB/s | pxescope / nginx | pxescope CPU ms/GiB | nginx CPU ms/GiB |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in 1 50; do
  echo "| $n | ${best_rate[p$n]} | ${best_rate[n$n]} | $(awk -v a="${best_rate[p$n]}" \
    -v b="${best_rate[n$n]}" 'BEGIN { printf "%.2f", a / b }') | $(cpu_ms_per_gib "p$n") |" \
    "$(cpu_ms_per_gib "n$n") |"
done
echo
echo "| respond (headless) | VmHWM kB |"
echo "|---|---:|"
echo "| HTTP off | $hwm_off |"
echo "| HTTP on, idle | $hwm_on_idle |"
echo "| HTTP on, after the 50-connection runs | $hwm_on_load |"
echo "| difference (on after load - off) | $((hwm_on_load - hwm_off)) |"
echo
echo "pxescope logged $served complete 64 MiB downloads (expected $((3 * 51)))"
