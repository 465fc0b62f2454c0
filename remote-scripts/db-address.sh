#!/bin/sh
# db-address.sh: the IP address of database NAME's container on the pier-db network, which the
# server routes to (a local bridge); `pier db tunnel` forwards to it over SSH.
# Usage: db-address.sh NAME   (checked by Pier)
set -u

# shellcheck source=remote-scripts/lib/db.sh
. ./lib/db.sh # pier:include

c=$(db_container "$1")
if [ -z "$c" ]; then
  echo "the database $1 is not running" >&2
  exit 1
fi
docker inspect --format '{{with index .NetworkSettings.Networks "pier-db"}}{{.IPAddress}}{{end}}' "$c"
