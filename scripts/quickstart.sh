#!/usr/bin/env bash
# Installs the Debian packages, builds pxescope, and runs the main job on a bundled real
# firmware capture: `pxescope analyze` (one line per DHCP packet), then the PXE DISCOVER's tree.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DPXESCOPE_GUI=ON >/dev/null
cmake --build build -j"$(nproc)"
capture=captures/real/seabios-ipxe-proxydhcp.pcap
[ -f "$capture" ] || capture=$(ls captures/real/*.pcap | head -1)
echo "== build/bin/pxescope analyze $capture =="
build/bin/pxescope analyze "$capture"
echo
echo "== build/bin/pxescope analyze -V --pxe-only $capture (first packet) =="
build/bin/pxescope analyze -V --pxe-only "$capture" | awk 'NR>1 && /^Frame /{exit} {print}'
