#!/usr/bin/env bash
# Installs the Debian packages, builds pxescope twice (release, and ASan+UBSan) and runs
# every test through CTest in both. This is exactly what CI runs (.ci/run).
# Usage: scripts/test.sh [--no-asan] [--no-install]      (root: it installs packages)
set -euo pipefail
cd "$(dirname "$0")/.."
asan=1 install=1
for a in "$@"; do
  case "$a" in
    --no-asan) asan=0 ;;
    --no-install) install=0 ;;
    *) echo "usage: scripts/test.sh [--no-asan] [--no-install]" >&2; exit 2 ;;
  esac
done
[ "$install" = 1 ] && scripts/install-deps.sh
jobs=$(nproc)
start=$(date +%s)
# The two builds and the tests' files take a few GB: say how much is free at each step, so
# that a "No space left on device" in CI is never a surprise.
disk_report() {
  local free_mb
  free_mb=$(df -Pm . | awk 'NR == 2 {print $4}')
  echo "test.sh: $1: ${free_mb} MB free on $(df -P . | awk 'NR == 2 {print $6}'); build dirs: $(du -shc build build-asan 2>/dev/null | tail -1 | cut -f1)"
  if [ "$free_mb" -lt 2048 ]; then
    echo "test.sh: warning: under 2 GB free; the build may fail with 'No space left on device' (free some space, or delete build-asan/)" >&2
  fi
}
disk_report "before the builds"

echo "== build (RelWithDebInfo) =="
cmake -S . -B build -G Ninja -DPXESCOPE_GUI=ON >/dev/null
cmake --build build -j"$jobs"
echo "== tests =="
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 900
disk_report "after the release tests"

if [ "$asan" = 1 ]; then
  echo "== build (ASan+UBSan) =="
  cmake -S . -B build-asan -G Ninja -DPXESCOPE_GUI=ON -DPXESCOPE_SANITIZE=ON \
        -DCMAKE_BUILD_TYPE=Debug >/dev/null
  cmake --build build-asan -j"$jobs"
  echo "== tests under ASan+UBSan =="
  # The real-firmware boots test the same code as the release run; under ASan they only
  # cost minutes of emulation.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" --timeout 900 -LE realboot
  disk_report "after the ASan tests"
fi
echo "test.sh: all tests passed in $(( $(date +%s) - start )) s"
