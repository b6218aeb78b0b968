#!/usr/bin/env bash
# Where a lockstep TFTP transfer's time goes: the server's turnaround (a client's ACK to the next
# DATA block) against the client's (a DATA block to its ACK), read from the lab's events.tsv
# (tshark on the bridge; lab/lib/lan.sh names its columns: 2 time, 7 opcode). Under TCG the
# client's side is the emulated boot program, and it swings with the host's load.
# usage: bench/boot/tftp-turnaround.sh EVENTS.TSV...
# prints per events file (one boot, all its transfers): DATA blocks, server and client ms per
# block (means), and the seconds each side holds of the whole.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: tftp-turnaround.sh EVENTS.TSV..." >&2; exit 2; }
for events in "$@"; do
  awk -F'\t' -v name="$events" '
    $7 == 3 || $7 == 4 {
      if ($7 == 3 && last == 4) { server += $2 - at; blocks++ }
      if ($7 == 4 && last == 3) { client += $2 - at }
      last = $7; at = $2
    }
    END {
      if (!blocks) { printf "%s: no TFTP blocks\n", name; exit }
      printf "%s: %d blocks, server %.3f ms/block (%.1f s), client %.3f ms/block (%.1f s)\n",
        name, blocks, server / blocks * 1000, server, client / blocks * 1000, client
    }' "$events"
done
