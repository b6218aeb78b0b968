#!/usr/bin/env bash
# The analyze benchmark (issue 2, section 8), in one run:
#   1. generates 1,000,000 (and 100,000) PXE DISCOVERs from a real firmware DISCOVER,
#   2. times `pxescope analyze` (summary), `pxescope analyze --json` and the peers
#      `tshark -r FILE -Y dhcp -T fields -e dhcp.option.vendor_class_id` (for the summary) and
#      `tshark -r FILE -T json` (for --json: like for like, every packet's whole tree), all to
#      /dev/null, with peak RSS of each (/usr/bin/time), on the 1M file; the summary path also
#      on the 100k file to show memory stays flat; with PXESCOPE_BENCH_BASELINE=OLD_PXESCOPE,
#      that binary's --json too (before/after in one run),
#   3. counts instructions per packet of the summary path and of the --json path under
#      callgrind on 100k packets.
# Usage: bench/run-analyze.sh [BUILD_DIR]   (default: build-bench, configured Release-ish)
# Env: PXESCOPE_BENCH_DIR (scratch, default /tmp/pxescope-analyze-bench), PXESCOPE_BENCH_N (1000000),
#      PXESCOPE_BENCH_TEMPLATE (capture whose first DISCOVER is the template).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
scratch=${PXESCOPE_BENCH_DIR:-/tmp/pxescope-analyze-bench}
n=${PXESCOPE_BENCH_N:-1000000}
n_small=100000
template=${PXESCOPE_BENCH_TEMPLATE:-$root/captures/real/ovmf-edk2-proxydhcp.pcap}

for tool in tshark valgrind /usr/bin/time cmake ninja; do
  command -v "$tool" >/dev/null || { echo "run-analyze: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -r "$template" ] || { echo "run-analyze: template capture $template not readable" >&2; exit 1; }

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DPXESCOPE_GUI=OFF -DPXESCOPE_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target pxescope bench_generate_discovers >/dev/null
bin=$build/bin
mkdir -p "$scratch"
big=$scratch/discover-$n.pcap
small=$scratch/discover-$n_small.pcap
[ -s "$big" ] || "$bin/bench_generate_discovers" "$big" "$n" "$template"
[ -s "$small" ] || "$bin/bench_generate_discovers" "$small" "$n_small" "$template"
cat "$big" >/dev/null  # page cache warm for everyone

# run NAME CMD...: wall seconds, CPU seconds (user+sys) and peak RSS (KB) of one run, output
# to /dev/null. CPU time is printed too because a loaded machine stretches wall time.
declare -A secs cpu rss
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$scratch/$name.time" "$@" >/dev/null 2>"$scratch/$name.err" || {
    echo "run-analyze: $name failed:" >&2; cat "$scratch/$name.err" >&2; exit 1; }
  read -r wall user sys peak < <(tail -1 "$scratch/$name.time")
  secs[$name]=$wall
  cpu[$name]=$(echo "$user + $sys" | bc -l)
  rss[$name]=$peak
}

# Sanity: every packet printed, once.
lines=$("$bin/pxescope" analyze "$small" | wc -l)
[ "$lines" -eq "$n_small" ] || { echo "run-analyze: summary printed $lines lines, expected $n_small" >&2; exit 1; }

run summary "$bin/pxescope" analyze "$big"
run json "$bin/pxescope" analyze --json "$big"
run tshark tshark -r "$big" -Y dhcp -T fields -e dhcp.option.vendor_class_id
run tshark_json tshark -r "$big" -T json
baseline=${PXESCOPE_BENCH_BASELINE:-}
[ -n "$baseline" ] && run json_baseline "$baseline" analyze --json "$big"
run summary_small "$bin/pxescope" analyze --dhcp "$small"

# The summary path is the DHCP summary view (--dhcp); plain `analyze` prints every frame.
valgrind --tool=callgrind --callgrind-out-file="$scratch/callgrind.out" \
  "$bin/pxescope" analyze --dhcp "$small" >/dev/null 2>"$scratch/callgrind.log"
ir=$(awk '/^(summary|totals):/ {print $2; exit}' "$scratch/callgrind.out")
valgrind --tool=callgrind --callgrind-out-file="$scratch/callgrind-json.out" \
  "$bin/pxescope" analyze --json "$small" >/dev/null 2>"$scratch/callgrind-json.log"
ir_json=$(awk '/^(summary|totals):/ {print $2; exit}' "$scratch/callgrind-json.out")

ratio() { echo "$1 / $2" | bc -l; }
printf '%s packets (%s), %s, %s\n\n' "$n" "$(basename "$big")" "$(date -u +%Y-%m-%dT%H:%MZ)" \
  "$(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the end"
printf '| run | wall s | packets/s (wall) | vs peer (wall) | CPU s | packets/CPU-s | vs peer (CPU) | peak RSS |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
# Each run against its like-for-like peer: the summary against tshark -T fields, JSON
# (and the baseline's JSON) against tshark -T json.
declare -A peer=([summary]=tshark [json]=tshark_json [json_baseline]=tshark_json [tshark]=tshark [tshark_json]=tshark_json)
for name in summary json json_baseline tshark tshark_json; do
  [ -n "${secs[$name]:-}" ] || continue
  p=${peer[$name]}
  printf '| %s | %.2f | %.0f | %.1fx %s | %.2f | %.0f | %.1fx | %s MB |\n' "$name" "${secs[$name]}" \
    "$(ratio "$n" "${secs[$name]}")" "$(ratio "${secs[$p]}" "${secs[$name]}")" "$p" \
    "${cpu[$name]}" "$(ratio "$n" "${cpu[$name]}")" "$(ratio "${cpu[$p]}" "${cpu[$name]}")" \
    "$(echo "${rss[$name]} / 1024" | bc)"
done
printf '| summary, %s packets | %.2f | %.0f | | %.2f | | | %s MB |\n' "$n_small" "${secs[summary_small]}" \
  "$(ratio "$n_small" "${secs[summary_small]}")" "${cpu[summary_small]}" "$(echo "${rss[summary_small]} / 1024" | bc)"
printf '\nsummary path under callgrind, %s packets: %s Ir total = %.0f Ir/packet (target <= 2,500)\n' \
  "$n_small" "$ir" "$(echo "$ir / $n_small" | bc -l)"
printf 'json path under callgrind, %s packets: %s Ir total = %.0f Ir/packet\n' \
  "$n_small" "$ir_json" "$(echo "$ir_json / $n_small" | bc -l)"
echo "profile: callgrind_annotate $scratch/callgrind.out | head -40"
