#!/bin/sh
# `pier` for the packaged app: runs the CLI inside the app's own runtime (no window).
# Lives at <app>/resources/bin/pier (Linux) or Pier.app/Contents/Resources/bin/pier (macOS);
# the .deb links it as /usr/bin/pier.
set -e
self=$(readlink -f "$0" 2>/dev/null || printf '%s' "$0")
bin_dir=$(dirname "$self")
for exe in "$bin_dir/../../pier-desktop" "$bin_dir/../../MacOS/Pier"; do
  if [ -x "$exe" ]; then exec "$exe" --pier-cli "$@"; fi
done
echo "pier: cannot find the Pier app next to $self (hint: reinstall Pier, or run the CLI from a checkout with npx pier)" >&2
exit 1
