#!/usr/bin/env bash
# netns_left_after_kill.sh TEST_BINARY...: no network namespace outlives a killed test.
# Each binary, and a script made like the bench scripts (sourcing scripts/private-netns.sh),
# runs twice; once it holds a namespace of its own (named after its pid, or the
# process itself in an anonymous one) it is killed with SIGTERM, then with SIGKILL in the second
# run: no cleanup code of the test runs. Afterwards nothing of it may be left: no name in
# `ip netns list`, and no process or mount anywhere still holding one of its namespaces.
# Exit 77 (SKIP) without root.
set -u
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root to create network namespaces"; exit 77; }
command -v ip >/dev/null || { echo "SKIP: no ip (iproute2)"; exit 77; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# namespaces_of PID: the inodes of the network namespaces PID holds: its own when it left ours,
# and those mounted under a /run/netns name containing its pid (in whatever mount namespace).
namespaces_of() {
  local pid=$1 own
  own=$(readlink "/proc/$pid/ns/net" 2>/dev/null) || return 0
  [ "$own" = "$(readlink /proc/self/ns/net)" ] || echo "$own"
  awk -v pid="$pid" '/ - nsfs / && $5 ~ "^/run/netns/.*[a-z]" pid "$" {print $4}' \
    "/proc/$pid/mountinfo" 2>/dev/null
}

# holders NS: what still holds namespace NS ("net:[inode]"): processes in it, mounts of it.
holders() {
  find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/net' -lname "$1" 2>/dev/null |
    sed 's|^/proc/\([0-9]*\)/.*|process \1|'
  grep -lF -- " $1 " /proc/[0-9]*/mountinfo 2>/dev/null | sed 's/^/mount seen by /'
}

kill_and_check() {
  local binary=$1 signal=$2 pid held=() again=() waited ns left failed_before=$failures
  "$binary" >"/tmp/netns_left_after_kill.$$.log" 2>&1 &
  pid=$!
  for ((waited = 0; waited < 600; waited++)); do  # at most 60 s to reach its namespaces
    mapfile -t held < <(namespaces_of "$pid")
    [ ${#held[@]} -gt 0 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ ${#held[@]} -eq 0 ]; then
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    fail "$(basename "$binary") never entered a namespace of its own (log:" \
      "$(tail -3 "/tmp/netns_left_after_kill.$$.log"))"
    return
  fi
  sleep 1  # let it build all its namespaces and veth pairs and start what runs inside
  mapfile -t again < <(namespaces_of "$pid" | sort -u)
  [ ${#again[@]} -eq 0 ] || held=("${again[@]}")
  kill "-$signal" "$pid"
  wait "$pid" 2>/dev/null
  for ns in "${held[@]}"; do
    local deadline=$((SECONDS + 15))  # what it started may take a moment to die
    while left=$(holders "$ns") && [ -n "$left" ] && [ "$SECONDS" -lt "$deadline" ]; do
      sleep 0.2
    done
    [ -z "$left" ] || fail "$(basename "$binary") killed by SIG$signal left $ns held by" \
      "$(wc -l <<<"$left") processes or mount tables, first:" $(head -3 <<<"$left")
  done
  left=$(ip netns list | grep -E -- "^[a-z0-9]*[a-z]$pid( |\$)" || true)
  [ -z "$left" ] || fail "$(basename "$binary") killed by SIG$signal left names: $left"
  [ "$failures" -gt "$failed_before" ] || echo "ok: $(basename "$binary") killed by SIG$signal:" \
    "${held[*]} gone, no name left"
}

# What the bench scripts do: source the helper, name a namespace with a veth pair, run on.
root=$(cd "$(dirname "$0")/.." && pwd)
script=$(mktemp /tmp/netns_left_after_kill.XXXXXX)
cat >"$script" <<SCRIPT
#!/bin/bash
set -eu
. "$root/scripts/private-netns.sh"
ip netns add "pxkill\$\$"
ip -n "pxkill\$\$" link add pxk0 type veth peer name pxk1
exec sleep 120
SCRIPT
chmod +x "$script"

for binary in "$@" "$script"; do
  for signal in TERM KILL; do kill_and_check "$binary" "$signal"; done
done
rm -f "/tmp/netns_left_after_kill.$$.log" "$script"
[ "$failures" -eq 0 ]
