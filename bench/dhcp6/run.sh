#!/usr/bin/env bash
# DHCPv6 Solicit -> Advertise: pxescope respond against dnsmasq, same run, same namespaces
# (issue 12 §3). A server and a client namespace (pid-suffixed) joined by a veth pair; each
# server in turn, full mode (the same /64 range and bootfile-url), then pxescope stateless.
#   bench/dhcp6/run.sh BUILD_DIR [COUNT] [all|rate|rss]
# Needs root, dnsmasq, ip. Prints one line per run; cleans up.
# Each line ends with the server's own CPU time per answer (`cpu_ns_per_answer`, from
# /proc/PID/schedstat: time on a CPU, in ns): on a shared machine the rate moves with
# everyone's load, the CPU a server spends per Advertise much less.
# `rss` (issue 12 §3, "RSS unchanged within 0.5 MB with IPv6 on"), like for like: the same
# binary and flags with IPv6 off, stateless and full, each started fresh and given the same
# COUNT IPv4 PXE DISCOVERs from COUNT clients (bench_dhcp4_discover: burst + window 64 +
# 5,000/s, the same MACs each time; offers are broadcast: no ARP entry per client); the
# IPv6 servers then the same three Solicit runs from COUNT clients (the same MACs in their
# DUID-LLs). Then full mode for both families: an IPv4 full server (a pool, no IPv6) given the
# same DISCOVERs, against IPv4 full + IPv6 full given the same DISCOVERs and Solicits; each
# DISCOVER's offer is held 60 s, as each Solicit's, so the anonymous memory each load adds,
# less what the same load adds to the proxy servers, is what the held offers cost per client.
# VmHWM and VmRSS (and its anonymous and file-backed shares) read from /proc at the end of each
# server's load; the anonymous share also before any load and after the IPv4 load.
set -euo pipefail
# Its namespaces vanish with it however it ends (scripts/private-netns.sh).
. "$(dirname "$0")/../../scripts/private-netns.sh"
build=$(cd "${1:?build dir}" && pwd)
count=${2:-10000}
phase=${3:-all}
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
# A /16: the IPv4 full-mode pool of the rss phase holds one address per client (up to 65,278).
ip -n $s addr add 10.62.0.1/16 dev $si
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
if [ "$phase" != rss ]; then
run_server dnsmasq dnsmasq -k --conf-file=/dev/null --port=0 --interface=$si --bind-interfaces \
  --user=root --group=root --dhcp-authoritative --quiet-dhcp6 --dhcp-leasefile=$dir/dnsmasq.leases \
  --dhcp-range=fd00:62::1000,fd00:62::ffff,64,1h --dhcp-option=option6:bootfile-url,tftp://[fd00:62::2]/ipxe.efi
run_server pxescope-full "$pxescope" respond -i $si --dhcp-check 0 --no-tftp --quiet-dhcp \
  --config "$dir/full.conf" --lease-file "$dir/leases"
run_server pxescope-stateless "$pxescope" respond -i $si --dhcp-check 0 --no-tftp --quiet-dhcp \
  --dhcp6 --boot-file ipxe.efi
fi

[ "$phase" = rate ] && exit 0
v4client=$build/bin/bench_dhcp4_discover
v4range='dhcp-range=10.62.1.1,10.62.255.254,255.255.0.0,1h'
echo "$v4range" >"$dir/full4.conf"
{ echo "$v4range"; cat "$dir/full.conf"; } >"$dir/full46.conf"
anon() { awk '/RssAnon/{print $2}' /proc/$1/status; }
# One responder fresh, then the load; its peak and current resident size at the end.
rss_server() {  # NAME IPV6(0|1) COMMAND...
  local name=$1 ipv6=$2
  shift 2
  ip netns exec $s "$@" >"$dir/$name.log" 2>&1 &
  local pid=$!
  sleep 1.5
  local server_pid
  server_pid=$(ip netns pids $s | head -1)
  local idle idle_anon v4_anon
  idle=$(awk '/VmHWM/{print $2}' /proc/$server_pid/status)
  idle_anon=$(anon $server_pid)
  local v4='' v6=''
  # The same clients in each mode; the 0.5 s between lets late offers go by.
  for mode in "burst $count 10" "window $count 64" "rate $count 5000"; do
    v4+=" $(ip netns exec $c "$v4client" $ci $mode | awk '{print $6}' | tr -d '(')%"
    sleep 0.5
  done
  v4_anon=$(anon $server_pid)
  if [ "$ipv6" = 1 ]; then
    for mode in "burst $count 10" "window $count 64" "rate $count 5000"; do
      v6+=" $(ip netns exec $c "$client" $ci $mode | awk '{print $6}' | tr -d '(')%"
      sleep 0.5
    done
  fi
  local st=/proc/$server_pid/status end_anon
  end_anon=$(anon $server_pid)
  printf '%-19s VmHWM %s kB VmRSS %s kB (anon %s, file %s) idle_VmHWM %s kB anon_idle/after_v4/end %s/%s/%s kB answered_v4%s%s\n' \
    "$name" "$(awk '/VmHWM/{print $2}' $st)" "$(awk '/VmRSS/{print $2}' $st)" \
    "$end_anon" "$(awk '/RssFile/{print $2}' $st)" "$idle" "$idle_anon" "$v4_anon" "$end_anon" \
    "$v4" "${v6:+ answered_v6$v6}"
  # What each load added to the anonymous memory, for the per-client figures below.
  eval "idle_${name//-/_}=$idle_anon v4_added_${name//-/_}=$((v4_anon - idle_anon))" \
    "v6_added_${name//-/_}=$((end_anon - v4_anon))"
  kill $server_pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  sleep 0.5
}
common=(respond -i $si --dhcp-check 0 --no-tftp --quiet-dhcp)
rss_server pxescope-ipv6-off 0 "$pxescope" "${common[@]}" --boot-file ipxe.efi
rss_server pxescope-stateless 1 "$pxescope" "${common[@]}" --dhcp6 --boot-file ipxe.efi
rss_server pxescope-full 1 "$pxescope" "${common[@]}" --boot-file ipxe.efi --config "$dir/full.conf" \
  --lease-file "$dir/leases"
# Full mode in both families. --no-ping: the ARP check before each IPv4 offer (64 at once, 1 s
# each) would leave most of a burst unanswered; DHCPv6 has no such check.
rss_server pxescope-full4 0 "$pxescope" "${common[@]}" --no-ping --boot-file ipxe.efi \
  --config "$dir/full4.conf" --lease-file "$dir/leases4"
rss_server pxescope-full46 1 "$pxescope" "${common[@]}" --no-ping --boot-file ipxe.efi \
  --config "$dir/full46.conf" --lease-file "$dir/leases46"
# Per client, one offer held: the IPv4 one (full4's IPv4 load less ipv6-off's) and the IPv6
# one (full46's IPv6 load less stateless's). Anonymous kB, so file-page noise stays out.
per_client() { awk -v a="$1" -v b="$2" -v n="$count" 'BEGIN{printf "%.0f", (a - b) * 1024 / n}'; }
echo "held offer per client: IPv4 $(per_client $v4_added_pxescope_full4 $v4_added_pxescope_ipv6_off) B" \
  "(full4 +${v4_added_pxescope_full4} kB, ipv6-off +${v4_added_pxescope_ipv6_off} kB)," \
  "IPv6 $(per_client $v6_added_pxescope_full46 $v6_added_pxescope_stateless) B" \
  "(full46 +${v6_added_pxescope_full46} kB, stateless +${v6_added_pxescope_stateless} kB);" \
  "IPv4 pool before any client: +$((idle_pxescope_full4 - idle_pxescope_ipv6_off)) kB anonymous"
