#!/usr/bin/env bash
# Installs every Debian 12 package pxescope needs to build, test and benchmark.
# Idempotent and non-interactive; run as root (or through sudo). `--bench` adds what only the
# benchmarks need (the Qt Wireshark GUI).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# Build.
PKGS=(build-essential cmake ninja-build pkg-config git
      libtins-dev libpcap-dev libpcre2-dev nettle-dev libgtest-dev libgmock-dev libcli11-dev nlohmann-json3-dev
      qt6-base-dev qt6-base-dev-tools libgl-dev
      qt6-svg-dev
      clang-14 libclang-rt-14-dev llvm-14)
# systemd: sd_notify (Type=notify, watchdog) and sd_journal_sendv (responder only); strace checks the
# units' system call filter; systemd-analyze verifies the units.
PKGS+=(libsystemd-dev systemd strace)
# Tests: the decoding oracle, network namespaces, real TFTP clients and peers.
PKGS+=(tshark tcpdump iproute2 procps libcap2-bin
       tftp-hpa atftp curl dnsmasq-base isc-dhcp-relay xvfb xauth)
# Real-firmware boots (lab/: QEMU, firmware, the boot programs of its TFTP root, the signed
# shim → GRUB chain for Secure Boot) and benchmarks.
PKGS+=(qemu-system-x86 seabios ipxe-qemu ovmf pxelinux syslinux-common syslinux-efi ipxe
       shim-signed grub-efi-amd64-signed util-linux bc
       valgrind time tftpd-hpa qemu-system-arm qemu-efi-aarch64)
# Installers to boot to their first screen (issue 11 §3), the HTTP peer of the benchmarks, and the
# Router Advertisement daemon of the IPv6 lab.
PKGS+=(debian-installer-12-netboot-amd64 debian-installer-12-netboot-arm64 nginx-light radvd)
# Debian packages and man pages (issue 14): pandoc writes the pages, man renders them in the
# tests, zsh parses the completion, lintian and desktop-file-validate check the packages.
PKGS+=(pandoc man-db zsh lintian desktop-file-utils)
# --bench: the Qt Wireshark GUI, only for bench/gui/wireshark-open.sh (its open time beside
# ours); never needed to build or test.
[ "${1:-}" = "--bench" ] && PKGS+=(wireshark-qt)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages already installed"
  exit 0
fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
# tshark asks whether non-root users may capture: answer it up front.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# tftpd-hpa, nginx and radvd install system services; the benchmarks start their own instance.
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now tftpd-hpa nginx radvd >/dev/null 2>&1 || true
fi
echo "install-deps: done"
