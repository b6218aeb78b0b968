# A TFTP root holding Debian's netboot installer (debian-installer-12-netboot-amd64 and, when
# installed, -arm64), made to come up on the serial console by itself: a COPY of each package's
# tree in which every kernel command line of pxelinux's menus and GRUB's grub.cfg gets the serial
# console (the installer then runs its text frontend there), and both menus boot their first entry
# at once instead of waiting for a key. The packages' own files are never changed. Sourced by
# mkroot.sh (set -e).
#
#   BIOS      pxelinux.0 → ldlinux.c32 → pxelinux.cfg/default → vesamenu.c32 → linux + initrd.gz
#   UEFI x64  debian-installer/amd64/bootnetx64.efi (shim, Microsoft-signed)
#             → debian-installer/amd64/grubx64.efi (Debian-signed; prefix /debian-installer/amd64/grub)
#             → grub/grub.cfg → linux + initrd.gz
#   arm64     debian-installer/arm64/bootnetaa64.efi (shim) → grubaa64.efi → grub/grub.cfg
#             → linux + initrd.gz (console=ttyAMA0: the PL011 of QEMU's virt machine)

# arch | its package | images (default; PXESCOPE_DI_IMAGES / PXESCOPE_DI_IMAGES_ARM64 override) |
# the kernel's serial console | GRUB's terminal
#   GRUB "serial": its own COM1 driver (gfxterm would take the output away from it);
#   GRUB "efi": the firmware's console, which AAVMF already puts on the serial port (arm64 GRUB has
#   no COM1: `serial --unit=0` would only print an error).
readonly DI_ARCH_TABLE="
amd64 debian-installer-12-netboot-amd64 /usr/lib/debian-installer/images/12/amd64/text ttyS0   serial
arm64 debian-installer-12-netboot-arm64 /usr/lib/debian-installer/images/12/arm64/text ttyAMA0 efi
"

# installer_root_images ARCH DEFAULT: where that architecture's tree is read from.
installer_root_images() {
  case $1 in
    amd64) echo "${PXESCOPE_DI_IMAGES:-$2}" ;;
    arm64) echo "${PXESCOPE_DI_IMAGES_ARM64:-$2}" ;;
  esac
}

# installer_root_compose DIR: fills DIR with every installed architecture's tree; exit 2 naming the
# packages when none is installed. A missing architecture is left out (its test SKIPs by name).
installer_root_compose() {
  local root=$1 arch package default console term images found=0 packages=()
  while read -r arch package default console term; do
    [ -n "$arch" ] || continue
    packages+=("$package")
    images=$(installer_root_images "$arch" "$default")
    [ -e "$images/debian-installer/$arch/initrd.gz" ] || continue
    found=1
    mkdir -p "$root"
    # -L: the package's pxelinux.cfg/default and ldlinux.c32 are symlinks; the root gets files
    # (a TFTP server confined to its root does not follow links out of it).
    cp -rL "$images/." "$root/"
    chmod -R u+w "$root"
    local tree=$root/debian-installer/$arch
    [ ! -d "$tree/boot-screens" ] || installer_root_pxelinux "$tree/boot-screens" "$root/pxelinux.cfg/default" "$console"
    installer_root_grub "$tree/grub/grub.cfg" "$console" "$term"
  done <<<"$DI_ARCH_TABLE"
  if [ $found = 0 ]; then
    echo "mkroot: no netboot installer in /usr/lib/debian-installer/images/12; install with: apt-get install ${packages[*]}" >&2
    exit 2
  fi
  chmod -R a+rX "$root"
}

# pxelinux: the serial console on every append line (before d-i's "---"); its own messages on COM1
# too; the menu's "timeout 0" (wait for ever) becomes 0.1 s, so the default entry (Install) boots.
installer_root_pxelinux() {
  local screens=$1 default=$2 console=$3 cfg
  for cfg in "$screens"/*.cfg; do
    sed -i -E "s/^([[:space:]]*append[[:space:]].*) ---/\1 console=$console,115200n8 ---/" "$cfg"
  done
  for cfg in "$screens/syslinux.cfg" "$default"; do
    sed -i -E -e 's/^timeout 0$/timeout 1/' -e '1i serial 0 115200' "$cfg"
  done
}

# GRUB: the first entry (Install) after 1 s, the serial console on every linux line, its menu on
# the serial port (TERM: serial = GRUB's COM1 driver, gfxterm dropped; efi = the firmware's).
installer_root_grub() {
  local cfg=$1 console=$2 term=$3 header='set timeout=1\nset default=0'
  sed -i -E -e "s/^([[:space:]]*linux[[:space:]].*) ---/\1 console=$console,115200n8 ---/" \
    -e '/terminal_output gfxterm/d' "$cfg"
  [ "$term" = serial ] &&
    header="serial --unit=0 --speed=115200\nterminal_input serial console\nterminal_output serial console\n$header"
  sed -i "1i $header" "$cfg"
}
