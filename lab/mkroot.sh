#!/usr/bin/env bash
# Fills a TFTP root for the lab from Debian packages, so that every firmware has a boot program
# whose next request proves it ran, and whose configuration prints a marker on the serial port:
#   BIOS      pxelinux.0 → ldlinux.c32 → pxelinux.cfg/default    (pxelinux, syslinux-common)
#   UEFI x64  syslinux.efi → ldlinux.e64 → pxelinux.cfg/default  (syslinux-efi)
#   iPXE      undionly.kpxe, ipxe.efi, snponly.efi               (ipxe)
#   Secure Boot: shimx64.efi (Microsoft-signed) → grubx64.efi (Debian-signed) → grub/grub.cfg
#             (shim-signed, grub-efi-amd64-signed; left out when they are not installed)
# Usage: lab/mkroot.sh DIR      Installs nothing; exit 2 naming the packages when pxelinux is missing.
#        lab/mkroot.sh --debian-installer DIR
#             Debian's netboot installer instead (debian-installer-12-netboot-amd64), with
#             console=ttyS0 and menus that boot at once, in a copy (lib/installer_root.sh).
set -euo pipefail
if [ "${1:-}" = --debian-installer ]; then
  . "$(dirname "$(readlink -f "$0")")/lib/installer_root.sh"
  installer_root_compose "${2:?usage: mkroot.sh --debian-installer DIR}"
  exit 0
fi
root=${1:?usage: mkroot.sh DIR | mkroot.sh --debian-installer DIR}
readonly MARKER="pxescope-lab: pxelinux.cfg/default loaded"
readonly GRUB_MARKER="pxescope-lab: grub.cfg loaded"

# source file | name in the root | required (1) or optional (0)
readonly FILES="
/usr/lib/PXELINUX/pxelinux.0                         pxelinux.0     1
/usr/lib/syslinux/modules/bios/ldlinux.c32           ldlinux.c32    1
/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi             syslinux.efi   0
/usr/lib/syslinux/modules/efi64/ldlinux.e64          ldlinux.e64    0
/usr/lib/ipxe/undionly.kpxe                          undionly.kpxe  0
/usr/lib/ipxe/ipxe.efi                               ipxe.efi       0
/usr/lib/ipxe/snponly.efi                            snponly.efi    0
/usr/lib/shim/shimx64.efi.signed                     shimx64.efi    0
/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed grubx64.efi   0
"
missing=()
while read -r src name required; do
  [ -n "$src" ] && [ "$required" = 1 ] && [ ! -e "$src" ] && missing+=("$src")
done <<<"$FILES"
if [ ${#missing[@]} -gt 0 ]; then
  echo "mkroot: missing ${missing[*]}; install with: apt-get install pxelinux syslinux-common syslinux-efi ipxe" >&2
  exit 2
fi

mkdir -p "$root/pxelinux.cfg" "$root/grub"
while read -r src name _; do
  [ -n "$src" ] && [ -e "$src" ] && install -m 644 "$src" "$root/$name"
done <<<"$FILES"

# pxelinux/syslinux.efi: say the marker on COM1, then give the machine back (LOCALBOOT).
cat >"$root/pxelinux.cfg/default" <<CFG
SERIAL 0 115200
SAY $MARKER
PROMPT 0
TIMEOUT 1
DEFAULT local
LABEL local
  LOCALBOOT -1
CFG
# Debian's signed network GRUB looks for \$prefix/grub.cfg with prefix /grub on the TFTP server.
cat >"$root/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_output serial console
echo "$GRUB_MARKER"
CFG
chmod -R a+rX "$root"
