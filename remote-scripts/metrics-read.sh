#!/bin/sh
# metrics-read.sh: the collector's samples the laptop has not read yet.
# Stdin: what the laptop has, one "DAY OFFSET" line per file (DAY as YYYY-MM-DD, checked by Pier;
# "alerts" stands for alerts.log, the collector's record of alert deliveries).
# Stdout, per day file with unread bytes: a header line "=pier-file DAY FROM SIZE", then exactly
# SIZE - FROM bytes of the file starting at byte FROM. The caller keeps only whole lines and
# asks again from the end of the last whole line. Ends with "=pier-done".
set -u
dir="$HOME/.pier/metrics"
known=$(cat)
for f in "$dir"/????-??-??.jsonl "$dir/alerts.log"; do
  [ -f "$f" ] || continue
  day=$(basename "$f" .jsonl)
  [ "$day" = alerts.log ] && day=alerts
  from=$(printf '%s\n' "$known" | awk -v d="$day" '$1 == d { print $2 + 0; exit }')
  from=${from:-0}
  size=$(wc -c <"$f")
  size=$((size + 0))
  # A file that shrank was replaced (retention, a reinstall): read it again from the start.
  [ "$from" -gt "$size" ] && from=0
  [ "$from" -eq "$size" ] && continue
  printf '=pier-file %s %s %s\n' "$day" "$from" "$size"
  tail -c +"$((from + 1))" "$f" | head -c "$((size - from))"
done
printf '=pier-done\n'
