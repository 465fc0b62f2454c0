#!/bin/sh
# job-list.sh: one line per job under ~/.pier/jobs: its status.json, then
# {"id":ID,"alive":BOOL,"step":STRING|null,"progress":N|null,"title":STRING|null}: whether its
# process is alive, what it last reported (see job-run.sh), and the title of a job the server
# started itself (lib/app-deploy-job.sh). Read by main/core/jobs/status.ts.
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
  # Only jobs the server started itself have a title file; the laptop names its own.
  title=null
  if [ -s "$dir/title" ]; then title="\"$(json_string "$(head -c 200 "$dir/title" | head -n 1)")\""; fi
  printf '{"id":"%s","alive":%s,"step":%s,"progress":%s,"title":%s}\n' "$id" "$alive" "$step" "$progress" "$title"
done
printf '{"done":true}\n'
