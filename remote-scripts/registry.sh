#!/bin/sh
# registry.sh: the image registry of a cluster in registry mode, run on one of its managers.
# Usage: registry.sh up IMAGE RELAY_IMAGE PORT | down | users PORT
#   up     creates (or brings up to date) the overlay network pier-registry, the service
#          pier-registry (IMAGE, pinned to this node, its storage the volume pier-registry-data)
#          and two global relay services that make it reachable as 127.0.0.1:PORT on every node
#   down   removes the three services and the network; the volume with the images stays
#   users  prints the services whose image comes from the registry (one name a line)
# Why a relay pair instead of a published port: Docker pulls over plain HTTP only from
# registries it is told to trust (daemon.json, an engine restart) or from 127.0.0.0/8. A swarm
# cannot publish a port on 127.0.0.1 only, so on each node:
#   dockerd --> 127.0.0.1:PORT, socat in pier-registry-loopback (host network)
#           --> unix socket in the node's volume pier-registry-sock
#           --> socat in pier-registry-overlay (overlay network pier-registry)
#           --> pier-registry:5000 on the manager
# Nothing listens on a non-loopback address; the network pier-registry is not attachable, so
# only these services are on it.
set -eu

cmd=${1:-}
net=pier-registry
svc=pier-registry
overlay=pier-registry-overlay
loopback=pier-registry-loopback
sock_dir=/run/pier-registry

fail() {
  echo "error: $*" >&2
  exit 1
}

port_ok() {
  case $1 in
    '' | *[!0-9]*) fail "not a port: $1" ;;
  esac
  if [ "$1" -lt 1 ] || [ "$1" -gt 65535 ]; then fail "not a port: $1"; fi
}

# Creates the service, or updates its image when it runs another one.
ensure_service() { # NAME IMAGE [create options...] -- [command...]
  name=$1
  image=$2
  shift 2
  if docker service inspect "$name" >/dev/null 2>&1; then
    have=$(docker service inspect --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' "$name")
    if [ "${have%%@*}" != "$image" ]; then
      docker service update --detach --image "$image" "$name" >/dev/null ||
        fail "cannot update $name to $image"
      echo "$name now runs $image"
    fi
    return 0
  fi
  docker service create --detach --name "$name" --label pier.registry=1 \
    --restart-condition any "$@" >/dev/null || fail "cannot create the service $name"
  echo "created $name ($image)"
}

case $cmd in
  up)
    [ "$#" -eq 4 ] || fail "usage: registry.sh up IMAGE RELAY_IMAGE PORT"
    image=$2
    relay=$3
    port=$4
    port_ok "$port"
    node=$(docker info --format '{{.Swarm.NodeID}}')
    [ -n "$node" ] || fail "this server's Docker engine is not in a swarm"
    if [ "$(docker info --format '{{.Swarm.ControlAvailable}}')" != true ]; then
      fail "this server is not a manager of its swarm"
    fi
    if ! docker network inspect "$net" >/dev/null 2>&1; then
      docker network create --driver overlay "$net" >/dev/null ||
        fail "cannot create the overlay network $net"
    fi
    # DNS round-robin: a VIP needs IPVS, which some kernels lack.
    ensure_service "$svc" "$image" \
      --network "$net" --endpoint-mode dnsrr \
      --constraint "node.id==$node" \
      --mount type=volume,source=pier-registry-data,target=/var/lib/registry \
      --env REGISTRY_HTTP_ADDR=:5000 \
      --env REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=/var/lib/registry \
      --env REGISTRY_STORAGE_DELETE_ENABLED=true \
      "$image"
    ensure_service "$overlay" "$relay" \
      --mode global --network "$net" \
      --mount "type=volume,source=pier-registry-sock,target=$sock_dir" \
      --entrypoint socat \
      "$relay" "UNIX-LISTEN:$sock_dir/registry.sock,fork,unlink-early,mode=600" \
      "TCP:$svc:5000"
    ensure_service "$loopback" "$relay" \
      --mode global --network host \
      --mount "type=volume,source=pier-registry-sock,target=$sock_dir" \
      --entrypoint socat \
      "$relay" "TCP-LISTEN:$port,bind=127.0.0.1,fork,reuseaddr" \
      "UNIX-CONNECT:$sock_dir/registry.sock"
    echo "node $node"
    ;;
  down)
    for s in "$loopback" "$overlay" "$svc"; do
      if docker service inspect "$s" >/dev/null 2>&1; then
        docker service rm "$s" >/dev/null || fail "cannot remove the service $s"
        echo "removed $s"
      fi
    done
    # The network goes once the tasks that used it are gone.
    waited=0
    while docker network inspect "$net" >/dev/null 2>&1; do
      if docker network rm "$net" >/dev/null 2>&1; then break; fi
      [ "$waited" -lt 30 ] || fail "the network $net is still in use"
      sleep 1
      waited=$((waited + 1))
    done
    ;;
  users)
    [ "$#" -eq 2 ] || fail "usage: registry.sh users PORT"
    port_ok "$2"
    docker service ls --format '{{.Name}} {{.Image}}' | while read -r name ref; do
      case $ref in
        "127.0.0.1:$2/"*) echo "$name" ;;
      esac
    done
    ;;
  *)
    fail "usage: registry.sh up IMAGE RELAY_IMAGE PORT | down | users PORT"
    ;;
esac
