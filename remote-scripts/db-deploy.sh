#!/bin/sh
# db-deploy.sh: creates (or updates) a database as a swarm stack db-NAME, run as a Pier job (key
# db-NAME) and waits until it answers.
# Usage: db-deploy.sh NAME ENGINE COMPOSE WAIT   (checked by Pier)
#   COMPOSE  the rendered compose file (JSON); its secrets are files in $PIER_SECRETS, which
#            `docker stack deploy` copies into swarm secrets: the password is never in argv,
#            in the compose file kept on disk, or in the service's environment.
# The compose file is kept as ~/.pier/databases/NAME/compose.json; the data lives in the named
# volume db-NAME_data, on the swarm-scoped bridge network pier-db (the server can route to it,
# which is how `pier db tunnel` reaches it without publishing a port).
set -eu

# shellcheck source=remote-scripts/lib/db.sh
. ./lib/db.sh # pier:include

name=$1
engine=$2
compose=$3
wait_sec=$4
dir="$HOME/.pier/databases/$name"

fail() {
  echo "error: $*"
  exit 1
}

echo "::pier step check"
state=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>&1) || fail "Docker is not reachable: $state"
[ "$state" = active ] || fail "this server's Docker engine is not in a swarm (state: $state); run: pier server setup-docker SERVER"
if [ ! -f "${PIER_SECRETS:-/nonexistent}/PASSWORD" ]; then fail "the job has no password file"; fi
if ! docker network inspect pier-db >/dev/null 2>&1; then
  docker network create --driver bridge --scope swarm --attachable pier-db >/dev/null ||
    docker network inspect pier-db >/dev/null 2>&1 || fail "cannot create the pier-db network"
fi
umask 077
mkdir -p "$dir"
printf '%s\n' "$compose" >"$dir/compose.json"

echo "::pier step deploy"
echo "::pier progress 30"
PIER_SECRETS=$PIER_SECRETS docker stack deploy --resolve-image never --detach=true -c "$dir/compose.json" "db-$name" ||
  fail "docker stack deploy refused the service"

echo "::pier step wait"
echo "::pier progress 50"
if ! db_wait_ready "$name" "$wait_sec" "$engine"; then
  why=$(docker service ps --no-trunc --format '{{.Error}}' "db-${name}_db" | grep -m 1 . || true)
  fail "the database did not answer within ${wait_sec}s${why:+ ($why)}"
fi
echo "::pier progress 100"
echo "database $name is up"
