#!/usr/bin/env bash
# The real RAUC install path on this machine (../shared/design/UPDATES.md): `rauc service` on a session bus,
# file-backed A/B slots, a custom bootloader backend that keeps its state in files, bundles made by
# tools/make-bundle and installed with `yicictl install`; then a "reboot" into the new slot, which yicid marks
# good once it runs (a device fault is reported, never held against the slot), and restarts that mark nothing.
#
#   tests/rauc/install_test.sh BUILD_DIR        (CTest rauc_install; needs root for loop mounts)
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
yicictl=$build/firmware/yicictl
yicid=$build/firmware/yicid
devsim=$build/drivers/virtual/yici-devsim
keys=$source_dir/tests/rauc/dev-keys

if [ "$(id -u)" != 0 ]; then echo "SKIP: RAUC mounts bundles and needs root"; exit 77; fi
for tool in rauc mksquashfs mkfs.ext4 dbus-run-session openssl; do
  command -v $tool >/dev/null || { echo "FAIL: $tool is missing (tools/setup installs it)"; exit 1; }
done

if [ -z "${YICI_RAUC_IN_SESSION:-}" ]; then
  export YICI_RAUC_IN_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
export DBUS_STARTER_BUS_TYPE=session

work=$(mktemp -d /tmp/yici-rauc-XXXXXX)
service_pid= devsim_pid= yicid_pid= downloads_mounted=
cleanup() {
  for pid in $yicid_pid $devsim_pid $service_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -z "$downloads_mounted" ] || umount "$work/downloads" || true
  rm -f /run/yici-install/allow-downgrade
  [ -n "${YICI_KEEP_TEST_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
# Runs "$@" and appends "WHAT took N s" to $work/times (the closing note's figures).
timed() {
  local what=$1 start status=0
  shift
  start=$(date +%s%N)
  "$@" || status=$?
  printf '%s took %d ms\n' "$what" $((($(date +%s%N) - start) / 1000000)) >>"$work/times"
  return $status
}

# --- the board: two 32 MiB file slots, a bootloader whose state is files ---------------------------------------
cd "$work"
truncate -s 32M slot-a.img slot-b.img
mkdir boot
echo A > boot/primary
echo good > boot/state.A
echo good > boot/state.B
cat > bootloader.sh <<EOF
#!/bin/sh
# RAUC's custom bootloader backend: primary slot and each slot's state in files.
dir=$work/boot
case "\$1" in
  get-primary) cat \$dir/primary ;;
  set-primary) echo "\$2" > \$dir/primary; echo good > \$dir/state.\$2 ;;  # RAUC 1.8 expects this (UPDATES.md)
  get-state) cat \$dir/state.\$2 ;;
  set-state) echo "\$3" > \$dir/state.\$2 ;;
  *) exit 1 ;;
esac
EOF
chmod +x bootloader.sh
# The board's own RAUC config (board-configs/rauc/), with the test's file slots, bootloader, data folder and dev
# keyring, the pre-install handler from the source tree, and plain bundles (no device-mapper here).
echo 0.1.0 > running-version  # the firmware the board "runs" (YICI_VERSION_FILE)
sed -e "s|^bootloader=.*|bootloader=custom|" -e "/^grubenv=/d" -e "s|^data-directory=.*|data-directory=$work/rauc-data|" \
    -e "/^bundle-formats=/d" -e "s|^path=/etc/rauc/keyring.pem|path=$keys/ca.cert.pem|" \
    -e "s|^pre-install=.*|pre-install=$source_dir/firmware/systemd/rauc-pre-install\nbootloader-custom-backend=$work/bootloader.sh|" \
    -e "s|/dev/disk/by-partlabel/rootfs-a|$work/slot-a.img|" -e "s|/dev/disk/by-partlabel/rootfs-b|$work/slot-b.img|" \
    "$source_dir/board-configs/rauc/rk3568-kiosk.conf" > system.conf
grep -q "bootloader-custom-backend=" system.conf || { echo "FAIL board-configs/rauc/rk3568-kiosk.conf has no [handlers]"; exit 1; }

start_service() {  # $1: the slot the board "booted"
  YICI_VERSION_FILE=$work/running-version rauc --conf="$work/system.conf" service --override-boot-slot="$1" \
    >>"$work/rauc-service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
      string:de.pengutronix.rauc 2>/dev/null | grep -q 'boolean true' && return 0
    sleep 0.1
  done
  echo "FAIL rauc service did not come up"; cat "$work/rauc-service.log"; exit 1
}
stop_service() { kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; service_pid=; }

# --- bundles --------------------------------------------------------------------------------------------------
mkdir -p rootfs/usr/share/yici
head -c 2M /dev/urandom > rootfs/usr/share/yici/payload  # enough content for squashfs (UPDATES.md)
echo "yici 0.2.0" > rootfs/usr/share/yici/release
mkfs.ext4 -q -F -d rootfs rootfs.ext4 8M
make_bundle() { YICICTL=$yicictl "$source_dir/tools/make-bundle" --rootfs "$work/rootfs.ext4" "$@" >/dev/null; }
(cd "$source_dir" &&
  timed "make-bundle (plain, 8 MiB image)" make_bundle --board rk3568-kiosk --format plain --version 0.2.0 --cert "$keys/signer.cert.pem" \
    --key "$keys/signer.key.pem" --out "$work/good.raucb" &&
  make_bundle --board rpi4-kiosk --format plain --version 0.2.0 --cert "$keys/signer.cert.pem" \
    --key "$keys/signer.key.pem" --out "$work/other-board.raucb" &&
  make_bundle --board rk3568-kiosk --format plain --version 0.0.9 --cert "$keys/signer.cert.pem" \
    --key "$keys/signer.key.pem" --out "$work/older.raucb" &&
  timed "make-bundle (verity, 8 MiB image)" make_bundle --board rk3568-kiosk --format verity --version 0.2.0 --cert "$keys/signer.cert.pem" \
    --key "$keys/signer.key.pem" --out "$work/good-verity.raucb")
# One byte changed in the signed payload.
cp good.raucb tampered.raucb
printf '\xff' | dd of=tampered.raucb bs=1 seek=1000 conv=notrunc status=none
# Signed by a CA the board does not trust.
openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 2 -subj "/CN=other CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout other.key -out other.csr -subj "/CN=other signer" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n' > signer.ext
openssl x509 -req -in other.csr -CA other-ca.pem -CAkey other-ca.key -CAcreateserial -out other.pem -days 2 \
  -extfile signer.ext 2>/dev/null
(cd "$source_dir" && make_bundle --board rk3568-kiosk --format plain --version 0.2.0 --cert "$work/other.pem" \
  --key "$work/other.key" --out "$work/other-ca.raucb")
ls -l --block-size=K ./*.raucb | awk '{print "bundle", $NF, $5}'

# --- install --------------------------------------------------------------------------------------------------
board=$source_dir/board-configs/rk3568-kiosk.toml
install_bundle() { "$yicictl" install "$1" --board "$board" --rauc-conf "$work/system.conf" "${@:2}"; }
start_service A

if timed "yicictl install (checks + rauc install)" install_bundle good.raucb >install-good.log 2>&1 && [ "$(cat boot/primary)" = B ] &&
   cmp -s -n "$(stat -c %s rootfs.ext4)" rootfs.ext4 slot-b.img; then
  pass "a good bundle installs into the inactive slot B, which becomes primary"
else
  fail "good bundle: $(cat install-good.log)"
fi

refused() {  # $1 bundle, $2 what the technician must read; slot B must not change
  local before after
  before=$(sha256sum <slot-b.img)
  if install_bundle "$1" >"install-$1.log" 2>&1; then fail "$1 was installed"; return; fi
  after=$(sha256sum <slot-b.img)
  if ! grep -q -- "$2" "install-$1.log"; then fail "$1: expected '$2' in: $(cat "install-$1.log")"
  elif [ "$before" != "$after" ]; then fail "$1 changed slot B"
  else pass "$1 refused ($(grep -o -- "$2" "install-$1.log" | head -1)), slot B untouched"; fi
}
refused tampered.raucb "signature verification failed"
refused other-ca.raucb "unable to get local issuer certificate"
refused other-board.raucb "is for 'yici-rpi4-kiosk', this board is 'yici-rk3568-kiosk'"
refused older.raucb "older than the installed"
# yicictl bundle verify: the same checks, nothing installed.
verify() { "$yicictl" bundle verify "$1" --keyring "$keys/ca.cert.pem" --board "$board" >"verify-$1.log" 2>&1; }
if verify good.raucb && grep -q "signature ok, for 'yici-rk3568-kiosk', version 0.2.0" verify-good.raucb.log; then
  pass "bundle verify: $(cat verify-good.raucb.log)"
else
  fail "bundle verify good: $(cat verify-good.raucb.log)"
fi
if ! verify tampered.raucb && grep -q "signature verification failed" verify-tampered.raucb.log &&
   ! verify other-board.raucb && grep -q "is for 'yici-rpi4-kiosk'" verify-other-board.raucb.log; then
  pass "bundle verify refuses a changed byte and another board"
else
  fail "bundle verify: $(cat verify-tampered.raucb.log verify-other-board.raucb.log)"
fi
# RAUC itself, asked directly (or handed a swapped bundle after yicictl looked), refuses an older version.
before=$(sha256sum <slot-b.img)
if rauc install older.raucb >rauc-older.log 2>&1; then
  fail "rauc install older.raucb was installed past the pre-install handler"
elif [ "$before" != "$(sha256sum <slot-b.img)" ]; then
  fail "rauc install older.raucb changed slot B"
elif grep -q "older than the running 0.1.0: not installed" rauc-service.log; then
  pass "rauc install of an older bundle, past yicictl, is refused by the pre-install handler; slot B untouched"
else
  fail "rauc install older: $(cat rauc-older.log; tail -5 rauc-service.log)"
fi
if install_bundle older.raucb --allow-downgrade >install-downgrade.log 2>&1 &&
   grep -q "allowed by /run/yici-install/allow-downgrade" rauc-service.log && [ ! -e /run/yici-install/allow-downgrade ]; then
  pass "an older bundle installs with --allow-downgrade (the handler saw the marker, which is gone after)"
else
  fail "--allow-downgrade: $(cat install-downgrade.log; tail -5 rauc-service.log)"
fi

# --- over the hall network: yicictl downloads the bundle over HTTPS, then checks and installs it like a file -----
openssl req -x509 -newkey rsa:2048 -nodes -keyout web-ca.key -out web-ca.pem -days 2 -subj "/CN=web CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout web.key -out web.csr -subj "/CN=127.0.0.1" 2>/dev/null
openssl x509 -req -in web.csr -CA web-ca.pem -CAkey web-ca.key -CAcreateserial -out web.pem -days 2 \
  -extfile <(printf 'subjectAltName=IP:127.0.0.1\n') 2>/dev/null
# A port nothing listens on now, from the kernel (a random one can be another test's, or an ephemeral port).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
web_port=$(free_port)
python3 - "$web_port" >web.log 2>&1 <<'PY' &
import http.server, ssl, sys
server = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), http.server.SimpleHTTPRequestHandler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain("web.pem", "web.key")
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
PY
web_pid=$!
export CURL_CA_BUNDLE=$work/web-ca.pem  # yicictl's curl trusts the test's web CA
for _ in $(seq 50); do curl -s -o /dev/null "https://127.0.0.1:$web_port/" && break; sleep 0.1; done
# The download folder: a partition of its own (here a small tmpfs), as on a board.
mkdir downloads && mount -t tmpfs -o size=64m,mode=0700 tmpfs downloads && downloads_mounted=1
install_url() { install_bundle "$1" --download-dir "$work/downloads"; }
if install_url "https://127.0.0.1:$web_port/good.raucb" >install-url.log 2>&1 &&
   cmp -s -n "$(stat -c %s rootfs.ext4)" rootfs.ext4 slot-b.img && [ -z "$(ls downloads)" ]; then
  pass "a bundle from an https:// URL is downloaded, installed, and its download removed"
else
  fail "URL install: $(cat install-url.log)"
fi
if install_url "https://127.0.0.1:$web_port/missing.raucb" >install-404.log 2>&1; then
  fail "a missing URL was installed"
elif grep -q "cannot download" install-404.log; then
  pass "a URL that does not answer with a bundle is refused ($(grep -o 'error: .*' install-404.log | head -1))"
else
  fail "missing URL: $(cat install-404.log)"
fi
if install_url "http://127.0.0.1:$web_port/good.raucb" >install-http.log 2>&1; then
  fail "a plain http:// URL was installed"
elif grep -q "https:// only" install-http.log; then
  pass "a plain http:// URL is refused (bundles come over https:// only)"
else
  fail "http URL: $(cat install-http.log)"
fi
kill $web_pid
umount downloads && downloads_mounted=

# --- verity bundles (production): checked offline, as this kernel has no device-mapper ------------------------
if timed "rauc extract (verity)" rauc extract --keyring="$keys/ca.cert.pem" good-verity.raucb extracted >verity.log 2>&1 && [ -f extracted/rootfs.ext4 ]; then
  pass "a verity bundle passes rauc extract"
else
  fail "verity extract: $(cat verity.log)"
fi
cp good-verity.raucb tampered-verity.raucb
printf '\xff' | dd of=tampered-verity.raucb bs=1 seek=1000 conv=notrunc status=none
if rauc extract --keyring="$keys/ca.cert.pem" tampered-verity.raucb extracted-bad >verity-bad.log 2>&1; then
  fail "a tampered verity bundle was extracted"
elif grep -q "bundle payload is corrupted" verity-bad.log; then
  pass "a tampered verity bundle fails rauc extract (bundle payload is corrupted)"
else
  fail "tampered verity: $(cat verity-bad.log)"
fi

# --- after the reboot: yicid decides from what the firmware controls ------------------------------------------
post_boot() {  # $1: a name; $2: slot B's state before ("bad": just installed, on probation); $3: "devsim" or
               # "no-devsim" (the printer unreachable); $4: the data dir to start with (a restart), or none.
               # Prints the slot B state RAUC recorded.
  stop_service
  echo "$2" > boot/state.B
  start_service B
  local printer_port ui_port status_port
  printer_port=$(free_port) ui_port=$(free_port) status_port=$(free_port)
  mkdir -p "post-$1"
  [ -z "${4:-}" ] || cp -a "$4" "post-$1/data"
  cat > "post-$1/board.toml" <<EOF
[kiosk]
id = "rauc-test-k01"
hall_catalog = "$source_dir/tests/data/always-open-hall.toml"
[ui]
listen = "127.0.0.1:$ui_port"
[status]
listen = "127.0.0.1:$status_port"
[printer]
driver = "escpos"
uri = "tcp://127.0.0.1:$printer_port"
[update]
compatible = "yici-rk3568-kiosk"
mark_slot = true
mark_after_s = 2
[privacy]
key_in_data_dir = true
EOF
  if [ "$3" = devsim ]; then
    "$devsim" --printer-port "$printer_port" --out "post-$1/printed" --control "post-$1/devsim.sock" \
      --reader-link "post-$1/idreader" --camera-dir "post-$1/camera" >"post-$1/devsim.log" 2>&1 &
    devsim_pid=$!
    sleep 0.5
  fi
  "$yicid" --board "post-$1/board.toml" --data-dir "post-$1/data" >"post-$1/yicid.log" 2>&1 &
  yicid_pid=$!
  for _ in $(seq 300); do
    grep -q "rauc marked slot\|nothing to mark\|not marked bad\|rauc status mark-.* failed" "post-$1/yicid.log" && break
    sleep 0.1
  done
  kill "$yicid_pid"; wait "$yicid_pid" 2>/dev/null || true; yicid_pid=
  [ -z "$devsim_pid" ] || { kill "$devsim_pid"; wait "$devsim_pid" 2>/dev/null || true; devsim_pid=; }
  cat boot/state.B
}
slot_log() { grep -i "slot\|rauc\|fault\|error" "post-$1/yicid.log" | tail -5; }
state=$(post_boot ok bad devsim)
if [ "$state" = good ] && grep -q "rauc marked slot rootfs.1 good" post-ok/yicid.log && [ -z "$(ls -A post-ok/printed)" ]
then pass "after the reboot into slot B yicid starts, marks it good, and prints nothing"
else fail "first boot: slot B is '$state', printed: $(ls post-ok/printed); $(slot_log ok)"; fi
state=$(post_boot restart good no-devsim post-ok/data)
if [ "$state" = good ] && grep -q "a routine start, nothing to mark" post-restart/yicid.log
then pass "a restart with the printer gone (paper out, a watchdog restart) leaves the good slot alone"
else fail "routine restart: slot B is '$state'; $(slot_log restart)"; fi
state=$(post_boot printer-missing bad no-devsim)
if [ "$state" = good ] && grep -q "device faults, not the firmware's.*printer" post-printer-missing/yicid.log
then pass "a new slot whose printer is unreachable is marked good: the fault is the device's, and it is reported"
else fail "printer missing: slot B is '$state'; $(slot_log printer-missing)"; fi

cat "$work/times"
[ $failures -eq 0 ] && echo "all RAUC checks passed" || { echo "$failures RAUC check(s) failed (logs in $work)"; exit 1; }
