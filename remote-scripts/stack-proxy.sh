#!/bin/sh
# stack-proxy.sh: writes a stack's proxy overlay (the services with a domain join the proxy
# network "pier") and, if the stack runs, redeploys it so the change takes effect; docker
# updates only the services whose networks changed. Serialized with the stack's deploys.
# Usage: stack-proxy.sh NAME UP   (NAME checked by Pier; UP is stack-up.sh, kept as up.sh)
#   the overlay on stdin; empty removes ~/.pier/stacks/NAME/proxy.yml
set -eu
# shellcheck source=remote-scripts/lib/proxy-net.sh
. ./lib/proxy-net.sh # pier:include
name=$1
up=$2
dir="$HOME/.pier/stacks/$name"
[ -d "$dir" ] || {
  echo "error: ~/.pier/stacks/$name is missing on this server; deploy the stack again" >&2
  exit 1
}
mkdir -p "$HOME/.pier/locks"
exec 9>"$HOME/.pier/locks/stack-$name.lock"
flock -w 120 9 || {
  echo "error: a deploy of $name is still running" >&2
  exit 1
}
cat >"$dir/proxy.yml.new"
if [ -s "$dir/proxy.yml.new" ]; then
  ensure_proxy_network
  mv -f "$dir/proxy.yml.new" "$dir/proxy.yml"
else
  rm -f "$dir/proxy.yml.new" "$dir/proxy.yml"
fi
printf '%s\n' "$up" >"$dir/up.sh"
# A stopped stack (scaled to 0) or one taken down picks the overlay up when it starts again.
if [ -f "$dir/stopped" ] || [ -z "$(docker stack services -q "$name" 2>/dev/null)" ]; then
  echo "saved"
  exit 0
fi
sh "$dir/up.sh" "$name" >/dev/null
echo "redeployed"
