#!/bin/sh
# proxy-apply.sh: validates a new Caddyfile and applies it to the server's proxy (Caddy as the
# swarm service pier-proxy), creating the proxy and its overlay network the first time.
# Usage: proxy-apply.sh IMAGE CERTS SERVICES   (the candidate Caddyfile on stdin)
#   IMAGE     the Caddy image (caddy:2 by default; PIER_CADDY_IMAGE on the laptop overrides it)
#   CERTS     space-separated domains whose custom certificate ~/.pier/proxy/certs/D.pem is used
#   SERVICES  space-separated swarm services of apps with domains, joined to the network here
# Layout kept on the server:
#   ~/.pier/proxy/Caddyfile        the configuration the proxy runs
#   ~/.pier/proxy/Caddyfile.prev   the one before it
#   ~/.pier/proxy/certs/D.pem      custom certificates (0600; chain and key)
# An invalid candidate never reaches the running proxy: `caddy validate` checks it in a throwaway
# container first, and `caddy reload` (Caddy's admin API, inside the container only) swaps it in
# without dropping connections, or leaves the old configuration running if it refuses.
set -eu

image=$1
certs=$2
services=$3
dir="$HOME/.pier/proxy"
net=pier
svc=pier-proxy

fail() {
  echo "error: $*" >&2
  exit 1
}

proxy_container() {
  docker ps -q --filter "label=com.docker.swarm.service.name=$svc" | head -n 1
}

mkdir -p "$dir/certs" "$HOME/.pier/locks"
chmod 700 "$dir/certs"
exec 9>"$HOME/.pier/locks/proxy.lock"
flock 9

cat >"$dir/Caddyfile.new"
for d in $certs; do
  [ -f "$dir/certs/$d.pem" ] || fail "the certificate for $d was not uploaded"
done

if ! docker network inspect "$net" >/dev/null 2>&1; then
  docker network create --driver overlay --attachable "$net" >/dev/null ||
    fail "cannot create the overlay network $net (is this server in a swarm?)"
fi
if ! docker image inspect "$image" >/dev/null 2>&1; then
  docker pull -q "$image" >/dev/null 2>&1 || fail "cannot pull $image, and the server has no local copy"
fi

if ! out=$(docker run --rm --network none -v "$dir:/etc/pier-proxy:ro" "$image" \
  caddy validate --config /etc/pier-proxy/Caddyfile.new --adapter caddyfile 2>&1); then
  rm -f "$dir/Caddyfile.new"
  printf '%s\n' "$out" | tail -n 3 >&2
  fail "caddy validate refused the new configuration; the proxy keeps running the old one"
fi

if [ -f "$dir/Caddyfile" ]; then cp -p "$dir/Caddyfile" "$dir/Caddyfile.prev"; fi
mv -f "$dir/Caddyfile.new" "$dir/Caddyfile"

# On a cluster, the proxy stays on this node: its Caddyfile and certificates are bind-mounted
# from here, the reload below finds its container here, and its host-mode ports are this
# node's. The apps behind it run on any node; the overlay network reaches them.
node=$(docker info --format '{{.Swarm.NodeID}}')
[ -n "$node" ] || fail "this server's Docker engine is not in a swarm"

if ! docker service inspect "$svc" >/dev/null 2>&1; then
  # Host-mode ports: this kernel-independent mode needs no IPVS routing mesh, and Caddy sees
  # the clients' real addresses.
  docker service create --detach --name "$svc" --label pier.proxy=1 \
    --network "$net" \
    --publish mode=host,target=80,published=80 \
    --publish mode=host,target=443,published=443 \
    --mount "type=bind,source=$dir,target=/etc/pier-proxy,readonly" \
    --mount type=volume,source=pier-proxy-data,target=/data \
    --mount type=volume,source=pier-proxy-config,target=/config \
    --restart-condition any --update-order stop-first \
    --constraint "node.id==$node" \
    "$image" caddy run --config /etc/pier-proxy/Caddyfile --adapter caddyfile >/dev/null ||
    fail "cannot create the proxy service"
  echo "created the proxy service $svc ($image)"
else
  pinned=$(docker service inspect --format '{{range .Spec.TaskTemplate.Placement.Constraints}}{{.}} {{end}}' "$svc")
  case " $pinned " in
    *" node.id==$node "*) ;;
    *)
      # A proxy created before this node joined a cluster (or by an older Pier): pin it here.
      set --
      for c in $pinned; do set -- "$@" --constraint-rm "$c"; done
      docker service update --detach "$@" --constraint-add "node.id==$node" "$svc" >/dev/null ||
        fail "cannot keep the proxy on this node"
      echo "the proxy now stays on this node"
      ;;
  esac
  have=$(docker service inspect --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' "$svc")
  if [ "${have%%@*}" != "$image" ]; then
    docker service update --detach --image "$image" "$svc" >/dev/null || fail "cannot update the proxy to $image"
    echo "the proxy now runs $image"
  fi
fi

waited=0
c=$(proxy_container)
while [ -z "$c" ] && [ "$waited" -lt 60 ]; do
  sleep 1
  waited=$((waited + 1))
  c=$(proxy_container)
done
[ -n "$c" ] || fail "the proxy container did not start within 60s; see: docker service ps $svc"

# A container started just now has read the new file already; a reload is harmless then.
if ! out=$(docker exec "$c" caddy reload --config /etc/pier-proxy/Caddyfile --adapter caddyfile 2>&1); then
  mv -f "$dir/Caddyfile" "$dir/Caddyfile.rejected"
  if [ -f "$dir/Caddyfile.prev" ]; then cp -p "$dir/Caddyfile.prev" "$dir/Caddyfile"; fi
  printf '%s\n' "$out" | tail -n 3 >&2
  fail "the proxy refused the new configuration and keeps the old one (see Caddyfile.rejected)"
fi

for f in "$dir"/certs/*.pem; do
  [ -e "$f" ] || continue
  d=${f##*/}
  d=${d%.pem}
  case " $certs " in *" $d "*) ;; *) rm -f "$f" ;; esac
done

netid=$(docker network inspect --format '{{.Id}}' "$net")
for s in $services; do
  docker service inspect "$s" >/dev/null 2>&1 || continue
  case " $(docker service inspect --format '{{range .Spec.TaskTemplate.Networks}}{{.Target}} {{end}}' "$s") " in
    *" $netid "* | *" $net "*) ;;
    *)
      docker service update --detach --network-add "$net" "$s" >/dev/null || fail "cannot attach $s to $net"
      echo "attached $s to $net"
      ;;
  esac
done
echo "applied"
