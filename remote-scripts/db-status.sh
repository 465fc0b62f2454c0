#!/bin/sh
# db-status.sh: one JSON line per database: its service's replicas and the size of its data.
# Usage: db-status.sh NAME ENGINE [NAME ENGINE]…   (checked by Pier)
set -u

# shellcheck source=remote-scripts/lib/db.sh
. ./lib/db.sh # pier:include

while [ $# -ge 2 ]; do
  name=$1
  engine=$2
  shift 2
  replicas=$(docker service ls --filter "name=db-${name}_db" --format '{{.Name}} {{.Replicas}}' |
    awk -v n="db-${name}_db" '$1 == n { print $2 }')
  size=null
  c=$(db_container "$name")
  if [ -n "$c" ]; then
    kb=$(docker exec "$c" du -sk "$(db_data_dir "$engine")" 2>/dev/null | awk '{ print $1 }')
    case $kb in '' | *[!0-9]*) ;; *) size=$((kb * 1024)) ;; esac
  fi
  printf '{"name":"%s","replicas":"%s","sizeBytes":%s}\n' "$name" "$replicas" "$size"
done
echo '{"done":true}'
