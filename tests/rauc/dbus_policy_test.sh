#!/usr/bin/env bash
# The kiosk's D-Bus policy for RAUC (firmware/systemd/yici-rauc.conf) on a real dbus-daemon that reads the
# system bus's own configuration, with Debian's rauc-service policy before it as on a board, and the real
# `rauc service` behind it: any user may read the slots' status; only root installs or inspects a bundle;
# yicid's user may mark a slot and nothing more.
#
#   tests/rauc/dbus_policy_test.sh SOURCE_DIR     (CTest rauc_dbus_policy; needs root to act as other users)
set -euo pipefail
source_dir=$(cd "${1:?usage: $0 SOURCE_DIR}" && pwd)
if [ "$(id -u)" != 0 ]; then echo "SKIP: needs root to call as other users"; exit 77; fi
rauc_policy=/usr/share/dbus-1/system.d/de.pengutronix.rauc.conf
for need in dbus-daemon busctl setpriv rauc "$rauc_policy" /usr/share/dbus-1/system.conf; do
  command -v "$need" >/dev/null || [ -e "$need" ] || { echo "FAIL: $need is missing (tools/setup installs it)"; exit 1; }
done

work=$(mktemp -d /tmp/yici-dbus-XXXXXX)
chmod 755 "$work"  # other users reach the bus socket inside
bus_pid= service_pid=
cleanup() {
  for pid in $service_pid $bus_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The system bus's configuration with its socket, includes and user moved into $work: Debian's rauc policy in
# the first folder, the kiosk's in the second (/etc/dbus-1/system.d, read last).
mkdir "$work/usr-system.d" "$work/etc-system.d"
cp "$rauc_policy" "$work/usr-system.d/"
# yicid's user, or a stand-in when this machine has none.
yici_user=yici
id -u yici >/dev/null 2>&1 || yici_user=daemon
sed "s/user=\"yici\"/user=\"$yici_user\"/" "$source_dir/firmware/systemd/yici-rauc.conf" >"$work/etc-system.d/yici-rauc.conf"
sed -e "s|<listen>.*</listen>|<listen>unix:path=$work/bus</listen>|" \
    -e "s|<includedir>system.d</includedir>|<includedir>$work/usr-system.d</includedir>|" \
    -e "s|<includedir>/etc/dbus-1/system.d</includedir>|<includedir>$work/etc-system.d</includedir>|" \
    -e '/<user>/d; /<fork\/>/d; /<pidfile>/d; /<syslog\/>/d; /<servicehelper>/d; /standard_system_servicedirs/d' \
    -e '/\/etc\/dbus-1\/system.conf/d; /system-local.conf/d' \
    /usr/share/dbus-1/system.conf >"$work/bus.conf"
grep -q "$work/etc-system.d" "$work/bus.conf" || { echo "FAIL: this system.conf has no /etc/dbus-1/system.d"; exit 1; }
dbus-daemon --config-file="$work/bus.conf" --nofork >"$work/bus.log" 2>&1 &
bus_pid=$!
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$work/bus
for _ in $(seq 50); do [ -S "$work/bus" ] && break; sleep 0.1; done

truncate -s 8M "$work/slot-a.img" "$work/slot-b.img"
cat >"$work/system.conf" <<CONF
[system]
compatible=yici-rk3568-kiosk
bootloader=noop
[keyring]
path=$source_dir/tests/rauc/dev-keys/ca.cert.pem
[slot.rootfs.0]
device=$work/slot-a.img
type=ext4
bootname=A
[slot.rootfs.1]
device=$work/slot-b.img
type=ext4
bootname=B
CONF
rauc --conf="$work/system.conf" service --override-boot-slot=A >"$work/rauc.log" 2>&1 &
service_pid=$!
for _ in $(seq 100); do
  busctl --system status de.pengutronix.rauc >/dev/null 2>&1 && break
  sleep 0.1
done
busctl --system status de.pengutronix.rauc >/dev/null 2>&1 || { echo "FAIL: rauc service not on the bus"; cat "$work/rauc.log" "$work/bus.log"; exit 1; }

failures=0
# call USER EXPECT METHOD SIGNATURE ARGS...: EXPECT is "denied" or "let through" (RAUC itself answered).
call() {
  local user=$1 expect=$2 method=$3 out got
  shift 3
  if [ "$user" = root ]; then
    out=$(busctl --system call de.pengutronix.rauc / de.pengutronix.rauc.Installer "$method" "$@" 2>&1 || true)
  else
    out=$(setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups \
      busctl --system call de.pengutronix.rauc / de.pengutronix.rauc.Installer "$method" "$@" 2>&1 || true)
  fi
  case $out in *"Access denied"*|*AccessDenied*) got=denied ;; *) got="let through" ;; esac
  if [ "$got" = "$expect" ]; then echo "ok   $user $method: $got"
  else echo "FAIL $user $method: $got, expected $expect ($out)"; failures=$((failures + 1)); fi
}
call nobody "let through" GetSlotStatus ""
call nobody "let through" GetPrimary ""
call nobody denied InstallBundle 'sa{sv}' "$work/any.raucb" 0
call nobody denied Install s "$work/any.raucb"
call nobody denied Info s "$work/any.raucb"
call nobody denied Mark ss bad booted
call "$yici_user" "let through" Mark ss good booted
call "$yici_user" denied InstallBundle 'sa{sv}' "$work/any.raucb" 0
call "$yici_user" denied Install s "$work/any.raucb"
call root "let through" InstallBundle 'sa{sv}' "$work/any.raucb" 0
call root "let through" Mark ss good booted
[ $failures -eq 0 ] && echo "RAUC's D-Bus policy: status for all, install for root, mark for root and $yici_user" ||
  { echo "$failures D-Bus policy check(s) failed"; exit 1; }
