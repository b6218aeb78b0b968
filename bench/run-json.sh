#!/usr/bin/env bash
# `analyze --json` against `tshark -T json`, like for like (every packet's whole tree), in
# one run with repetitions: REPS rounds, each timing pxescope --json, the baseline's --json
# (PXESCOPE_BENCH_BASELINE, optional) and tshark -T json in turn on the same file of PXE
# DISCOVERs, all to /dev/null; then the median CPU seconds (user+sys) and wall seconds of
# each and the ratios. CPU time is the measure on a loaded machine (wall is printed too).
# Usage: bench/run-json.sh [BUILD_DIR] [REPS]   (default: build, 3)
# Env: PXESCOPE_BENCH_DIR (scratch, default /tmp/pxescope-analyze-bench), PXESCOPE_BENCH_N
#      (200000), PXESCOPE_BENCH_TEMPLATE, PXESCOPE_BENCH_BASELINE (an older pxescope).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
reps=${2:-3}
scratch=${PXESCOPE_BENCH_DIR:-/tmp/pxescope-analyze-bench}
n=${PXESCOPE_BENCH_N:-200000}
template=${PXESCOPE_BENCH_TEMPLATE:-$root/captures/real/ovmf-edk2-proxydhcp.pcap}
baseline=${PXESCOPE_BENCH_BASELINE:-}
for tool in tshark /usr/bin/time bc; do
  command -v "$tool" >/dev/null || { echo "run-json: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -r "$template" ] || { echo "run-json: template capture $template not readable (set PXESCOPE_BENCH_TEMPLATE)" >&2; exit 1; }
cmake --build "$build" --target pxescope bench_generate_discovers >/dev/null
mkdir -p "$scratch"
file=$scratch/discover-$n.pcap
[ -s "$file" ] || "$build/bin/bench_generate_discovers" "$file" "$n" "$template"
cat "$file" >/dev/null  # page cache warm for everyone

declare -A cpu wall
names=(json)
[ -n "$baseline" ] && names+=(json_baseline)
names+=(tshark_json)
command_of() {
  case $1 in
    json) echo "$build/bin/pxescope analyze --json $file" ;;
    json_baseline) echo "$baseline analyze --json $file" ;;
    tshark_json) echo "tshark -r $file -T json" ;;
  esac
}
for ((r = 1; r <= reps; r++)); do
  for name in "${names[@]}"; do
    # shellcheck disable=SC2046
    /usr/bin/time -f "%e %U %S" -o "$scratch/$name.time" $(command_of "$name") >/dev/null 2>"$scratch/$name.err" ||
      { echo "run-json: $name failed:" >&2; cat "$scratch/$name.err" >&2; exit 1; }
    read -r w u s < <(tail -1 "$scratch/$name.time")
    cpu[$name]+="$(echo "$u + $s" | bc -l) "
    wall[$name]+="$w "
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
printf '%s DISCOVERs (%s), %s rounds, %s, %s cores, load average %s at the end\n\n' "$n" \
  "$(basename "$file")" "$reps" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
printf '| run | CPU s per round | median CPU s | packets/CPU-s | vs tshark -T json (CPU) | median wall s | vs tshark (wall) |\n'
printf '|---|---|---:|---:|---:|---:|---:|\n'
tc=$(echo "${cpu[tshark_json]}" | median)
tw=$(echo "${wall[tshark_json]}" | median)
for name in "${names[@]}"; do
  c=$(echo "${cpu[$name]}" | median)
  w=$(echo "${wall[$name]}" | median)
  printf '| %s | %s | %.2f | %.0f | %.1fx | %.2f | %.1fx |\n' "$name" "${cpu[$name]% }" "$c" \
    "$(echo "$n / $c" | bc -l)" "$(echo "$tc / $c" | bc -l)" "$w" "$(echo "$tw / $w" | bc -l)"
done
