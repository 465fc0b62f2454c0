#!/bin/sh
# job-follow.sh: prints a job's log from a byte offset and keeps following it until the job ends.
# Usage: sh -c "$(cat job-follow.sh)" job-follow.sh ID OFFSET   (ID checked by Pier)
# Stdout carries log bytes only, so the caller's byte count is its next offset after a reconnect.
# Exit 0 when the job has ended and every byte was sent; 3 when the job's process is gone
# without an end state (the host rebooted, or it was killed from outside); 4 when there is no
# such job (never launched, or pruned).
set -u
dir="$HOME/.pier/jobs/$1"
off=$2
log="$dir/log"
[ -f "$dir/run.sh" ] || exit 4

size_of() {
  s=$(wc -c <"$log" 2>/dev/null || echo 0)
  echo $((s + 0))
}

send_new() {
  size=$(size_of)
  if [ "$size" -gt "$off" ]; then
    tail -c +"$((off + 1))" "$log" | head -c "$((size - off))"
    off=$size
  fi
}

while :; do
  state=$(sed -n 's/.*"state":"\([a-z]*\)".*/\1/p' "$dir/status.json" 2>/dev/null)
  send_new
  case $state in
    succeeded | failed | cancelled)
      # The runner finishes the log before it writes the end state; one last look catches it.
      send_new
      exit 0
      ;;
    *)
      # Queued, running, or not started yet: a job launched moments ago has no status or pid
      # until its runner writes them, so only a pid that is written and dead means gone.
      pid=$(cat "$dir/pid" 2>/dev/null)
      if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
        send_new
        # It may have written its end state between our two looks.
        case $(sed -n 's/.*"state":"\([a-z]*\)".*/\1/p' "$dir/status.json" 2>/dev/null) in
          succeeded | failed | cancelled) exit 0 ;;
        esac
        exit 3
      fi
      ;;
  esac
  sleep 0.3
done
