#!/usr/bin/env bash
# Kernel mode on real firmware: `pxescope respond --kernel/--initrd/--cmdline` with Debian's
# netboot installer (console=ttyS0), in proxy mode beside the lab's router, until the installer's
# first screen ("Select a language") is on the serial console. Exit 0 PASS, 1 FAIL, 77 SKIP.
#
# usage: kernel_mode_case.sh CASE PXESCOPE_BINARY
#   bios: SeaBIOS + iPXE ROM, already iPXE: the script URL straight away
#   uefi: OVMF, EDK2's own PXE: snponly.efi over TFTP (the iPXE chain), then the script
#   uefi-http: OVMF's UEFI HTTP boot (HTTPClient, PXE entries off): snponly.efi over HTTP, then
#              the script
set -u
CASE=${1:?case}
BIN=${2:?pxescope binary}
here=$(cd "$(dirname "$0")" && pwd)
LAB=$here/../../lab/pxescope-lab
[ -x "$BIN" ] || { echo "FAIL: $BIN not built"; exit 1; }
DI=/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64
[ -r "$DI/linux" ] && [ -r "$DI/initrd.gz" ] ||
  { echo "SKIP: Debian's netboot installer: apt-get install debian-installer-12-netboot-amd64"; exit 77; }
[ -r /usr/lib/ipxe/snponly.efi ] || { echo "SKIP: the iPXE binaries: apt-get install ipxe"; exit 77; }
case $CASE in
  bios | uefi | uefi-http) ;;
  *) echo "unknown case $CASE"; exit 2 ;;
esac

WORK=$(mktemp -d /tmp/pxescope-kernel-case.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
out=$("$LAB" --pxescope "$BIN" --firmware "$CASE" --out "$WORK/out" --timeout 400 \
  --respond-arg --kernel --respond-arg "$DI/linux" --respond-arg --initrd --respond-arg "$DI/initrd.gz" \
  --respond-arg --cmdline --respond-arg console=ttyS0 \
  --installer-screen 'Select a language' 2>&1)
rc=$?
echo "$out"
[ $rc = 77 ] && exit 77
log=$WORK/out/responder.out
if [ $rc -ne 0 ] || ! grep -q '^lab: PASS' <<<"$out"; then
  echo "--- responder output:"
  tail -20 "$log" 2>/dev/null
  exit 1
fi
# The installer came over pxescope's HTTP service, whole: the script, the kernel, the initrd.
fetched() { # fetched PATH BYTES-PATTERN: a 200 GET of PATH that sent those bytes
  grep -q "http .*method=GET path=$1 status=200 bytes=$2 " "$log" ||
    { echo "FAIL: no complete HTTP GET of $1 in the responder's log"; exit 1; }
}
fetched /pxescope/boot.ipxe '[0-9]*'
fetched /pxescope/kernel "$(stat -c %s "$DI/linux")"
fetched /pxescope/initrd-0 "$(stat -c %s "$DI/initrd.gz")"
# UEFI: EDK2 got iPXE from the chain first (PXE: over TFTP; HTTP boot: over HTTP).
case $CASE in
  uefi) grep -q 'tftp-start .*file=pxescope/snponly.efi' "$log" ||
    { echo "FAIL: EDK2's PXE was not chained to snponly.efi"; exit 1; } ;;
  uefi-http) grep -q 'http .*method=GET path=/pxescope/snponly.efi status=200 .*agent=UefiHttpBoot' "$log" ||
    { echo "FAIL: EDK2's HTTP boot did not fetch snponly.efi from pxescope"; exit 1; } ;;
esac
exit 0
