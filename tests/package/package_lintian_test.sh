#!/usr/bin/env bash
# lintian reports no error on the packages package_build_test made; the warnings kept are
# listed in README.md ("Debian packages") and each must still be one lintian gives, so the
# list cannot go stale. desktop-file-validate checks the GUI's desktop file.
#   package_lintian_test.sh DEB_DIR KEPT_WARNINGS_FILE
set -uo pipefail
debs=$1 kept=$2
command -v lintian >/dev/null || { echo "FAIL: lintian is missing: apt-get install lintian (scripts/install-deps.sh)"; exit 1; }
ls "$debs"/*.deb >/dev/null 2>&1 || { echo "FAIL: no packages in $debs (package_build_test makes them)"; exit 1; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
report=$(mktemp); trap 'rm -f "$report"' EXIT
# lintian refuses to run as root without this.
lintian --allow-root --tag-display-limit 0 --display-info "$debs"/*.deb > "$report" 2>&1
cat "$report"
grep -q '^E: ' "$report" && fail "lintian reports errors (above)"
# Every warning must be one README.md keeps, with its reason.
while read -r line; do
  tag=$(awk '{print $3}' <<<"$line")
  grep -qx "$tag" <(grep -v '^#' "$kept" | awk '{print $1}') || fail "lintian warning not accounted for: $line"
done < <(grep '^W: ' "$report")
if command -v desktop-file-validate >/dev/null && ls "$debs"/pxescope-gui_*.deb >/dev/null 2>&1; then
  dir=$(mktemp -d)
  dpkg-deb -x "$debs"/pxescope-gui_*.deb "$dir"
  desktop-file-validate "$dir/usr/share/applications/pxescope-gui.desktop" || fail "desktop-file-validate"
  rm -rf "$dir"
fi
echo "package_lintian_test: $(grep -c '^W: ' "$report") warning(s) kept, $failures failure(s)"
[ "$failures" = 0 ]
