#!/bin/sh
# Runs on a server: `pier server setup-docker`, as the SSH user, over SSH as `sh -s` with this file
# on stdin. Installs Docker from the Debian/Ubuntu archive, starts it, puts the SSH user in the
# docker group and creates a single-node swarm. Takes no arguments, so nothing from outside is
# ever interpolated; PIER_DRY_RUN=1 only reports what it would do.
# Output (stdout): {"step":S,"status":"start|ok|skip|fail","detail":D} lines, where a dry run's
# would-do steps carry "dry_run":true, then {"done":true,"changed":B,"dry_run":B}. Command output
# goes to stderr, for the job log. Parsed by main/core/servers/docker-setup.ts; keep them in step.
# Idempotent: a second run changes nothing, every change step says "skip" and why, and the done
# line says changed:false.
set -eu

# Pier reaches the engine through this socket, so setup checks that one, not DOCKER_HOST's.
DOCKER_SOCK=/var/run/docker.sock
unset DOCKER_HOST DOCKER_CONTEXT

DRY_RUN=false
if [ "${PIER_DRY_RUN:-}" = 1 ]; then DRY_RUN=true; fi
CHANGED=false
FINISHED=no
STEP=detect-os
ROOT_VIA=none
INSTALL_PENDING=no
RUN_TAIL=''

# shellcheck source=remote-scripts/lib/json.sh
. ./lib/json.sh # pier:include

progress() {
  printf '{"step":"%s","status":"%s","detail":"%s"}\n' "$STEP" "$1" "$(json_string "$2")"
}
begin() {
  STEP=$1
  progress start "$2"
}
ok() { progress ok "$1"; }
skip() { progress skip "$1"; }
would() {
  printf '{"step":"%s","status":"ok","detail":"%s","dry_run":true}\n' \
    "$STEP" "$(json_string "dry run: would $1")"
}
done_line() { printf '{"done":true,"changed":%s,"dry_run":%s}\n' "$CHANGED" "$DRY_RUN"; }
fail() {
  progress fail "$1"
  FINISHED=yes
  done_line
  exit 1
}

# set -e can stop the script anywhere; the parser still gets a failed step and a done line, so a
# crash never looks like a dropped connection.
on_exit() {
  exit_status=$?
  if [ "$FINISHED" = no ]; then
    progress fail "stopped unexpectedly (exit status $exit_status); see the log for the last command"
    done_line
  fi
}
trap on_exit EXIT

# Runs a command with its output copied to stderr (the job log); keeps the last lines in RUN_TAIL
# for a failure detail.
run() {
  run_status=0
  run_out=$("$@" 2>&1) || run_status=$?
  if [ -n "$run_out" ]; then printf '%s\n' "$run_out" >&2; fi
  RUN_TAIL=$(printf '%s\n' "$run_out" | tail -n 3 | tr '\n' ' ')
  return "$run_status"
}

as_root() {
  case $ROOT_VIA in
    root) "$@" ;;
    sudo) sudo -n "$@" ;;
    *) return 1 ;;
  esac
}

# $1 says what needs root, $2 is the command a person could run by hand instead.
need_root() {
  if [ "$ROOT_VIA" != none ]; then return 0; fi
  fail "$1 needs root, and $(id -un) is not root and has no passwordless sudo. Log in as root or allow passwordless sudo for $(id -un), then run setup-docker again; or run on the server yourself: sudo $2"
}

os_field() {
  (
    # shellcheck disable=SC1091 # present on the server, not here
    . /etc/os-release
    case $1 in
      pretty) printf '%s' "${PRETTY_NAME:-${NAME:-unknown}}" ;;
      ids) printf ' %s %s ' "${ID:-}" "${ID_LIKE:-}" ;;
    esac
  )
}

is_systemd() { [ -d /run/systemd/system ]; }
engine_installed() { have dockerd || [ -x /usr/bin/dockerd ] || [ -x /usr/sbin/dockerd ]; }
socket_usable() { [ -S "$DOCKER_SOCK" ] && [ -r "$DOCKER_SOCK" ] && [ -w "$DOCKER_SOCK" ]; }

# Until the user's next login a new docker group membership does nothing, so this session may
# need root for docker commands.
docker_do() {
  if socket_usable; then
    docker -H "unix://$DOCKER_SOCK" "$@"
  else
    as_root docker -H "unix://$DOCKER_SOCK" "$@"
  fi
}

engine_answers() { [ -S "$DOCKER_SOCK" ] && docker_do version >/dev/null 2>&1; }

wait_for_engine() {
  tries=0
  until engine_answers; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then return 1; fi
    sleep 1
  done
}

cli_version() { docker --version 2>/dev/null | awk '{ sub(/,$/, "", $3); print $3 }'; }

in_docker_group() { id -Gn "$@" 2>/dev/null | tr ' ' '\n' | grep -qx docker; }

docker_group_exists() {
  if have getent; then getent group docker >/dev/null 2>&1; else grep -q '^docker:' /etc/group; fi
}

# The swarm advertises the primary IPv4 of the default route's interface, so other nodes can
# join later; a host without a default route is a single-node island, and loopback does.
advertise_addr() {
  iface=$(ip -4 route show default 2>/dev/null |
    awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')
  addr=''
  if [ -n "$iface" ]; then
    addr=$(ip -4 -o addr show dev "$iface" scope global 2>/dev/null |
      awk '{ split($4, a, "/"); print a[1]; exit }')
  fi
  case $addr in
    '' | *[!0-9.]*) addr=127.0.0.1 ;;
  esac
  printf '%s' "$addr"
}

step_detect_os() {
  begin detect-os 'Checking for Debian or Ubuntu'
  other="Install Docker yourself (https://docs.docker.com/engine/install/), then run \`pier server check\`."
  if [ ! -r /etc/os-release ]; then
    fail "No /etc/os-release: setup-docker supports Debian and Ubuntu only. $other"
  fi
  case $(os_field ids) in
    *' debian '* | *' ubuntu '*) ;;
    *) fail "$(os_field pretty) is not Debian or Ubuntu, which setup-docker supports. $other" ;;
  esac
  if ! have apt-get; then fail "No apt-get on $(os_field pretty). $other"; fi
  ok "$(os_field pretty)"
}

step_privileges() {
  begin privileges 'Checking for root or passwordless sudo'
  if [ "$(id -u)" = 0 ]; then
    ROOT_VIA=root
    ok 'running as root'
  elif have sudo && sudo -n true 2>/dev/null; then
    ROOT_VIA=sudo
    ok "$(id -un) has passwordless sudo"
  else
    ok "$(id -un) has no root access; fine unless something needs changing"
  fi
}

# Debian's docker.io package, not Docker's own repository (docker-ce from download.docker.com):
# the archive is already configured and mirrored on every Debian/Ubuntu server, while Docker's
# repository means adding a signing key and needs network access to download.docker.com.
step_install() {
  begin install-docker 'Looking for the Docker engine'
  if engine_installed && have docker; then
    skip "already installed (docker CLI $(cli_version))"
    return
  fi
  need_root 'Installing Docker' 'apt-get install docker.io'
  if [ "$DRY_RUN" = true ]; then
    INSTALL_PENDING=yes
    would "install Debian's docker.io package with apt-get"
    return
  fi
  # No prompts, keep existing config files, and needrestart only lists services (restarting sshd
  # under our own connection would be rude).
  set -- env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l apt-get -q -y \
    -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
  run as_root "$@" update || fail "apt-get update failed: $RUN_TAIL"
  # Newer releases ship the client separately from docker.io.
  if apt-cache show docker-cli >/dev/null 2>&1; then
    run as_root "$@" install docker.io docker-cli || fail "apt-get install failed: $RUN_TAIL"
  else
    run as_root "$@" install docker.io || fail "apt-get install failed: $RUN_TAIL"
  fi
  if ! engine_installed; then fail 'apt-get finished, but dockerd is still missing'; fi
  CHANGED=true
  ok "installed docker.io (Docker $(cli_version))"
}

step_engine() {
  begin enable-engine 'Checking that the engine runs and starts at boot'
  if is_systemd; then
    engine_systemd
  else
    engine_service
  fi
}

engine_systemd() {
  if [ "$INSTALL_PENDING" = no ] && systemctl is-active --quiet docker &&
    systemctl is-enabled --quiet docker; then
    skip 'running, and enabled at boot'
    return
  fi
  need_root 'Starting Docker' 'systemctl enable --now docker'
  if [ "$DRY_RUN" = true ]; then
    would 'enable and start the engine (systemctl enable --now docker)'
    return
  fi
  run as_root systemctl enable --now docker || fail "systemctl enable --now docker failed: $RUN_TAIL"
  engine_started
}

# Without systemd, docker.io's init script is enabled at boot by the package itself; only
# starting it is left.
engine_service() {
  if [ "$INSTALL_PENDING" = no ] && engine_answers; then
    skip 'running'
    return
  fi
  if [ "$INSTALL_PENDING" = no ] && [ -S "$DOCKER_SOCK" ] && [ "$ROOT_VIA" = none ]; then
    skip "the engine's socket is there; $(id -un) cannot query it yet (not in the docker group)"
    return
  fi
  need_root 'Starting Docker' 'service docker start'
  if [ "$DRY_RUN" = true ]; then
    would 'start the engine (service docker start)'
    return
  fi
  run as_root service docker start || fail "service docker start failed: $RUN_TAIL"
  engine_started
}

engine_started() {
  if ! wait_for_engine; then fail "started, but the engine did not answer on $DOCKER_SOCK within 60 s"; fi
  CHANGED=true
  ok 'the engine runs and starts at boot'
}

step_group() {
  user=$(id -un)
  begin docker-group "Checking that $user is in the docker group"
  if [ "$(id -u)" = 0 ]; then
    skip 'running as root: no group needed'
    return
  fi
  if in_docker_group "$user"; then
    if in_docker_group; then
      skip "$user is already in the docker group"
    else
      skip "$user is already in the docker group; it takes effect on the next login (Pier reconnects)"
    fi
    return
  fi
  need_root "Adding $user to the docker group" "usermod -aG docker $user"
  if [ "$DRY_RUN" = true ]; then
    would "add $user to the docker group (takes effect on the next login)"
    return
  fi
  if ! docker_group_exists; then
    run as_root groupadd --system docker || fail "groupadd docker failed: $RUN_TAIL"
  fi
  run as_root usermod -aG docker "$user" || fail "usermod failed: $RUN_TAIL"
  CHANGED=true
  ok "added $user to the docker group; it takes effect on the next login (Pier reconnects)"
}

step_swarm() {
  begin swarm-init 'Checking for a swarm'
  addr=$(advertise_addr)
  if [ "$DRY_RUN" = true ] && ! engine_answers; then
    would "create a single-node swarm once the engine runs, unless it has one (docker swarm init --advertise-addr $addr)"
    return
  fi
  if ! socket_usable; then need_root 'Reading the swarm state' 'docker info'; fi
  if ! state=$(docker_do info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null); then
    fail "docker info failed; see \`docker info\` on the server"
  fi
  case $state in
    active)
      skip 'this node is already in a swarm'
      return
      ;;
    inactive) ;;
    locked) fail "the swarm is locked: unlock it with \`docker swarm unlock\` and the unlock key" ;;
    *) fail "the swarm is $state; see \`docker info\`, or start over with \`docker swarm leave --force\` and run setup-docker again" ;;
  esac
  if [ "$DRY_RUN" = true ]; then
    would "create a single-node swarm (docker swarm init --advertise-addr $addr)"
    return
  fi
  # The join tokens it prints are credentials; they stay out of the log.
  if ! init_err=$(docker_do swarm init --advertise-addr "$addr" 2>&1 >/dev/null); then
    fail "docker swarm init failed: $init_err"
  fi
  CHANGED=true
  ok "created a single-node swarm advertising $addr"
}

step_final() {
  begin final-state 'Reading the final state'
  if [ "$DRY_RUN" = true ] && ! engine_answers; then
    ok 'dry run: nothing was changed; the engine is not running'
    return
  fi
  if ! version=$(docker_do version --format '{{.Server.Version}}' 2>/dev/null); then
    fail 'the engine does not answer'
  fi
  state=$(docker_do info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null) || state=unknown
  prefix=''
  if [ "$DRY_RUN" = true ]; then prefix='dry run: nothing was changed; '; fi
  ok "${prefix}Docker $version running, swarm $state"
}

main() {
  step_detect_os
  step_privileges
  step_install
  step_engine
  step_group
  step_swarm
  step_final
  FINISHED=yes
  done_line
}

# Nothing main runs (apt-get, dpkg, sudo) may read the rest of this script from stdin.
main </dev/null
