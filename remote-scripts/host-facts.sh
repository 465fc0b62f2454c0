#!/bin/sh
# host-facts.sh: what Pier needs to know about a server before it manages it.
# Run over SSH as `sh -s` with this file on stdin; takes no arguments and changes nothing.
# Output: one JSON object per line, {"fact":NAME,"value":STRING}, then {"done":true}.
# Parsed by main/core/servers/host-facts.ts; keep the two in step.
set -u

# shellcheck source=remote-scripts/lib/json.sh
. ./lib/json.sh # pier:include

os_name=unknown
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091 # present on the server, not here
  os_name=$(. /etc/os-release && printf '%s' "${PRETTY_NAME:-${NAME:-unknown}}")
fi
fact os "$os_name"
fact kernel "$(uname -r)"
fact arch "$(uname -m)"
fact hostname "$(uname -n)"
fact user "$(id -un)"
fact uid "$(id -u)"
fact home "${HOME:-}"
fact shell "${SHELL:-}"

if have docker; then
  # `docker --version` needs no daemon, unlike `docker version`.
  fact docker_cli "$(docker --version 2>/dev/null | awk '{ sub(/,$/, "", $3); print $3 }')"
else
  fact docker_cli missing
fi
if [ -S /var/run/docker.sock ]; then
  if [ -r /var/run/docker.sock ] && [ -w /var/run/docker.sock ]; then
    fact docker_socket accessible
  else
    fact docker_socket denied
  fi
else
  fact docker_socket missing
fi

for tool in flock crontab setsid nohup tar gzip zstd curl git systemd-run; do
  if have "$tool"; then fact "tool_$tool" yes; else fact "tool_$tool" no; fi
done

mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null)
fact mem_total_kb "${mem_kb:-0}"
fact cpus "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)"
fact disk_free_kb "$(df -Pk "${HOME:-/}" 2>/dev/null | awk 'NR == 2 { print $4 }')"

printf '{"done":true}\n'
