#!/usr/bin/env bash
# One real-firmware boot in QEMU against `pxescope respond`, through the project's own lab
# (lab/pxescope-lab) in throw-away network namespaces. Exit 0 PASS, 1 FAIL, 77 SKIP (the lab's
# SKIP line says what is missing: root, /dev/net/tun, ip netns, QEMU, a package).
#
# usage: realboot_case.sh CASE PXESCOPE_BINARY
#   CASE: bios | uefi | uefi-ipxe | bios-seed-config | bios-no-router | uefi-secureboot |
#         uefi-secureboot-unsigned
. "$(dirname "$0")/lab_case_run.sh" # CASE BIN LAB MKROOT WORK ROOT, lab_case_run
"$MKROOT" "$ROOT" || { echo "SKIP: the lab's TFTP root needs the packages named above"; exit 77; }

args=(--pxescope "$BIN" --tftp-root "$ROOT" --out "$WORK/out")
booted=1 # diagnose must read a boot from the capture
case $CASE in
  bios) args+=(--firmware bios --timeout 120) ;;
  uefi) args+=(--firmware uefi --timeout 150) ;;
  uefi-ipxe) args+=(--firmware uefi-ipxe --timeout 150) ;;
  bios-seed-config)
    # The seed user's four dnsmasq lines, unchanged but for the subnet and the root:
    # pxelinux lives in pxe/ (its ldlinux.c32 and pxelinux.cfg/ beside it).
    mkdir -p "$ROOT/pxe"
    cp -r "$ROOT/pxelinux.0" "$ROOT/ldlinux.c32" "$ROOT/pxelinux.cfg" "$ROOT/pxe/"
    chmod -R a+rX "$ROOT"
    cat >"$WORK/seed.conf" <<CONF
pxe-service=x86PC,"PXE Netboot",pxe/pxelinux
dhcp-range=192.168.77.0,proxy
tftp-root=$ROOT
enable-tftp
CONF
    args=(--pxescope "$BIN" --config "$WORK/seed.conf" --out "$WORK/out" --firmware bios
      --boot-file pxe/pxelinux.0 --timeout 120) ;;
  bios-no-router) args+=(--firmware bios --no-router --timeout 120) ;;
  uefi-secureboot)
    # The signed chain: Microsoft-signed shim, then Debian-signed GRUB, which must get as far as
    # asking for its grub.cfg. GRUB takes its TFTP server from the DHCP server's siaddr, so
    # pxescope serves in full DHCP mode, alone on the LAN.
    [ -e "$ROOT/shimx64.efi" ] && [ -e "$ROOT/grubx64.efi" ] ||
      { echo "SKIP: the signed chain needs: apt-get install shim-signed grub-efi-amd64-signed"; exit 77; }
    args+=(--firmware uefi-secureboot --no-router --next-regex 'grub\.cfg' --timeout 200) ;;
  uefi-secureboot-unsigned)
    # The negative: Secure Boot is really on. The unsigned syslinux.efi is downloaded, and the
    # firmware refuses to start it ("Access Denied" on its console): it never asks for ldlinux.e64,
    # and diagnose reads nbp-refused from the capture.
    booted=0
    args+=(--firmware uefi-secureboot --no-router --boot-file syslinux.efi
      --serial-regex 'failed to load Boot[0-9]+ "UEFI PXEv4.*Access Denied' --timeout 150) ;;
  *) echo "unknown case $CASE"; exit 2 ;;
esac

lab_case_run "${args[@]}"
out=$LAB_OUTPUT
# diagnose's verdict must agree with the lab's.
if [ $booted = 1 ]; then
  echo "$out" | grep -q '^lab: diagnose: verdict=booted' || { echo "FAIL: diagnose did not read a boot"; exit 1; }
else
  # The story says the firmware stopped after the download, and why (not incomplete-capture).
  echo "$out" | grep -q '^lab: diagnose: verdict=nbp-refused reason: .*unsigned UEFI program.*Secure Boot' ||
    { echo "FAIL: diagnose did not read nbp-refused (Secure Boot refused the unsigned program)"; exit 1; }
  awk -F'\t' '$7 == 1 && $8 ~ /ldlinux/ { found = 1 } END { exit !found }' "$WORK/out/events.tsv" &&
    { echo "FAIL: the refused boot program ran anyway (it asked for ldlinux.e64)"; exit 1; }
fi
exit 0
