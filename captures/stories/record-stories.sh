#!/usr/bin/env bash
# Records captures/stories/*.pcap: real firmware boots in QEMU against deliberately broken
# responders (story-responder.sh), one at a time, through the project's lab (lab/pxescope-lab).
# Each expected verdict is in MANIFEST. Needs root, /dev/net/tun, ip netns, dnsmasq.
# Usage: captures/stories/record-stories.sh [NAME ...]   (default: all)
# PXESCOPE_BIN: the pxescope binary for the pxescope stories (default build/bin/pxescope).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lab=$here/../../lab
work=$(mktemp -d /tmp/pxescope-record-stories.XXXXXX)
trap 'rm -rf "$work"' EXIT
tftp_root=$work/tftp
"$lab/mkroot.sh" "$tftp_root" || exit 2
export PXESCOPE_BIN=${PXESCOPE_BIN:-$here/../../build/bin/pxescope}

record() {  # name firmware variant timeout [lab args...]
  local name=$1 fw=$2 variant=$3 timeout=$4; shift 4
  echo "record-stories: $name ($fw, $variant)"
  local responder=(--responder-cmd "exec $here/story-responder.sh $variant")
  [ "$variant" = none ] && responder=(--responder none)
  "$lab/pxescope-lab" --firmware "$fw" "${responder[@]}" --tftp-root "$tftp_root" \
    --out "$work/$name" --pcap "$here/$name.pcap" --timeout "$timeout" "$@" || true
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(bios-booted bios-no-tftp bios-missing-file uefi-wrong-arch
                                     uefi-block-4011 bios-two-proxies bios-chainload-loop
                                     bios-no-responder uefi-no-responder bios-no-dhcp
                                     bios-pxescope-no-tftp bios-pxescope-missing-file
                                     uefi-pxescope-wrong-arch bios-ipxe-http bios-ipxe-http-404
                                     bios-ipxe-no-http)
for t in "${targets[@]}"; do
  case $t in
    bios-booted) record "$t" bios ok 90 --boot-file pxelinux.0 --next-regex 'pxelinux\.cfg/' ;;
    bios-no-tftp) record "$t" bios no-tftp 45 --boot-file pxelinux.0 ;;
    bios-missing-file) record "$t" bios missing-file 45 --boot-file pxelinux.0 ;;
    uefi-wrong-arch) record "$t" uefi wrong-arch 45 --boot-file syslinux.efi ;;
    uefi-block-4011) record "$t" uefi block-4011 45 --boot-file syslinux.efi ;;
    bios-two-proxies) record "$t" bios two-proxies 60 --boot-file pxelinux.0 ;;
    bios-chainload-loop) record "$t" bios chainload 60 --boot-file pxelinux.0 ;;
    bios-no-responder) record "$t" bios none 45 --boot-file pxelinux.0 ;;
    uefi-no-responder) record "$t" uefi none 45 --boot-file syslinux.efi ;;
    bios-no-dhcp) record "$t" bios none 30 --no-router --boot-file pxelinux.0 ;;
    bios-pxescope-no-tftp) record "$t" bios px-no-tftp 45 --boot-file pxelinux.0 ;;
    bios-pxescope-missing-file) record "$t" bios px-missing-file 45 --boot-file pxelinux.0 ;;
    uefi-pxescope-wrong-arch) record "$t" uefi px-wrong-arch 45 --boot-file syslinux.efi ;;
    bios-ipxe-http) record "$t" bios ipxe-http 40 --no-router --boot-file pxelinux.0 ;;
    bios-ipxe-http-404) record "$t" bios ipxe-http-404 40 --no-router --boot-file pxelinux.0 ;;
    bios-ipxe-no-http) record "$t" bios ipxe-no-http 40 --no-router --boot-file pxelinux.0 ;;
    *) echo "record-stories: unknown story $t" >&2; exit 2 ;;
  esac
done
