#!/bin/sh
# stack-deploy.sh: deploys a compose stack with `docker stack deploy`, run as a Pier job (key
# stack-<name>, so two deploys of one stack queue instead of interleaving).
# Usage: stack-deploy.sh NAME WAIT COMPOSE UP PROXY [PATH]...
#   NAME     the stack name ([a-z][a-z0-9_-]*, checked by Pier)
#   WAIT     seconds to wait for every service to run its replicas
#   COMPOSE  the compose file, as the user gave it
#   UP       stack-up.sh, kept as the stack's up.sh
#   PROXY    the proxy overlay (services with a domain join the network pier), kept as
#            proxy.yml; empty when no service has a domain
#   PATH     files to write under files/ (relative, checked by Pier); the content of the Nth is
#            $PIER_SECRETS/MOUNT_N (N from 0), since a mounted file may hold a password
# The env file arrives as $PIER_SECRETS/ENV. Both stay only in the job's secrets folder (removed
# when the job ends) and in the stack folder, which only the user can read:
#   ~/.pier/stacks/NAME/{compose.yml,.env,up.sh,proxy.yml,files/}
set -eu
# shellcheck source=remote-scripts/lib/proxy-net.sh
. ./lib/proxy-net.sh # pier:include

name=$1
wait_sec=$2
compose=$3
up=$4
proxy=$5
shift 5
dir="$HOME/.pier/stacks/$name"

fail() {
  echo "error: $*"
  exit 1
}

echo "::pier step check"
state=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>&1) || fail "Docker is not reachable: $state"
if [ "$state" != active ]; then
  fail "this server's Docker engine is not in a swarm (state: $state); run: pier server setup-docker SERVER"
fi

echo "::pier step files"
echo "::pier progress 10"
umask 077
mkdir -p "$dir/files"
chmod 700 "$dir"
printf '%s\n' "$compose" >"$dir/compose.yml"
printf '%s\n' "$up" >"$dir/up.sh"
if [ -n "$proxy" ]; then
  ensure_proxy_network 2>&1 || fail "the proxy network is missing"
  printf '%s' "$proxy" >"$dir/proxy.yml"
else
  rm -f "$dir/proxy.yml"
fi
if [ -f "${PIER_SECRETS:-/nonexistent}/ENV" ]; then
  cp "$PIER_SECRETS/ENV" "$dir/.env"
else
  : >"$dir/.env"
fi
# Mounted files are read by whatever user the container runs as; the folder above stays private.
umask 022
n=0
for path in "$@"; do
  src="$PIER_SECRETS/MOUNT_$n"
  [ -f "$src" ] || fail "the content of $path did not arrive"
  mkdir -p "$(dirname "$dir/files/$path")"
  cp "$src" "$dir/files/$path"
  chmod 644 "$dir/files/$path"
  echo "wrote files/$path"
  n=$((n + 1))
done

echo "::pier step deploy"
echo "::pier progress 30"
sh "$dir/up.sh" "$name" 2>&1 || fail "docker stack deploy refused the stack"

echo "::pier step wait"
echo "::pier progress 60"
# Every replicated service must show N/N (and global ones their count) twice in a row.
waited=0
steady=0
while [ "$waited" -lt "$wait_sec" ]; do
  sleep 2
  waited=$((waited + 2))
  lines=$(docker stack services "$name" --format '{{.Name}} {{.Replicas}}' 2>/dev/null || true)
  pending=$(printf '%s\n' "$lines" | awk 'NF >= 2 { split($2, r, "/"); if (r[1] != r[2]) print $1 }')
  if [ -n "$lines" ] && [ -z "$pending" ]; then
    steady=$((steady + 1))
    if [ "$steady" -ge 2 ]; then
      echo "::pier progress 100"
      echo "deployed stack $name:"
      printf '%s\n' "$lines"
      exit 0
    fi
  else
    steady=0
    echo "waiting for: $(printf '%s' "$pending" | tr '\n' ' ')"
  fi
done
why=$(for s in $pending; do docker service ps --no-trunc --format '{{.Error}}' "$s" | grep -m 1 . || true; done | head -n 1)
fail "not every service was running within ${wait_sec}s: $(printf '%s' "$pending" | tr '\n' ' ')${why:+($why)}"
