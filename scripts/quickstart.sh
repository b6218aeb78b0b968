#!/usr/bin/env bash
# Installs the Debian packages, builds pxescope, and runs the main job on a bundled real
# firmware capture: `pxescope analyze --dhcp` (one line per DHCP packet), then the PXE DISCOVER's tree.
#   scripts/quickstart.sh                            install, build, analyze
#   scripts/quickstart.sh --analyze-only [CAPTURE]   only the analysis ($PXESCOPE: the binary)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != --analyze-only ]; then
  scripts/install-deps.sh
  cmake -S . -B build -G Ninja -DPXESCOPE_GUI=ON >/dev/null
  cmake --build build -j"$(nproc)"
fi
pxescope=${PXESCOPE:-build/bin/pxescope}
capture=${2:-captures/real/seabios-ipxe-proxydhcp.pcap}
[ -f "$capture" ] || capture=$(ls captures/real/*.pcap | head -1)
echo "== $pxescope analyze --dhcp $capture =="
"$pxescope" analyze --dhcp "$capture"
echo
echo "== $pxescope analyze -V --pxe-only $capture (first packet) =="
# awk reads to the end instead of exiting after the first packet: an early exit would kill
# pxescope with SIGPIPE, and pipefail would make this script exit 141.
"$pxescope" analyze -V --pxe-only "$capture" | awk 'NR>1 && /^Frame /{done=1} !done{print}'
