# Sourced by the package tests: the flags a text mentions, one per line, sorted and unique.
# A flag is --long-name or -X (one letter or digit) that starts a word: "x86-64", "non-root"
# and "-fsanitize" are not flags.
flags_of() {
  grep -oE '(^|[][ ,(`"/|{'"'"'])--?[A-Za-z0-9][A-Za-z0-9-]*' |
    sed -E 's/^[^-]+//' |
    grep -E '^(--[a-z0-9][a-z0-9-]*[a-z0-9]|-[A-Za-z0-9])$' |
    sort -u
}

# A man page as its reader sees it: plain text, no hyphenation, no justification. groff still
# breaks a line after a hyphen ("except-" / "interface"): such words are joined again.
render_man() {
  MANWIDTH=200 man --no-hyphenation --no-justification -l "$1" 2>/dev/null | col -bx |
    sed -z 's/\([a-z]-\)\n *\([a-z]\)/\1\2/g'
}

# Prints what only one side has, as "FLAG is in A, not in B"; returns 1 when there is any.
compare_flags() {  # LABEL_A FILE_A LABEL_B FILE_B
  local bad=0 f
  for f in $(comm -23 "$2" "$4"); do echo "  $f is in $1, not in $3"; bad=1; done
  for f in $(comm -13 "$2" "$4"); do echo "  $f is in $3, not in $1"; bad=1; done
  return "$bad"
}
