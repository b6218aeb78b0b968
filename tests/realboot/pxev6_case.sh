#!/usr/bin/env bash
# OVMF (EDK2's own PXE) on the lab's dual-stack LAN where only IPv6 offers a boot file: the
# router's DHCPv4 has no boot information, and the IPv6 side is
#   dnsmasq   (default; lab --ipv6 dnsmasq): dnsmasq is the DHCPv6 server + RA + TFTP over IPv6;
#   pxescope  (lab --ipv6 pxescope --config): pxescope, the responder, is all of it: proxy over
#             IPv4 with no boot file (it answers no PXEv4 client), full DHCPv6 + RA + TFTP over
#             IPv6 with option 59.
# PXEv4 fails, OVMF falls back to PXEv6 and downloads syslinux.efi over TFTP/IPv6; `pxescope
# diagnose` must tell both halves (and with pxescope, its own live `boot` line tells the PXEv6
# client's story). About 2 min under TCG.
# Exit 0 PASS, 1 FAIL, 77 SKIP (the lab's SKIP line says what is missing).
#
# usage: pxev6_case.sh PXESCOPE_BINARY [dnsmasq|pxescope]
set -u
BIN=${1:?pxescope binary}
SIDE=${2:-dnsmasq}
here=$(cd "$(dirname "$0")" && pwd)
LAB=$here/../../lab/pxescope-lab
[ -x "$BIN" ] || { echo "FAIL: $BIN not built"; exit 1; }

WORK=$(mktemp -d /tmp/pxescope-realboot-pxev6.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/tftp
"$here/../../lab/mkroot.sh" "$ROOT" || { echo "SKIP: the lab's TFTP root needs the packages named above"; exit 77; }

case $SIDE in
  dnsmasq) side=(--responder none --ipv6 dnsmasq) ;;
  pxescope)
    # IPv4: a proxy with no boot file (the router gives the address; nobody a boot file).
    cat >"$WORK/pxescope.conf" <<EOF
dhcp-range=192.168.77.0,proxy
enable-tftp
tftp-root=$ROOT
dhcp-range=fd00:77::100,fd00:77::2fe,64,1h
enable-ra
dhcp-option=option6:bootfile-url,tftp://[::]/syslinux.efi
EOF
    side=(--responder pxescope --config "$WORK/pxescope.conf" --ipv6 pxescope) ;;
  *) echo "usage: pxev6_case.sh PXESCOPE_BINARY [dnsmasq|pxescope]"; exit 2 ;;
esac
"$LAB" --pxescope "$BIN" --tftp-root "$ROOT" --out "$WORK/out" --firmware uefi "${side[@]}" \
  --boot-file syslinux.efi --until boot-file --timeout 240 >"$WORK/lab.out" 2>&1 &
lab_pid=$!
wait "$lab_pid"
rc=$?
cat "$WORK/lab.out"
# The lab's namespaces are named after its pid (other labs may run beside this one).
ns=lab$(printf '%05d' $((lab_pid % 100000)))
left=$(ip netns list 2>/dev/null | grep -Eo "^$ns(lan|rtr|srv)" | tr '\n' ' ')
[ -z "$left" ] || { echo "FAIL: the lab left its network namespaces behind: $left"; exit 1; }
[ $rc = 77 ] && exit 77
keep() { # a failed run's pcap and story are worth reading: keep them in /tmp
  local dir
  dir=$(mktemp -d /tmp/pxescope-realboot-pxev6-failed.XXXXXX)
  cp "$WORK/out/lab.pcap" "$WORK/out/diagnose-vm.txt" "$WORK/out/ipv6.log" "$WORK/out/serial.log" \
    "$WORK/out/responder.out" "$dir/" 2>/dev/null
  echo "kept in $dir"
}
[ $rc = 0 ] || { tail -20 "$WORK/out/ipv6.log" 2>/dev/null; keep; exit 1; }

# The lab's own pass condition came from tshark: the boot file was downloaded over IPv6.
awk -F'\t' '$7 == 1 && $4 == "" { v6 = 1 } END { exit !v6 }' "$WORK/out/events.tsv" ||
  { echo "FAIL: the boot file was not requested over IPv6"; exit 1; }
story=$WORK/out/diagnose-vm.txt
fail=0
expect() { # what, extended regex over diagnose's story of the VM
  grep -Eq -- "$2" "$story" || { echo "FAIL: diagnose lacks $1 (/$2/)"; fail=1; }
}
expect "the IPv4 half (router DHCP, no boot file)" 'OFFER from 192\.168\.77\.1: address .*no boot file'
expect "the fallback line" 'gave up on IPv4 \(no-boot-info: .*PXE-E16.*\) and moved to IPv6 \(PXEv6\)'
expect "the Solicit with arch 7" 'DHCPv6 Solicit xid 0x[0-9a-f]{6}, PXEClient:Arch:00007:UNDI:[0-9]{6}, arch 7 \(x64 UEFI\), asks for a boot file URL \(59\)'
expect "the Advertise with option 59" 'DHCPv6 Advertise from fe80::[0-9a-f:]+ xid 0x[0-9a-f]{6}: address fd00:77::[0-9a-f]+, boot file URL tftp://\[fd00:77::2\]/syslinux\.efi'
expect "the Reply" 'DHCPv6 Reply from fe80::'
expect "the TFTP read request over IPv6" 'TFTP read request syslinux\.efi to fd00:77::2'
expect "the transfer over IPv6" 'TFTP syslinux\.efi: [0-9]+ bytes in [0-9]+ blocks'
expect "the verdict of both halves" 'reason: .*syslinux\.efi.*\(over IPv6; before that, over IPv4, no-boot-info: '
if [ "$SIDE" = pxescope ]; then
  out=$WORK/out/responder.out
  # pxescope answered no PXEv4 request, and the PXEv6 client over DHCPv6 and TFTP over IPv6.
  grep -Eq 'dhcp6 request=Solicit .*reply=Advertise .*url=tftp://\[fd00:77::2\]/syslinux\.efi' "$out" ||
    { echo "FAIL: pxescope's DHCPv6 Advertise with the URL is not in its log"; fail=1; }
  ! grep -Eq ' dhcp .*reply=' "$out" || { echo "FAIL: pxescope answered over IPv4"; fail=1; }
  # Its live story of the client (told when the lab stops it): the PXEv6 boot, syslinux.efi.
  grep -Eq ' boot mac=52:54:00:[0-9a-f:]+ .*file=syslinux\.efi' "$out" ||
    { echo "FAIL: pxescope's live boot line for the PXEv6 client is missing"; fail=1; }
  grep -E ' boot mac=| dhcp6 ' "$out" | head -20
fi
[ $fail = 0 ] || { echo "--- diagnose:"; cat "$story"; keep; exit 1; }
exit 0
