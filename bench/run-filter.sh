#!/usr/bin/env bash
# The display-filter benchmark (issue 10 §3): `pxescope analyze -Y FILTER` against
# `tshark -r FILE -Y FILTER -T fields -e frame.number` on the same file of 100,000 PXE DISCOVERs,
# measured side by side in one run (wall and CPU seconds, peak RSS), for a few filters users
# type. Checks first that both keep the same number of frames.
# Usage: bench/run-filter.sh [BUILD_DIR]   (default: build-bench)
# Env: PXESCOPE_BENCH_DIR (scratch, default /tmp/pxescope-analyze-bench, shared with
#      run-analyze.sh), PXESCOPE_BENCH_TEMPLATE (capture whose first DISCOVER is the template).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
scratch=${PXESCOPE_BENCH_DIR:-/tmp/pxescope-analyze-bench}
n=100000
template=${PXESCOPE_BENCH_TEMPLATE:-$root/captures/real/ovmf-edk2-proxydhcp.pcap}
# `frame` keeps every frame at the cost of one test: the row that shows what dissecting costs,
# so that the others show what the filter adds.
filters=(
  'frame'
  'dhcp.option.dhcp == 1'
  'dhcp.hw.mac_addr[0:3] == 02:42:00 && udp.port == 67'
  'dhcp.option.vendor_class_id matches "^PXEClient:Arch:0000[07]"'
  'frame.number > 50000 and ip.addr == 0.0.0.0/8'
)

for tool in tshark /usr/bin/time cmake ninja bc; do
  command -v "$tool" >/dev/null || { echo "run-filter: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -r "$template" ] || { echo "run-filter: template capture $template not readable" >&2; exit 1; }
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DPXESCOPE_GUI=OFF -DPXESCOPE_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target pxescope bench_generate_discovers >/dev/null
bin=$build/bin
mkdir -p "$scratch"
file=$scratch/discover-$n.pcap
[ -s "$file" ] || "$bin/bench_generate_discovers" "$file" "$n" "$template"
cat "$file" >/dev/null  # page cache warm for both

# run NAME CMD...: wall s, CPU s (user+sys), peak RSS KB and output lines of one run.
declare -A secs cpu rss lines
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$scratch/$name.time" "$@" >"$scratch/$name.out" 2>"$scratch/$name.err" || {
    echo "run-filter: $name failed:" >&2; cat "$scratch/$name.err" >&2; exit 1; }
  read -r wall user sys peak < <(tail -1 "$scratch/$name.time")
  secs[$name]=$wall
  cpu[$name]=$(echo "$user + $sys" | bc -l)
  rss[$name]=$peak
  lines[$name]=$(wc -l <"$scratch/$name.out")
}
ratio() { echo "$1 / $2" | bc -l; }

printf '%s DISCOVERs (%s), %s, %s\n\n' "$n" "$(basename "$file")" "$(date -u +%Y-%m-%dT%H:%MZ)" \
  "$(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the start"
printf '| filter | frames kept | pxescope wall s | tshark wall s | vs tshark (wall) | pxescope CPU s | tshark CPU s | vs tshark (CPU) | RSS pxescope / tshark |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
i=0
for f in "${filters[@]}"; do
  i=$((i + 1))
  run "ours$i" "$bin/pxescope" analyze -Y "$f" "$file"
  run "tshark$i" tshark -r "$file" -Y "$f" -T fields -e frame.number
  [ "${lines[ours$i]}" -eq "${lines[tshark$i]}" ] || {
    echo "run-filter: '$f': pxescope kept ${lines[ours$i]} frames, tshark ${lines[tshark$i]}" >&2; exit 1; }
  printf '| `%s` | %s | %.2f | %.2f | %.1fx | %.2f | %.2f | %.1fx | %s / %s MB |\n' "$f" "${lines[ours$i]}" \
    "${secs[ours$i]}" "${secs[tshark$i]}" "$(ratio "${secs[tshark$i]}" "${secs[ours$i]}")" \
    "${cpu[ours$i]}" "${cpu[tshark$i]}" "$(ratio "${cpu[tshark$i]}" "${cpu[ours$i]}")" \
    "$(echo "${rss[ours$i]} / 1024" | bc)" "$(echo "${rss[tshark$i]} / 1024" | bc)"
done
