#!/usr/bin/env bash
# Install, upgrade and purge the packages on this machine (root), as an administrator would:
#   1. purge any pxescope package this project built (a package someone else built: SKIP),
#   2. install the .debs with apt-get (dependencies from the archive), then run the installed
#      /usr/bin/pxescope: --version, analyze on a bundled capture, its man page, the harness
#      of pxescope-lab, and `respond` on the shipped config (it must refuse: off until edited),
#   3. edit the conffile, upgrade to the same packages at revision +1, and find the edit kept,
#   4. purge, and find nothing of the packages left on disk.
# The build tree's binaries, which the other tests run, are not touched. Exit 77: SKIP.
#   package_install_test.sh BUILD_DIR DEB_DIR SOURCE_DIR
set -uo pipefail
build=$1 debs=$(cd "$2" 2>/dev/null && pwd) src=$3  # apt-get takes a .deb by a path with a /
packages=(pxescope-lab pxescope-gui pxescope)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (it installs and purges packages on this machine)"; exit 77; }
command -v apt-get >/dev/null && command -v dpkg >/dev/null || { echo "SKIP: not a Debian machine"; exit 77; }
[ -n "$debs" ] && ls "$debs"/pxescope_*.deb >/dev/null 2>&1 || { echo "FAIL: no packages in $debs (package_build_test makes them)"; exit 1; }
maintainer=$(dpkg-deb -f "$debs"/pxescope_*.deb Maintainer)
export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -y -q --no-install-recommends -o DPkg::Lock::Timeout=300)
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
installed() { dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^[ih]i'; }
present() { dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -qv '^un\|^pn'; }
purge_all() {
  local p list=()
  for p in "${packages[@]}"; do present "$p" && list+=("$p"); done
  [ "${#list[@]}" = 0 ] || "${apt[@]}" purge "${list[@]}" > "$tmp/purge.log" 2>&1
}
tmp=$(mktemp -d)
trap 'purge_all; rm -rf "$tmp"' EXIT

# 1. Before: only packages this project built may be replaced.
for p in "${packages[@]}"; do
  if present "$p" && [ "$(dpkg-query -W -f='${Maintainer}' "$p")" != "$maintainer" ]; then
    trap 'rm -rf "$tmp"' EXIT
    echo "SKIP: $p is installed and was not built by this project; the test would replace it"
    exit 77
  fi
done
purge_all

# 2. Install.
debs_now=("$debs"/pxescope_*.deb "$debs"/pxescope-lab_*.deb)
ls "$debs"/pxescope-gui_*.deb >/dev/null 2>&1 && debs_now+=("$debs"/pxescope-gui_*.deb)
if ! "${apt[@]}" install "${debs_now[@]}" > "$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"; echo "FAIL: apt-get install of the packages"; exit 1
fi
dpkg -L pxescope pxescope-lab $(installed pxescope-gui && echo pxescope-gui) | sort -u > "$tmp/files"
version=$(dpkg-query -W -f='${Version}' pxescope)
echo "ok: installed pxescope $version ($(wc -l < "$tmp/files") paths)"

[ "$(/usr/bin/pxescope --version)" = "pxescope ${version%-*}" ] ||
  fail "/usr/bin/pxescope --version says '$(/usr/bin/pxescope --version)'"
capture=$src/captures/real/seabios-ipxe-proxydhcp.pcap
/usr/bin/pxescope analyze --dhcp "$capture" > "$tmp/analyze" 2>&1 || fail "installed pxescope analyze failed: $(head -3 "$tmp/analyze")"
grep -q 'DHCP' "$tmp/analyze" && echo "ok: /usr/bin/pxescope analyze --dhcp: $(wc -l < "$tmp/analyze") lines" ||
  fail "installed pxescope analyze printed no DHCP line"
man -w pxescope-respond 2>/dev/null | grep -q '^/usr/share/man/man8/pxescope-respond.8.gz$' ||
  fail "man -w pxescope-respond does not find the installed page"
/usr/share/pxescope/lab/pxescope-lab --help > /dev/null 2>&1 || fail "the installed lab harness does not run"
[ -f /etc/pxescope/pxescope.conf ] || fail "no /etc/pxescope/pxescope.conf"
# Off until edited: on the shipped file the responder refuses to start. In a network namespace
# of its own with only lo, and a dry run, so nothing can leave even if it did start.
if command -v unshare >/dev/null; then
  timeout 20 unshare -n /usr/bin/pxescope respond --config /etc/pxescope/pxescope.conf --dry-run \
    --dhcp-check 0 > "$tmp/respond" 2>&1
  rc=$?
  [ "$rc" != 0 ] && [ "$rc" != 124 ] && echo "ok: respond refuses the shipped config: $(tail -1 "$tmp/respond")" ||
    fail "respond started on the shipped (all-comment) config (exit $rc)"
fi
if installed pxescope-gui; then
  QT_QPA_PLATFORM=offscreen /usr/bin/pxescope-gui --version > /dev/null 2>&1 || fail "installed pxescope-gui --version"
  if [ -f /usr/share/mime/packages/freedesktop.org.xml ]; then
    grep -q '^application/x-pcapng$' /usr/share/mime/types || fail "the pcapng MIME type is not registered"
  fi
fi

# 3. Upgrade to revision +1, with the conffile edited by the administrator.
echo "#interface=edited-by-the-install-test" >> /etc/pxescope/pxescope.conf
release=${version##*-}
if ! bash "$(dirname "$0")/package_build_test.sh" "$build" "$tmp/next" \
     -D CPACK_DEBIAN_PACKAGE_RELEASE=$((release + 1)) > "$tmp/next.log" 2>&1; then
  cat "$tmp/next.log"; fail "could not build revision $((release + 1))"
else
  next=("$tmp"/next/pxescope_*.deb "$tmp"/next/pxescope-lab_*.deb)
  installed pxescope-gui && next+=("$tmp"/next/pxescope-gui_*.deb)
  "${apt[@]}" install "${next[@]}" > "$tmp/upgrade.log" 2>&1 || { cat "$tmp/upgrade.log"; fail "upgrade"; }
  upgraded=$(dpkg-query -W -f='${Version}' pxescope)
  [ "$upgraded" = "${version%-*}-$((release + 1))" ] && echo "ok: upgraded $version -> $upgraded" ||
    fail "pxescope is $upgraded after the upgrade"
  grep -q edited-by-the-install-test /etc/pxescope/pxescope.conf && echo "ok: the edited conffile was kept" ||
    fail "the upgrade replaced the administrator's /etc/pxescope/pxescope.conf"
  /usr/bin/pxescope --version > /dev/null || fail "pxescope does not run after the upgrade"
fi

# 4. Purge: nothing of the packages is left (directories other packages share may stay).
purge_all
for p in "${packages[@]}"; do present "$p" && fail "$p is still known to dpkg after purge"; done
left=0
while read -r path; do
  [ -e "$path" ] && [ ! -d "$path" ] && { echo "  left after purge: $path"; left=$((left + 1)); }
done < "$tmp/files"
[ -e /etc/pxescope ] && { echo "  left after purge: /etc/pxescope"; left=$((left + 1)); }
[ -e /usr/share/pxescope ] && { echo "  left after purge: /usr/share/pxescope"; left=$((left + 1)); }
[ "$left" = 0 ] && echo "ok: purge left nothing behind" || fail "$left paths left after purge"
trap 'rm -rf "$tmp"' EXIT
echo "package_install_test: $failures failure(s)"
[ "$failures" = 0 ]
