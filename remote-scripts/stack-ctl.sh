#!/bin/sh
# stack-ctl.sh: stops, restarts, takes down or removes a stack; serialized with its deploys.
# Usage: stack-ctl.sh ACTION NAME [VOLUMES]   (NAME checked by Pier)
#   stop     scales every replicated service to 0 (start redeploys the kept compose file)
#   restart  replaces every service's tasks (docker service update --force)
#   down     removes the services and networks; named volumes go only when VOLUMES is yes
#   remove   down, then removes ~/.pier/stacks/NAME
set -eu
action=$1
name=$2
volumes=${3:-no}
dir="$HOME/.pier/stacks/$name"
mkdir -p "$HOME/.pier/locks"
exec 9>"$HOME/.pier/locks/stack-$name.lock"
flock -w 120 9 || {
  echo "a deploy of $name is still running" >&2
  exit 1
}

services() { docker stack services "$name" --format '{{.Name}} {{.Mode}}' 2>/dev/null || true; }

gone() {
  # docker stack rm returns at once; its containers and networks go in the background. When a
  # task still held a network at that moment, swarm refused to remove it ("in use by task") and
  # nothing retries, so once the containers are gone this removes what is left itself.
  deadline=$(($(date +%s) + 90))
  while :; do
    left=$(docker ps -aq --filter "label=com.docker.stack.namespace=$name" | wc -l)
    nets=$(docker network ls -q --filter "label=com.docker.stack.namespace=$name")
    if [ "$left" -eq 0 ] && [ -z "$nets" ]; then return 0; fi
    if [ "$left" -eq 0 ]; then
      for n in $nets; do docker network rm "$n" >/dev/null 2>&1 || true; done
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then break; fi
    sleep 1
  done
  if [ "$left" -gt 0 ]; then
    echo "$left of the stack's containers are still stopping after 90 s; try again later" >&2
  else
    echo "the stack's networks could not be removed: $(echo "$nets" | tr '\n' ' ')" >&2
  fi
  return 1
}

case $action in
  stop)
    services | while read -r svc mode; do
      if [ "$mode" = replicated ]; then docker service scale --detach "$svc=0" >/dev/null; fi
    done
    if [ -d "$dir" ]; then : >"$dir/stopped"; fi
    echo stopped
    ;;
  restart)
    services | while read -r svc _mode; do
      docker service update --force --detach "$svc" >/dev/null
    done
    echo restarted
    ;;
  down | remove)
    docker stack rm "$name" >/dev/null 2>&1 || true
    gone
    if [ "$volumes" = yes ]; then
      docker volume ls -q --filter "label=com.docker.stack.namespace=$name" | while read -r v; do
        docker volume rm "$v" >/dev/null
        echo "removed volume $v"
      done
    fi
    if [ "$action" = remove ]; then rm -rf "$dir"; fi
    echo "$action"
    ;;
  *)
    echo "unknown action $action" >&2
    exit 2
    ;;
esac
