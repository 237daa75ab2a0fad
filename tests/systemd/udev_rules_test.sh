#!/usr/bin/env bash
# 70-yici.rules under the real udev rules engine (udevadm test) on umockdev's fake sysfs, in a private mount
# namespace: each kiosk device goes to the yici group with 0660, and the camera is on no seat a display session
# sits on (so systemd's uaccess grants the display user nothing). Usage: udev_rules_test.sh SOURCE_DIR
set -euo pipefail
source_dir=$1
for tool in udevadm umockdev-run unshare; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool missing (tools/setup installs it)"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root for a private mount namespace"; exit 77; }
unshare -m true 2>/dev/null || { echo "SKIP: no mount namespaces here"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A USB camera and a CH340 USB-serial bridge (an ID-card reader) as sysfs would show them.
cat >"$work/devices.umockdev" <<'DEV'
P: /devices/pci0000:00/0000:00:14.0/usb1/1-1
N: bus/usb/001/002
E: DEVNAME=/dev/bus/usb/001/002
E: DEVTYPE=usb_device
E: SUBSYSTEM=usb
E: MAJOR=189
E: MINOR=1
A: idVendor=046d
A: idProduct=0825
A: dev=189:1

P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/video4linux/video0
N: video0
E: DEVNAME=/dev/video0
E: SUBSYSTEM=video4linux
E: MAJOR=81
E: MINOR=0
A: name=USB Camera
A: dev=81:0

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2
E: DEVTYPE=usb_device
E: SUBSYSTEM=usb
A: idVendor=1a86
A: idProduct=7523

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/ttyUSB0/tty/ttyUSB0
N: ttyUSB0
E: DEVNAME=/dev/ttyUSB0
E: SUBSYSTEM=tty
E: MAJOR=188
E: MINOR=0
A: dev=188:0
DEV
cat >"$work/in-namespace.sh" <<'NS'
set -euo pipefail
work=$1 rules=$2
# Only this namespace sees the kiosk's rules, a yici group and a fresh udev database.
mount -t tmpfs tmpfs /etc/udev/rules.d
cp "$rules" /etc/udev/rules.d/70-yici.rules
mkdir -p /run/udev && mount -t tmpfs tmpfs /run/udev
cp /etc/group "$work/group" && echo "yici:x:4711:" >>"$work/group" && mount --bind "$work/group" /etc/group
for dev in video4linux/video0 tty/ttyUSB0; do
  umockdev-run -d "$work/devices.umockdev" -- udevadm test "/sys/class/$dev" >"$work/${dev#*/}.log" 2>&1 || true
done
NS
unshare -m bash "$work/in-namespace.sh" "$work" "$source_dir/firmware/systemd/70-yici.rules"

fail=0
expect() {  # expect LOG PATTERN WHAT
  grep -Eq "$2" "$work/$1.log" || { echo "FAIL: $1: $3"; fail=1; }
}
for dev in video0 ttyUSB0; do
  grep -q "70-yici.rules" "$work/$dev.log" || { echo "udevadm test gave for $dev:"; cat "$work/$dev.log"; }
  expect "$dev" '70-yici.rules:[0-9]+ GROUP 4711' "not given to the yici group"
  expect "$dev" '70-yici.rules:[0-9]+ MODE 0660' "not mode 0660"
done
# The display's session sits on seat0 (yici-display.pam, pam_systemd); a device without ID_SEAT is on seat0.
seat=$(sed -n 's/^ID_SEAT=//p' "$work/video0.log")
if [ -z "$seat" ] || [ "$seat" = seat0 ]; then
  echo "FAIL: the camera sits on seat ${seat:-seat0}, so uaccess grants the display user an ACL on it"
  fail=1
fi
[ "$fail" -eq 0 ] && echo "udev rules: camera and card reader in group yici 0660, camera on ${seat}, not the display's seat"
exit "$fail"
