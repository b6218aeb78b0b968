#!/usr/bin/env bash
# /etc/pxescope/pxescope.conf as shipped: every line a comment (off until edited), and its
# example lines, once uncommented, are lines the responder parses, in both modes: proxy DHCP
# (the file without its full-DHCP paragraph) and full DHCP (without the proxy paragraph).
#   conf_example_test.sh BIN_DIR CONF
set -uo pipefail
bin=$1 conf=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

active=$(grep -v -E '^[[:space:]]*(#|$)' "$conf")
[ -z "$active" ] && echo "ok: every line of the shipped file is a comment" ||
  fail "the shipped file has active lines: $active"

# variant NAME PARAGRAPH_TO_DROP EXPECTED_MODE
variant() {
  awk -v drop="$2" 'BEGIN {RS = ""; ORS = "\n\n"} index($0, drop) == 0' "$conf" |
    sed -E 's/^#([a-z])/\1/' > "$tmp/$1.conf"
  grep -q '^dhcp-range=' "$tmp/$1.conf" || { fail "$1: no dhcp-range line uncommented"; return; }
  "$bin/pxescope" respond --test --config "$tmp/$1.conf" > "$tmp/$1.out" 2>&1
  local rc=$?
  # 0: OK, 1: problems of this machine (boot files missing from its TFTP root); 2: a bad line.
  if [ "$rc" = 2 ] || grep -q 'unknown option\|did you mean' "$tmp/$1.out"; then
    fail "$1: the uncommented example does not parse:"; cat "$tmp/$1.out"
  elif grep -q "^mode: $3" "$tmp/$1.out"; then
    echo "ok: $1: $(grep -c "^[a-z]" "$tmp/$1.conf") uncommented lines parse, mode: $3"
  else
    fail "$1: not in mode $3:"; cat "$tmp/$1.out"
  fi
}
variant proxy "# Or full DHCP" "proxy DHCP"
variant full "# Proxy DHCP" "full DHCP"
echo "conf_example_test: $failures failure(s)"
[ "$failures" = 0 ]
