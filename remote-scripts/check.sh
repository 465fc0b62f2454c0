#!/bin/sh
# Runs on a server: the readiness check behind `pier server check`.
# Run over SSH as `sh -s` with this file on stdin; takes no arguments and changes nothing.
# Output: one JSON object per line, {"fact":NAME,"value":STRING}, then {"done":true}.
# Parsed by main/core/servers/check.ts; keep the two in step. Must work under dash and busybox
# ash, with or without ss, pgrep, curl or the docker CLI.
set -u

# Pier reaches the engine through this socket (dockerode over the SSH connection), so the check
# asks the same socket, not whatever DOCKER_HOST or a docker context happens to point at.
DOCKER_SOCK=/var/run/docker.sock
unset DOCKER_HOST DOCKER_CONTEXT

# shellcheck source=remote-scripts/lib/json.sh
. ./lib/json.sh # pier:include

# Counts are whole numbers or "unknown": an empty result or an error message never reaches the
# parser as a number.
num_fact() {
  case $2 in
    '' | *[!0-9]*) fact "$1" unknown ;;
    *) fact "$1" "$2" ;;
  esac
}

yes_no() { if "$@"; then echo yes; else echo no; fi; }

# A hung dockerd must not hang the check. Old busybox timeout wants `-t SECS`, so the plain form
# is tried once before it is trusted.
TIMEOUT_OK=no
if have timeout && timeout 5 true 2>/dev/null; then TIMEOUT_OK=yes; fi
limited() {
  if [ "$TIMEOUT_OK" = yes ]; then timeout 20 "$@"; else "$@"; fi
}

# Sourcing os-release in a subshell keeps its NAME, ID, VERSION… out of this script's variables.
os_field() {
  [ -r /etc/os-release ] || return 0
  (
    # shellcheck disable=SC1091 # present on the server, not here
    . /etc/os-release
    case $1 in
      pretty) printf '%s' "${PRETTY_NAME:-${NAME:-}}" ;;
      id) printf '%s' "${ID:-}" ;;
      id_like) printf '%s' "${ID_LIKE:-}" ;;
      version) printf '%s' "${VERSION_ID:-}" ;;
    esac
  )
}

meminfo_kb() { awk -v key="$1:" '$1 == key { print $2 }' /proc/meminfo 2>/dev/null; }

# busybox has nproc but no getconf; a bare /proc is the last resort.
cpu_count() {
  getconf _NPROCESSORS_ONLN 2>/dev/null ||
    nproc 2>/dev/null ||
    grep -c '^processor' /proc/cpuinfo 2>/dev/null
}

# $1 is the fact prefix, $2 a path on the filesystem to measure.
disk_facts() {
  df_line=$(df -Pk "$2" 2>/dev/null | awk 'NR == 2 { print $2, $4 }')
  num_fact "${1}_total_kb" "${df_line% *}"
  num_fact "${1}_free_kb" "${df_line#* }"
}

docker_installed() {
  have docker || have dockerd || [ -x /usr/bin/dockerd ] || [ -x /usr/sbin/dockerd ] ||
    [ -S "$DOCKER_SOCK" ]
}

socket_denied() { [ -S "$DOCKER_SOCK" ] && ! { [ -r "$DOCKER_SOCK" ] && [ -w "$DOCKER_SOCK" ]; }; }

# The engine speaks JSON without spaces; the greedy match takes the last occurrence, which in
# /version is the top-level field (the Components list, with its own "Version", comes first).
json_field() { printf '%s' "$2" | sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" | head -n 1; }
json_bool() { printf '%s' "$2" | sed -n "s/.*\"$1\":\\([a-z]*\\).*/\\1/p" | head -n 1; }

# Each probe sets ACCESS (yes | no-permission | no-engine | no-docker), ENGINE_VERSION,
# API_VERSION, ENGINE_ERROR, SWARM_STATE, CONTROL (true|false) and ENGINE_ROOT.
probe_engine() {
  ACCESS=no-docker ENGINE_VERSION='' API_VERSION='' ENGINE_ERROR=''
  SWARM_STATE=unknown CONTROL='' ENGINE_ROOT=''
  docker_installed || return 0
  if socket_denied; then
    ACCESS=no-permission
    ENGINE_ERROR="$DOCKER_SOCK is not readable and writable by $(id -un)"
  elif have docker; then
    probe_with_cli
  elif have curl && [ -S "$DOCKER_SOCK" ]; then
    probe_with_curl
  elif [ -S "$DOCKER_SOCK" ]; then
    # Nothing here can speak HTTP to the socket; that it accepts us is all we can know, and
    # dockerode finds out the rest through the same socket.
    ACCESS=yes
  else
    ACCESS=no-engine ENGINE_ERROR="no $DOCKER_SOCK"
  fi
}

probe_with_cli() {
  host="unix://$DOCKER_SOCK"
  if version=$(limited docker -H "$host" version \
    --format '{{.Server.Version}} {{.Server.APIVersion}}' 2>/dev/null); then
    ACCESS=yes ENGINE_VERSION=${version% *} API_VERSION=${version##* }
    info=$(limited docker -H "$host" info \
      --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.DockerRootDir}}' \
      2>/dev/null) || return 0
    SWARM_STATE=${info%% *}
    info=${info#* }
    CONTROL=${info%% *} ENGINE_ROOT=${info#* }
  else
    engine_failed "$(limited docker -H "$host" version 2>&1 >/dev/null)"
  fi
}

probe_with_curl() {
  if body=$(limited curl -sf --max-time 15 --unix-socket "$DOCKER_SOCK" http://localhost/version); then
    ACCESS=yes
    ENGINE_VERSION=$(json_field Version "$body")
    API_VERSION=$(json_field ApiVersion "$body")
    body=$(limited curl -sf --max-time 15 --unix-socket "$DOCKER_SOCK" http://localhost/info) ||
      return 0
    SWARM_STATE=$(json_field LocalNodeState "$body")
    CONTROL=$(json_bool ControlAvailable "$body")
    ENGINE_ROOT=$(json_field DockerRootDir "$body")
  else
    engine_failed "the engine did not answer on $DOCKER_SOCK"
  fi
}

# Only the socket's own refusal means no-permission: the CLI also says "permission denied" about
# an unreadable ~/.docker/config.json, and that comes as a warning before the real error.
engine_failed() {
  case $1 in
    *'ermission denied while trying to connect'* | *'connect: permission denied'*) ACCESS=no-permission ;;
    *) ACCESS=no-engine ;;
  esac
  ENGINE_ERROR=$(printf '%s\n' "$1" | grep . | tail -n 1 | cut -c1-300)
}

swarm_role() {
  case "$SWARM_STATE:$CONTROL" in
    active:true) echo manager ;;
    active:false) echo worker ;;
    inactive:*) echo none ;;
    *) echo unknown ;;
  esac
}

# Without a running engine the data root comes from daemon.json, else Docker's default.
docker_root() {
  if [ -n "$ENGINE_ROOT" ]; then
    printf '%s' "$ENGINE_ROOT"
    return
  fi
  if [ -r /etc/docker/daemon.json ]; then
    configured=$(sed -n 's/.*"data-root"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' \
      /etc/docker/daemon.json | head -n 1)
    if [ -n "$configured" ]; then
      printf '%s' "$configured"
      return
    fi
  fi
  if [ -d /var/lib/docker ]; then printf '%s' /var/lib/docker; fi
}

in_docker_group() { id -Gn "$@" 2>/dev/null | tr ' ' '\n' | grep -qx docker; }

# Group changes apply to new logins only: a user added by setup-docker is in /etc/group but not in
# this SSH session's groups until Pier reconnects.
docker_group() {
  if in_docker_group; then
    echo active
  elif in_docker_group "$(id -un)"; then
    echo next-login
  else
    echo no
  fi
}

sudo_state() {
  if ! have sudo; then
    echo missing
  elif sudo -n true 2>/dev/null; then
    echo yes
  else
    echo no
  fi
}

# busybox systems often lack pgrep; /proc/*/comm holds the same process names.
cron_daemon() {
  if have pgrep; then
    if pgrep -x cron >/dev/null 2>&1 || pgrep -x crond >/dev/null 2>&1; then
      echo running
    else
      echo stopped
    fi
  elif [ -r /proc/1/comm ]; then
    if cat /proc/[0-9]*/comm 2>/dev/null | grep -qx -e cron -e crond; then
      echo running
    else
      echo stopped
    fi
  else
    echo unknown
  fi
}

ports_source() {
  if have ss && ss -ltn >/dev/null 2>&1; then
    echo ss
  elif [ -r /proc/net/tcp ] || [ -r /proc/net/tcp6 ]; then
    echo proc
  else
    echo none
  fi
}

# Prints the TCP ports something listens on, one decimal number a line. $1 is ports_source's answer.
listening_ports() {
  case $1 in
    ss) ss -ltn 2>/dev/null | awk 'NR > 1 { n = split($4, a, ":"); print a[n] }' ;;
    proc) listening_ports_proc ;;
  esac
}

# The busybox case: no ss, so read the kernel's tables. State 0A is LISTEN; the local port is the
# hex after the last colon of local_address (IPv6 addresses there are plain hex, no colons).
listening_ports_proc() {
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
    awk '$4 == "0A" { n = split($2, a, ":"); print a[n] }' |
    while read -r hex; do printf '%d\n' "0x$hex"; done
}

port_state() {
  if [ "$PORTS_SOURCE" = none ]; then
    echo unknown
  elif printf '%s\n' "$PORTS" | grep -qx "$1"; then
    echo in-use
  else
    echo free
  fi
}

main() {
  os_name=$(os_field pretty)
  fact os "${os_name:-unknown}"
  fact os_id "$(os_field id)"
  fact os_id_like "$(os_field id_like)"
  fact os_version "$(os_field version)"
  fact arch "$(uname -m)"
  fact kernel "$(uname -r)"
  fact user "$(id -un)"
  num_fact uid "$(id -u)"
  num_fact cpus "$(cpu_count)"
  num_fact mem_total_kb "$(meminfo_kb MemTotal)"
  num_fact swap_total_kb "$(meminfo_kb SwapTotal)"
  disk_facts disk "/"

  if have docker; then
    # `docker --version` needs no engine, unlike `docker version`.
    fact docker_cli "$(docker --version 2>/dev/null | awk '{ sub(/,$/, "", $3); print $3 }')"
  else
    fact docker_cli missing
  fi
  probe_engine
  fact docker_access "$ACCESS"
  fact docker_version "$ENGINE_VERSION"
  fact docker_api_version "$API_VERSION"
  fact docker_error "$ENGINE_ERROR"
  fact docker_group "$(docker_group)"
  root=$(docker_root)
  fact docker_root "$root"
  if [ -n "$root" ]; then
    disk_facts docker_disk "$root"
  else
    fact docker_disk_total_kb unknown
    fact docker_disk_free_kb unknown
  fi
  fact swarm_state "${SWARM_STATE:-unknown}"
  fact swarm_role "$(swarm_role)"

  fact sudo "$(sudo_state)"
  fact crontab "$(yes_no have crontab)"
  fact cron_daemon "$(cron_daemon)"
  fact flock "$(yes_no have flock)"

  PORTS_SOURCE=$(ports_source)
  PORTS=$(listening_ports "$PORTS_SOURCE")
  fact ports_source "$PORTS_SOURCE"
  fact port_80 "$(port_state 80)"
  fact port_443 "$(port_state 443)"

  num_fact server_time "$(date +%s)"
  if [ -d /run/systemd/system ]; then fact init systemd; else fact init other; fi

  printf '{"done":true}\n'
}

# Nothing main runs may read the rest of this script from stdin.
main </dev/null
