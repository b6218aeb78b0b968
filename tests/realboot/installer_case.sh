#!/usr/bin/env bash
# Debian's netboot installer (debian-installer-12-netboot-amd64, -arm64) network-booted by real
# firmware in QEMU against `pxescope respond`, through the project's lab (lab/pxescope-lab). Passes
# when the installer's first screen is on the serial console (lab/mkroot.sh --debian-installer adds
# console=ttyS0 / ttyAMA0). Exit 0 PASS, 1 FAIL, 77 SKIP (the lab's SKIP line, or the package missing).
#
# usage: installer_case.sh CASE PXESCOPE_BINARY
#   bios-pxelinux     SeaBIOS+iPXE → pxelinux → linux + initrd.gz, the seed's four dnsmasq lines
#   uefi-shim-grub    OVMF → shim (bootnetx64.efi) → GRUB → linux + initrd.gz, full DHCP, no router
#   uefi-secureboot-shim-grub   the same signed chain with Secure Boot on
#   uefi-proxy-grub-trap        OVMF → shim → GRUB behind a proxyDHCP beside the router: GRUB asks
#                     the router (the DHCP server's siaddr) for its files and gets ICMP port
#                     unreachable — the trap of issue 11 §2, asserted as a failure
#   arm64-shim-grub   AAVMF (arm64 UEFI, arch 11) → shim (bootnetaa64.efi) → GRUB (grubaa64.efi)
#                     → linux + initrd.gz, full DHCP, no router; slow: QEMU emulates every arm64
#                     instruction (label slow)
. "$(dirname "$0")/lab_case_run.sh" # CASE BIN LAB MKROOT WORK ROOT, lab_case_run
# The installer's first screen (the text frontend's title, then its question).
readonly SCREEN='Select a language'
readonly SHIM=debian-installer/amd64/bootnetx64.efi
readonly SHIM_ARM64=debian-installer/arm64/bootnetaa64.efi

make_root() { # DIR [ARCH]: the installer's root with ARCH's tree (amd64), or a SKIP naming the package
  local arch=${2:-amd64}
  "$MKROOT" --debian-installer "$1" && [ -e "$1/debian-installer/$arch/initrd.gz" ] ||
    { echo "SKIP: needs apt-get install debian-installer-12-netboot-$arch"; exit 77; }
}

args=(--pxescope "$BIN" --out "$WORK/out")
trap_case=0
case $CASE in
  bios-pxelinux)
    # The seed user's four lines, unchanged but for the paths: the installer lives in pxe/.
    make_root "$ROOT/pxe"
    cat >"$WORK/seed.conf" <<CONF
pxe-service=x86PC,"PXE Netboot",pxe/pxelinux
dhcp-range=192.168.77.0,proxy
tftp-root=$ROOT
enable-tftp
CONF
    args+=(--config "$WORK/seed.conf" --firmware bios --boot-file pxe/pxelinux.0
      --installer-screen "$SCREEN" --timeout 300) ;;
  uefi-shim-grub | uefi-secureboot-shim-grub)
    # GRUB takes its TFTP server from the DHCP server's siaddr: pxescope is the DHCP server.
    make_root "$ROOT"
    firmware=uefi
    [ "$CASE" = uefi-secureboot-shim-grub ] && firmware=uefi-secureboot
    args+=(--tftp-root "$ROOT" --firmware "$firmware" --no-router --boot-file "$SHIM"
      --installer-screen "$SCREEN" --timeout 300) ;;
  uefi-proxy-grub-trap)
    # Passes the lab as soon as GRUB asks for anything under its prefix: the assertions below
    # say where it asked and what came back.
    make_root "$ROOT"
    trap_case=1
    args+=(--tftp-root "$ROOT" --firmware uefi --boot-file "$SHIM" --until next-file
      --next-regex 'amd64/grub/' --timeout 150) ;;
  arm64-shim-grub)
    # As on x86 UEFI, GRUB takes its TFTP server from the DHCP server's siaddr: full DHCP.
    make_root "$ROOT" arm64
    args+=(--tftp-root "$ROOT" --firmware arm64 --no-router --boot-file "$SHIM_ARM64"
      --installer-screen "$SCREEN" --timeout 1200) ;;
  *) echo "unknown case $CASE"; exit 2 ;;
esac

lab_case_run "${args[@]}"
out=$LAB_OUTPUT
if [ "$CASE" = arm64-shim-grub ]; then
  # pxescope served the arm64 client as one: its DHCPREQUEST says arch 11 (ARM64 UEFI), and
  # pxescope's DHCPACK names the arm64 shim. diagnose reads the boot from the capture.
  pcap=$WORK/out/lab.pcap
  tshark -r "$pcap" -Y 'dhcp.option.dhcp == 3 && dhcp.option.client_system_architecture == 11' \
    -T fields -e frame.number 2>/dev/null | grep -q . || { echo "FAIL: no DHCPREQUEST with arch 11"; exit 1; }
  tshark -r "$pcap" -Y "dhcp.option.dhcp == 5 && ip.src == 192.168.77.2 && dhcp.file == \"$SHIM_ARM64\"" \
    -T fields -e frame.number 2>/dev/null | grep -q . || { echo "FAIL: pxescope's DHCPACK did not name $SHIM_ARM64"; exit 1; }
  echo "$out" | grep -q '^lab: diagnose: verdict=booted' || { echo "FAIL: diagnose did not read a boot"; exit 1; }
fi
[ $trap_case = 1 ] || exit 0

# The trap: GRUB's requests for its own files went to the router (192.168.77.1), not to the
# proxy that served shim and GRUB, and the router answered ICMP port unreachable.
pcap=$WORK/out/lab.pcap
router=192.168.77.1 proxy=192.168.77.2
to_router=$(tshark -r "$pcap" -Y "tftp.opcode == 1 && ip.dst == $router" -T fields -e tftp.source_file 2>/dev/null | sort -u)
echo "GRUB's read requests to the router: $(echo $to_router)"
echo "$to_router" | grep -q 'amd64/grub/' ||
  { echo "FAIL: GRUB did not ask the router ($router) for its files"; exit 1; }
tshark -r "$pcap" -Y "tftp.opcode == 1 && ip.dst == $proxy && tftp.source_file contains \"amd64/grub/\"" \
  -T fields -e frame.number 2>/dev/null | grep -q . &&
  { echo "FAIL: GRUB asked the proxy ($proxy) for its files: no trap"; exit 1; }
unreachable=$(tshark -r "$pcap" -Y "icmp.type == 3 && icmp.code == 3 && ip.src == $router" -T fields -e frame.number 2>/dev/null | wc -l)
echo "ICMP port unreachable from the router: $unreachable"
[ "$unreachable" -gt 0 ] || { echo "FAIL: no ICMP port unreachable from the router"; exit 1; }
# The offer linter flags it on the proxy's answer (diagnose's timeline).
grep -q 'grub-behind-proxy: the proxyDHCP 192.168.77.2 names shim' "$WORK/out/diagnose.txt" ||
  { echo "FAIL: the linter did not flag grub-behind-proxy"; exit 1; }
# diagnose's verdict names it: GRUB asked a server that has no TFTP for its next files.
echo "$out" | grep -q '^lab: diagnose: verdict=nbp-wrong-server reason: .*asked 192.168.77.1 for its next files' ||
  { echo "FAIL: diagnose did not give nbp-wrong-server"; exit 1; }
exit 0
