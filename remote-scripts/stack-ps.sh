#!/bin/sh
# stack-ps.sh: the services of the named stacks, one line each:
#   service STACK SERVICE MODE REPLICAS   (REPLICAS as docker prints it: "1/1", "0/1 (…)")
#   stopped STACK                          (stopped with `pier stack stop`)
# Usage: stack-ps.sh NAME...   (names checked by Pier)
set -u
for name in "$@"; do
  if [ -f "$HOME/.pier/stacks/$name/stopped" ]; then echo "stopped $name"; fi
  docker stack services "$name" --format '{{.Name}} {{.Mode}} {{.Replicas}}' 2>/dev/null |
    while read -r svc mode replicas; do
      echo "service $name ${svc#"${name}"_} $mode $replicas"
    done
done
