# A TFTP root holding Debian's netboot installer (debian-installer-12-netboot-amd64), made to come
# up on the serial console by itself: a COPY of the package's tree in which every kernel command
# line of pxelinux's menus and GRUB's grub.cfg gets console=ttyS0 (the installer then runs its
# text frontend on COM1), and both menus boot their first entry at once instead of waiting for a
# key. The package's own files are never changed. Sourced by mkroot.sh (set -e).
#
#   BIOS      pxelinux.0 → ldlinux.c32 → pxelinux.cfg/default → vesamenu.c32 → linux + initrd.gz
#   UEFI      debian-installer/amd64/bootnetx64.efi (shim, Microsoft-signed)
#             → debian-installer/amd64/grubx64.efi (Debian-signed; prefix /debian-installer/amd64/grub)
#             → grub/grub.cfg → linux + initrd.gz

readonly DI_IMAGES_DEFAULT=/usr/lib/debian-installer/images/12/amd64/text
readonly DI_CONSOLE="console=ttyS0,115200n8"

# installer_root_compose DIR: fills DIR; exit 2 naming the package when it is not installed.
installer_root_compose() {
  local root=$1 images=${PXESCOPE_DI_IMAGES:-$DI_IMAGES_DEFAULT}
  if [ ! -e "$images/pxelinux.0" ] || [ ! -e "$images/debian-installer/amd64/initrd.gz" ]; then
    echo "mkroot: no netboot installer in $images; install with: apt-get install debian-installer-12-netboot-amd64" >&2
    exit 2
  fi
  mkdir -p "$root"
  # -L: the package's pxelinux.cfg/default and ldlinux.c32 are symlinks; the root gets files
  # (a TFTP server confined to its root does not follow links out of it).
  cp -rL "$images/." "$root/"
  chmod -R u+w "$root"
  local amd64=$root/debian-installer/amd64
  installer_root_pxelinux "$amd64/boot-screens" "$root/pxelinux.cfg/default"
  installer_root_grub "$amd64/grub/grub.cfg"
  chmod -R a+rX "$root"
}

# pxelinux: console=ttyS0 on every append line (before d-i's "---"); its own messages on COM1 too;
# the menu's "timeout 0" (wait for ever) becomes 0.1 s, so the default entry (Install) boots.
installer_root_pxelinux() {
  local screens=$1 default=$2 cfg
  for cfg in "$screens"/*.cfg; do
    sed -i -E "s/^([[:space:]]*append[[:space:]].*) ---/\1 $DI_CONSOLE ---/" "$cfg"
  done
  for cfg in "$screens/syslinux.cfg" "$default"; do
    sed -i -E -e 's/^timeout 0$/timeout 1/' -e '1i serial 0 115200' "$cfg"
  done
}

# GRUB: its menu on the serial console, the first entry (Install) after 1 s, console=ttyS0 on
# every linux line. gfxterm would take the output away from the serial port: dropped.
installer_root_grub() {
  local cfg=$1
  sed -i -E -e "s/^([[:space:]]*linux[[:space:]].*) ---/\1 $DI_CONSOLE ---/" \
    -e '/terminal_output gfxterm/d' "$cfg"
  sed -i '1i serial --unit=0 --speed=115200\nterminal_input serial console\nterminal_output serial console\nset timeout=1\nset default=0' "$cfg"
}
