#!/bin/sh
# Build step: the man pages and shell completions, from pxescope's own command-line
# definitions (`pxescope help-man`) and the prose of docs/man, converted by pandoc.
#   render-man.sh PXESCOPE PROSE_DIR OUT_DIR PANDOC
# Writes OUT_DIR/{cli,gui}/manN/NAME.N.gz (one tree per package), OUT_DIR/completion/{bash,zsh}.
set -eu
pxescope=$1 prose=$2 out=$3 pandoc=$4
# In a sanitizer build a leak report at exit would fail the build step; the tests run the
# same code with leak checks on.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
rm -rf "$out"
mkdir -p "$out/md" "$out/completion/bash" "$out/completion/zsh"
"$pxescope" help-man --markdown "$out/md" --prose "$prose"
for md in "$out"/md/*.md; do
  page=$(basename "$md" .md)          # pxescope-analyze.1
  section=${page##*.}
  case $page in pxescope-gui.*) package=gui ;; *) package=cli ;; esac
  mkdir -p "$out/$package/man$section"
  # -smart: "--flag" must stay two hyphens, not become an en dash.
  "$pandoc" --standalone --from markdown-smart --to man "$md" -o "$out/$package/man$section/$page"
  gzip -9n "$out/$package/man$section/$page"
done
"$pxescope" help-man --completion bash > "$out/completion/bash/pxescope"
"$pxescope" help-man --completion zsh > "$out/completion/zsh/_pxescope"
touch "$out/stamp"
