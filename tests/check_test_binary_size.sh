#!/usr/bin/env bash
# CTest "test_binaries_link_shared" (label unit): every test executable links the project's
# libraries as shared objects (cmake/Library.cmake). Statically linked, each of ~200 tests
# carried 30-180 MB of library code and debug information, and CI's disk ran out in the ASan
# build. This fails, naming the file, when a test executable is bigger than the budget.
# Usage: check_test_binary_size.sh BIN_DIR MAX_MB      check_test_binary_size.sh --self-test
set -euo pipefail

# Prints one line per test executable in $1 over $2 MB.
offenders() {
  local dir=$1 max_bytes=$(($2 * 1024 * 1024)) f size
  while IFS= read -r -d '' f; do
    size=$(stat -c %s "$f")
    if [ "$size" -gt "$max_bytes" ]; then
      echo "$f: $((size / 1024 / 1024)) MB, over the $2 MB budget: link pxescope::*_for_tests, not the static library"
    fi
  done < <(find "$dir" -maxdepth 1 -type f -name '*_test' -perm -u+x -print0 | sort -z)
}

if [ "${1:-}" = --self-test ]; then
  # The check itself: a big file is flagged, a small one is not.
  tmp=$(mktemp -d /tmp/pxescope-binsize.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  cp /bin/true "$tmp/small_test"
  head -c $((3 * 1024 * 1024)) /dev/zero >"$tmp/big_test"
  chmod +x "$tmp/big_test"
  out=$(offenders "$tmp" 2)
  grep -q 'big_test: 3 MB, over the 2 MB budget' <<<"$out" || { echo "FAIL: big file not flagged: $out"; exit 1; }
  if grep -q small_test <<<"$out"; then echo "FAIL: small file flagged: $out"; exit 1; fi
  echo "self-test passed"
  exit 0
fi

[ $# -eq 2 ] || { echo "usage: check_test_binary_size.sh BIN_DIR MAX_MB | --self-test" >&2; exit 2; }
count=$(find "$1" -maxdepth 1 -type f -name '*_test' -perm -u+x | wc -l)
[ "$count" -gt 0 ] || { echo "no *_test executable in $1: build the tests first"; exit 1; }
out=$(offenders "$1" "$2")
if [ -n "$out" ]; then
  echo "$out"
  exit 1
fi
echo "$count test executables, each under $2 MB"
