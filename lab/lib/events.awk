# Reads the tshark event lines of lan_start_capture (tab-separated: frame, time, eth.src, ip.src,
# ip.dst, DHCP message type, TFTP opcode, file, request frame, block, UDP length, option names,
# option values) and prints how far the VM got, as one line:
#   PASS <what> <detail>         the pass condition holds
#   STAGE <stage>                it does not (yet): the furthest stage reached
# Variables: mac (the VM's), until (discover|boot-file|next-file), boot (the boot file, may be
# empty: then the first completed download), next_re (the later request that proves it ran).
BEGIN { FS = "\t"; stage = "no-dhcp-discover" }
function bare(name) { sub(/^\/+/, "", name); return name }
$1 !~ /^[0-9]+$/ { next }
$3 == mac && $6 == 1 && !discover { discover = 1; stage = "discover-seen-no-tftp" }
$7 == 1 && $3 == mac {                       # RRQ
  file[$1] = bare($8); blksize[$1] = 512
  requested = requested (requested == "" ? "" : ",") bare($8)
  stage = "tftp-requested:" requested
  if (done_file != "" && bare($8) != done_file && bare($8) ~ next_re && !next_file) next_file = bare($8)
}
$7 == 6 {                                    # OACK: the blksize the server agreed to
  n = split($12, names, ","); split($13, values, ",")
  for (i = 1; i <= n; i++) if (names[i] == "blksize") blksize[$9] = values[i] + 0
}
$7 == 3 && ($11 - 12) < blksize[$9] { last[$9] = $10 }   # DATA shorter than a block: the last one
$7 == 4 && $3 == mac && ($9 in last) && $10 == last[$9] && done_file == "" {   # its ACK
  if (boot == "" || file[$9] == boot) {
    done_file = file[$9]
    stage = "boot-file-done-no-next-request-matching:" next_re
  }
}
END {
  if (until == "discover" && discover) print "PASS discover"
  else if (until == "boot-file" && done_file != "") print "PASS boot-file file=" done_file
  else if (until == "next-file" && next_file != "") print "PASS next-file file=" done_file " next=" next_file
  else print "STAGE " stage
}
