#!/usr/bin/env bash
# The tables of bench/README.md from run-boot-bench.sh's runs.tsv: per firmware and variant the
# median time to the installer screen and the median transfer phase (kernel + initrd), the runs
# behind each median, the load averages they started at, and the two ratios issue 11 §5 sets
# targets for: pxescope / dnsmasq to the screen (target ≤ 1), and dnsmasq's TFTP phase / pxescope's
# HTTP phase (target ≥ 3).
# usage: bench/boot/boot-bench-report.sh RUNS.TSV
set -euo pipefail
runs=${1:?usage: boot-bench-report.sh RUNS.TSV}
awk -F'\t' '
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " ")
    if (n == 0) return "-"
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return sprintf("%.1f", n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2)
  }
  function ratio(a, b) { return (a == "-" || b == "-" || b == 0) ? "-" : sprintf("%.2f", a / b) }
  NR == 1 { next }
  {
    key = $1 SUBSEP $2
    if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    if (!($1 in fw_seen)) { fw_seen[$1] = 1; fws[++nf] = $1 }
    if ($4 != "FAIL") { screen[key] = screen[key] " " $4 } else failed[key]++
    if ($5 != "-" && $5 != "") phase[key] = phase[key] " " $5
    all[key] = all[key] (all[key] == "" ? "" : ", ") ($4 == "FAIL" ? "FAIL" : $4)
    if (!(key in lo) || $7 + 0 < lo[key]) lo[key] = $7 + 0
    if (!(key in hi) || $7 + 0 > hi[key]) hi[key] = $7 + 0
  }
  END {
    print "| firmware | variant | screen s (median) | transfer phase s (median) | screen s, each run | load average |"
    print "|---|---|---:|---:|---|---|"
    for (i = 1; i <= n; i++) {
      split(order[i], k, SUBSEP)
      ms[order[i]] = median(screen[order[i]]); mp[order[i]] = median(phase[order[i]])
      printf "| %s | %s | %s | %s | %s | %s–%s |\n", k[1], k[2], ms[order[i]], mp[order[i]], all[order[i]], lo[order[i]], hi[order[i]]
    }
    print ""
    print "| firmware | pxescope / dnsmasq, screen (target ≤ 1) | dnsmasq TFTP phase / pxescope HTTP phase (target ≥ 3) | dnsmasq TFTP phase / pxescope TFTP phase |"
    print "|---|---:|---:|---:|"
    for (i = 1; i <= nf; i++) {
      f = fws[i]; p = f SUBSEP "pxescope-tftp"; d = f SUBSEP "dnsmasq-tftp"; h = f SUBSEP "pxescope-http"
      printf "| %s | %s | %s | %s |\n", f, ratio(ms[p], ms[d]), ratio(mp[d], (h in mp) ? mp[h] : "-"), ratio(mp[d], mp[p])
    }
  }' "$runs"
