#!/usr/bin/env bash
# The systemd units in systemd/: `systemd-analyze verify` finds nothing (offline, in a temporary
# root holding the unit search path, a stand-in /usr/bin/pxescope and /bin/kill), `systemd-analyze
# security --offline=yes` scores each at most MAX_EXPOSURE, the sandbox lines issue 14 asks for are
# there, and the plain and the instance unit share one [Service] sandbox. Exit 77 (SKIP) without
# systemd-analyze. Usage: units_test.sh SYSTEMD_DIR
set -euo pipefail
units=${1:?usage: units_test.sh SYSTEMD_DIR}
# Measured 1.7 for both (systemd 252): what is left is the network itself (AF_PACKET, AF_INET,
# PrivateNetwork=no), two capabilities, capset, and the host's root. Above 2.0 something was lost.
MAX_EXPOSURE=2.0
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze not installed (Debian package systemd)"
  exit 77
fi
fail=0
bad() { echo "FAIL: $*"; fail=1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/lib/systemd" "$root/usr/bin" "$root/bin" "$root/etc/systemd/system"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
cp /bin/true "$root/usr/bin/pxescope"
cp /bin/kill "$root/bin/kill"
cp "$units"/pxescope-respond.service "$units"/pxescope-respond@.service "$root/etc/systemd/system/"
ln -s pxescope-respond@.service "$root/etc/systemd/system/pxescope-respond@eth0.service"

verify() {  # prints what verify says (nothing when the unit is clean)
  systemd-analyze verify --man=no --root="$1" "$2" 2>&1 || echo "(exit $?)"
}
for unit in pxescope-respond.service pxescope-respond@eth0.service; do
  said=$(verify "$root" "$unit")
  [ -z "$said" ] || bad "systemd-analyze verify $unit: $said"
done
# The check itself: a misspelt key must be reported.
sed -i 's/^ProtectHome=yes/ProtectHomme=yes/' "$root/etc/systemd/system/pxescope-respond.service"
[ -n "$(verify "$root" pxescope-respond.service)" ] || bad "verify did not report a misspelt key"
cp "$units/pxescope-respond.service" "$root/etc/systemd/system/"

for unit in pxescope-respond.service pxescope-respond@eth0.service; do
  line=$(systemd-analyze security --offline=yes --root="$root" "$unit" 2>&1 |
         grep 'Overall exposure level' || true)
  score=$(sed -n 's/.*: \([0-9][0-9.]*\) .*/\1/p' <<<"$line")
  echo "$unit: exposure $score (at most $MAX_EXPOSURE)"
  if [ -z "$score" ]; then
    bad "$unit: no exposure score in: $line"
  elif ! awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s <= m) }'; then
    bad "$unit: exposure $score above $MAX_EXPOSURE"
  fi
done

service_section() { sed -n '/^\[Service\]/,/^\[/p' "$1" | grep -v '^ExecStart=' ; }
if ! diff <(service_section "$units/pxescope-respond.service") \
          <(service_section "$units/pxescope-respond@.service") >/dev/null; then
  bad "the two units' [Service] sandboxes differ (beyond ExecStart=)"
fi
for unit in "$units/pxescope-respond.service" "$units/pxescope-respond@.service"; do
  for want in 'Type=notify' 'ExecReload=/bin/kill -HUP $MAINPID' 'DynamicUser=yes' \
              'AmbientCapabilities=CAP_NET_RAW CAP_NET_BIND_SERVICE' \
              'CapabilityBoundingSet=CAP_NET_RAW CAP_NET_BIND_SERVICE' \
              'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'NoNewPrivileges=yes' \
              'StateDirectory=pxescope' \
              'RestrictAddressFamilies=AF_PACKET AF_INET AF_INET6 AF_NETLINK AF_UNIX' \
              'SystemCallFilter=@system-service'; do
    grep -qxF "$want" "$unit" || bad "$(basename "$unit"): no line '$want'"
  done
  grep -q '^WatchdogSec=' "$unit" || bad "$(basename "$unit"): no WatchdogSec="
  grep -q '^ReadOnlyPaths=.*/srv' "$unit" || bad "$(basename "$unit"): /srv not read-only"
  [ "$(grep -c '^AmbientCapabilities=' "$unit")" = 1 ] || bad "one AmbientCapabilities= line"
done
grep -qF -- '--iface %i' "$units/pxescope-respond@.service" || bad "the instance unit ignores %i"
[ "$fail" = 0 ] && echo "units: OK"
exit "$fail"
