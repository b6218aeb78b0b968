#!/usr/bin/env bash
# Builds the dissector's libFuzzer target with clang-14 (+ ASan + UBSan), seeds a corpus from
# captures/ and ../shared/captures, and fuzzes for SECONDS (default 600).
#   fuzz/run.sh [SECONDS]
# Build dir: build-fuzz/ (override with PXESCOPE_FUZZ_BUILD). Corpus: build-fuzz/corpus/
# (grows across runs), crashes: build-fuzz/artifacts/crash-* (reproduce with
# build-fuzz/bin/pxescope_fuzz_dissector build-fuzz/artifacts/crash-...).
set -euo pipefail
seconds=${1:-600}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PXESCOPE_FUZZ_BUILD:-$root/build-fuzz}
shared=${PXESCOPE_SHARED_DIR:-$root/../shared}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 -DPXESCOPE_FUZZ=ON -DPXESCOPE_GUI=OFF -DPXESCOPE_TESTS=OFF >/dev/null
cmake --build "$build" --target pxescope_fuzz_dissector pxescope_fuzz_seeds

mapfile -t captures < <(find "$root/captures" "$shared/captures" -name '*.pcap' -o -name '*.pcapng' 2>/dev/null | sort)
rm -rf "$build/seeds"
"$build/bin/pxescope_fuzz_seeds" "$build/seeds" "${captures[@]}"
mkdir -p "$build/corpus" "$build/artifacts"

echo "fuzz: running ${seconds}s (corpus $build/corpus, seeds $build/seeds, log $build/fuzz.log)"
status=0
"$build/bin/pxescope_fuzz_dissector" "$build/corpus" "$build/seeds" \
  -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 >"$build/fuzz.log" 2>&1 || status=$?
grep -E 'INITED|ERROR|SUMMARY|stat::number_of_executed_units|stat::peak_rss|Done [0-9]+ runs' "$build/fuzz.log" || true
if [ "$status" -ne 0 ] || ls "$build"/artifacts/crash-* "$build"/artifacts/leak-* \
     "$build"/artifacts/timeout-* "$build"/artifacts/oom-* >/dev/null 2>&1; then
  echo "fuzz: FAILED (exit $status); reproducers in $build/artifacts/:"; ls -1 "$build/artifacts/"
  exit 1
fi
echo "fuzz: no crash in ${seconds}s"
