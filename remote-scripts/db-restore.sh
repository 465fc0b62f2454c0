#!/bin/sh
# db-restore.sh: restores a backup file that Pier uploaded to the server into database NAME, run
# as a Pier job (key db-NAME), so the laptop may go away mid-restore.
# Usage: db-restore.sh NAME ENGINE FILE IMAGE   (checked by Pier; FILE under ~/.pier/restore/)
# The file is decompressed by its extension (.zst, .gz, else as is) and streamed into the
# engine's restore tool inside the database's container; Redis gets its RDB swapped in while the
# service is scaled to 0. Each pipeline stage's status is captured (sh has no pipefail). The
# uploaded file is removed at the end either way.
set -u

# shellcheck source=remote-scripts/lib/db.sh
. ./lib/db.sh # pier:include

name=$1
engine=$2
file=$3
image=$4
service="db-${name}_db"
work=$(mktemp -d)
trap 'rm -rf "$work" "$file"' EXIT

fail() {
  echo "error: $*"
  exit 1
}

unpack() {
  case $file in
    *.zst) zstd -q -d -c "$file" ;;
    *.gz) gzip -d -c "$file" ;;
    *) cat "$file" ;;
  esac
}

[ -f "$file" ] || fail "the uploaded file is missing"
echo "::pier step restore"
echo "::pier progress 10"
if [ "$engine" = redis ]; then
  docker service scale --detach=false "$service=0" >/dev/null 2>&1 || fail "cannot stop $service"
  i=0
  while [ -n "$(docker ps -q --filter "label=com.docker.swarm.service.name=$service")" ]; do
    i=$((i + 1))
    [ "$i" -lt 60 ] || fail "$service did not stop"
    sleep 1
  done
  {
    unpack
    echo $? >"$work/unpack.status"
  } | docker run --rm -i -v "db-${name}_data:/data" --entrypoint sh "$image" -c \
    'cat >/data/dump.rdb.new && mv -f /data/dump.rdb.new /data/dump.rdb && rm -f /data/appendonly.aof && rm -rf /data/appendonlydir' \
    2>"$work/restore.err"
  rstatus=$?
  docker service scale --detach=false "$service=1" >/dev/null 2>&1 || true
else
  cid=$(db_container "$name")
  [ -n "$cid" ] || fail "the database $name is not running"
  {
    unpack
    echo $? >"$work/unpack.status"
  } | docker exec -i "$cid" sh -c "$(db_restore_snippet "$engine")" >"$work/restore.out" 2>"$work/restore.err"
  rstatus=$?
fi
ustatus=$(cat "$work/unpack.status" 2>/dev/null || echo unknown)
[ "$ustatus" = 0 ] || fail "the file could not be decompressed (exit $ustatus)"
[ "$rstatus" = 0 ] || fail "the restore failed (exit $rstatus): $(tail -n 5 "$work/restore.err" | tail -c 600)"

echo "::pier step check"
echo "::pier progress 90"
db_wait_ready "$name" 120 "$engine" || fail "the database did not answer after the restore"
c=$(db_container "$name")
count=$(docker exec "$c" sh -c "$(db_count_snippet "$engine")" </dev/null 2>/dev/null | tr -d ' \r')
echo "::pier progress 100"
if [ "$engine" = redis ]; then unit=keys; else unit=tables; fi
echo "restored into $name: $count $unit"
