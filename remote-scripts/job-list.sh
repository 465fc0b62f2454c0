#!/bin/sh
# job-list.sh: one line per job under ~/.pier/jobs: its status.json, then
# {"id":ID,"alive":BOOL,"step":STRING|null,"progress":N|null}: whether its process is alive and
# what it last reported (see job-run.sh). Read by main/core/jobs/status.ts.
# A job whose process is gone can never use its secrets again, so they are removed here too
# (the runner removes them itself unless it was killed outright or the host rebooted).
set -u
# shellcheck source=remote-scripts/lib/json.sh
. ./lib/json.sh # pier:include

for dir in "$HOME"/.pier/jobs/*/; do
  [ -f "$dir/status.json" ] || continue
  id=$(basename "$dir")
  cat "$dir/status.json"
  if kill -0 "$(cat "$dir/pid" 2>/dev/null || echo 0)" 2>/dev/null; then
    alive=true
  else
    alive=false
    [ -d "$dir/secrets" ] && rm -rf "$dir/secrets"
  fi
  step=null
  if [ -s "$dir/step" ]; then step="\"$(json_string "$(head -c 200 "$dir/step" | head -n 1)")\""; fi
  progress=$(head -c 4 "$dir/progress" 2>/dev/null | tr -cd '0-9')
  [ -n "$progress" ] || progress=null
  printf '{"id":"%s","alive":%s,"step":%s,"progress":%s}\n' "$id" "$alive" "$step" "$progress"
done
printf '{"done":true}\n'
