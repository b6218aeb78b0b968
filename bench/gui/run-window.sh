#!/usr/bin/env bash
# The window benchmark beside Wireshark (issue 13 §5), in one run: generates 1,000,000 DHCP
# DISCOVERs of 1,000 and of 1,000,000 clients (pxescope-bench-gui --generate), then, ROUNDS
# times, opens each in pxescope's real window (pxescope-bench-window: first rows, stories and
# clients, stalls, the four sorts, peak RSS) and in the Qt Wireshark GUI
# (bench/gui/wireshark_open.py: every frame dissected, settled, CPU, peak RSS), plus Wireshark
# on a 283-frame capture (its fixed start-up cost). Prints each round's raw output and a
# markdown table of medians, with the load average before and after.
# Usage: bench/gui/run-window.sh [BUILD_DIR]   (default: build; configured with -DPXESCOPE_GUI=ON)
# Env: PXESCOPE_BENCH_DIR (scratch, default /tmp/pxescope-window-bench), PXESCOPE_BENCH_ROUNDS (3).
# Needs the Qt Wireshark GUI: scripts/install-deps.sh --bench.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
scratch=${PXESCOPE_BENCH_DIR:-/tmp/pxescope-window-bench}
rounds=${PXESCOPE_BENCH_ROUNDS:-3}
small=$root/captures/real/seabios-ipxe-proxydhcp.pcap

for tool in wireshark capinfos python3 cmake; do
  command -v "$tool" >/dev/null ||
    { echo "run-window: $tool is missing (scripts/install-deps.sh --bench)" >&2; exit 1; }
done
cmake --build "$build" --target pxescope-bench-window pxescope-bench-gui >/dev/null
mkdir -p "$scratch"
files=()
for clients in 1000 1000000; do
  f=$scratch/discover-1m-$clients-clients.pcapng
  [ -s "$f" ] || "$build/bin/pxescope-bench-gui" --generate 1000000 --clients "$clients" "$f" >/dev/null
  cat "$f" >/dev/null  # page cache warm for both programs
  files+=("$f")
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for f in "${files[@]}"; do
    name=$(basename "$f" .pcapng)
    echo "== round $round: $name: pxescope"
    QT_QPA_PLATFORM=offscreen "$build/bin/pxescope-bench-window" "$f" | tee "$scratch/ours-$name-$round.txt"
    echo "== round $round: $name: Wireshark"
    python3 "$root/bench/gui/wireshark_open.py" "$f" | tee "$scratch/wireshark-$name-$round.txt"
  done
  echo "== round $round: Wireshark start-up (283 frames)"
  python3 "$root/bench/gui/wireshark_open.py" "$small" | tee "$scratch/wireshark-startup-$round.txt"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# median PATTERN FIELD FILES...: the median of the number after PATTERN in each file.
median() {
  local pattern=$1
  shift
  for f in "$@"; do
    grep -E -m1 -- "$pattern" "$f" | sed -E "s/.*$pattern[^0-9-]*([-0-9.]+).*/\1/"
  done | sort -g | awk '{v[NR] = $1} END {print (NR ? v[int((NR + 1) / 2)] : "?")}'
}

# wireshark_row LABEL FILES...: Wireshark's medians as one table row.
wireshark_row() {
  local label=$1
  shift
  echo "| $label | Wireshark (every frame dissected / settled) |" \
    "$(median 'dissected:' "$@") / $(median 'settled:' "$@") ms | $(median 'cpu:' "$@") s |" \
    "$(median 'rss peak:' "$@") MB | |"
}

echo
echo "Medians of $rounds rounds:"
echo
echo "| capture | program | to loaded | CPU | peak RSS | max stall |"
echo "|---|---|---|---|---|---|"
sort_rows=""
for f in "${files[@]}"; do
  name=$(basename "$f" .pcapng)
  ours=("$scratch"/ours-"$name"-*.txt)
  echo "| $name | pxescope (stories+clients) | $(median 'stories\+clients done:' "${ours[@]}") ms |" \
    "$(median 'CPU to stories\+clients:' "${ours[@]}") s |" \
    "$(median 'MB before open, ' "${ours[@]}") MB ($(median 'MB now, ' "${ours[@]}") MB with the sorts) |" \
    "$(median 'event-loop stall: +max' "${ours[@]}") ms |"
  wireshark_row "$name" "$scratch"/wireshark-"$name"-*.txt
  for sort in "packets by Info" "packets by Source" "packets by Time" "Clients by Verdict"; do
    sort_rows+="| $name | $sort | $(median "sort $sort[^:]*: +shown" "${ours[@]}") ms |"
    sort_rows+=" $(median "sort $sort[^:]*:.*max stall" "${ours[@]}") ms |"
    sort_rows+=" $(median "sort $sort[^:]*:.*GUI thread CPU" "${ours[@]}") ms |"$'\n'
  done
done
wireshark_row "283 frames (start-up)" "$scratch"/wireshark-startup-*.txt
echo
echo "| capture | sort | sorted rows shown | max stall | GUI thread CPU |"
echo "|---|---|---|---|---|"
printf '%s' "$sort_rows"
