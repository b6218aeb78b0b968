#!/usr/bin/env bash
# Debian's netboot installer network-booted over IPv6 only (issue 12 §2): OVMF (EDK2's own
# PXEv6) → shim (bootnetx64.efi) → GRUB → linux + initrd.gz, every file over TFTP on IPv6 from
# `pxescope respond`, on the lab's IPv6-only LAN (no IPv4 DHCP; OVMF's PXEv4 switched off).
# Passes when the installer's first screen is on the serial console and no file went over IPv4.
# Exit 0 PASS, 1 FAIL, 77 SKIP.
#
# usage: ipv6_installer_case.sh CASE PXESCOPE_BINARY
#   uefi-dnsmasq-dhcp6-shim-grub              dnsmasq is the LAN's DHCPv6 server and router
#                                             advertiser (option 59 names pxescope's TFTP)
#   uefi-secureboot-dnsmasq-dhcp6-shim-grub   the same signed chain with Secure Boot on
#   uefi-pxescope-dhcp6-shim-grub             pxescope alone: full DHCPv6 (IA_NA), its own RAs
#                                             (enable-ra), TFTP
#   uefi-secureboot-pxescope-dhcp6-shim-grub  the same with Secure Boot on
#   uefi-stateless-beside-dnsmasq             dnsmasq (the LAN's router) gives the addresses and RAs,
#                 pxescope answers the boot client beside it (stateless: option 59, no address).
#                 EDK2 does NOT accept that: after the two Advertises (dnsmasq's address, pxescope's
#                 URL) OVMF sends no Request and stalls at "Start PXE over IPv6". Asserted as such.
. "$(dirname "$0")/lab_case_run.sh" # CASE BIN LAB MKROOT WORK ROOT, lab_case_run
readonly SCREEN='Select a language'
readonly SHIM=debian-installer/amd64/bootnetx64.efi
"$MKROOT" --debian-installer "$ROOT" ||
  { echo "SKIP: needs apt-get install debian-installer-12-netboot-amd64"; exit 77; }

firmware=uefi
case $CASE in uefi-secureboot-*) firmware=uefi-secureboot ;; esac
case $CASE in
  uefi-dnsmasq-dhcp6-shim-grub | uefi-secureboot-dnsmasq-dhcp6-shim-grub) ipv6=dnsmasq-dhcp ;;
  uefi-pxescope-dhcp6-shim-grub | uefi-secureboot-pxescope-dhcp6-shim-grub) ipv6=pxescope ;;
  uefi-stateless-beside-dnsmasq) ipv6=pxescope-stateless ;;
  *) echo "unknown case $CASE"; exit 2 ;;
esac
started=$SECONDS
if [ "$ipv6" = pxescope-stateless ]; then
  # 120 s is ample: OVMF has its two Advertises within 20 s of its start under TCG.
  LAB_CASE_EXPECT_FAIL=1 lab_case_run --pxescope "$BIN" --out "$WORK/out" --tftp-root "$ROOT" \
    --firmware "$firmware" --ipv6-only --ipv6 "$ipv6" --boot-file "$SHIM" --until boot-file \
    --timeout 120
  echo "case $CASE: $((SECONDS - started)) s"
  pcap=$WORK/out/lab.pcap fail=0
  v6() { tshark -r "$pcap" -Y "$1" -T fields -e frame.number 2>/dev/null | wc -l; }
  # pxescope answered the PXE Solicit with the URL and no address; dnsmasq with an address.
  [ "$(v6 'dhcpv6.msgtype == 2 && dhcpv6.option.type == 59 && !dhcpv6.iaaddr.ip')" -gt 0 ] ||
    { echo "FAIL: no stateless Advertise (URL, no address) from pxescope"; fail=1; }
  [ "$(v6 'dhcpv6.msgtype == 2 && dhcpv6.iaaddr.ip && !(dhcpv6.option.type == 59)')" -gt 0 ] ||
    { echo "FAIL: no Advertise with an address from dnsmasq"; fail=1; }
  # ... and OVMF asked for neither: no Request after the Solicit with its vendor class.
  solicit=$(tshark -r "$pcap" -Y 'dhcpv6.msgtype == 1 && dhcpv6.vendorclass.data' -T fields -e frame.number 2>/dev/null | tail -1)
  [ -n "$solicit" ] || { echo "FAIL: no PXE Solicit"; exit 1; }
  [ "$(v6 "dhcpv6.msgtype == 3 && frame.number > $solicit")" = 0 ] ||
    { echo "FAIL: OVMF sent a Request after all: EDK2 accepts the stateless answer (update README)"; fail=1; }
  exit $fail
fi
lab_case_run --pxescope "$BIN" --out "$WORK/out" --tftp-root "$ROOT" --firmware "$firmware" \
  --ipv6-only --ipv6 "$ipv6" --boot-file "$SHIM" --installer-screen "$SCREEN" --timeout 600
echo "case $CASE: $((SECONDS - started)) s"

# Every file came from pxescope over IPv6: the responder logged each transfer with an IPv6 client,
# and not one over IPv4.
log=$WORK/out/responder.out
fail=0
for file in "$SHIM" debian-installer/amd64/grubx64.efi debian-installer/amd64/linux \
  debian-installer/amd64/initrd.gz; do
  grep -Eq "tftp-finish client=\[fd00:77::[0-9a-f:]+\]:[0-9]+ file=/?$file " "$log" ||
    { echo "FAIL: pxescope did not serve $file over IPv6"; fail=1; }
done
if grep -Eq 'tftp-finish client=[0-9]+\.' "$log"; then
  echo "FAIL: a file went over IPv4 on an IPv6-only LAN"
  fail=1
fi
# diagnose tells the boot over IPv6 by its addresses (never the story's internal ids, 240.x).
reason=$(echo "$LAB_OUTPUT" | sed -n 's/^lab: diagnose: verdict=booted reason: //p')
echo "$reason" | grep -q 'the kernel /debian-installer/amd64/linux ([0-9]* bytes over TFTP from fd00:77::2)' ||
  { echo "FAIL: diagnose does not say the kernel came over TFTP from fd00:77::2: $reason"; fail=1; }
[ $fail = 0 ] || { grep -E 'tftp-|ipv6' "$log" | tail -20; exit 1; }
exit 0
