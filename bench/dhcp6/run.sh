#!/usr/bin/env bash
# DHCPv6 Solicit -> Advertise: pxescope respond against dnsmasq, same run, same namespaces
# (issue 12 §3). A server and a client namespace (pid-suffixed) joined by a veth pair; each
# server in turn, full mode (the same /64 range and bootfile-url), then pxescope stateless.
#   bench/dhcp6/run.sh BUILD_DIR [COUNT]
# Needs root, dnsmasq, ip. Prints one line per run and each server's VmHWM; cleans up.
# Each line ends with the server's own CPU time per answer (`cpu_ns_per_answer`, from
# /proc/PID/schedstat: time on a CPU, in ns): on a shared machine the rate moves with
# everyone's load, the CPU a server spends per Advertise much less.
set -euo pipefail
# Its namespaces vanish with it however it ends (scripts/private-netns.sh).
. "$(dirname "$0")/../../scripts/private-netns.sh"
build=$(cd "${1:?build dir}" && pwd)
count=${2:-10000}
pxescope=$build/bin/pxescope
client=$build/bin/bench_dhcp6_solicit
id=$$
s=pxb6s$id c=pxb6c$id si=b6s$id ci=b6c$id
dir=$(mktemp -d)
cleanup() {
  for ns in $s $c; do
    for p in $(ip netns pids $ns 2>/dev/null); do kill $p 2>/dev/null || true; done
  done
  sleep 0.3
  ip netns del $s 2>/dev/null || true
  ip netns del $c 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
ip netns add $s
ip netns add $c
ip -n $s link add $si type veth peer name $ci netns $c
for ns in $s $c; do
  ip netns exec $ns sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
ip -n $s addr add 10.62.0.1/24 dev $si
ip -n $s addr add fd00:62::2/64 dev $si nodad
ip -n $s link set $si up
ip -n $c link set $ci up
ip -n $s link set lo up
sleep 1
printf 'dhcp-range=fd00:62::1000,fd00:62::ffff,64,1h\ndhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n' >"$dir/full.conf"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); count $count"
run_server() {  # NAME COMMAND...
  local name=$1
  shift
  ip netns exec $s "$@" >"$dir/$name.log" 2>&1 &
  local pid=$!
  sleep 1.5
  # The server itself (the child of ip netns exec).
  local server_pid
  server_pid=$(ip netns pids $s | head -1)
  for mode in "burst $count 10" "window $count 64" "rate $count 5000"; do
    printf '%-22s ' "$name"
    local before after line answered
    before=$(cut -d' ' -f1 /proc/$server_pid/schedstat)
    line=$(ip netns exec $c "$client" $ci $mode)
    after=$(cut -d' ' -f1 /proc/$server_pid/schedstat)
    answered=$(echo "$line" | awk '{print $5}')
    echo "$line cpu_ns_per_answer $(( (after - before) / (answered > 0 ? answered : 1) ))"
    sleep 0.5
  done
  # The server's peak resident size.
  printf '%-22s VmHWM %s\n' "$name" "$(grep VmHWM /proc/$server_pid/status | awk '{print $2 " " $3}')"
  kill $server_pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  sleep 0.5
}
run_server dnsmasq dnsmasq -k --conf-file=/dev/null --port=0 --interface=$si --bind-interfaces \
  --user=root --group=root --dhcp-authoritative --quiet-dhcp6 --dhcp-leasefile=$dir/dnsmasq.leases \
  --dhcp-range=fd00:62::1000,fd00:62::ffff,64,1h --dhcp-option=option6:bootfile-url,tftp://[fd00:62::2]/ipxe.efi
run_server pxescope-full "$pxescope" respond -i $si --dhcp-check 0 --no-tftp --quiet-dhcp \
  --config "$dir/full.conf" --lease-file "$dir/leases"
run_server pxescope-stateless "$pxescope" respond -i $si --dhcp-check 0 --no-tftp --quiet-dhcp \
  --dhcp6 --boot-file ipxe.efi
# RSS with IPv6 off, same build and flags otherwise (issue 12 §3: within 0.5 MB with it on).
ip netns exec $s "$pxescope" respond -i $si --dhcp-check 0 --no-tftp --quiet-dhcp \
  --boot-file ipxe.efi >"$dir/v4.log" 2>&1 &
sleep 1.5
server_pid=$(ip netns pids $s | head -1)
printf '%-22s VmHWM %s\n' "pxescope-ipv6-off" "$(grep VmHWM /proc/$server_pid/status | awk '{print $2 " " $3}')"
kill $server_pid
