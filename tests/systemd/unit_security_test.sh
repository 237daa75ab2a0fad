#!/usr/bin/env bash
# CTest yicid_unit_security: systemd-analyze's exposure score of firmware/systemd/yicid.service, offline (the unit
# file as shipped, no running system needed), must be MAX (2.0, "OK") or lower, alone and with the drop-in that
# `yicictl provision` writes for each board template (its DeviceAllow= and IPAddressAllow=). Prints the scores.
#   tests/systemd/unit_security_test.sh SOURCE_DIR MAX YICICTL
set -uo pipefail
src=$1 max=$2 yicictl=$3
command -v systemd-analyze >/dev/null || { echo "SKIP: systemd-analyze is missing"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# score NAME ARGS...: systemd-analyze security ARGS; fails the test above MAX.
score() {
  local name=$1; shift
  local out line value
  out=$(systemd-analyze security --offline=true --no-pager "$@" 2>&1)
  line=$(printf '%s\n' "$out" | grep 'Overall exposure level' | tail -1)
  if [ -z "$line" ]; then
    echo "FAIL: $name: no score from systemd-analyze:"; printf '%s\n' "$out"; failed=1; return
  fi
  printf '%s\n' "$out" | grep -E '✗ (DeviceAllow|IPAddressDeny)=' || true
  value=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9.]*\) .*/\1/p')
  if awk -v s="$value" -v m="$max" 'BEGIN { exit !(s <= m) }'; then
    echo "ok - $name: exposure $value <= $max"
  else
    printf '%s\n' "$out" | grep '✗'; echo "FAIL: $name: exposure $value > $max"; failed=1
  fi
}

score "yicid.service" "$src/firmware/systemd/yicid.service"

for template in "$src"/board-configs/*.toml; do
  board=$(basename "$template" .toml)
  [ "$board" = sim ] && continue  # the simulator runs without the unit
  root=$work/$board
  mkdir -p "$root/etc/systemd/system"
  cp "$src/firmware/systemd/yicid.service" "$root/etc/systemd/system/"
  if ! "$yicictl" provision "$template" --kiosk-id "test-$board" --etc "$root/etc/yici" \
      --data-dir "$root/var/lib/yici" >"$work/$board.log" 2>&1; then
    echo "FAIL: $board: yicictl provision:"; cat "$work/$board.log"; failed=1; continue
  fi
  dropin=$root/etc/systemd/system/yicid.service.d/50-board.conf
  [ -f "$dropin" ] || { echo "FAIL: $board: no $dropin"; failed=1; continue; }
  grep -c '^DeviceAllow=' "$dropin" >/dev/null || { echo "FAIL: $board: the drop-in allows no device"; failed=1; }
  score "yicid.service with $board's drop-in" --root="$root" yicid.service
done
exit $failed
