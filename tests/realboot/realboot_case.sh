#!/usr/bin/env bash
# One real-firmware boot (QEMU: SeaBIOS+iPXE, OVMF EDK2, OVMF+iPXE) against
# `pxescope respond`, through ../shared/realboot/realboot.sh, in throw-away network
# namespaces. Exit 0 PASS, 1 FAIL, 77 SKIP (no root, no /dev/net/tun, no ip netns).
#
# usage: realboot_case.sh CASE PXESCOPE_BINARY SHARED_DIR
#   CASE: bios | uefi | uefi-ipxe | bios-seed-config | bios-no-router
set -u
CASE=${1:?case}
BIN=${2:?pxescope binary}
SHARED=${3:?shared dir}
REALBOOT=$SHARED/realboot/realboot.sh

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "realboot needs root (network namespaces, tap devices)"
[ -c /dev/net/tun ] || skip "/dev/net/tun is missing (QEMU needs a tap device)"
ip netns list >/dev/null 2>&1 || skip "ip netns is not available"
[ -x "$REALBOOT" ] || skip "$REALBOOT not found"
[ -x "$BIN" ] || { echo "FAIL: $BIN not built"; exit 1; }

# Set-up: the Debian packages realboot.sh and mkroot.sh need (installed once, quietly).
need=()
for c in qemu-system-x86_64 tshark tcpdump dnsmasq bc; do command -v "$c" >/dev/null || need+=("$c"); done
[ -e /usr/lib/PXELINUX/pxelinux.0 ] || need+=(pxelinux)
[ -e /usr/share/OVMF/OVMF_CODE_4M.fd ] || need+=(ovmf)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing realboot dependencies (missing: ${need[*]})"
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q qemu-system-x86 ipxe-qemu ovmf dnsmasq-base \
    pxelinux syslinux-common syslinux-efi ipxe tshark tcpdump bc >/dev/null ||
    { echo "FAIL: could not install the realboot dependencies"; exit 1; }
fi

WORK=$(mktemp -d /tmp/pxescope-realboot.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/tftp
"$SHARED/realboot/mkroot.sh" "$ROOT" >/dev/null || { echo "FAIL: mkroot.sh failed"; exit 1; }
chmod 755 "$WORK"

RESPOND="'$BIN' respond --iface \"\$RB_IFACE\" --server-ip \"\$RB_SERVER_IP\" --tftp-root \"\$RB_TFTP_ROOT\" --boot-file \"\$RB_BOOT_FILE\""
args=()
case $CASE in
  bios) args=(--firmware bios --boot-file pxelinux.0 --timeout 120) ;;
  uefi) args=(--firmware uefi --boot-file syslinux.efi --timeout 150) ;;
  uefi-ipxe) args=(--firmware uefi-ipxe --boot-file syslinux.efi --timeout 150) ;;
  bios-seed-config)
    # The seed user's four dnsmasq lines, unchanged but for the subnet and the root:
    # pxelinux lives in pxe/ (its ldlinux.c32 and pxelinux.cfg/ beside it).
    mkdir -p "$ROOT/pxe"
    cp -r "$ROOT/pxelinux.0" "$ROOT/ldlinux.c32" "$ROOT/pxelinux.cfg" "$ROOT/pxe/"
    chmod -R a+rX "$ROOT"
    cat > "$WORK/seed.conf" <<CONF
pxe-service=x86PC,"PXE Netboot",pxe/pxelinux
dhcp-range=192.168.77.0,proxy
tftp-root=$ROOT
enable-tftp
CONF
    RESPOND="'$BIN' respond --config '$WORK/seed.conf'"
    args=(--firmware bios --boot-file pxe/pxelinux.0 --timeout 120) ;;
  bios-no-router)
    RESPOND="$RESPOND --dhcp-range \"\$RB_POOL_START,\$RB_POOL_END\" --lease-file \"\$RB_WORKDIR/leases\""
    args=(--firmware bios --no-router --boot-file pxelinux.0 --timeout 120) ;;
  *) echo "unknown case $CASE"; exit 2 ;;
esac

out=$("$REALBOOT" "${args[@]}" --tftp-root "$ROOT" --pcap "$WORK/boot.pcap" --logdir "$WORK/logs" \
      --responder "$RESPOND" 2>&1)
rc=$?
echo "$out" | tail -3
if [ $rc -ne 0 ]; then
  echo "--- responder output:"; tail -20 "$WORK/logs/responder.out" 2>/dev/null
  [ $rc = 2 ] && echo "$out" | grep -qi "missing\|apt-get" && skip "realboot dependencies missing"
  exit 1
fi
echo "$out" | grep -q "^realboot: PASS" || exit 1
exit 0
