# The pass conditions, read from what the VM did (never from the responder's own logs):
#   discover | boot-file | next-file: the tshark events of the bridge (events.awk)
#   serial REGEX / installer REGEX:   the VM's serial console, escape sequences removed

# watch_network EVENTS: prints events.awk's line for the run so far.
watch_network() {
  local until=$UNTIL
  [[ $until == serial || $until == installer ]] && until=next-file
  awk -v mac="$CLIENT_MAC" -v until="$until" -v boot="${BOOT_FILE#/}" -v next_re="$NEXT_REGEX" \
    -f "$LAB_DIR/lib/events.awk" "$1"
}

# The serial console as text: ANSI/VT100 sequences and carriage returns removed.
serial_text() { sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[()][A-Z0-9]//g' -e 's/\r//g' "$1" 2>/dev/null; }

# watch_serial LOG REGEX: the first text matching REGEX (extended), if any.
watch_serial() { serial_text "$1" | grep -E -o -m1 -- "$2"; }

# watch_once: sets WATCH_RESULT to "PASS ..." or "STAGE ..." for the chosen pass condition.
watch_once() {
  local net line
  net=$(watch_network "$WORK/events.tsv")
  case $UNTIL in
    serial | installer)
      if line=$(watch_serial "$WORK/serial.log" "$SERIAL_REGEX"); then
        WATCH_RESULT="PASS $UNTIL \"${line:0:80}\""
      else
        WATCH_RESULT="STAGE ${net#* }${net:+,}serial-no-match"
        [[ $net == PASS* ]] && WATCH_RESULT="STAGE boot-program-ran,serial-no-match"
      fi ;;
    *) WATCH_RESULT=$net ;;
  esac
}
