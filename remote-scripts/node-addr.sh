#!/bin/sh
# node-addr.sh: prints the IPv4 address this server should advertise to the other nodes of a
# swarm. With TARGET (another node's address) it is the source address the kernel would use to
# reach TARGET, so a server with several networks advertises the one its peers can route to;
# without it, the address of the default route's interface, else the first global address that
# is not one of Docker's own bridges.
# Usage: node-addr.sh [TARGET]
set -eu

valid() {
  case $1 in
    '' | *[!0-9.]*) return 1 ;;
    *) return 0 ;;
  esac
}

if [ -n "${1:-}" ]; then
  addr=$(ip -4 -o route get "$1" 2>/dev/null |
    awk '{ for (i = 1; i < NF; i++) if ($i == "src") { print $(i + 1); exit } }')
  if valid "$addr"; then
    printf '%s\n' "$addr"
    exit 0
  fi
fi

iface=$(ip -4 route show default 2>/dev/null |
  awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')
addr=''
if [ -n "$iface" ]; then
  addr=$(ip -4 -o addr show dev "$iface" scope global 2>/dev/null |
    awk '{ split($4, a, "/"); print a[1]; exit }')
fi
if ! valid "$addr"; then
  addr=$(ip -4 -o addr show scope global 2>/dev/null |
    awk '$2 !~ /^(docker|br-|veth|docker_gwbridge)/ { split($4, a, "/"); print a[1]; exit }')
fi
if ! valid "$addr"; then
  echo "no IPv4 address to advertise: this server has no global IPv4 address" >&2
  exit 1
fi
printf '%s\n' "$addr"
