# Sourced by the realboot and installer cases (CASE PXESCOPE_BINARY as their arguments): the
# preamble they share, then lab_case_run, which runs the lab once and judges what every case
# judges alike.
#
# The preamble: set -u; CASE and BIN from the case's arguments; LAB (lab/pxescope-lab) and MKROOT
# (lab/mkroot.sh); FAIL when BIN is not built; WORK, a scratch directory removed on exit, named
# after the case script; ROOT=$WORK/tftp, for the case's TFTP root. The lab's --out is $WORK/out.
#
# lab_case_run ARGS...: runs the lab with ARGS, prints its output, keeps it in LAB_OUTPUT.
# Exits the case with 1 when the lab left namespaces behind or did not PASS (the serial console's
# and the responder's last lines printed), with 77 on the lab's SKIP; returns when it passed.
# With LAB_CASE_EXPECT_FAIL=1 (a failure asserted by design) it returns when the lab said FAIL and
# exits with 1 when it passed.
set -u
CASE=${1:?case}
BIN=${2:?pxescope binary}
LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../lab" && pwd)/pxescope-lab
MKROOT=${LAB%/*}/mkroot.sh
[ -x "$BIN" ] || { echo "FAIL: $BIN not built"; exit 1; }
WORK=$(mktemp -d "/tmp/pxescope-$(basename "$0" .sh).XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/tftp

lab_case_run() {
  # Its pid names its namespaces (lab<pid>{lan,rtr,srv}): other labs may run beside it.
  "$LAB" "$@" >"$WORK/lab.txt" 2>&1 &
  local pid=$! rc
  wait "$pid"
  rc=$?
  LAB_OUTPUT=$(cat "$WORK/lab.txt")
  echo "$LAB_OUTPUT"
  # The lab deletes what it made, whatever the verdict.
  local left
  left=$(ip netns list 2>/dev/null | grep -Eo "^lab$(printf '%05d' $((pid % 100000)))(lan|rtr|srv)" | tr '\n' ' ')
  [ -z "$left" ] || { echo "FAIL: the lab left its network namespaces behind: $left"; exit 1; }
  [ $rc = 77 ] && exit 77
  if [ "${LAB_CASE_EXPECT_FAIL:-0}" = 1 ]; then
    [ $rc = 1 ] && echo "$LAB_OUTPUT" | grep -q '^lab: FAIL' && return 0
    echo "FAIL: the lab did not fail as expected (exit $rc)"
    exit 1
  fi
  if [ $rc -ne 0 ]; then
    echo "--- serial console (last lines):"
    tail -c 1500 "$WORK/out/serial.log" 2>/dev/null | tr -d '\033' | tail -15
    echo "--- responder output:"
    tail -20 "$WORK/out/responder.out" 2>/dev/null
    exit 1
  fi
  # The verdict comes from the lab's reading of the capture.
  echo "$LAB_OUTPUT" | grep -q '^lab: PASS' || exit 1
}
