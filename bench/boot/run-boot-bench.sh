#!/usr/bin/env bash
# Time to Debian's installer screen on real firmware in QEMU (issue 11 §5), side by side in one run:
# per firmware, pxescope against dnsmasq on the same VM and the same files (Debian's netboot
# installer, lab/mkroot.sh --debian-installer), and pxescope's iPXE + HTTP path (kernel mode)
# against the TFTP path. A benchmark, never a test: no figure is asserted.
#
# The variants of one firmware run interleaved (A, B, C, A, B, C, ...) for --rounds rounds, so that
# the other loads of a shared machine fall on all of them alike; the report gives medians. Per run:
#   screen   the lab's seconds from QEMU's start to "Select a language" on the serial console
#   phase    the transfer phase, from the capture (bench/boot/transfer-phase.sh): the first request
#            of the kernel to the last byte of the initrd
#   load     the 1-minute load average when the run started
#
# usage: bench/boot/run-boot-bench.sh [--rounds N] [--firmware LIST] [--build DIR] [--out DIR]
#   --rounds N        default 3
#   --firmware LIST   default bios,uefi,uefi-secureboot (comma-separated)
#   --out DIR         keeps runs.tsv and each run's lab output (pcaps deleted: 60 MB each)
# Needs root, QEMU, the packages of lab/ and debian-installer-12-netboot-amd64; exit 77 = SKIP.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
LAB=$repo/lab/pxescope-lab
rounds=3 firmware_list=bios,uefi,uefi-secureboot build=$repo/build out=
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=${2:?} ;;
    --firmware) firmware_list=${2:?} ;;
    --build) build=${2:?} ;;
    --out) out=${2:?} ;;
    *) echo "usage: run-boot-bench.sh [--rounds N] [--firmware LIST] [--build DIR] [--out DIR]" >&2; exit 2 ;;
  esac
  shift 2
done
pxescope=$build/bin/pxescope
[ -x "$pxescope" ] || { echo "no $pxescope: cmake --build $build --target pxescope" >&2; exit 1; }
readonly SCREEN='Select a language'
readonly DI=/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64
readonly SHIM=debian-installer/amd64/bootnetx64.efi
[ -r "$DI/initrd.gz" ] || { echo "SKIP: needs apt-get install debian-installer-12-netboot-amd64"; exit 77; }
out=${out:-$(mktemp -d /tmp/pxescope-boot-bench.XXXXXX)}
mkdir -p "$out"
root=$out/di
[ -d "$root" ] || "$repo/lab/mkroot.sh" --debian-installer "$root" || exit 1

# The variants of each firmware, in the order they run within a round.
#   pxescope-tftp / dnsmasq-tftp: the installer's own chain over TFTP, the two responders in the
#     same mode (BIOS: proxyDHCP beside the router; UEFI: the only DHCP server, as GRUB needs it,
#     issue 11 §2): pxelinux.0 or shim → GRUB, then linux + initrd.gz.
#   pxescope-http: kernel mode: iPXE fetches the same linux + initrd.gz over pxescope's HTTP, with
#     the command line of the installer's menu entry (d-i's "--- quiet" included).
readonly FIRMWARE_VARIANTS='
bios            pxescope-tftp dnsmasq-tftp pxescope-http
uefi            pxescope-tftp dnsmasq-tftp pxescope-http
uefi-secureboot pxescope-tftp dnsmasq-tftp
'
# variant_args FIRMWARE VARIANT: the lab's arguments for it, in the array ARGS.
variant_args() {
  local tftp_mode=(--tftp-root "$root" --boot-file pxelinux.0)
  [ "$1" = bios ] || tftp_mode=(--no-router --tftp-root "$root" --boot-file "$SHIM")
  case $2 in
    pxescope-tftp) ARGS=("${tftp_mode[@]}") ;;
    dnsmasq-tftp) ARGS=(--responder dnsmasq "${tftp_mode[@]}") ;;
    pxescope-http) ARGS=(--respond-arg --kernel --respond-arg "$DI/linux" --respond-arg --initrd
      --respond-arg "$DI/initrd.gz" --respond-arg --cmdline --respond-arg "console=ttyS0,115200n8 --- quiet") ;;
  esac
}

load_average() { cut -d' ' -f1 /proc/loadavg; }

# run_one FIRMWARE VARIANT ROUND ARGS...: one boot; appends its line to runs.tsv.
run_one() {
  local firmware=$1 variant=$2 round=$3 dir load text seconds phase
  shift 3
  dir=$out/$firmware-$variant-$round
  load=$(load_average)
  text=$("$LAB" --pxescope "$pxescope" --firmware "$firmware" "$@" --installer-screen "$SCREEN" \
    --timeout 600 --quiet --out "$dir" 2>&1)
  seconds=$(sed -n 's/^lab: PASS .* seconds=\([0-9.]*\) .*/\1/p' <<<"$text")
  phase=$("$here/transfer-phase.sh" "$dir/lab.pcap" 2>&1) || phase="- - - -"
  rm -f "$dir/lab.pcap" "$dir/vars.fd"
  rm -rf "$dir/tftp"
  [ -n "$seconds" ] || { seconds=FAIL; echo "$text" | head -3 >&2; }
  read -r _ _ phase_seconds protocol <<<"$phase"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$firmware" "$variant" "$round" "$seconds" "$phase_seconds" \
    "$protocol" "$load" | tee -a "$out/runs.tsv"
}

printf 'firmware\tvariant\tround\tscreen_s\tphase_s\tprotocol\tload\n' >"$out/runs.tsv"
echo "boot bench: $rounds rounds of $firmware_list; load average at start: $(cut -d' ' -f1-3 /proc/loadavg); output in $out" >&2
for firmware in ${firmware_list//,/ }; do
  read -r _ variants <<<"$(grep "^$firmware " <<<"$FIRMWARE_VARIANTS")"
  [ -n "$variants" ] || { echo "unknown firmware $firmware (bios, uefi, uefi-secureboot)" >&2; exit 2; }
  for round in $(seq "$rounds"); do
    for variant in $variants; do
      variant_args "$firmware" "$variant"
      run_one "$firmware" "$variant" "$round" "${ARGS[@]}"
    done
  done
done
echo "boot bench: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$here/boot-bench-report.sh" "$out/runs.tsv"
