#!/usr/bin/env bash
# Checks firmware/systemd/: the units, users and Chromium policy parse (systemd-analyze verify, systemd-sysusers), the
# launcher is clean shell, waits for the UI before it starts cage with the kiosk flags, and its resolver rule really
# keeps Chromium on the UI's host. No root needed; parts whose tool is missing are skipped and say so.
#   tests/kiosk_display/test_units.sh [SOURCE_DIR]
set -uo pipefail

src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$src/firmware/systemd
launcher=$dir/yici-display-launch
tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
skip() { echo "skip - $1"; }
check() {  # check NAME COMMAND...: passes when the command succeeds
  local name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# --- Units and users -------------------------------------------------------------------------------------------
if command -v systemd-analyze >/dev/null; then
  # Copies whose programs exist here, so verify reports only what is wrong in the files themselves.
  mkdir -p "$tmp/units"
  sed 's#/usr/bin/yicid#/bin/true#' "$dir/yicid.service" >"$tmp/units/yicid.service"
  sed "s#/usr/libexec/yici/yici-display-launch#$launcher#" "$dir/yici-display.service" >"$tmp/units/yici-display.service"
  out=$(cd "$tmp/units" && systemd-analyze verify --man=no yicid.service yici-display.service 2>&1)
  status=$?
  if [ $status -eq 0 ] && [ -z "$out" ]; then
    ok "systemd-analyze verify: units have no unknown keys or bad values"
  else
    not_ok "systemd-analyze verify (exit $status): $out"
  fi
else
  skip "systemd-analyze not installed: units not verified"
fi
if command -v systemd-sysusers >/dev/null; then
  mkdir -p "$tmp/root/etc"
  if out=$(systemd-sysusers --dry-run --root="$tmp/root" "$dir/yici.sysusers" 2>&1); then
    ok "systemd-sysusers accepts yici.sysusers"
  else
    not_ok "systemd-sysusers refuses yici.sysusers: $out"
  fi
else
  skip "systemd-sysusers not installed: users file not checked"
fi

check "Chromium policy is JSON and turns translation off" python3 -c \
  'import json, sys; assert json.load(open(sys.argv[1]))["TranslateEnabled"] is False' "$dir/yici-chromium-policy.json"

# --- Launcher: shell ----------------------------------------------------------------------------------------------
check "launcher parses with sh -n" sh -n "$launcher"
if command -v shellcheck >/dev/null; then
  check "launcher is shellcheck-clean" shellcheck "$launcher"
else
  skip "shellcheck not installed"
fi

# --- Launcher: wait for the UI, then exec cage --------------------------------------------------------------------
# A fake cage records its arguments, one a line, and exits.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/cage" <<'EOF'
#!/bin/sh
printf '%s\n' "$@" >"$CAGE_ARGS"
EOF
chmod +x "$tmp/bin/cage"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# serve ADDRESS PORT: a one-page web server in the background
serve() {
  mkdir -p "$tmp/www"
  echo '<!doctype html><title>yici</title><body>YICI-UI</body>' >"$tmp/www/index.html"
  python3 -m http.server "$2" --bind "$1" --directory "$tmp/www" >/dev/null 2>&1 &
  pids+=($!)
}
# launch NAME [VAR=VALUE...]: runs the launcher in the background with the fake cage; its pid in launch_pid
launch() {
  local name=$1
  shift
  mkdir -p "$tmp/$name/run"
  env PATH="$tmp/bin:$PATH" CAGE_ARGS="$tmp/$name/args" RUNTIME_DIRECTORY="$tmp/$name/run" XDG_RUNTIME_DIR= "$@" \
    sh "$launcher" 2>"$tmp/$name/log" &
  launch_pid=$!
  pids+=("$launch_pid")
}
# finishes PID SECONDS: waits for PID to exit, up to SECONDS; its exit status in exit_status
finishes() {
  local deadline=$((SECONDS + $2))
  while kill -0 "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
  wait "$1"
  exit_status=$?
  return 0
}
has_arg() { grep -qxF -- "$2" "$1"; }

port=$(free_port)
url="http://127.0.0.1:$port/"
launch waits YICI_UI_URL="$url" YICI_UI_WAIT_S=30 YICI_ROTATE=90
sleep 1.5
if [ ! -e "$tmp/waits/args" ] && kill -0 "$launch_pid" 2>/dev/null; then
  ok "launcher waits while the UI does not answer"
else
  not_ok "launcher started cage before the UI answered"
fi
serve 127.0.0.1 "$port"
if finishes "$launch_pid" 8 && [ "$exit_status" -eq 0 ] && [ -s "$tmp/waits/args" ]; then
  ok "launcher starts cage once the UI answers"
  args=$tmp/waits/args
  check "cage gets -d, one -r for 90 degrees, then -- chromium" \
    test "$(head -n 4 "$args" | tr '\n' ' ')" = "-d -r -- chromium "
  check "chromium gets --kiosk" has_arg "$args" --kiosk
  check "chromium gets --ozone-platform=wayland" has_arg "$args" --ozone-platform=wayland
  check "the profile is fresh, in the runtime directory" \
    has_arg "$args" "--user-data-dir=$tmp/waits/run/chromium"
  check "everything but the UI's host fails to resolve" \
    has_arg "$args" "--host-resolver-rules=MAP * ^NOTFOUND, EXCLUDE 127.0.0.1"
  missing=()
  for flag in --no-first-run --noerrdialogs --hide-crash-restore-bubble --disable-infobars \
    --disable-features=MediaRouter --disable-background-networking --disable-component-update \
    --disable-sync --disable-pinch --overscroll-history-navigation=0 --touch-events=enabled; do
    has_arg "$args" "$flag" || missing+=("$flag")
  done
  check "chromium gets the offline, no-dialog and touch flags${missing[*]:+ (missing: ${missing[*]})}" \
    test ${#missing[@]} -eq 0
  check "the UI URL is the last argument" test "$(tail -n 1 "$args")" = "$url"
else
  not_ok "launcher did not start cage within 8 s of the UI answering: $(cat "$tmp/waits/log")"
fi

launch gives_up YICI_UI_URL="http://127.0.0.1:$(free_port)/" YICI_UI_WAIT_S=1
if finishes "$launch_pid" 6 && [ -s "$tmp/gives_up/args" ] && grep -q 'starting the browser anyway' "$tmp/gives_up/log"
then
  ok "launcher stops waiting after YICI_UI_WAIT_S and starts the browser anyway"
  check "no rotation by default" test "$(head -n 3 "$tmp/gives_up/args" | tr '\n' ' ')" = "-d -- chromium "
else
  not_ok "launcher's wait is not bounded: $(cat "$tmp/gives_up/log")"
fi

launch ipv6 YICI_UI_URL="http://[::1]:8080/" YICI_UI_WAIT_S=0
if finishes "$launch_pid" 5 && [ -s "$tmp/ipv6/args" ]; then
  check "an IPv6 UI address is excluded without brackets" \
    has_arg "$tmp/ipv6/args" "--host-resolver-rules=MAP * ^NOTFOUND, EXCLUDE ::1"
else
  not_ok "launcher failed on an IPv6 URL: $(cat "$tmp/ipv6/log")"
fi

launch bad_rotation YICI_ROTATE=45 YICI_UI_WAIT_S=0
if finishes "$launch_pid" 5 && [ "$exit_status" -eq 2 ] && [ ! -e "$tmp/bad_rotation/args" ] &&
  grep -q 'YICI_ROTATE must be' "$tmp/bad_rotation/log"; then
  ok "a bad YICI_ROTATE is refused with a reason, cage not started"
else
  not_ok "a bad YICI_ROTATE was not refused"
fi

# --- The resolver rule in the real browser ------------------------------------------------------------------------
# Chromium must load the UI on its excluded host and refuse another loopback address (an IP literal, like a link
# to a LAN or internet address would be).
chromium_bin=$(command -v chromium || true)
if [ -n "$chromium_bin" ] && [ -s "$tmp/waits/args" ]; then
  rule=$(grep -- '^--host-resolver-rules=' "$tmp/waits/args")
  sandbox=()
  [ "$(id -u)" -ne 0 ] || sandbox=(--no-sandbox)  # Chromium refuses to run as root with its sandbox
  dump() {
    timeout 30 "$chromium_bin" --headless "${sandbox[@]}" --disable-gpu --user-data-dir="$tmp/chromium-$2" \
      --no-first-run "$rule" --dump-dom "$1" 2>/dev/null
  }
  other_port=$(free_port)
  serve 127.0.0.2 "$other_port"
  sleep 0.3
  page=$(dump "$url" ui)
  check "Chromium with the rule loads the UI" grep -q YICI-UI <<<"$page"
  if curl --silent --fail --max-time 2 --output /dev/null "http://127.0.0.2:$other_port/"; then
    page=$(dump "http://127.0.0.2:$other_port/" other)
    check "Chromium with the rule cannot reach any other address" test -z "$(grep YICI-UI <<<"$page")"
  else
    skip "127.0.0.2 not reachable here: the blocking side of the rule not tried"
  fi
else
  skip "chromium not installed: resolver rule not tried in the browser"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
