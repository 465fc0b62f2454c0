#!/bin/sh
# `pier` for the packaged app: runs the CLI inside the app's own runtime (no window).
# Installed as /usr/bin/pier by the .deb; on macOS link it from /Applications/Pier.app.
set -e
self=$(readlink -f "$0" 2>/dev/null || printf '%s' "$0")
app_dir=$(dirname "$self")
for exe in "$app_dir/../../pier" "$app_dir/../pier" "$app_dir/../MacOS/Pier"; do
  if [ -x "$exe" ]; then exec "$exe" --pier-cli "$@"; fi
done
echo "pier: cannot find the Pier executable next to $self" >&2
exit 1
