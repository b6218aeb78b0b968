#!/usr/bin/env bash
# Builds the Debian packages with CPack from the build tree (as `--target package` does) into
# OUT_DIR, then checks what each holds: the files issue 14 lists, the conffile, Depends from
# dpkg-shlibdeps, and the documentation policy asks for. The lintian and install tests use
# OUT_DIR (CTest fixture "debs").
#   package_build_test.sh BUILD_DIR OUT_DIR [-D VAR=VALUE...]
set -uo pipefail
build=$1 out=$2; shift 2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
rm -rf "$out"
if ! cpack --config "$build/CPackConfig.cmake" -B "$out" "$@" > "$out.log" 2>&1; then
  cat "$out.log"; echo "FAIL: cpack did not build the packages"; exit 1
fi
rm -rf "$out/_CPack_Packages"
deb() { ls "$out"/"$1"_*.deb 2>/dev/null | head -1; }

# holds PACKAGE PATH... : each path is in the package.
holds() {
  local package=$1 file; shift
  file=$(deb "$package")
  [ -n "$file" ] || { fail "no $package package in $out"; return; }
  dpkg-deb -c "$file" | awk '{print $6}' | sed 's|^\./|/|; s|/$||' > "$out/$package.files"
  for path in "$@"; do
    grep -qx -- "$path" "$out/$package.files" || fail "$package does not hold $path"
  done
}
field() { dpkg-deb -f "$(deb "$1")" "$2"; }

holds pxescope /usr/bin/pxescope /usr/bin/pxescope-probe /etc/pxescope/pxescope.conf \
  /usr/share/man/man1/pxescope.1.gz /usr/share/man/man1/pxescope-analyze.1.gz \
  /usr/share/man/man8/pxescope-respond.8.gz /usr/share/man/man5/pxescope.conf.5.gz \
  /usr/share/man/man1/pxescope-probe.1.gz \
  /usr/share/bash-completion/completions/pxescope /usr/share/zsh/vendor-completions/_pxescope \
  /usr/share/doc/pxescope/copyright /usr/share/doc/pxescope/changelog.Debian.gz
for unit in "$(dirname "$0")"/../../systemd/*.service; do
  [ -e "$unit" ] && holds pxescope "/lib/systemd/system/$(basename "$unit")"
done
dpkg-deb -I "$(deb pxescope)" conffiles | grep -qx /etc/pxescope/pxescope.conf ||
  fail "pxescope does not mark /etc/pxescope/pxescope.conf as a conffile"
field pxescope Depends | grep -q 'libpcap0.8' || fail "pxescope Depends lacks libpcap0.8 (dpkg-shlibdeps): $(field pxescope Depends)"
grep -q 'pxescope-gui' "$out/pxescope.files" && fail "pxescope holds GUI files"

holds pxescope-lab /usr/share/pxescope/lab/pxescope-lab /usr/share/pxescope/lab/mkroot.sh \
  /usr/share/pxescope/lab/lib/common.sh /usr/share/doc/pxescope-lab/copyright
field pxescope-lab Depends | grep -q 'qemu-system-x86' || fail "pxescope-lab does not depend on QEMU"
[ "$(field pxescope-lab Architecture)" = all ] || fail "pxescope-lab is not Architecture: all"

if [ -n "$(deb pxescope-gui)" ]; then
  holds pxescope-gui /usr/bin/pxescope-gui /usr/share/man/man1/pxescope-gui.1.gz \
    /usr/share/applications/pxescope-gui.desktop \
    /usr/share/icons/hicolor/scalable/apps/pxescope-gui.svg \
    /usr/share/icons/hicolor/48x48/apps/pxescope-gui.png \
    /usr/share/mime/packages/pxescope-gui.xml /usr/share/doc/pxescope-gui/copyright
  field pxescope-gui Depends | grep -q "pxescope (= $(field pxescope Version))" ||
    fail "pxescope-gui does not depend on this pxescope: $(field pxescope-gui Depends)"
  field pxescope-gui Depends | grep -q 'libqt6widgets6' || fail "pxescope-gui Depends lacks Qt (dpkg-shlibdeps)"
else
  echo "note: no pxescope-gui package (built with PXESCOPE_GUI=OFF)"
fi
for d in "$out"/*.deb; do
  echo "ok: $(basename "$d"): $(dpkg-deb -f "$d" Depends | cut -c1-160)"
done
echo "package_build_test: $failures failure(s)"
[ "$failures" = 0 ]
