#!/usr/bin/env bash
# A deliberately broken (or correct) PXE responder for pxescope-lab --responder-cmd, run inside its
# server network namespace with the LAB_* variables set (lab/README.md). Usage: story-responder.sh VARIANT
#   ok            dnsmasq proxyDHCP + TFTP, the right file for the client's arch
#   no-tftp       proxyDHCP without enable-tftp (the seed's bug)
#   missing-file  a boot file that is not in the TFTP root
#   wrong-arch    a BIOS file (pxelinux.0) for a UEFI client
#   block-4011    correct dnsmasq, but incoming UDP 4011 refused by a policy-routing rule
#                 placed before the local table (like a firewall's reject; needs no
#                 nft/iptables/tc action modules)
#   two-proxies   dnsmasq plus pxescope respond at a second address (.3) offering pxelinux.0
#   chainload     dnsmasq plus pxescope respond at the same address offering undionly.kpxe
#                 to everybody, iPXE itself included (the classic chainload loop)
#   ipxe-http     dnsmasq as the only DHCP server (run with --no-router) handing iPXE the URL of a
#                 script on python3 -m http.server; the script fetches a kernel and an initrd
#                 (small stand-ins) with imgfetch
#   ipxe-http-404 the same without the kernel file (404)
#   ipxe-no-http  the same without the HTTP server (TCP reset)
#   px-no-tftp, px-missing-file, px-wrong-arch
#                 the same mistakes made with `pxescope respond` instead of dnsmasq
set -euo pipefail
variant=${1:?variant}
here=$(cd "$(dirname "$0")" && pwd)
conf=$LAB_WORKDIR/story-dnsmasq.conf
case $LAB_CLIENT_ARCH in
  0) csa=x86PC good=pxelinux ;;      # dnsmasq appends .0 for x86PC
  7) csa=x86-64_EFI good=syslinux.efi ;;
  11) csa=ARM64_EFI good=bootaa64.efi ;;
  *) csa=x86-64_EFI good=syslinux.efi ;;
esac
file=$good tftp=1
pxescope=${PXESCOPE_BIN:-$here/../../build/bin/pxescope}
case $variant in
  px-*)  # pxescope respond: --boot-file is the whole name (no dnsmasq ".0" rule)
    file=$([ "$LAB_CLIENT_ARCH" = 0 ] && echo pxelinux.0 || echo syslinux.efi)
    args=(respond -i "$LAB_IFACE" --server-ip "$LAB_SERVER_IP" --proxy --tftp-root "$LAB_TFTP_ROOT")
    case $variant in
      px-no-tftp) args+=(--no-tftp) ;;
      px-missing-file) file=$([ "$LAB_CLIENT_ARCH" = 0 ] && echo missing.0 || echo missing.efi) ;;
      px-wrong-arch) file=$([ "$LAB_CLIENT_ARCH" = 0 ] && echo syslinux.efi || echo pxelinux.0) ;;
      *) echo "story-responder: unknown variant $variant" >&2; exit 2 ;;
    esac
    exec "$pxescope" "${args[@]}" --boot-file "$file"
    ;;
esac
if [[ $variant == ipxe-* ]]; then
  www=$LAB_WORKDIR/www
  mkdir -p "$www"
  printf '#!ipxe\nimgfetch http://%s/vmlinuz\nimgfetch http://%s/initrd.img\necho fetched\n' \
    "$LAB_SERVER_IP" "$LAB_SERVER_IP" >"$www/boot.ipxe"
  [ "$variant" = ipxe-http-404 ] || head -c 120000 /dev/urandom >"$www/vmlinuz"
  head -c 160000 /dev/urandom >"$www/initrd.img"
  [ "$variant" = ipxe-no-http ] ||
    (cd "$www" && exec python3 -m http.server 80 --bind "$LAB_SERVER_IP") >"$LAB_WORKDIR/http.log" 2>&1 &
  exec dnsmasq --keep-in-foreground --port=0 --interface="$LAB_IFACE" --bind-interfaces \
    --user=root --group=root --dhcp-range="${LAB_SERVER_IP%.*}.100,${LAB_SERVER_IP%.*}.199,1h" \
    --dhcp-boot="http://$LAB_SERVER_IP/boot.ipxe" --log-dhcp \
    --log-facility="$LAB_WORKDIR/story-dnsmasq.log"
fi
case $variant in
  ok | block-4011 | two-proxies | chainload) ;;
  no-tftp) tftp=0 ;;
  missing-file) [ "$LAB_CLIENT_ARCH" = 0 ] && file=missing || file=missing.efi ;;
  wrong-arch) [ "$LAB_CLIENT_ARCH" = 0 ] && file=syslinux.efi || file=pxelinux.0 ;;
  *) echo "story-responder: unknown variant $variant" >&2; exit 2 ;;
esac
{
  echo "port=0"
  echo "interface=$LAB_IFACE"
  echo "bind-interfaces"
  echo "user=root"
  echo "group=root"
  echo "dhcp-range=$LAB_SUBNET,proxy"
  echo "pxe-service=$csa,\"PXE Netboot\",$file"
  [ "$tftp" = 1 ] && { echo "enable-tftp"; echo "tftp-root=$LAB_TFTP_ROOT"; }
  echo "log-dhcp"
  echo "log-facility=$LAB_WORKDIR/story-dnsmasq.log"
} >"$conf"
if [ "$variant" = block-4011 ]; then
  ip rule add pref 10 ipproto udp dport 4011 prohibit
  ip rule add pref 20 lookup local
  ip rule del pref 0
fi
if [ "$variant" = two-proxies ]; then
  second=${LAB_SERVER_IP%.*}.3
  ip addr add "$second/$LAB_PREFIX" dev "$LAB_IFACE"
  "$pxescope" respond -i "$LAB_IFACE" --server-ip "$second" --proxy --tftp-root "$LAB_TFTP_ROOT" \
    --boot-file pxelinux.0 >"$LAB_WORKDIR/story-respond.log" 2>&1 &
fi
if [ "$variant" = chainload ]; then
  "$pxescope" respond -i "$LAB_IFACE" --server-ip "$LAB_SERVER_IP" --proxy --no-tftp \
    --boot-file undionly.kpxe >"$LAB_WORKDIR/story-respond.log" 2>&1 &
fi
exec dnsmasq --keep-in-foreground --conf-file="$conf"
