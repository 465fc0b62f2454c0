# shellcheck shell=sh
# lib/proxy-net.sh: the overlay network the proxy and everything with a domain share. Inlined by
# Pier where a script says `. ./lib/proxy-net.sh # pier:include`.

# Creates the attachable overlay network "pier" unless it exists (a concurrent create that won
# the race counts as success). Returns non-zero with a message when this engine is in no swarm.
ensure_proxy_network() {
  docker network inspect pier >/dev/null 2>&1 && return 0
  docker network create --driver overlay --attachable pier >/dev/null 2>&1 ||
    docker network inspect pier >/dev/null 2>&1 || {
    echo "error: cannot create the overlay network pier (is this server in a swarm?)" >&2
    return 1
  }
}
