#!/usr/bin/env bash
# CTest yicid_unit_security: systemd-analyze's exposure score of firmware/systemd/yicid.service, offline (the unit
# file as shipped, no running system needed), must be 2.0 or lower ("OK"). Prints the score line either way.
#   tests/systemd/unit_security_test.sh [SOURCE_DIR] [MAX]
set -uo pipefail
src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
max=${2:-2.0}
command -v systemd-analyze >/dev/null || { echo "SKIP: systemd-analyze is missing"; exit 77; }
out=$(systemd-analyze security --offline=true --no-pager "$src/firmware/systemd/yicid.service" 2>&1)
line=$(printf '%s\n' "$out" | grep 'Overall exposure level' | tail -1)
[ -n "$line" ] || { echo "FAIL: no score from systemd-analyze:"; printf '%s\n' "$out"; exit 1; }
printf '%s\n' "$out" | grep '✗' || true  # what still costs points
echo "$line"
score=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9.]*\) .*/\1/p')
if awk -v s="$score" -v m="$max" 'BEGIN { exit !(s <= m) }'; then
  echo "ok - yicid.service exposure $score <= $max"
else
  echo "FAIL: yicid.service exposure $score > $max"; exit 1
fi
