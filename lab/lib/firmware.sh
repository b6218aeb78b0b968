# The firmware the lab boots, as one table, and the QEMU command line for each.
# QEMU runs under TCG (software emulation) by default: KVM is often unusable when nested.

# name | PXE arch (option 93) | QEMU binary | machine | firmware code | variable store | NIC | option ROM | default boot file
#   option ROM "ipxe": QEMU's own iPXE ROM for the NIC (ipxe-qemu); "none": the firmware's own PXE stack.
readonly FIRMWARE_TABLE="
bios            0  qemu-system-x86_64  pc           -                                            -                                        e1000   ipxe  pxelinux.0
uefi            7  qemu-system-x86_64  q35          /usr/share/OVMF/OVMF_CODE_4M.fd              /usr/share/OVMF/OVMF_VARS_4M.fd          virtio  none  syslinux.efi
uefi-ipxe       7  qemu-system-x86_64  q35          /usr/share/OVMF/OVMF_CODE_4M.fd              /usr/share/OVMF/OVMF_VARS_4M.fd          e1000   ipxe  syslinux.efi
uefi-http       16 qemu-system-x86_64  q35          /usr/share/OVMF/OVMF_CODE_4M.fd              /usr/share/OVMF/OVMF_VARS_4M.fd          virtio  none  syslinux.efi
uefi-secureboot 7  qemu-system-x86_64  q35,smm=on   /usr/share/OVMF/OVMF_CODE_4M.secboot.fd      /usr/share/OVMF/OVMF_VARS_4M.ms.fd       virtio  none  shimx64.efi
arm64           11 qemu-system-aarch64 virt         /usr/share/AAVMF/AAVMF_CODE.fd               /usr/share/AAVMF/AAVMF_VARS.fd           virtio  none  -
"
# The Debian package that provides each binary or file the table names.
firmware_package_of() {
  case $1 in
    qemu-system-x86_64) echo qemu-system-x86 ;;
    qemu-system-aarch64) echo qemu-system-arm ;;
    /usr/share/OVMF/*) echo ovmf ;;
    /usr/share/AAVMF/*) echo qemu-efi-aarch64 ;;
    /usr/share/seabios/*) echo seabios ;;
    /usr/lib/ipxe/qemu/*) echo ipxe-qemu ;;
    *) echo "$1" ;;
  esac
}

firmware_names() { awk 'NF { printf "%s%s", sep, $1; sep = "," }' <<<"$FIRMWARE_TABLE"; }

# firmware_load NAME: sets FW_ARCH FW_QEMU FW_MACHINE FW_CODE FW_VARS FW_NIC FW_ROM FW_BOOT_FILE.
firmware_load() {
  local row
  row=$(awk -v n="$1" '$1 == n' <<<"$FIRMWARE_TABLE")
  [ -n "$row" ] || return 1
  read -r _ FW_ARCH FW_QEMU FW_MACHINE FW_CODE FW_VARS FW_NIC FW_ROM FW_BOOT_FILE <<<"$row"
  [ "$FW_BOOT_FILE" != - ] || FW_BOOT_FILE=
}

# Registers (need) what booting the loaded firmware requires.
firmware_need() {
  need "$FW_QEMU" "$(firmware_package_of "$FW_QEMU")"
  if [ "$FW_CODE" = - ]; then
    need /usr/share/seabios/bios-256k.bin seabios
  else
    need "$FW_CODE" "$(firmware_package_of "$FW_CODE")"
    need "$FW_VARS" "$(firmware_package_of "$FW_VARS")"
  fi
  [ "$FW_ROM" != ipxe ] || need "/usr/lib/ipxe/qemu/efi-$FW_NIC.rom" ipxe-qemu
}

# firmware_qemu_command WORKDIR TAP MAC UUID MEMORY ACCEL: fills the array QEMU_CMD.
firmware_qemu_command() {
  local work=$1 tap=$2 mac=$3 uuid=$4 memory=$5 accel=$6 device rom=""
  case $FW_NIC in e1000) device=e1000 ;; *) device=virtio-net-pci ;; esac
  # An empty romfile keeps QEMU's iPXE ROM off the NIC, so the firmware's own PXE stack runs.
  [ "$FW_ROM" = ipxe ] || rom=",romfile="
  [ "$FW_QEMU" = qemu-system-aarch64 ] && accel=tcg
  QEMU_CMD=("$FW_QEMU" -machine "$FW_MACHINE" -accel "$accel" -m "$memory" -uuid "$uuid"
    -display none -monitor none -serial "file:$work/serial.log" -no-reboot
    -netdev "tap,id=lan,ifname=$tap,script=no,downscript=no"
    -device "$device,netdev=lan,mac=$mac,bootindex=1$rom")
  [ "$FW_QEMU" = qemu-system-aarch64 ] && QEMU_CMD+=(-cpu cortex-a57)
  if [ "$FW_CODE" = - ]; then
    # SeaBIOS mirrors its text screen (iPXE's messages included) to COM1 (0x3f8) when told so.
    printf '\xf8\x03' >"$work/sercon-port"
    QEMU_CMD+=(-boot order=n -fw_cfg "name=etc/sercon-port,file=$work/sercon-port")
    return
  fi
  # The variable store is written by the firmware: each run gets its own copy.
  cp "$FW_VARS" "$work/vars.fd"
  # UEFI HTTP boot: OVMF's PXEv4 and PXEv6 entries switched off, so HTTPv4 is its first try
  # (else it waits out both PXE attempts first).
  [ "$FW_ARCH" = 16 ] && QEMU_CMD+=(-fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=n
    -fw_cfg name=opt/org.tianocore/IPv6PXESupport,string=n)
  # An IPv6-only LAN (--ipv6-only): PXEv4 off, PXEv6 is the first try (saves its ~64 s timeout).
  [ "${IPV6_ONLY:-0}" = 1 ] && [ "$FW_ARCH" != 16 ] &&
    QEMU_CMD+=(-fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=n)
  [[ $FW_MACHINE == *smm=on* ]] && QEMU_CMD+=(-global driver=cfi.pflash01,property=secure,value=on)
  QEMU_CMD+=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$FW_CODE"
    -drive "if=pflash,format=raw,unit=1,file=$work/vars.fd")
}
