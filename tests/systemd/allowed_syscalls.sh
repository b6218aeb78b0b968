#!/usr/bin/env bash
# Prints, one per line, the system calls a unit's SystemCallFilter= lines allow, as systemd
# applies them (systemd.exec(5)): the first line sets the allow list, a later `~` line takes
# calls away, a later plain line adds them back. Groups (@system-service, ...) are expanded
# with `systemd-analyze syscall-filter`. Usage: allowed_syscalls.sh UNIT_FILE
set -euo pipefail
unit=${1:?usage: allowed_syscalls.sh UNIT_FILE}

expand() {  # a group or a call -> calls
  case "$1" in
    @*) systemd-analyze syscall-filter "$1" | sed '1d; s/^ *//; /^#/d; /^$/d' |
          while read -r item; do expand "$item"; done ;;
    *) echo "$1" ;;
  esac
}

declare -A allowed=()
while IFS= read -r value; do
  remove=0
  case "$value" in "~"*) remove=1; value=${value#\~} ;; esac
  for item in $value; do
    while read -r call; do
      if [ "$remove" = 1 ]; then unset "allowed[$call]"; else allowed[$call]=1; fi
    done < <(expand "$item")
  done
done < <(sed -n 's/^SystemCallFilter=//p' "$unit")
printf '%s\n' "${!allowed[@]}" | sort
