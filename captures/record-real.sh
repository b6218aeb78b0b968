#!/usr/bin/env bash
# Records captures/real/*.pcap: real firmware network boots in QEMU (software emulation) against
# the reference dnsmasq proxyDHCP, through the project's lab (lab/pxescope-lab).
# Needs root, /dev/net/tun, ip netns and the packages of scripts/install-deps.sh.
# Usage: captures/record-real.sh [bios|uefi|uefi-ipxe|arm64 ...]   (default: all four)
# Each boot takes 10-40 s; they run one after the other.
# seabios-ipxe-virtio-proxydhcp and seabios-ipxe-fulldhcp-norouter were recorded on 2026-11-30
# with the reference harness before the lab existed; the lab has no virtio-NIC option nor a
# dnsmasq full-DHCP responder yet (left to do), so they are not re-recorded here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lab=$here/../lab
out=$here/real
mkdir -p "$out"
work=$(mktemp -d /tmp/pxescope-record-real.XXXXXX)
trap 'rm -rf "$work"' EXIT
tftp_root=$work/tftp
"$lab/mkroot.sh" "$tftp_root"

record() {  # name firmware lab-args...
  local name=$1 fw=$2; shift 2
  echo "record-real: $name ($fw)"
  "$lab/pxescope-lab" --firmware "$fw" --responder dnsmasq --tftp-root "$tftp_root" \
    --out "$work/$name" --pcap "$out/$name.pcap" --discover-txt "$out/$name.discover.txt" "$@"
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(bios uefi uefi-ipxe arm64)
for t in "${targets[@]}"; do
  case $t in
    # Whole boot: DHCP, PXE menu + 4011, pxelinux.0, ldlinux.c32 and the config search.
    bios) record seabios-ipxe-proxydhcp bios --boot-file pxelinux.0 --next-regex 'pxelinux\.cfg/' --timeout 90 ;;
    # EDK2's own PXE: DORA, 4011 REQUEST/ACK, tsize probe + ERROR 8, then syslinux.efi.
    # Stops when syslinux.efi is transferred: the rest (ldlinux.e64) would only add size.
    uefi) record ovmf-edk2-proxydhcp uefi --boot-file syslinux.efi --until boot-file --timeout 120 ;;
    uefi-ipxe) record ovmf-ipxe-proxydhcp uefi-ipxe --boot-file syslinux.efi --until boot-file --timeout 150 ;;
    # AAVMF is slow under TCG and no arm64 boot file is shipped: the first DISCOVER is enough.
    arm64) record aavmf-arm64-proxydhcp arm64 --boot-file bootaa64.efi --until discover --timeout 240 ;;
    *) echo "record-real: unknown target $t (bios, uefi, uefi-ipxe, arm64)" >&2; exit 2 ;;
  esac
done
