#!/bin/sh
# app-releases.sh: prints an app's releases as the server recorded them.
# Usage: app-releases.sh APP   (APP checked by Pier)
# Output: "current N", then per release "release <json>" and, for pruned ones, "pruned N".
set -u
dir="$HOME/.pier/apps/$1"
[ -d "$dir/releases" ] || exit 0
if [ -f "$dir/current" ]; then echo "current $(cat "$dir/current")"; fi
for f in "$dir"/releases/*.json; do
  case $f in *.compose.json | *'*'*) continue ;; esac
  printf 'release %s\n' "$(tr -d '\n' <"$f")"
  n=${f##*/}
  n=${n%.json}
  if [ -f "$dir/releases/$n.pruned" ]; then echo "pruned $n"; fi
done
