#!/bin/sh
# backup-db.sh: one backup of a database, run by its cron entry (backup-<db>) or as a job ("run
# now", the safety backup before a restore). Both take the same lock, so runs never overlap: a
# run that finds another one going exits 75 with a logged reason.
# Usage: backup-db.sh DB ENGINE VERSION KEEP TRIGGER   (all checked by Pier)
# Layout, kept on the server so it stays usable without Pier:
#   ~/.pier/backups/DB/ID.EXT          finished backups (ID = UTC time + random suffix)
#   ~/.pier/backups/DB/manifest.jsonl  one JSON line per run (id, file, time, size, sha256,
#                                      engine, version, durationSec, status ok|failed, error,
#                                      trigger), plus {"id","status":"pruned"} when retention
#                                      deletes a file
#   ~/.pier/backups/DB/.tmp-ID.EXT     a dump in progress; never listed, removed on failure
# The dump runs inside the database's container (its own credentials); the pipeline's statuses
# are each captured (sh has no pipefail), so a failed dump is a failed backup, never an empty ok.
set -u

# shellcheck source=remote-scripts/lib/json.sh
. ./lib/json.sh # pier:include
# shellcheck source=remote-scripts/lib/db.sh
. ./lib/db.sh # pier:include

db=$1
engine=$2
version=$3
keep=$4
trigger=$5
dir="$HOME/.pier/backups/$db"
manifest="$dir/manifest.jsonl"
umask 077
mkdir -p "$dir" "$HOME/.pier/locks"

# Not backup-DB.lock: that is the job lock of "run now" (key backup-DB), held by job-run.sh.
exec 8>"$HOME/.pier/locks/db-backup-$db.run.lock"
if ! flock -n 8; then
  echo "skipped: another backup of $db is still running"
  exit 75
fi

id="$(date -u +%Y%m%dT%H%M%SZ)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
started=$(date +%s)
if command -v zstd >/dev/null 2>&1; then ext=zst; else ext=gz; fi
case $engine in
  postgres) kind=pgdump ;;
  mysql | mariadb) kind=sql ;;
  mongo) kind=archive ;;
  redis) kind=rdb ;;
  *) kind=dump ;;
esac
file="$id.$kind.$ext"
tmp="$dir/.tmp-$file"
work="$dir/.work-$id"
mkdir -p "$work"

jstr() { if [ -n "$1" ]; then printf '"%s"' "$(json_string "$1")"; else printf null; fi; }

record() { # STATUS FILE SIZE SHA ERROR
  printf '{"id":"%s","file":%s,"time":%s,"size":%s,"sha256":%s,"engine":"%s","version":%s,"durationSec":%s,"status":"%s","error":%s,"trigger":"%s"}\n' \
    "$id" "$(jstr "$2")" "$started" "${3:-null}" "$(jstr "$4")" "$engine" "$(jstr "$version")" \
    "$(($(date +%s) - started))" "$1" "$(jstr "$5")" "$trigger" >>"$manifest"
}

fail() {
  rm -f "$tmp"
  rm -rf "$work"
  record failed '' '' '' "$*"
  echo "error: $*"
  exit 1
}
trap 'fail "the backup was interrupted"' HUP INT TERM

compress() { if [ "$ext" = zst ]; then zstd -q -3 -c; else gzip -c; fi; }
decompress() { if [ "$ext" = zst ]; then zstd -q -d -c; else gzip -d -c; fi; }

echo "::pier step dump"
echo "::pier progress 10"
cid=$(db_container "$db")
[ -n "$cid" ] || fail "the database $db is not running (no running container of db-${db}_db)"
{
  docker exec "$cid" sh -c "$(db_dump_snippet "$engine")" </dev/null 2>"$work/dump.err"
  echo $? >"$work/dump.status"
} | compress >"$tmp" 2>"$work/compress.err"
cstatus=$?
dstatus=$(cat "$work/dump.status" 2>/dev/null || echo unknown)
if [ "$dstatus" != 0 ]; then
  fail "the dump failed (exit $dstatus): $(tail -n 3 "$work/dump.err" 2>/dev/null | tail -c 400)"
fi
if [ "$cstatus" != 0 ]; then
  free=$(df -Pk "$dir" 2>/dev/null | awk 'NR == 2 { print $4 }')
  fail "compressing or writing the backup failed (exit $cstatus, ${free:-?} KiB free in $dir): $(tail -c 300 "$work/compress.err" 2>/dev/null)"
fi
if [ "$(decompress <"$tmp" | head -c 1 | wc -c)" -eq 0 ]; then fail "the dump was empty"; fi

echo "::pier step store"
echo "::pier progress 70"
sync "$tmp" 2>/dev/null || sync
sha=$(sha256sum "$tmp" | cut -c1-64)
size=$(wc -c <"$tmp" | tr -d ' ')
mv -f "$tmp" "$dir/$file" || fail "could not rename the backup into place"
sync "$dir" 2>/dev/null || sync
rm -rf "$work"
record ok "$file" "$size" "$sha" ''
trap - HUP INT TERM
echo "backup $id: $file, $size bytes, sha256 $sha"

# Retention: only successful backups older than the newest KEEP are deleted (never a failed
# run's record, never the newest good one: KEEP is at least 1 and this run just succeeded).
echo "::pier step retention"
echo "::pier progress 90"
pruned=$(sed -n 's/^{"id":"\([^"]*\)","status":"pruned".*/\1/p' "$manifest")
sed -n 's/^{"id":"\([^"]*\)","file":"\([^"]*\)",.*"status":"ok".*/\1 \2/p' "$manifest" |
  while read -r old_id old_file; do
    case " $(echo "$pruned" | tr '\n' ' ') " in *" $old_id "*) continue ;; esac
    echo "$old_id $old_file"
  done >"$dir/.good"
n=$(wc -l <"$dir/.good" | tr -d ' ')
if [ "$n" -gt "$keep" ]; then
  head -n "$((n - keep))" "$dir/.good" | while read -r old_id old_file; do
    rm -f "$dir/$old_file"
    printf '{"id":"%s","status":"pruned","time":%s}\n' "$old_id" "$(date +%s)" >>"$manifest"
    echo "retention: deleted $old_file"
  done
fi
rm -f "$dir/.good"
echo "::pier progress 100"
