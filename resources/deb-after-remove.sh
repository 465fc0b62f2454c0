#!/bin/sh
# Removes the links deb-after-install.sh made, once their targets are gone.
set -e
for link in /usr/bin/pier /usr/bin/pier-desktop; do
  if [ -L "$link" ] && [ ! -e "$link" ]; then rm -f "$link"; fi
done
