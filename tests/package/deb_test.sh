#!/usr/bin/env bash
# The Debian package: cpack makes yici_VERSION_ARCH.deb from the install layout, with Depends from the linked
# libraries (all of them in the boards' root filesystem list) and the postinst; its own yicictl accepts its own
# board configs.
#   deb_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log") || { cat "$out/cpack.log"; fail "cpack failed"; }
arch=$(dpkg --print-architecture)
deb=$(ls "$out"/yici_*_"$arch".deb) || fail "no yici_VERSION_$arch.deb in $(ls "$out")"
echo "package: $(basename "$deb") ($(stat -c %s "$deb") bytes)"

control=$(dpkg-deb --field "$deb")
grep -q '^Package: yici$' <<<"$control" || fail "package name"
grep -q '^Depends: .*libopencv-core406.*libsqlite3-0' <<<"$control" || fail "Depends lacks the linked libraries"
dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -qx './postinst' || fail "no postinst"
# A board's root filesystem (tools/make-rootfs) must hold every library a release build links.
src=$(cd "$(dirname "$0")/../.." && pwd)
for dep in $(sed -n 's/^Depends: //p' <<<"$control" | tr ',' '\n' | sed 's/^ *\([^ ]*\).*/\1/'); do
  grep -qx "$dep" "$src/toolchains/rootfs-packages.txt" || fail "toolchains/rootfs-packages.txt lacks $dep (a Depends)"
done

files=$(dpkg-deb --contents "$deb" | awk '{print $6}')
for f in ./usr/bin/yicid ./usr/bin/yicictl ./usr/share/yici/ui/index.html ./usr/lib/systemd/system/yicid.service \
  ./usr/lib/systemd/system/yici-display.service ./usr/lib/sysusers.d/yici.conf ./usr/lib/udev/rules.d/70-yici.rules \
  ./usr/libexec/yici/yici-display-launch ./usr/share/yici/board-configs/rk3568-kiosk.toml \
  ./usr/libexec/yici/rauc-pre-install ./usr/share/yici/version ./usr/share/yici/dbus/yici-rauc.conf; do
  grep -qx "$f" <<<"$files" || fail "$f missing from the package"
done

root=$out/root
dpkg-deb -x "$deb" "$root"
for board in "$root"/usr/share/yici/board-configs/*.toml; do
  "$root/usr/bin/yicictl" config check "$board" >/dev/null || fail "packaged yicictl rejects $(basename "$board")"
done
echo "ok: $(grep -c . <<<"$files") entries, board configs accepted by the packaged yicictl"
