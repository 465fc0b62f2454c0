#!/bin/sh
# After the .deb unpacks Pier into /opt/Pier: put the desktop app and the `pier` CLI on PATH,
# and let Chromium's sandbox work where unprivileged user namespaces are disabled or restricted
# (as by Ubuntu 24.04's AppArmor setting): there the setuid sandbox helper has to take over.
set -e
ln -sf /opt/Pier/pier-desktop /usr/bin/pier-desktop
ln -sf /opt/Pier/resources/bin/pier /usr/bin/pier

userns_ok=yes
[ -L /proc/self/ns/user ] || userns_ok=no
[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || echo 1)" = 1 ] || userns_ok=no
[ "$(cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns 2>/dev/null || echo 0)" = 0 ] || userns_ok=no
if [ "$userns_ok" = yes ]; then
  chmod 0755 /opt/Pier/chrome-sandbox 2>/dev/null || true
else
  chmod 4755 /opt/Pier/chrome-sandbox 2>/dev/null || true
fi

if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
