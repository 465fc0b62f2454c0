#!/bin/sh
# job-run.sh: runs one Pier job on the server, detached from the SSH session that started it.
# Usage (Pier starts it with setsid + nohup): sh ~/.pier/jobs/ID/run.sh ID KEY TIMEOUT
#   ID, KEY: [a-z0-9-] (checked by Pier); TIMEOUT: seconds, 0 for none.
# The job's own script is ~/.pier/jobs/ID/script; its arguments are ~/.pier/jobs/ID/args, one
# base64 line each, so no argument is ever parsed by a shell.
# Files in ~/.pier/jobs/ID/: log (append-only, a UTC timestamp per line), status.json (rewritten
# atomically), pid (the job's process group), step and progress (the latest the script reported),
# exit, and secrets/ (0600 files the script reads through $PIER_SECRETS; removed when it ends).
# Jobs with the same KEY run one after the other.
#
# Progress protocol: a script line "::pier step NAME" names the current step, and
# "::pier progress N" (0-100) sets its progress. Both lines stay in the log as well.
set -u

id=$1
key=$2
timeout=$3
dir="$HOME/.pier/jobs/$id"
locks="$HOME/.pier/locks"
mkdir -p "$locks"

now() { date +%s; }
started=null
ended=null
exit_code=null
reason=null

# status.json is written to a temp file and renamed, so a reader never sees half of it.
write_status() {
  printf '{"id":"%s","key":"%s","state":"%s","pid":%s,"exitCode":%s,"queuedAt":%s,"startedAt":%s,"endedAt":%s,"reason":%s}\n' \
    "$id" "$key" "$1" "$$" "$exit_code" "$queued" "$started" "$ended" "$reason" >"$dir/status.json.tmp"
  mv -f "$dir/status.json.tmp" "$dir/status.json"
}

# Secrets are needed only while the script runs; they never outlive the job on disk.
drop_secrets() { rm -rf "$dir/secrets"; }

queued=$(now)
echo "$$" >"$dir/pid"
write_status queued

cancelled=no
on_term() { cancelled=yes; }
trap on_term TERM INT HUP

# The lock is held by this shell's fd 9 (and inherited by the job), released when all exit.
exec 9>"$locks/$key.lock"
flock 9

if [ "$cancelled" = yes ]; then
  ended=$(now)
  reason='"cancelled while queued"'
  drop_secrets
  write_status cancelled
  exit 143
fi

started=$(now)
write_status running

# A watchdog ends the whole process group when the job runs past its timeout.
watchdog=''
if [ "$timeout" -gt 0 ] 2>/dev/null; then
  (
    # Not holding the lock: the watchdog's sleep outlives a job that ends early.
    exec 9>&-
    sleep "$timeout"
    : >"$dir/timed-out"
    # `kill -TERM -PGID`, not `kill -s TERM -- -PGID`: dash refuses the latter, busybox the `--`.
    kill -TERM "-$$" 2>/dev/null
  ) &
  watchdog=$!
fi

set --
while IFS= read -r line; do
  set -- "$@" "$(printf '%s' "$line" | base64 -d)"
done <"$dir/args"

# A UTC timestamp before each line. mawk (Debian's default awk) reads a pipe in big blocks, so a
# follower would see nothing until the job printed 4 KiB; `-W interactive` makes it go line by
# line. gawk and busybox awk already do.
# The same pass picks out progress lines into the step and progress files.
# shellcheck disable=SC2016 # an awk program: $0 is awk's, not the shell's
STAMP='
{ print strftime("%Y-%m-%dT%H:%M:%SZ", systime(), 1), $0; fflush() }
/^::pier step ./ { f = dir "/step"; print substr($0, 13) > f; close(f) }
/^::pier progress [0-9]+[ \t]*$/ {
  p = substr($0, 17) + 0; if (p > 100) p = 100
  f = dir "/progress"; print p > f; close(f)
}'
if awk -W version 2>&1 | grep -q mawk; then
  stamp() { awk -W interactive -v dir="$dir" "$STAMP"; }
else
  stamp() { awk -v dir="$dir" "$STAMP"; }
fi

# Output of the job, both streams; the exit status goes to a file because a POSIX pipeline only
# reports its last command's.
{
  PIER_SECRETS="$dir/secrets" PIER_JOB_ID="$id" sh "$dir/script" "$@" </dev/null
  echo "$?" >"$dir/exit"
} 2>&1 | stamp >>"$dir/log"

drop_secrets
if [ -n "$watchdog" ]; then kill "$watchdog" 2>/dev/null; fi
ended=$(now)
exit_code=$(cat "$dir/exit" 2>/dev/null || echo null)
case $exit_code in '' | *[!0-9]*) exit_code=null ;; esac
if [ -f "$dir/timed-out" ]; then
  reason="\"timed out after ${timeout}s\""
  write_status failed
elif [ "$cancelled" = yes ]; then
  write_status cancelled
elif [ "$exit_code" = 0 ]; then
  write_status succeeded
else
  reason='"the job exited with an error"'
  write_status failed
fi
