#!/usr/bin/env bash
# `pxescope lab` for real: a user's configuration (proxyDHCP for BIOS and UEFI clients, TFTP from
# a root made by lab/mkroot.sh) booted on each firmware in QEMU. Exit 0 PASS, 1 FAIL, 77 SKIP.
#
# usage: pxescope_lab_case.sh CASE PXESCOPE_BINARY
#   boots:          --firmware bios,uefi, each to pxelinux's marker on the serial console:
#                   one PASS line per firmware and "2 of 2 firmware booted", exit 0
#   story-of-failure: a boot file the root lacks: a FAIL line, and diagnose's story of the
#                   failure (the firmware asked for the file, the server said not found), exit 1
set -u
CASE=${1:?case}
BIN=${2:?pxescope binary}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$BIN" ] || { echo "FAIL: $BIN not built"; exit 1; }
WORK=$(mktemp -d /tmp/pxescope-lab-case.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/tftp
"$here/../../lab/mkroot.sh" "$ROOT" || { echo "SKIP: the lab's TFTP root needs the packages named above"; exit 77; }
bios_file=pxelinux
[ "$CASE" = story-of-failure ] && bios_file=missing
cat >"$WORK/pxe.conf" <<CONF
interface=eth0
dhcp-range=10.42.7.0,proxy
pxe-service=x86PC,"PXE Netboot",$bios_file
pxe-service=x86-64_EFI,"PXE Netboot",syslinux.efi
enable-tftp
tftp-root=$ROOT
CONF

expect() { # expect REGEX: the output has a line matching REGEX
  grep -Eq "$1" <<<"$out" || { echo "FAIL: no line matching /$1/"; exit 1; }
}
run_lab() { # run_lab EXIT_CODE ARGS...: pxescope lab ARGS must exit EXIT_CODE; sets out
  local want=$1 rc
  shift
  out=$("$BIN" lab --config "$WORK/pxe.conf" "$@" 2>&1)
  rc=$?
  echo "$out"
  grep -q '^lab: SKIP' <<<"$out" && exit 77
  [ "$rc" = "$want" ] || { echo "FAIL: exit $rc, expected $want"; exit 1; }
}
case $CASE in
  boots)
    # The "installer screen" here is the marker the lab's pxelinux.cfg/default prints on COM1.
    run_lab 0 --firmware bios,uefi --installer-screen 'pxelinux\.cfg/default loaded' --timeout 150 --out "$WORK/out"
    expect '^lab: PASS firmware=bios responder=pxescope .*on=installer "pxelinux\.cfg/default loaded"'
    expect '^lab: PASS firmware=uefi responder=pxescope .*on=installer "pxelinux\.cfg/default loaded"'
    expect '^lab: diagnose: verdict=booted reason: downloaded pxelinux\.0 .*ldlinux\.c32'
    expect '^lab: diagnose: verdict=booted reason: downloaded syslinux\.efi .*ldlinux\.e64'
    expect '^lab: 2 of 2 firmware booted$'
    # The run kept what it promised, per firmware, on the config's own subnet.
    [ -s "$WORK/out/bios/lab.pcap" ] && [ -s "$WORK/out/uefi/serial.log" ] || { echo "FAIL: no pcap/serial log kept"; exit 1; }
    tshark -r "$WORK/out/bios/lab.pcap" -Y 'ip.src == 10.42.7.2 && bootp' 2>/dev/null | grep -q . ||
      { echo "FAIL: the responder did not answer from the config's subnet (10.42.7.2)"; exit 1; } ;;
  story-of-failure)
    run_lab 1 --firmware bios --timeout 45
    expect '^lab: FAIL firmware=bios .*reason=timeout stage=tftp-requested:missing\.0'
    expect '^lab: diagnose: verdict=tftp-file-not-found'
    expect '^lab:   .*TFTP read request missing\.0'
    expect '^lab: 0 of 1 firmware booted$' ;;
  *) echo "unknown case $CASE"; exit 2 ;;
esac
exit 0
