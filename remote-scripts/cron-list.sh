#!/bin/sh
# cron-list.sh: Pier's crontab block and what each entry last did, as JSON lines:
#   {"line":STRING}   each line between "# BEGIN pier" and "# END pier"
#   the contents of each ~/.pier/cron/NAME/status.json, then {"name":NAME,"skipped":N}
#   {"done":true}
# Read by main/core/jobs/cron.ts.
set -u
# shellcheck source=remote-scripts/lib/json.sh
. ./lib/json.sh # pier:include

crontab -l 2>/dev/null | awk '
  $0 == "# BEGIN pier" { inside = 1; next }
  $0 == "# END pier" { inside = 0; next }
  inside { print }
' | while IFS= read -r line; do
  printf '{"line":"%s"}\n' "$(json_string "$line")"
done

for dir in "$HOME"/.pier/cron/*/; do
  [ -d "$dir" ] || continue
  name=$(basename "$dir")
  [ -f "$dir/status.json" ] && head -n 1 "$dir/status.json"
  skipped=$(wc -l <"$dir/skipped" 2>/dev/null || echo 0)
  printf '{"name":"%s","skipped":%s}\n' "$(json_string "$name")" "$((skipped + 0))"
done
printf '{"done":true}\n'
