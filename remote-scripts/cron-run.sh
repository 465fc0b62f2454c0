#!/bin/sh
# cron-run.sh: what each line of Pier's crontab block runs: sh ~/.pier/cron/run.sh NAME
# NAME ([a-z0-9-], checked by Pier) names ~/.pier/cron/NAME/, which holds:
#   script       the entry's POSIX sh script, uploaded by Pier
#   status.json  the last run: started, ended, exit code, duration, and how many runs so far
#   log          the last run's output (stdout and stderr, the final 64 KiB)
#   skipped      one line per time cron fired while the previous run still held the lock: the
#                time, then the reason (pier cron list counts the lines)
# A run that finds the previous one still going skips (flock -n) instead of piling up.
set -u
name=$1
dir="$HOME/.pier/cron/$name"
[ -f "$dir/script" ] || exit 0
mkdir -p "$HOME/.pier/locks"

exec 9>"$HOME/.pier/locks/cron-$name.lock"
if ! flock -n 9; then
  echo "$(date +%s) skipped: the previous run of $name is still going (it holds the entry's lock)" >>"$dir/skipped"
  exit 0
fi

runs=$(sed -n 's/.*"runs":\([0-9][0-9]*\).*/\1/p' "$dir/status.json" 2>/dev/null)
runs=${runs:-0}

write_status() {
  printf '{"name":"%s","running":%s,"startedAt":%s,"endedAt":%s,"exitCode":%s,"durationSec":%s,"runs":%s}\n' \
    "$name" "$1" "$started" "$2" "$3" "$4" "$runs" >"$dir/status.json.tmp"
  mv -f "$dir/status.json.tmp" "$dir/status.json"
}

started=$(date +%s)
write_status true null null null
(cd "$HOME" && PIER_CRON_NAME="$name" sh "$dir/script" </dev/null >"$dir/log.new" 2>&1)
code=$?
ended=$(date +%s)
tail -c 65536 "$dir/log.new" >"$dir/log" && rm -f "$dir/log.new"
runs=$((runs + 1))
write_status false "$ended" "$code" "$((ended - started))"
exit 0
