#!/bin/sh
# db-verify.sh: restores a backup into a throwaway container and runs a sanity query, as a Pier
# job. The container, its anonymous volumes and the uploaded file are removed at the end.
# Usage: db-verify.sh ENGINE IMAGE FILE   (checked by Pier; FILE under ~/.pier/restore/)
# Prints "verified: N" (tables, or keys for Redis) as its last line when the restore worked.
set -u

# shellcheck source=remote-scripts/lib/db.sh
. ./lib/db.sh # pier:include

engine=$1
image=$2
file=$3
work=$(mktemp -d)
chmod 755 "$work"
c="pier-verify-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
trap 'docker rm -f -v "$c" >/dev/null 2>&1; rm -rf "$work" "$file"' EXIT

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
umask 022
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$work/password"
chmod 644 "$work/password"
pw=/run/pier-verify/password
case $engine in
  postgres) set -- -e POSTGRES_USER=pier -e POSTGRES_DB=verify -e "POSTGRES_PASSWORD_FILE=$pw" ;;
  mysql) set -- -e MYSQL_DATABASE=verify -e "MYSQL_ROOT_PASSWORD_FILE=$pw" ;;
  mariadb) set -- -e MARIADB_DATABASE=verify -e "MARIADB_ROOT_PASSWORD_FILE=$pw" ;;
  mongo) set -- -e MONGO_INITDB_ROOT_USERNAME=pier -e "MONGO_INITDB_ROOT_PASSWORD_FILE=$pw" ;;
  redis) set -- ;;
esac

echo "::pier step start"
echo "::pier progress 10"
if [ "$engine" = redis ]; then
  vol="$work/data"
  mkdir -p "$vol"
  unpack >"$vol/dump.rdb" || fail "the file could not be decompressed"
  chmod -R a+rwX "$vol"
  docker run -d --name "$c" -v "$vol:/data" "$image" >/dev/null || fail "cannot start $image"
else
  docker run -d --name "$c" -v "$work:/run/pier-verify:ro" "$@" "$image" >/dev/null ||
    fail "cannot start $image"
fi
ready() { docker exec "$c" sh -c "$(db_ready_snippet "$engine")" </dev/null; }
i=0
until ready; do
  i=$((i + 1))
  [ "$i" -lt 180 ] || fail "the throwaway database did not start: $(docker logs "$c" 2>&1 | tail -n 3)"
  sleep 1
done

if [ "$engine" != redis ]; then
  echo "::pier step restore"
  echo "::pier progress 40"
  {
    unpack
    echo $? >"$work/unpack.status"
  } | docker exec -i "$c" sh -c "$(db_restore_snippet "$engine")" >/dev/null 2>"$work/restore.err"
  rstatus=$?
  [ "$(cat "$work/unpack.status" 2>/dev/null)" = 0 ] || fail "the file could not be decompressed"
  [ "$rstatus" = 0 ] || fail "the restore failed (exit $rstatus): $(tail -n 5 "$work/restore.err" | tail -c 600)"
fi

echo "::pier step check"
echo "::pier progress 90"
count=$(docker exec "$c" sh -c "$(db_count_snippet "$engine")" </dev/null | tr -d ' \r')
case $count in '' | *[!0-9]*) fail "the sanity query failed: $count" ;; esac
echo "::pier progress 100"
echo "verified: $count"
