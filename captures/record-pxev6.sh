#!/usr/bin/env bash
# Records captures/ipv6/ovmf-pxev6-*.pcap: OVMF (EDK2's own PXE, virtio-net) on a dual-stack LAN
# of the project's lab (lab/pxescope-lab --ipv6 ...): the home router's plain DHCPv4 (no boot
# file, no proxyDHCP) and dnsmasq at fd00:77::2 as DHCPv6 server + RA (+ TFTP over IPv6).
# PXEv4 fails (PXE-E16), OVMF falls back to PXEv6.
# Needs root, /dev/net/tun, ip netns and the packages of scripts/install-deps.sh.
# Usage: captures/record-pxev6.sh [fallback|no-bootfile ...]   (default: both; 2-4 min each)
#   fallback     only IPv6 offers a boot file (option 59 tftp://[fd00:77::2]/syslinux.efi):
#                PXEv6 downloads it (Debian's syslinux.efi speaks only IPv4, so nothing follows)
#   no-bootfile  neither side offers one: the DHCPv6 Advertise/Reply carry no option 59
# Each capture is cut before OVMF's next boot option, HTTP boot (its first "HTTPClient" frame).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lab=$here/../lab
out=$here/ipv6
mkdir -p "$out"
work=$(mktemp -d /tmp/pxescope-record-pxev6.XXXXXX)
trap 'rm -rf "$work"' EXIT

record() { # name ipv6-mode timeout
  local name=$1 n rc=0
  echo "record-pxev6: $name (--ipv6 $2)"
  # No pass condition fits both cases: the run ends on its timeout (exit 1 is expected).
  "$lab/pxescope-lab" --firmware uefi --responder none --ipv6 "$2" --boot-file syslinux.efi \
    --until next-file --next-regex 'ldlinux\.e64' --timeout "$3" --out "$work/$name" || rc=$?
  [ "$rc" -le 1 ] && [ -s "$work/$name/lab.pcap" ] || { echo "record-pxev6: $name: the lab failed ($rc)" >&2; exit 1; }
  n=$(tshark -r "$work/$name/lab.pcap" -Y 'frame contains "HTTPClient"' -T fields -e frame.number | head -1)
  if [ -n "$n" ]; then
    editcap -r "$work/$name/lab.pcap" "$out/$name.pcap" "1-$((n - 1))"
  else
    cp "$work/$name/lab.pcap" "$out/$name.pcap"
  fi
  echo "record-pxev6: $out/$name.pcap ($(capinfos -c -M "$out/$name.pcap" | sed -n 's/^Number of packets: *//p') frames)"
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fallback no-bootfile)
for t in "${targets[@]}"; do
  case $t in
    fallback) record ovmf-pxev6-fallback dnsmasq 200 ;;
    no-bootfile) record ovmf-pxev6-no-bootfile dnsmasq-no-bootfile 200 ;;
    *) echo "record-pxev6: unknown target $t (fallback, no-bootfile)" >&2; exit 2 ;;
  esac
done
