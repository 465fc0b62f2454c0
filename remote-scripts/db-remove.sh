#!/bin/sh
# db-remove.sh: removes a database's stack; with PURGE=yes also its data volume and backups.
# Usage: db-remove.sh NAME PURGE   (NAME checked by Pier)
set -u
name=$1
purge=$2
docker stack rm "db-$name" >/dev/null 2>&1 || true
rm -rf "$HOME/.pier/databases/$name"
if [ "$purge" = yes ]; then
  # The stack's containers go away asynchronously; the volume is free once they have.
  i=0
  while [ "$i" -lt 60 ] && ! docker volume rm "db-${name}_data" >/dev/null 2>&1; do
    docker volume inspect "db-${name}_data" >/dev/null 2>&1 || break
    sleep 1
    i=$((i + 1))
  done
  rm -rf "$HOME/.pier/backups/$name"
fi
echo removed
