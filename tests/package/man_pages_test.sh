#!/usr/bin/env bash
# Every flag each --help prints is in the man page of that command, and every flag the page
# mentions is one --help prints; every config line the responder parses is in pxescope.conf(5),
# and every line that page documents is one the parser accepts. The pages are the ones the
# build wrote (build/man, as the packages install them).
#   man_pages_test.sh BIN_DIR MAN_DIR PROSE_DIR      (--self-test: the check catches a drift)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/flags.sh"
bin=$1 man=$2 prose=$3
command -v man >/dev/null || { echo "FAIL: man is missing: apt-get install man-db (scripts/install-deps.sh)"; exit 1; }
[ -f "$man/stamp" ] || { echo "FAIL: no man pages in $man: the build makes them with pandoc (apt-get install pandoc, then build target pxescope-man)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

page_file() {  # NAME -> the installed page file, or ""
  ls "$man"/cli/man?/"$1".?.gz "$man"/gui/man?/"$1".?.gz 2>/dev/null | head -1
}

# check_page PAGE_NAME HELP_TEXT_FILE [ALSO_ALLOWED_FILE]: the page has every flag of the help
# and no other, but those of ALSO_ALLOWED_FILE (the program's page shows its commands' examples).
check_page() {
  local page=$1 help=$2 also=${3:-/dev/null} file
  file=$(page_file "$page")
  [ -n "$file" ] || { fail "no man page $page"; return; }
  render_man "$file" > "$tmp/$page.txt"
  [ -s "$tmp/$page.txt" ] || { fail "$page does not render"; return; }
  flags_of < "$help" > "$tmp/help.flags"
  flags_of < "$tmp/$page.txt" | comm -23 - <(flags_of < "$also" | comm -23 - "$tmp/help.flags") \
    > "$tmp/page.flags"
  [ -s "$tmp/help.flags" ] || { fail "no flag found in the --help for $page"; return; }
  if compare_flags "--help" "$tmp/help.flags" "$page" "$tmp/page.flags" > "$tmp/diff"; then
    echo "ok: $page: $(wc -l < "$tmp/help.flags") flags, the same in --help and the man page"
  else
    fail "$page and its --help differ:"; cat "$tmp/diff"
  fi
}

if [ "${4:-}" = --self-test ]; then
  # A page that lost one flag, and one that names a flag --help does not have, must both fail.
  "$bin/pxescope" analyze --help > "$tmp/help"
  file=$(page_file pxescope-analyze)
  render_man "$file" | grep -v -- '--pxe-only' | flags_of > "$tmp/lost"
  flags_of < "$tmp/help" > "$tmp/help.flags"
  compare_flags --help "$tmp/help.flags" page "$tmp/lost" >/dev/null && fail "a page without --pxe-only passed"
  { render_man "$file"; echo "see --no-such-flag"; } | flags_of > "$tmp/extra"
  compare_flags --help "$tmp/help.flags" page "$tmp/extra" >/dev/null && fail "a page with --no-such-flag passed"
  [ "$failures" = 0 ] && echo "ok: the comparison catches a lost and an invented flag"
  exit $((failures > 0))
fi

# One page per visible subcommand (as `pxescope --help` lists them), then the program's, whose
# examples may use any command's flags.
"$bin/pxescope" --help > "$tmp/root.help"
subcommands=$(awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1}' "$tmp/root.help")
[ -n "$subcommands" ] || fail "pxescope --help lists no subcommand"
for sub in $subcommands; do
  ls "$prose"/pxescope-"$sub".?.md >/dev/null 2>&1 ||
    fail "pxescope $sub has no prose: write docs/man/pxescope-$sub.1.md (see docs/man/README.md)"
  "$bin/pxescope" "$sub" --help > "$tmp/$sub.help"
  check_page "pxescope-$sub" "$tmp/$sub.help"
done
cat "$tmp"/*.help > "$tmp/every.help"
check_page pxescope "$tmp/root.help" "$tmp/every.help"
if grep -q help-man <<<"$subcommands"; then fail "the hidden help-man command is listed"; fi

# pxescope-probe is the program `pxescope probe` runs, with the same options: the same page.
if [ -x "$bin/pxescope-probe" ]; then
  "$bin/pxescope-probe" --help | flags_of > "$tmp/probe-binary.flags"
  render_man "$(page_file pxescope-probe)" | flags_of > "$tmp/probe-page.flags"
  missing=$(comm -23 "$tmp/probe-binary.flags" "$tmp/probe-page.flags")
  [ -z "$missing" ] && echo "ok: pxescope-probe --help: every flag in pxescope-probe(1)" ||
    fail "pxescope-probe --help has flags its page lacks: $missing"
fi

# The GUI's options are Qt's (QCommandLineParser): its page is checked against its --help.
if [ -x "$bin/pxescope-gui" ]; then
  QT_QPA_PLATFORM=offscreen "$bin/pxescope-gui" --help > "$tmp/gui.help" 2>&1
  check_page pxescope-gui "$tmp/gui.help"
else
  echo "note: no pxescope-gui in $bin (built with PXESCOPE_GUI=OFF): its page is not compared"
fi

# pxescope.conf(5): the parser's own table against the page.
"$bin/pxescope" help-man --config-keywords > "$tmp/keywords"
[ -s "$tmp/keywords" ] || fail "pxescope help-man --config-keywords printed nothing"
conf=$(page_file pxescope.conf)
[ -n "$conf" ] || fail "no man page pxescope.conf(5)"
render_man "$conf" > "$tmp/conf.txt"
# Documented lines: the terms of CONFIGURATION LINES, "       key=..." or "       key".
awk '/^CONFIGURATION LINES/{on=1; next} /^[A-Z]/{on=0} on && /^       [a-z]/{print $1}' "$tmp/conf.txt" |
  sed -E 's/[=[].*//' | sort -u > "$tmp/documented"
sort -u <(awk '$2 != "ignored" {print $1}' "$tmp/keywords") > "$tmp/parsed"
if compare_flags "the parser" "$tmp/parsed" "pxescope.conf(5)" "$tmp/documented" > "$tmp/diff"; then
  echo "ok: pxescope.conf(5) documents the $(wc -l < "$tmp/parsed") config lines the parser acts on"
else
  fail "pxescope.conf(5) and the parser differ (document the line in docs/man/pxescope.conf.5.md):"
  sed 's/ is in / is accepted by /; s/flag//' "$tmp/diff"
fi
ignored_section=$(awk '/^LINES ACCEPTED AND IGNORED/{on=1; next} /^[A-Z]/{on=0} on' "$tmp/conf.txt")
for key in $(awk '$2 == "ignored" {print $1}' "$tmp/keywords"); do
  grep -qw -- "$key" <<<"$ignored_section" || fail "pxescope.conf(5) does not list ignored line $key"
done

echo "man_pages_test: $failures failure(s)"
[ "$failures" = 0 ]
