#!/bin/sh
# proxy-network.sh: makes sure the overlay network the proxy and the apps with domains share
# exists (an app's compose file names it as external, so it must exist before a deploy).
set -eu
if ! docker network inspect pier >/dev/null 2>&1; then
  docker network create --driver overlay --attachable pier >/dev/null 2>&1 ||
    docker network inspect pier >/dev/null 2>&1 || {
    echo "error: cannot create the overlay network pier (is this server in a swarm?)" >&2
    exit 1
  }
fi
