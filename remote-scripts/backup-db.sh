#!/bin/sh
# backup-db.sh: one backup of a database, run by its cron entry (backup-<db>) or as a job ("run
# now", the safety backup before a restore). Both take the same lock, so runs never overlap: a
# run that finds another one going exits 75 with a logged reason.
# Usage: backup-db.sh DB ENGINE VERSION KEEP TRIGGER   (all checked by Pier)
# Layout, kept on the server so it stays usable without Pier (see lib/backup.sh):
#   ~/.pier/backups/DB/ID.EXT          finished backups
#   ~/.pier/backups/DB/manifest.jsonl  one JSON line per run
#   ~/.pier/backups/DB/.tmp-ID.EXT     a dump in progress; never listed, removed on failure
# The dump runs inside the database's container (its own credentials); the pipeline's statuses
# are each captured (sh has no pipefail), so a failed dump is a failed backup, never an empty ok.
set -u

# shellcheck source=remote-scripts/lib/json.sh
. ./lib/json.sh # pier:include
# shellcheck source=remote-scripts/lib/db.sh
. ./lib/db.sh # pier:include
# shellcheck source=remote-scripts/lib/backup.sh
. ./lib/backup.sh # pier:include

db=$1
engine=$2
version=$3
keep=$4
trigger=$5
dir="$HOME/.pier/backups/$db"
manifest="$dir/manifest.jsonl"

case $engine in
  postgres) kind=pgdump ;;
  mysql | mariadb) kind=sql ;;
  mongo) kind=archive ;;
  redis) kind=rdb ;;
  *) kind=dump ;;
esac
# Not backup-DB.lock: that is the job lock of "run now" (key backup-DB), held by job-run.sh.
backup_begin "db-backup-$db" "$db" "$kind"
trap 'backup_fail "the backup was interrupted"' HUP INT TERM

echo "::pier step dump"
echo "::pier progress 10"
cid=$(db_container "$db")
[ -n "$cid" ] || backup_fail "the database $db is not running (no running container of db-${db}_db)"
{
  docker exec "$cid" sh -c "$(db_dump_snippet "$engine")" </dev/null 2>"$work/dump.err"
  echo $? >"$work/dump.status"
} | compress >"$tmp" 2>"$work/compress.err"
cstatus=$?
backup_check_write "$cstatus"
dstatus=$(cat "$work/dump.status" 2>/dev/null || echo unknown)
if [ "$dstatus" != 0 ]; then
  backup_fail "the dump failed (exit $dstatus): $(tail -n 3 "$work/dump.err" 2>/dev/null | tail -c 400)"
fi
if [ "$(decompress <"$tmp" | head -c 1 | wc -c)" -eq 0 ]; then backup_fail "the dump was empty"; fi

backup_store
backup_retention "$keep"
