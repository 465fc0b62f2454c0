#!/bin/sh
# job-list.sh: one line per job under ~/.pier/jobs: its status.json, then whether its process is
# alive, as {"id":ID,"alive":true|false}. Read by main/core/jobs/status.ts.
set -u
for dir in "$HOME"/.pier/jobs/*/; do
  [ -f "$dir/status.json" ] || continue
  id=$(basename "$dir")
  cat "$dir/status.json"
  if kill -0 "$(cat "$dir/pid" 2>/dev/null || echo 0)" 2>/dev/null; then alive=true; else alive=false; fi
  printf '{"id":"%s","alive":%s}\n' "$id" "$alive"
done
printf '{"done":true}\n'
