#!/usr/bin/env bash
# Records captures/real/*.pcap: real firmware network boots in QEMU (software emulation)
# against the reference dnsmasq proxyDHCP, through ../shared/realboot/realboot.sh.
# Needs root, /dev/net/tun, ip netns and the packages of scripts/install-deps.sh.
# Usage: captures/record-real.sh [bios|bios-virtio|bios-fulldhcp|uefi|uefi-ipxe|arm64-uefi ...]
#        (default: all six)
# Each boot takes 10-40 s; they run one after the other.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
realboot=${PXESCOPE_SHARED_DIR:-$here/../../shared}/realboot
out=$here/real
mkdir -p "$out"
tftp_root=$(mktemp -d /tmp/pxescope-tftp.XXXXXX)
trap 'rm -rf "$tftp_root"' EXIT
"$realboot/mkroot.sh" "$tftp_root" >/dev/null

record() {  # name firmware realboot-args...
  local name=$1 fw=$2; shift 2
  echo "record-real: $name ($fw)"
  "$realboot/realboot.sh" --firmware "$fw" --responder dnsmasq-proxy --tftp-root "$tftp_root" \
    --pcap "$out/$name.pcap" --discover-txt "$out/$name.discover.txt" "$@"
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(bios bios-virtio bios-fulldhcp uefi uefi-ipxe arm64-uefi)
for t in "${targets[@]}"; do
  case $t in
    # Whole boot: DHCP, PXE menu + 4011, pxelinux.0, ldlinux.c32 and the config search.
    bios) record seabios-ipxe-proxydhcp bios --boot-file pxelinux.0 --timeout 90 ;;
    # The same boot through iPXE's virtio-net driver (another NIC, another UNDI version).
    bios-virtio) record seabios-ipxe-virtio-proxydhcp bios --nic virtio --boot-file pxelinux.0 --timeout 90 ;;
    # dnsmasq as the LAN's only DHCP server (full DHCP, PXE menu, 4011), no router at all.
    bios-fulldhcp) record seabios-ipxe-fulldhcp-norouter bios --responder dnsmasq-full --no-router \
                     --boot-file pxelinux.0 --timeout 90 ;;
    # EDK2's own PXE: DORA, 4011 REQUEST/ACK, tsize probe + ERROR 8, then syslinux.efi.
    # Stops when syslinux.efi is transferred: the rest (ldlinux.e64) would only add size.
    uefi) record ovmf-edk2-proxydhcp uefi --boot-file syslinux.efi --until boot-file --timeout 120 ;;
    uefi-ipxe) record ovmf-ipxe-proxydhcp uefi-ipxe --boot-file syslinux.efi --until boot-file --timeout 150 ;;
    # AAVMF is slow under TCG and no arm64 boot file is shipped: the first DISCOVER is enough.
    arm64-uefi) record aavmf-arm64-proxydhcp arm64-uefi --until discover --timeout 240 ;;
    *) echo "record-real: unknown target $t" >&2; exit 2 ;;
  esac
done
