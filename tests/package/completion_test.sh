#!/usr/bin/env bash
# The bash completion the build wrote offers every subcommand, and after `pxescope SUB -`
# every flag `pxescope SUB --help` prints; option values complete from files, directories,
# interfaces or the option's own choices. The zsh script parses and names the same flags.
#   completion_test.sh BIN_DIR MAN_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/flags.sh"
bin=$(cd "$1" && pwd) out=$(cd "$2" && pwd)
bash_script=$out/completion/bash/pxescope zsh_script=$out/completion/zsh/_pxescope
[ -s "$bash_script" ] || { echo "FAIL: no $bash_script: the build writes it (target pxescope-man, needs pandoc)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The option names --help lists ("  -i,--iface TEXT ..."), not the flags its prose mentions.
option_flags() { grep -E '^ +-' | awk '{print $1}' | tr ',' '\n' | flags_of; }

# complete WORD... : what bash offers for the last word, one per line.
complete_words() {
  bash --norc --noprofile -c '
    . "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
    _pxescope; printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_script" "$@"
}

"$bin/pxescope" --help > "$tmp/root.help"
subcommands=$(awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1}' "$tmp/root.help")
complete_words pxescope "" | sort > "$tmp/offered"
for sub in $subcommands; do
  grep -qx "$sub" "$tmp/offered" || fail "pxescope <TAB> does not offer $sub"
done
grep -qx help-man "$tmp/offered" && fail "pxescope <TAB> offers the hidden help-man"

for sub in $subcommands; do
  "$bin/pxescope" "$sub" --help | option_flags > "$tmp/help.flags"
  complete_words pxescope "$sub" - | sort -u > "$tmp/completed.flags"
  if compare_flags "--help" "$tmp/help.flags" "completion" "$tmp/completed.flags" > "$tmp/diff"; then
    echo "ok: pxescope $sub -<TAB>: the $(wc -l < "$tmp/help.flags") flags of --help"
  else
    fail "pxescope $sub -<TAB> and --help differ:"; cat "$tmp/diff"
  fi
done

# Values: a file for --config, a directory for --tftp-root, the choices of --firmware, the
# interfaces for --iface, and nothing guessed for a number.
mkdir -p "$tmp/root/sub" && touch "$tmp/root/pxe.conf"
cd "$tmp/root"
[ "$(complete_words pxescope respond --config pxe)" = pxe.conf ] || fail "respond --config does not complete files"
[ "$(complete_words pxescope respond --tftp-root s)" = sub ] || fail "respond --tftp-root does not complete directories"
[ "$(complete_words pxescope respond --tftp-root p)" = "" ] || fail "respond --tftp-root offers a file"
complete_words pxescope lab --firmware uefi > "$tmp/fw"
grep -qx uefi-secureboot "$tmp/fw" || fail "lab --firmware does not offer uefi-secureboot"
complete_words pxescope respond --iface l | grep -qx lo || fail "respond --iface does not offer lo"
[ "$(complete_words pxescope respond --tftp-max p)" = "" ] || fail "respond --tftp-max offers files"
[ "$(complete_words pxescope analyze pxe)" = pxe.conf ] || fail "analyze FILE does not complete files"
cd - >/dev/null

# zsh: the script parses, and names every flag.
if command -v zsh >/dev/null; then
  zsh -n "$zsh_script" || fail "$zsh_script does not parse"
  for sub in $subcommands; do
    "$bin/pxescope" "$sub" --help | option_flags > "$tmp/help.flags"
    awk -v s="        $sub)" 'index($0, s) == 1 {on=1} on && /;;$/ {print; exit} on' "$zsh_script" |
      flags_of > "$tmp/zsh.flags"
    missing=$(comm -23 "$tmp/help.flags" "$tmp/zsh.flags")
    [ -z "$missing" ] || fail "zsh completion of $sub lacks:" $missing
  done
  echo "ok: zsh completion parses and names every subcommand's flags"
else
  fail "zsh is missing: apt-get install zsh (scripts/install-deps.sh)"
fi
echo "completion_test: $failures failure(s)"
[ "$failures" = 0 ]
