#!/bin/sh
# job-prune.sh: removes the folders of jobs that ended more than DAYS days ago.
# Usage: sh -c "$(cat job-prune.sh)" job-prune.sh DAYS   (DAYS a whole number, checked by Pier)
# Prints the id of each job it removed. A job that is queued or running is never touched, and
# neither is one whose status cannot be read.
set -u
days=$1
cutoff=$(($(date +%s) - days * 86400))
for dir in "$HOME"/.pier/jobs/*/; do
  [ -f "$dir/status.json" ] || continue
  ended=$(sed -n 's/.*"endedAt":\([0-9][0-9]*\).*/\1/p' "$dir/status.json")
  [ -n "$ended" ] || continue
  if [ "$ended" -lt "$cutoff" ]; then
    id=$(basename "$dir")
    rm -rf "${dir%/}" && printf '%s\n' "$id"
  fi
done
exit 0
