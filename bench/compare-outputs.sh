#!/usr/bin/env bash
# Byte-for-byte check of `analyze --json`, `analyze -V`, `analyze` (every frame),
# `analyze --dhcp` and `diagnose --json` (the boot stories) between two pxescope binaries, on
# every capture in captures/ (and ../shared/captures when present). Run it around any change
# that must not alter output (lazy texts did exactly that: texts made on demand instead of
# while the tree is built).
# Usage: bench/compare-outputs.sh OLD_PXESCOPE NEW_PXESCOPE
# Exit 0 when every output is identical; otherwise names each file and mode that differs.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
old=${1:?usage: compare-outputs.sh OLD_PXESCOPE NEW_PXESCOPE}
new=${2:?usage: compare-outputs.sh OLD_PXESCOPE NEW_PXESCOPE}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
files=()
while IFS= read -r f; do files+=("$f"); done < <(find "$root/captures" -name '*.pcap' -o -name '*.pcapng' | sort)
shared=${PXESCOPE_SHARED_DIR:-$root/../shared}
if [ -d "$shared/captures" ]; then
  while IFS= read -r f; do files+=("$f"); done < <(find "$shared/captures" -maxdepth 1 -name '*.pcap*' | sort)
fi
differ=0 compared=0
modes=("analyze --json" "analyze -V" "analyze" "analyze --dhcp" "diagnose --json")
for f in "${files[@]}"; do
  for mode in "${modes[@]}"; do
    read -ra args <<<"$mode"
    "$old" "${args[@]}" "$f" >"$scratch/old" 2>&1
    "$new" "${args[@]}" "$f" >"$scratch/new" 2>&1
    compared=$((compared + 1))
    if ! cmp -s "$scratch/old" "$scratch/new"; then
      differ=$((differ + 1))
      echo "DIFFERS: $mode $f"
      diff "$scratch/old" "$scratch/new" | head -6
    fi
  done
done
echo "compare-outputs: $compared outputs compared (${#files[@]} captures x ${#modes[@]} modes:" \
  "analyze --json/-V/every frame/--dhcp, diagnose --json), $differ differ"
[ "$differ" -eq 0 ]
