#!/usr/bin/env bash
# Test-machine tool, runs as root (called by tests/hosts/harness.ts, or by hand): builds throwaway
# "remote hosts" for Pier's integration tests, each with its own IP, hostname, dockerd, OpenSSH sshd
# and cron, and tears them down again without leaving anything behind.
#
#   runner --> 127.0.0.1:22111, socat in the root netns --> unix socket
#          --> socat in netns pier-th-ctl (eth0 10.213.0.2)
#          --> bridge br0 in netns pier-th-sw, port v-h1 (the "cable" that `cut` unplugs)
#          --> netns pier-th-h1: eth0 10.213.0.11, sshd on :22, dockerd, cron
#
# Why this shape:
# - The bridge (the "switch") lives in its own netns: in the root netns, Docker's global
#   br_netfilter sysctl plus a FORWARD DROP policy would silently drop bridged frames, and the test
#   network must not touch the root netns' interfaces, routes or iptables anyway.
# - The root netns has no 10.x address, so tests reach each sshd through a loopback relay that
#   crosses the switch. Unplugging a host's cable (`cut`) therefore also cuts SSH to it.
# - A host also gets its own mount and UTS namespace, so its dockerd has its own /run,
#   /var/lib/docker and /etc/docker, its cron its own spool, and `hostname` / `docker info` report
#   the host's name. The test user's home is per host too: a directory below the host's state dir
#   is bound over it, so SSH sessions, cron jobs and containers on a host all see that host's ~
#   (~/.ssh, ~/.pier, lock files). /tmp stays shared by all hosts (TH_BASE lives there).
# - The test user (TH_USER, default pier-test) is created by `up` and removed by `down`, and never
#   an existing account: `up` refuses a name that exists but was not created by this script.
#   Accounts and paths it created are listed in TH_BASE/created-*; the user is also marked by its
#   GECOS comment, so `down` still finds it if TH_BASE was wiped (reboot, rm -rf by hand).
#   Two setups side by side need their own TH_BASE, TH_NS, TH_NET, TH_PORT_BASE and TH_USER.
# - No engine ever runs in the root netns: a dockerd there would fight any other engine over
#   docker0 and iptables (or delete docker0 with --bridge=none).
#
# Usage: testhosts.sh up N | down | status | cut NAME | restore NAME | sshd-stop NAME
#                   | sshd-start NAME | busybox-image NAME REF | debian-image NAME REF
#                   | db-image NAME postgres|mariadb|redis REF
#                   | caddy-image NAME REF | registry-image NAME REF
#                   | rekey NAME [--restore] | add-hostkey NAME ecdsa|rsa
#                   | password-auth NAME on|off
#                   | small-disk NAME PATH KIB | small-disk NAME PATH off
# `up` prints one JSON object per host on stdout, `rekey` the host's new one, `add-hostkey` the
# extra key's; everything else logs to stderr.
#
# Client credentials (made by `up`, below TH_BASE/keys, 0700, readable by root only): id_ed25519
# (no passphrase), id_rsa (RSA 3072), id_ed25519_enc (passphrase in keys/passphrase), all three in
# every host's authorized_keys; and the test user's password in keys/password (0600). sshd refuses
# passwords unless `password-auth NAME on`. Commands that change a host's sshd (rekey, add-hostkey,
# password-auth) rewrite its sshd_config from the host's state and restart the listener like
# sshd-stop + sshd-start: established sessions survive, and sshd is running afterwards.
set -euo pipefail
export LC_ALL=C
# sshd, dockerd and ip live in sbin; a runner's PATH (e.g. node's) may not include it.
export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin

SELF=$(readlink -f "${BASH_SOURCE[0]}")
# Short on purpose: unix socket paths (docker.sock, relay sockets) are limited to 107 bytes.
# Must not live below /run, /etc/docker or /var/lib/docker, which each host mounts over.
export TH_BASE=${TH_BASE:-/tmp/pier-th}
export TH_NS=${TH_NS:-pier-th-}            # prefix of every netns (and cgroup) we create
export TH_NET=${TH_NET:-10.213.0}          # a /24 that exists only inside the namespaces
export TH_PORT_BASE=${TH_PORT_BASE:-22110} # host hN's relay listens on 127.0.0.1:(base + N)
export TH_USER=${TH_USER:-pier-test}     # created by up, deleted by down; never an existing user
export TH_IMAGE_CACHE=${TH_IMAGE_CACHE:-/var/cache/pier-test-images}
export TH_DEBIAN_SUITE=${TH_DEBIAN_SUITE:-bookworm}
export TH_DEBIAN_VARIANT=${TH_DEBIAN_VARIANT:-minbase}
export TH_DEBIAN_INCLUDE=${TH_DEBIAN_INCLUDE:-} # extra packages for debian-image, comma-separated

SW=${TH_NS}sw       # netns holding the bridge
CTL=${TH_NS}ctl     # netns where the relays enter the test network
CTL_IP=$TH_NET.2
USER_HOME=/home/$TH_USER
USER_MARK='Pier test hosts (testhosts.sh)' # GECOS of users this script created
EXTRA_HOSTKEY_TYPES='ecdsa rsa' # add-hostkey; every host always has its ed25519 key

log() { printf 'testhosts: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

usage() {
  sed -n 's/^# Usage: /usage: /p; s/^#  \{18\}|/                   |/p' "$SELF" >&2
}

host_dir() { printf '%s/hosts/%s' "$TH_BASE" "$1"; }
netns_exists() { [[ -e /run/netns/$1 ]]; }
our_netns() { ip netns list 2>/dev/null | awk -v p="$TH_NS" 'index($1, p) == 1 { print $1 }'; }

check_base() {
  local p
  # useradd's rules, minus upper case and dots: the name goes into paths and sshd_config.
  [[ $TH_USER =~ ^[a-z_][a-z0-9_-]{0,30}$ ]] || die "bad TH_USER: '$TH_USER'"
  # down deletes below TH_BASE; refuse anything that could point at a system directory.
  [[ $TH_BASE == /?*/?* ]] || die "TH_BASE must be an absolute path two levels deep: $TH_BASE"
  [[ $TH_BASE != *[[:space:]]* ]] || die 'TH_BASE must not contain whitespace'
  # Inside a host these are covered by the host's own directories, hiding TH_BASE from its daemons.
  for p in /run /var/run /etc/docker /var/lib/docker "$USER_HOME"; do
    [[ $TH_BASE/ != "$p"/* ]] || die "TH_BASE must not be below $p: $TH_BASE"
  done
}

require() { # CMD... : root plus the given commands
  [[ $(id -u) -eq 0 ]] || die 'must run as root (network namespaces, mounts, dockerd)'
  local c missing=()
  for c in "$@"; do command -v "$c" >/dev/null || missing+=("$c"); done
  ((${#missing[@]} == 0)) || die "missing commands: ${missing[*]}"
}

require_host() { # NAME : the host must exist in this TH_BASE
  [[ ${1:-} =~ ^[a-z0-9-]{1,12}$ ]] || die "bad host name: '${1:-}'"
  [[ -f $(host_dir "$1")/addr ]] || die "no such host: $1 (is it up?)"
}

# --- processes ---------------------------------------------------------------------------------

is_alive() { # PID : running and not a zombie
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [[ -n $state && $state != Z ]]
}

live_pid() { # PIDFILE MARK : print the pid, but only if that process's command line contains MARK,
  # so a recycled pid never makes us kill an unrelated process.
  local pid cmd
  [[ -f $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmd == *"$2"* ]] || return 1
  printf '%s\n' "$pid"
}

stop_pids() { # SECONDS PID... : SIGTERM, allow SECONDS for a clean exit, then SIGKILL
  local secs=$1 i pid alive
  shift
  (($#)) || return 0
  kill "$@" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do
    alive=0
    for pid in "$@"; do
      if is_alive "$pid"; then alive=1; fi
    done
    ((alive)) || return 0
    sleep 0.1
  done
  kill -9 "$@" 2>/dev/null || true
}

stop_netns_pids() { # NETNS : every process whose network namespace this is
  local pids=()
  netns_exists "$1" || return 0
  mapfile -t pids < <(ip netns pids "$1" 2>/dev/null)
  stop_pids 5 "${pids[@]}"
}

wait_for() { # WHAT TENTHS CMD... : poll CMD every 0.1 s, up to TENTHS/10 seconds
  local what=$1 n=$2 i
  shift 2
  for ((i = 0; i < n; i++)); do
    if "$@"; then return 0; fi
    sleep 0.1
  done
  log "timed out waiting for $what"
  return 1
}

# --- cgroups of the hosts' containers ------------------------------------------------------------
# Each dockerd puts its containers below the cgroup /${TH_NS}NAME. Container processes live in
# their own network namespaces, so `ip netns pids` never sees them; the cgroup finds them even
# when their dockerd has died.

cgroup_dirs() { # [NAME-PATTERN] : our cgroup directories (v1: one per hierarchy, v2: one)
  find /sys/fs/cgroup -mindepth 1 -maxdepth 2 -type d -name "${TH_NS}${1:-*}" 2>/dev/null || true
}

kill_cgroup_procs() { # [NAME-PATTERN]
  local dir pids=()
  while IFS= read -r dir; do
    mapfile -t pids < <(find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null)
    if ((${#pids[@]})); then kill -9 "${pids[@]}" 2>/dev/null || true; fi
  done < <(cgroup_dirs "${1:-}")
}

remove_cgroups() { # rmdir fails while a killed process is still exiting: retry briefly
  local i dirs=()
  for ((i = 0; i < 30; i++)); do
    mapfile -t dirs < <(cgroup_dirs)
    ((${#dirs[@]})) || return 0
    find "${dirs[@]}" -depth -type d -exec rmdir {} + 2>/dev/null || true
    sleep 0.1
  done
  log "warning: cgroups left behind: ${dirs[*]}"
}

# --- the test user -------------------------------------------------------------------------------
# Created here and deleted by `down`, so no real account is ever changed (a password reset, or
# membership of group docker, which is as good as root). TH_BASE/created-accounts lists what `up`
# created, one "user|group NAME ID" per line; `down` deletes exactly those, and only while the ID
# still matches.

record_account() { # user|group NAME
  local id
  if [[ $1 == user ]]; then id=$(id -u "$2"); else id=$(getent group "$2" | cut -d: -f3); fi
  printf '%s %s %s\n' "$1" "$2" "$id" >>"$TH_BASE/created-accounts"
}

setup_user() {
  if ! getent group docker >/dev/null; then
    groupadd --system docker # dockerd hands its socket to this group
    record_account group docker
  fi
  # `down` (run by `up` first) has deleted every user of ours it knew of: whoever is left is not ours.
  if getent passwd "$TH_USER" >/dev/null; then
    die "user $TH_USER exists and was not created by this script; set TH_USER to an unused name"
  fi
  if getent group "$TH_USER" >/dev/null; then
    die "group $TH_USER exists; set TH_USER to an unused name"
  fi
  # Only a mount point on the machine: every host binds its own home over it (init_host).
  ensure_mountpoint "$USER_HOME" dir
  [[ -d $USER_HOME && ! -L $USER_HOME ]] || die "$USER_HOME is not a directory"
  # '*' = no usable password but not locked: with UsePAM no, OpenSSH treats useradd's default '!'
  # as a locked account and refuses even public-key logins.
  useradd --no-create-home --home-dir "$USER_HOME" --user-group --groups docker \
    --shell /bin/bash --comment "$USER_MARK" --password '*' "$TH_USER"
  record_account user "$TH_USER"
  record_account group "$TH_USER"
  # The client keys: only the runner (root) reads them; hosts get the public halves in ~/.ssh.
  local k=$TH_BASE/keys
  install -d -m 0700 "$k"
  rm -f "$k"/id_* "$k/password" "$k/passphrase"
  ssh-keygen -q -t ed25519 -N '' -C pier-test-client -f "$k/id_ed25519"
  ssh-keygen -q -t rsa -b 3072 -N '' -C pier-test-client-rsa -f "$k/id_rsa"
  (umask 077 && random_secret >"$k/passphrase" && random_secret >"$k/password")
  ssh-keygen -q -t ed25519 -N "$(<"$k/passphrase")" -C pier-test-client-enc -f "$k/id_ed25519_enc"
  # Through PAM on stdin: the password never shows up in a command line.
  printf '%s:%s\n' "$TH_USER" "$(<"$k/password")" | chpasswd
}

random_secret() { # 32 hex digits from the kernel's CSPRNG
  local s
  s=$(od -An -N16 -tx1 /dev/urandom)
  printf '%s\n' "${s//[[:space:]]/}"
}

remove_user() { # NAME [UID] : only a user this script created (marked, and the recorded UID)
  local entry uid gecos
  entry=$(getent passwd "$1") || return 0
  IFS=: read -r _ _ uid _ gecos _ <<<"$entry"
  if [[ $gecos != "$USER_MARK" || (-n ${2:-} && $uid != "$2") ]]; then
    log "warning: not deleting user $1: not the one this script created"
    return 0
  fi
  # Its processes all ran inside the hosts and are gone; userdel refuses while any is left.
  # Without -r: the home on the machine is only a mount point (created-paths removes it).
  userdel "$1" || log "warning: could not delete user $1"
}

remove_group() { # NAME GID : only while it still has the recorded GID
  local gid
  gid=$(getent group "$1" | cut -d: -f3) || return 0
  if [[ $gid != "$2" ]]; then
    log "warning: not deleting group $1: GID $gid, created as $2"
    return 0
  fi
  groupdel "$1" || log "warning: could not delete group $1"
}

remove_accounts() {
  local f=$TH_BASE/created-accounts kind name id gecos
  if [[ -f $f ]]; then
    # Users first: a group that is still someone's primary group cannot go.
    while read -r kind name id; do
      if [[ $kind == user ]]; then remove_user "$name" "$id"; fi
    done <"$f"
    while read -r kind name id; do
      # userdel usually takes the user's own group along already.
      if [[ $kind == group ]] && getent group "$name" >/dev/null; then remove_group "$name" "$id"; fi
    done <"$f"
    rm -f "$f"
  fi
  # TH_BASE lost (wiped /tmp, rm -rf by hand) but our user still there: its GECOS mark says ours.
  gecos=$(getent passwd "$TH_USER" | cut -d: -f5) || true
  if [[ $gecos == "$USER_MARK" ]]; then
    log "removing user $TH_USER left behind by an earlier run"
    remove_user "$TH_USER"
    # The mount point we made for it, if it is still just that: an empty directory.
    rmdir "$USER_HOME" 2>/dev/null || true
  fi
}

ensure_mountpoint() { # PATH dir|file : create it if missing and remember to remove it in `down`
  [[ -e $1 ]] && return 0
  if [[ $2 == dir ]]; then mkdir -p "$1"; else touch "$1"; fi
  printf '%s\n' "$1" >>"$TH_BASE/created-paths"
}

# --- network -------------------------------------------------------------------------------------

net_up() {
  ip netns add "$SW"
  ip -n "$SW" link set lo up
  ip -n "$SW" link add br0 type bridge
  ip -n "$SW" link set br0 up
  plug ctl "$CTL_IP"
}

plug() { # NAME IP : netns ${TH_NS}NAME with eth0=IP/24, cabled to switch port v-NAME (<= 15 chars)
  local ns=$TH_NS$1
  ip netns add "$ns"
  ip link add eth0 netns "$ns" type veth peer name "v-$1" netns "$SW"
  ip -n "$SW" link set "v-$1" master br0 up
  ip -n "$ns" addr add "$2/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
}

port_busy() { [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }

docker_ping() { curl -sf --max-time 2 --unix-socket "$1" -o /dev/null http://docker/_ping; }

sshd_listening() { # NAME
  [[ -n $(nsenter --net="/run/netns/$TH_NS$1" ss -Hltn 'sport = :22' 2>/dev/null) ]]
}
sshd_not_listening() { ! sshd_listening "$1"; }

ssh_banner_ok() { # PORT : an SSH server answers through the relay (proves relays + switch + sshd)
  local line
  # A subshell, because a failed redirection on `exec` may end the whole script.
  line=$(
    exec 2>/dev/null
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    IFS= read -r -t 3 banner <&3 || exit 1
    printf '%s' "$banner"
  ) || return 1
  [[ $line == SSH-2.0-* ]]
}

# --- hosts ---------------------------------------------------------------------------------------

prepare_host() { # NAME IP PORT : files only
  local name=$1 d
  d=$(host_dir "$name")
  mkdir -p "$d/run" "$d/docker" "$d/etc-docker" "$d/crontabs" "$d/cron.d"
  # The host's own home for the test user, bound over ~ inside the host. Modes as StrictModes wants
  # them: ~ and ~/.ssh owned by the user and not group/world-writable, authorized_keys 0600.
  mkdir "$d/home"
  cp -a /etc/skel/. "$d/home/" # also copies /etc/skel's own mode to the home: chmod after
  chown -R "$TH_USER:$TH_USER" "$d/home"
  chmod 0750 "$d/home"
  install -d -m 0700 -o "$TH_USER" -g "$TH_USER" "$d/home/.ssh"
  cat "$TH_BASE"/keys/id_{ed25519,rsa,ed25519_enc}.pub >"$d/home/.ssh/authorized_keys"
  chown "$TH_USER:$TH_USER" "$d/home/.ssh/authorized_keys"
  chmod 0600 "$d/home/.ssh/authorized_keys"
  # cron only reads a spool with Debian's ownership and mode (crontab(1) is setgid crontab).
  chown root:crontab "$d/crontabs"
  chmod 1730 "$d/crontabs"
  # An empty system crontab keeps the machine's own cron jobs from running once per host.
  printf 'SHELL=/bin/sh\nPATH=%s\n' /usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin \
    >"$d/crontab"
  ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$d/ssh_host_ed25519_key"
  write_sshd_config "$name"
  printf '%s %s\n' "$2" "$3" >"$d/addr"
}

write_sshd_config() { # NAME : sshd_config from the host's state (extra host keys, password-auth)
  local d type keys password=no
  d=$(host_dir "$1")
  keys="HostKey $d/ssh_host_ed25519_key"
  for type in $EXTRA_HOSTKEY_TYPES; do
    if [[ -f $d/ssh_host_${type}_key ]]; then keys+=$'\n'"HostKey $d/ssh_host_${type}_key"; fi
  done
  if [[ -f $d/password-auth ]]; then password=yes; fi
  # StrictModes (the default) as on a real server: sshd checks ~/.ssh/authorized_keys, ~/.ssh and
  # ~ and stops at ~, so the state dir below /tmp behind the bind mount never comes into it.
  # MaxSessions 10 is OpenSSH's default: Pier's channel budget must hold against the real limit.
  # MaxStartups stays generous, tests open many connections at once.
  cat >"$d/sshd_config" <<EOF
ListenAddress 0.0.0.0:22
$keys
PidFile /run/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
StrictModes yes
PubkeyAuthentication yes
PasswordAuthentication $password
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers $TH_USER
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
X11Forwarding no
PrintMotd no
MaxStartups 100:30:200
MaxSessions 10
Subsystem sftp /usr/lib/openssh/sftp-server
LogLevel VERBOSE
EOF
}

start_host() { # NAME : run init_host inside the host's network namespace plus new mount + UTS ns
  local name=$1 d
  d=$(host_dir "$name")
  # `ip netns exec` mounts a /sys that shows the host's interfaces. Propagation "slave": our bind
  # mounts stay inside the host, while unmounts in the root ns (ip netns del) still reach it.
  ip netns exec "$TH_NS$name" unshare --mount --uts --propagation slave \
    bash "$SELF" _init-host "$name" "$$"
  if ! wait_for "dockerd on $name" 200 docker_ping "$d/run/docker.sock"; then
    tail -n 20 "$d/dockerd.log" >&2 || true
    die "dockerd of $name did not come up"
  fi
  if ! wait_for "sshd on $name" 50 sshd_listening "$name"; then
    tail -n 20 "$d/sshd.log" >&2 || true
    die "sshd of $name did not come up"
  fi
}

init_host() { # NAME CALLER_PID : runs inside the host's fresh namespaces, starts its daemons
  local name=$1 caller=$2 d fstype path opts
  d=$(host_dir "$name")
  cd /
  hostname "$name"
  # The fresh /sys hides the cgroup mounts dockerd needs; replay them from the caller's view
  # (works for cgroup v1, v2 and hybrid layouts).
  if ! mountpoint -q /sys/fs/cgroup; then
    while read -r fstype path opts; do
      mkdir -p "$path"
      mount -t "$fstype" -o "$opts" "$fstype" "$path"
    done < <(awk '$2 ~ "^/sys/fs/cgroup" { print $3, $2, $4 }' "/proc/$caller/mounts")
  fi
  mount --bind "$d/run" /run # docker.sock, containerd state, pid files, /run/sshd
  mount --bind "$d/etc-docker" /etc/docker
  # Bound over the default data root rather than --data-root: swarm writes some files below
  # /var/lib/docker whatever --data-root says.
  mount --bind "$d/docker" /var/lib/docker
  mount --bind "$d/crontabs" /var/spool/cron/crontabs
  mount --bind "$d/cron.d" /etc/cron.d
  mount --bind "$d/crontab" /etc/crontab
  # The test user's home: sshd sessions, cron jobs and dockerd's bind mounts all resolve ~ here.
  mount --bind "$d/home" "$USER_HOME"
  install -d -m 0755 /run/sshd # sshd's privilege separation directory
  # A do-nothing process that pins these namespaces, so sshd-start can nsenter them later.
  setsid sleep infinity >/dev/null 2>&1 </dev/null &
  echo $! >/run/anchor.pid
  # Default bridge (172.17/16) and address pools (172.17-31/16, 192.168/16) never overlap the
  # host /24 and each engine has its own netns, so dockerd keeps its defaults, like a real server.
  # Only swarm's default pool (10.0.0.0/8) would cover 10.213.0.0/24: use
  # `swarm init --default-addr-pool 10.214.0.0/16` if swarm is ever needed.
  # cgroupfs driver + own cgroup parent: `down` can find and kill this engine's containers.
  setsid dockerd --host unix:///var/run/docker.sock \
    --exec-opt native.cgroupdriver=cgroupfs --cgroup-parent "/$TH_NS$name" \
    >"$d/dockerd.log" 2>&1 </dev/null &
  setsid /usr/sbin/sshd -D -e -f "$d/sshd_config" >"$d/sshd.log" 2>&1 </dev/null &
  setsid cron -f >"$d/cron.log" 2>&1 </dev/null &
}

start_relay() { # NAME : 127.0.0.1:PORT (root netns) -> unix socket -> ctl netns -> IP:22
  local name=$1 d ip port
  d=$(host_dir "$name")
  read -r ip port <"$d/addr"
  # One socat cannot listen in one netns and connect from another, hence two hops. `nodelay` on
  # both TCP legs: without it Nagle + delayed ACKs add ~40 ms to every small request.
  setsid ip netns exec "$CTL" socat "UNIX-LISTEN:$d/ssh.sock,fork,unlink-early,mode=600" \
    "TCP:$ip:22,nodelay,connect-timeout=5" >"$d/relay-in.log" 2>&1 </dev/null &
  echo $! >"$d/relay-in.pid"
  setsid socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork,nodelay" \
    "UNIX-CONNECT:$d/ssh.sock" >"$d/relay-out.log" 2>&1 </dev/null &
  echo $! >"$d/relay-out.pid"
}

stop_relays() { # HOST-DIR
  local f pid
  for f in "$1/relay-out.pid" "$1/relay-in.pid"; do
    if pid=$(live_pid "$f" "$1/ssh.sock"); then stop_pids 3 "$pid"; fi
    rm -f "$f"
  done
}

stray_relays() { # relays of this TH_BASE whose pid files are gone (e.g. TH_BASE half-deleted)
  local f cmd pid
  for f in /proc/[0-9]*/cmdline; do
    cmd=$(tr '\0' ' ' 2>/dev/null <"$f") || continue
    if [[ $cmd == socat\ * && $cmd == *"$TH_BASE/hosts/"*/ssh.sock* ]]; then
      pid=${f#/proc/}
      printf '%s\n' "${pid%/cmdline}"
    fi
  done
}

stop_host() { # NAME : containers, dockerd, then everything else in the host's netns
  local name=$1 d pid
  d=$(host_dir "$name")
  # Containers first: a PID 1 that ignores SIGTERM would otherwise hold dockerd's shutdown for 10 s.
  kill_cgroup_procs "$name"
  if pid=$(live_pid "$d/run/docker.pid" "/$TH_NS$name"); then stop_pids 20 "$pid"; fi
  stop_netns_pids "$TH_NS$name" # containerd, sshd + sessions, cron, the anchor
  if pid=$(live_pid "$d/run/anchor.pid" 'sleep infinity'); then stop_pids 1 "$pid"; fi
}

fingerprint() { ssh-keygen -lf "$1" | awk '{ print $2 }'; } # PUBFILE : SHA256:...

host_json() { # NAME : the host as the harness sees it
  local name=$1 d k=$TH_BASE/keys ip port pub fp
  d=$(host_dir "$name")
  read -r ip port <"$d/addr"
  pub=$(<"$d/ssh_host_ed25519_key.pub")
  fp=$(fingerprint "$d/ssh_host_ed25519_key.pub")
  printf '{"name":%s,"ip":%s,"sshHost":"127.0.0.1","sshPort":%d,"username":%s,' \
    "$(json_str "$name")" "$(json_str "$ip")" "$port" "$(json_str "$TH_USER")"
  printf '"privateKeyPath":%s,"rsaPrivateKeyPath":%s,"encryptedKeyPath":%s,' \
    "$(json_str "$k/id_ed25519")" "$(json_str "$k/id_rsa")" "$(json_str "$k/id_ed25519_enc")"
  printf '"keyPassphrase":%s,"password":%s,' \
    "$(json_str "$(<"$k/passphrase")")" "$(json_str "$(<"$k/password")")"
  printf '"hostPublicKey":%s,"hostPublicKeyPath":%s,' \
    "$(json_str "$pub")" "$(json_str "$d/ssh_host_ed25519_key.pub")"
  printf '"hostKeyFingerprint":%s,"dockerSocket":%s}\n' "$(json_str "$fp")" \
    "$(json_str "$d/run/docker.sock")"
}

json_str() {
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

# --- images --------------------------------------------------------------------------------------

urlencode() {
  local s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

image_exists() { # NAME REF
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$(host_dir "$1")/run/docker.sock" \
    "http://docker/images/$2/json") || return 1
  [[ $code == 200 ]]
}

docker_import() { # NAME REF CHANGE... < rootfs tar : POST /images/create?fromSrc=- on that host
  # The Docker API instead of the docker CLI: one dependency less, and no doubt about which of
  # several installed CLIs runs.
  local name=$1 ref=$2 repo tag query c out code
  shift 2
  if [[ ${ref##*/} == *:* ]]; then repo=${ref%:*} tag=${ref##*:}; else repo=$ref tag=latest; fi
  query="fromSrc=-&repo=$(urlencode "$repo")&tag=$(urlencode "$tag")"
  for c in "$@"; do query+="&changes=$(urlencode "$c")"; done
  # -T - streams stdin chunked instead of buffering a 120 MB rootfs in memory.
  out=$(curl -sS --unix-socket "$(host_dir "$name")/run/docker.sock" -X POST \
    -H 'Content-Type: application/x-tar' -H 'Expect:' -T - -w '\n%{http_code}' \
    "http://docker/images/create?$query") || die "import of $ref into $name failed"
  code=${out##*$'\n'}
  # The engine reports late failures inside a 200 response's JSON stream.
  if [[ $code != 200 || $out == *'"error'* ]]; then die "import of $ref into $name failed: $out"; fi
  log "imported $ref into $name"
}

busybox_rootfs() { # DIR : a 2 MB rootfs from Debian's static busybox
  local root=$1 bb app
  bb=$(readlink -f "$(command -v busybox)")
  # A dynamically linked busybox cannot run in an image without libc.
  if command -v ldd >/dev/null && ldd "$bb" >/dev/null 2>&1; then
    die "$bb is dynamically linked; install busybox-static"
  fi
  mkdir -p "$root/bin" "$root/etc" "$root/root" "$root/tmp"
  chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  for app in $("$bb" --list); do
    [[ -e $root/bin/$app ]] || ln -s busybox "$root/bin/$app"
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/:/bin/false' \
    >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

apt_mirror() { # the Debian mirror apt already uses for $TH_DEBIAN_SUITE (deb822 or one-line format)
  local m='' f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    m=$(awk -v s="$TH_DEBIAN_SUITE" 'BEGIN { RS = "" } {
          uri = ""; ok = 0; n = split($0, line, "\n")
          for (i = 1; i <= n; i++) {
            k = split(line[i], w, /[ \t]+/)
            if (w[1] == "URIs:") uri = w[2]
            if (w[1] == "Suites:") for (j = 2; j <= k; j++) if (w[j] == s) ok = 1
          }
          if (ok && uri != "") { print uri; exit }
        }' "$f")
    [[ -n $m ]] && break
  done
  if [[ -z $m && -f /etc/apt/sources.list ]]; then
    m=$(awk -v s="$TH_DEBIAN_SUITE" '$1 == "deb" {
          for (i = 2; i < NF; i++) if ($i ~ /^[a-z+]+:\/\//) {
            if ($(i + 1) == s) { print $i; exit }
            break
          }
        }' /etc/apt/sources.list)
  fi
  printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

build_debian_rootfs() ( # MIRROR OUT : debootstrap + clean + tar. Its text is part of the cache key.
  mirror=$1 out=$2
  work=$(mktemp -d "$TH_IMAGE_CACHE/build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  # Same proxy as apt, if any: debootstrap's wget does not read apt's configuration.
  if command -v apt-config >/dev/null; then
    eval "$(apt-config shell http_proxy Acquire::http::Proxy)"
    if [[ -n ${http_proxy:-} ]]; then export http_proxy; fi
  fi
  log "debootstrap $TH_DEBIAN_SUITE ($TH_DEBIAN_VARIANT) from $mirror, cached afterwards"
  # debootstrap mounts /proc and /sys inside the target. In a private mount namespace those mounts
  # die with debootstrap even if it fails, so the rm -rf above can never reach the machine's /proc.
  unshare --mount --propagation private debootstrap --variant="$TH_DEBIAN_VARIANT" \
    ${TH_DEBIAN_INCLUDE:+"--include=$TH_DEBIAN_INCLUDE"} \
    "$TH_DEBIAN_SUITE" "$work/root" "$mirror" >&2
  r=$work/root
  rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* \
    "$r"/tmp/*
  find "$r/var/log" -type f -delete
  # Don't ship the build machine's resolver and name (docker mounts its own at run time). rm
  # first: writing through a symlink here would hit the machine's file.
  rm -f "$r/etc/resolv.conf" "$r/etc/hostname"
  : >"$r/etc/resolv.conf"
  echo localhost >"$r/etc/hostname"
  tar -C "$r" --numeric-owner -cf "$work/rootfs.tar" .
  mv "$work/rootfs.tar" "$out"
)

cached_tarball() { # OUT LOCK OLD-PREFIX BUILD... : runs BUILD... OUT under the lock file LOCK
  # unless OUT is cached. The lock keeps two concurrent runs from building the same thing twice;
  # tarballs for older inputs (OLD-PREFIX*.tar) can never be hit again, so they go.
  local out=$1 lock=$2 prefix=$3
  shift 3
  (
    flock 9
    if [[ ! -s $out ]]; then
      local t0=$SECONDS old
      "$@" "$out"
      log "built $out in $((SECONDS - t0)) s"
      for old in "$prefix"*.tar; do
        if [[ $old != "$out" ]]; then rm -f "$old"; fi
      done
    else
      log "using cached $out"
    fi
  ) 9>"$lock"
}

image_missing() { # NAME REF : ensure semantics: false, saying so, when the host has REF already
  if image_exists "$1" "$2"; then
    log "$1 already has $2"
    return 1
  fi
}

DEBIAN_TAR=''
debian_rootfs_tarball() { # sets DEBIAN_TAR, building it unless cached
  local mirror arch key
  mirror=$(apt_mirror)
  arch=$(dpkg --print-architecture)
  key=$({
    printf '%s\n' "$TH_DEBIAN_SUITE" "$TH_DEBIAN_VARIANT" "$TH_DEBIAN_INCLUDE" "$mirror" "$arch"
    declare -f build_debian_rootfs
  } | sha256sum | cut -c1-16)
  DEBIAN_TAR=$TH_IMAGE_CACHE/debian-$TH_DEBIAN_SUITE-$arch-$key.tar
  mkdir -p "$TH_IMAGE_CACHE"
  cached_tarball "$DEBIAN_TAR" "$TH_IMAGE_CACHE/.lock" "$TH_IMAGE_CACHE/debian-$TH_DEBIAN_SUITE-$arch-" \
    build_debian_rootfs "$mirror"
}

DB_ENTRYPOINT=$(dirname "$SELF")/db-entrypoint.sh

db_packages() { # ENGINE : the Debian packages of a test database image
  case $1 in
    postgres) echo postgresql-15 ;;
    mariadb) echo mariadb-server mariadb-client ;;
    redis) echo redis-server ;;
    *) die "no test image for the engine $1 (postgres, mariadb or redis; Debian has no MongoDB)" ;;
  esac
}

db_image_env() { # ENGINE : the image's config (docker import --change lines), one per line
  local path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  printf '%s\n' 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' "ENV PIER_TEST_ENGINE=$1"
  case $1 in
    postgres)
      printf '%s\n' 'CMD ["postgres"]' "ENV PATH=/usr/lib/postgresql/15/bin:$path" \
        'ENV PGDATA=/var/lib/postgresql/data' 'EXPOSE 5432'
      ;;
    mariadb) printf '%s\n' 'CMD ["mariadbd"]' "ENV PATH=$path" 'EXPOSE 3306' ;;
    redis) printf '%s\n' 'CMD ["redis-server"]' "ENV PATH=$path" 'WORKDIR /data' 'EXPOSE 6379' ;;
  esac
}

build_db_rootfs() ( # ENGINE BASE-TAR OUT : Debian's packages installed into a copy of the minbase
  engine=$1 base=$2 out=$3
  work=$(mktemp -d "$TH_IMAGE_CACHE/build-db.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  r=$work/root
  mkdir -p "$r"
  tar -C "$r" -xf "$base"
  if command -v apt-config >/dev/null; then
    eval "$(apt-config shell http_proxy Acquire::http::Proxy)"
    if [[ -n ${http_proxy:-} ]]; then export http_proxy; fi
  fi
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  # No service may start inside the chroot, and no default cluster/data dir is made: the
  # entrypoint initializes the data folder on first start, from the container's environment.
  printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
  chmod 755 "$r/usr/sbin/policy-rc.d"
  mkdir -p "$r/etc/postgresql-common"
  echo 'create_main_cluster = false' >"$r/etc/postgresql-common/createcluster.conf"
  log "building the $engine test image from Debian packages: $(db_packages "$engine")"
  # shellcheck disable=SC2046,SC2016 # the package list is meant to split; $1 is the inner sh's
  unshare --mount --propagation private sh -c 'mount -t proc proc "$1/proc" && shift &&
    chroot "$0" sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends -o Dpkg::Options::=--force-confold \"\$@\"" sh "$@"' \
    "$r" "$r" $(db_packages "$engine") >&2
  rm -f "$r/usr/sbin/policy-rc.d"
  rm -rf "$r"/var/lib/mysql/* "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin \
    "$r"/var/lib/apt/lists/* "$r"/tmp/*
  find "$r/var/log" -type f -delete
  rm -f "$r/etc/resolv.conf"
  : >"$r/etc/resolv.conf"
  install -m 755 "$DB_ENTRYPOINT" "$r/usr/local/bin/docker-entrypoint.sh"
  tar -C "$r" --numeric-owner -cf "$work/rootfs.tar" .
  mv "$work/rootfs.tar" "$out"
)

DB_TAR=''
db_rootfs_tarball() { # ENGINE : sets DB_TAR, building it unless cached
  local engine=$1 key
  debian_rootfs_tarball
  key=$({
    printf '%s\n' "$engine" "$(db_packages "$engine")" "${DEBIAN_TAR##*/}"
    cat "$DB_ENTRYPOINT"
    declare -f build_db_rootfs
  } | sha256sum | cut -c1-16)
  DB_TAR=$TH_IMAGE_CACHE/db-$engine-$key.tar
  cached_tarball "$DB_TAR" "$TH_IMAGE_CACHE/.lock-db-$engine" "$TH_IMAGE_CACHE/db-$engine-" \
    build_db_rootfs "$engine" "$DEBIAN_TAR"
}

APT_TAR=''
apt_image_tarball() { # KIND BUILD-FN : sets APT_TAR, the minbase plus what BUILD-FN installs
  # BUILD-FN takes BASE_TAR MIRROR OUT; its text is part of the cache key.
  local kind=$1 build=$2 mirror arch key
  debian_rootfs_tarball
  mirror=$(apt_mirror)
  arch=$(dpkg --print-architecture)
  key=$({
    printf '%s\n' "$DEBIAN_TAR" "$mirror"
    declare -f "$build"
  } | sha256sum | cut -c1-16)
  APT_TAR=$TH_IMAGE_CACHE/$kind-$TH_DEBIAN_SUITE-$arch-$key.tar
  cached_tarball "$APT_TAR" "$TH_IMAGE_CACHE/.$kind-lock" \
    "$TH_IMAGE_CACHE/$kind-$TH_DEBIAN_SUITE-$arch-" "$build" "$DEBIAN_TAR" "$mirror"
}

# --- caddy-image: a Caddy image from Debian's caddy package (self-contained; the proxy tests) ----

build_caddy_rootfs() ( # BASE_TAR MIRROR OUT : apt-get install caddy into the Debian minbase rootfs
  base=$1 mirror=$2 out=$3
  work=$(mktemp -d "$TH_IMAGE_CACHE/caddy.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  r=$work/root
  mkdir "$r"
  tar -C "$r" -xf "$base"
  # Containers in the test hosts have no network: install in a chroot on this machine instead.
  rm -f "$r/etc/resolv.conf"
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  if command -v apt-config >/dev/null; then
    eval "$(apt-config shell http_proxy Acquire::http::Proxy)"
    if [[ -n ${http_proxy:-} ]]; then
      printf 'Acquire::http::Proxy "%s";\n' "$http_proxy" >"$r/etc/apt/apt.conf.d/90proxy"
    fi
  fi
  printf 'deb %s %s main\n' "$mirror" "$TH_DEBIAN_SUITE" >"$r/etc/apt/sources.list"
  log "installing Debian's caddy package into a minbase rootfs, cached afterwards"
  # A private mount namespace: /proc mounted for apt dies with it, whatever happens.
  # shellcheck disable=SC2016 # $1 expands in the inner bash
  unshare --mount --propagation private bash -c '
    mount -t proc proc "$1/proc"
    chroot "$1" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends caddy ca-certificates"
  ' bash "$r" >&2
  rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* \
    "$r"/tmp/* "$r/etc/apt/apt.conf.d/90proxy"
  find "$r/var/log" -type f -delete
  rm -f "$r/etc/resolv.conf"
  : >"$r/etc/resolv.conf"
  tar -C "$r" --numeric-owner -cf "$work/rootfs.tar" .
  mv "$work/rootfs.tar" "$out"
)

cmd_caddy_image() { # NAME REF : like debian-image (ensure semantics), with Debian's caddy in it
  require_host "$1"
  [[ -n ${2:-} ]] || die 'usage: caddy-image NAME REF'
  image_missing "$1" "$2" || return 0
  require debootstrap dpkg flock unshare chroot
  apt_image_tarball caddy build_caddy_rootfs
  # The official image's layout: config in /etc/caddy, state in /data and /config.
  docker_import "$1" "$2" \
    'CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]' \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'ENV XDG_CONFIG_HOME=/config' 'ENV XDG_DATA_HOME=/data' <"$APT_TAR"
}

# --- registry-image: an image registry from Debian's docker-registry package, plus socat -------
# One image for the three services of a cluster's registry mode (the registry and its relays).

build_registry_rootfs() ( # BASE_TAR MIRROR OUT : docker-registry and socat into the Debian minbase
  base=$1 mirror=$2 out=$3
  work=$(mktemp -d "$TH_IMAGE_CACHE/registry.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  r=$work/root
  mkdir "$r"
  tar -C "$r" -xf "$base"
  # Containers in the test hosts have no network: install in a chroot on this machine instead.
  rm -f "$r/etc/resolv.conf"
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  if command -v apt-config >/dev/null; then
    eval "$(apt-config shell http_proxy Acquire::http::Proxy)"
    if [[ -n ${http_proxy:-} ]]; then
      printf 'Acquire::http::Proxy "%s";\n' "$http_proxy" >"$r/etc/apt/apt.conf.d/90proxy"
    fi
  fi
  printf 'deb %s %s main\n' "$mirror" "$TH_DEBIAN_SUITE" >"$r/etc/apt/sources.list"
  log "installing Debian's docker-registry and socat into a minbase rootfs, cached afterwards"
  # A private mount namespace: /proc mounted for apt dies with it, whatever happens. The
  # package's maintainer scripts want an init system; policy-rc.d keeps them from starting one.
  printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
  chmod 755 "$r/usr/sbin/policy-rc.d"
  # shellcheck disable=SC2016 # $1 expands in the inner bash
  unshare --mount --propagation private bash -c '
    mount -t proc proc "$1/proc"
    chroot "$1" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry socat"
  ' bash "$r" >&2
  rm -f "$r/usr/sbin/policy-rc.d"
  # The official registry:2 image's configuration: no auth, storage in /var/lib/registry.
  cat >"$r/etc/docker/registry/config.yml" <<'YML'
version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
YML
  mkdir -p "$r/var/lib/registry"
  rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* \
    "$r"/tmp/* "$r/etc/apt/apt.conf.d/90proxy"
  find "$r/var/log" -type f -delete
  rm -f "$r/etc/resolv.conf"
  : >"$r/etc/resolv.conf"
  tar -C "$r" --numeric-owner -cf "$work/rootfs.tar" .
  mv "$work/rootfs.tar" "$out"
)

cmd_registry_image() { # NAME REF : like caddy-image, with Debian's docker-registry and socat
  require_host "$1"
  [[ -n ${2:-} ]] || die 'usage: registry-image NAME REF'
  image_missing "$1" "$2" || return 0
  require debootstrap dpkg flock unshare chroot
  apt_image_tarball registry build_registry_rootfs
  # The official image's command; the relays run it with --entrypoint socat.
  docker_import "$1" "$2" \
    'CMD ["docker-registry", "serve", "/etc/docker/registry/config.yml"]' \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'EXPOSE 5000' <"$APT_TAR"
}

# --- commands ------------------------------------------------------------------------------------

cmd_up() { # N
  local n=${1:-} i name ip port
  if ! [[ $n =~ ^[1-9][0-9]*$ ]] || ((n > 200)); then die 'usage: up N (1..200)'; fi
  require dockerd /usr/sbin/sshd socat ip ss cron ssh-keygen unshare nsenter setsid curl iptables \
    chpasswd
  cmd_down # whatever a crashed run left behind
  trap up_failed EXIT
  install -d -m 0755 "$TH_BASE" "$TH_BASE/hosts"
  setup_user
  # Mount points the hosts bind over; they may not exist on a machine that never ran Docker.
  ensure_mountpoint /var/lib/docker dir
  ensure_mountpoint /etc/docker dir
  ensure_mountpoint /var/spool/cron/crontabs dir
  ensure_mountpoint /etc/cron.d dir
  ensure_mountpoint /etc/crontab file
  net_up
  for ((i = 1; i <= n; i++)); do
    name=h$i ip=$TH_NET.$((10 + i)) port=$((TH_PORT_BASE + i))
    if port_busy "$port"; then die "127.0.0.1:$port is already in use (set TH_PORT_BASE)"; fi
    prepare_host "$name" "$ip" "$port"
    plug "$name" "$ip"
    start_host "$name"
    start_relay "$name"
  done
  for ((i = 1; i <= n; i++)); do
    wait_for "ssh banner of h$i" 50 ssh_banner_ok "$((TH_PORT_BASE + i))" ||
      die "h$i is not reachable over its relay"
  done
  trap - EXIT
  for ((i = 1; i <= n; i++)); do host_json "h$i"; done
}

up_failed() { # EXIT trap of up: never leave half a network behind
  local rc=$?
  ((rc)) || return 0
  log "up failed (exit $rc); tearing down"
  cmd_down || true
  exit "$rc"
}

cmd_down() { # idempotent; works on a clean machine, a half-built setup or a crashed run
  local d ns path pids=() namespaces=() stoppers=()
  # Relays first, so no new SSH session arrives while the hosts go away.
  for d in "$TH_BASE"/hosts/*/; do
    if [[ -d $d ]]; then stop_relays "${d%/}"; fi
  done
  mapfile -t pids < <(stray_relays)
  stop_pids 3 "${pids[@]}"
  # In parallel: each dockerd takes about a second to shut down.
  for d in "$TH_BASE"/hosts/*/; do
    if [[ -d $d ]]; then
      stop_host "$(basename "$d")" &
      stoppers+=($!)
    fi
  done
  # Only these: a bare `wait` would also wait for any daemon this shell started (failed `up`).
  if ((${#stoppers[@]})); then wait "${stoppers[@]}" || true; fi
  # Namespaces without a host directory (TH_BASE removed by hand, other TH_BASE) go too.
  kill_cgroup_procs
  mapfile -t namespaces < <(our_netns)
  for ns in "${namespaces[@]}"; do
    stop_netns_pids "$ns"
    ip netns del "$ns" 2>/dev/null || log "warning: could not delete netns $ns"
  done
  remove_cgroups
  # Host mount namespaces died with their processes; only plain files are left to delete.
  if [[ -f $TH_BASE/created-paths ]]; then
    while IFS= read -r path; do
      if [[ -d $path ]]; then rmdir "$path" 2>/dev/null || true; else rm -f "$path"; fi
    done <"$TH_BASE/created-paths"
  fi
  # Every process of the test user ran inside a host and is gone now.
  remove_accounts
  # Only what we create: TH_BASE may have been pointed at a directory that holds other things.
  rm -rf "$TH_BASE/hosts" "$TH_BASE/keys" "$TH_BASE/created-paths" "$TH_BASE"/tmp.*
  rmdir "$TH_BASE" 2>/dev/null || true
}

cmd_status() {
  local d name ip port link keys type pw ns=()
  mapfile -t ns < <(our_netns)
  printf 'netns: %s\n' "${ns[*]:-none}"
  printf 'user: %s\n' "$(getent passwd "$TH_USER" || echo "$TH_USER (absent)")"
  for d in "$TH_BASE"/hosts/*/; do
    [[ -f $d/addr ]] || continue
    d=${d%/} name=$(basename "$d")
    read -r ip port <"$d/addr"
    link=$(ip -n "$SW" -br link show "v-$name" 2>/dev/null | awk '{ print $2 }') || true
    keys=ed25519
    if [[ -d $d/hostkey-orig ]]; then keys+='(rekeyed)'; fi
    for type in $EXTRA_HOSTKEY_TYPES; do
      if [[ -f $d/ssh_host_${type}_key ]]; then keys+=,$type; fi
    done
    pw=off
    if [[ -f $d/password-auth ]]; then pw=on; fi
    printf '%s ip=%s ssh=127.0.0.1:%s link=%s dockerd=%s sshd=%s cron=%s relay=%s' \
      "$name" "$ip" "$port" "${link:-missing}" "$(up_down "$d/run/docker.pid" dockerd)" \
      "$(up_down "$d/run/sshd.pid" sshd)" "$(up_down "$d/run/crond.pid" cron)" \
      "$(up_down "$d/relay-out.pid" socat)"
    printf ' hostkeys=%s password-auth=%s\n' "$keys" "$pw"
  done
}

up_down() { # PIDFILE MARK
  if live_pid "$1" "$2" >/dev/null; then echo up; else echo down; fi
}

cmd_link() { # NAME up|down : plug or unplug the host's cable at the switch
  require_host "$1"
  ip -n "$SW" link set "v-$1" "$2"
}

cmd_sshd_stop() { # NAME : stop the listener only; established sessions live on, as with a real sshd
  local d pid
  require_host "$1"
  d=$(host_dir "$1")
  if pid=$(live_pid "$d/run/sshd.pid" "$d/sshd_config"); then stop_pids 5 "$pid"; fi
  rm -f "$d/run/sshd.pid"
  wait_for "sshd of $1 to stop listening" 50 sshd_not_listening "$1"
}

cmd_sshd_start() { # NAME
  local d anchor
  require_host "$1"
  d=$(host_dir "$1")
  if live_pid "$d/run/sshd.pid" "$d/sshd_config" >/dev/null; then return 0; fi
  anchor=$(live_pid "$d/run/anchor.pid" 'sleep infinity') || die "host $1 is not running"
  nsenter --target "$anchor" --net --mount --uts \
    setsid /usr/sbin/sshd -D -e -f "$d/sshd_config" >>"$d/sshd.log" 2>&1 </dev/null &
  wait_for "sshd on $1" 50 sshd_listening "$1"
}

restart_sshd() { # NAME : after its sshd_config or host keys changed; sshd is running afterwards
  local d anchor
  d=$(host_dir "$1")
  anchor=$(live_pid "$d/run/anchor.pid" 'sleep infinity') || die "host $1 is not running"
  # Checked in the host's namespaces (sshd -t wants its /run/sshd) before the old sshd goes.
  nsenter --target "$anchor" --net --mount --uts /usr/sbin/sshd -t -f "$d/sshd_config" ||
    die "sshd_config of $1 is invalid"
  cmd_sshd_stop "$1"
  cmd_sshd_start "$1"
}

cmd_rekey() { # NAME [--restore] : new ed25519 host key, or back to the original key set
  local name=${1:-} d key orig type
  require ssh-keygen nsenter ss
  require_host "$name"
  d=$(host_dir "$name") key=$d/ssh_host_ed25519_key orig=$d/hostkey-orig
  case ${2:-} in
    '')
      # The key from `up` is kept (once, however often we rekey) for --restore.
      if [[ ! -f $orig/ssh_host_ed25519_key ]]; then
        install -d -m 0700 "$orig"
        cp -p "$key" "$key.pub" "$orig/"
      fi
      rm -f "$key.new" "$key.new.pub"
      ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$key.new"
      mv -f "$key.new.pub" "$key.pub"
      mv -f "$key.new" "$key"
      log "new host key for $name: $(fingerprint "$key.pub")"
      ;;
    --restore)
      # Also drops keys from add-hostkey: the host offers exactly what it offered after `up`.
      if [[ -f $orig/ssh_host_ed25519_key ]]; then
        mv -f "$orig/ssh_host_ed25519_key.pub" "$key.pub"
        mv -f "$orig/ssh_host_ed25519_key" "$key"
        rmdir "$orig"
      fi
      for type in $EXTRA_HOSTKEY_TYPES; do rm -f "$d/ssh_host_${type}_key"{,.pub}; done
      log "original host key for $name: $(fingerprint "$key.pub")"
      ;;
    *) die 'usage: rekey NAME [--restore]' ;;
  esac
  write_sshd_config "$name"
  restart_sshd "$name"
  host_json "$name"
}

cmd_add_hostkey() { # NAME ecdsa|rsa : one more host key of another type; kept if already there
  local name=${1:-} type=${2:-} d key bits
  require ssh-keygen nsenter ss
  require_host "$name"
  d=$(host_dir "$name") key=$d/ssh_host_${type}_key
  case $type in
    ecdsa) bits=256 ;; # ecdsa-sha2-nistp256
    rsa) bits=3072 ;;  # offered as rsa-sha2-512 / rsa-sha2-256 (OpenSSH >= 8.8 drops ssh-rsa)
    *) die "usage: add-hostkey NAME TYPE, TYPE one of: $EXTRA_HOSTKEY_TYPES" ;;
  esac
  if [[ ! -f $key ]]; then
    ssh-keygen -q -t "$type" -b "$bits" -N '' -C "$name" -f "$key"
    write_sshd_config "$name"
    restart_sshd "$name"
  fi
  printf '{"name":%s,"type":%s,"keyType":%s,"publicKey":%s,' "$(json_str "$name")" \
    "$(json_str "$type")" "$(json_str "$(cut -d' ' -f1 "$key.pub")")" "$(json_str "$(<"$key.pub")")"
  printf '"publicKeyPath":%s,"fingerprint":%s}\n' "$(json_str "$key.pub")" \
    "$(json_str "$(fingerprint "$key.pub")")"
}

cmd_password_auth() { # NAME on|off : PasswordAuthentication for this host's sshd
  local name=${1:-} d
  require nsenter ss
  require_host "$name"
  d=$(host_dir "$name")
  case ${2:-} in
    on) touch "$d/password-auth" ;;
    off) rm -f "$d/password-auth" ;;
    *) die 'usage: password-auth NAME on|off' ;;
  esac
  write_sshd_config "$name"
  restart_sshd "$name"
  log "password authentication on $name: $2"
}

cmd_busybox_image() { # NAME REF
  local root
  require_host "$1"
  [[ -n ${2:-} ]] || die 'usage: busybox-image NAME REF'
  root=$(mktemp -d "$TH_BASE/tmp.XXXXXX")
  busybox_rootfs "$root"
  tar -C "$root" --numeric-owner -c . | docker_import "$1" "$2" 'CMD ["/bin/sh"]' 'ENV PATH=/bin'
  rm -rf "$root"
}

cmd_debian_image() { # NAME REF : ensure semantics, a host that has REF already is left alone
  require_host "$1"
  [[ -n ${2:-} ]] || die 'usage: debian-image NAME REF'
  image_missing "$1" "$2" || return 0
  require debootstrap dpkg flock
  debian_rootfs_tarball
  docker_import "$1" "$2" 'CMD ["bash"]' \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' <"$DEBIAN_TAR"
}

cmd_db_image() { # NAME ENGINE REF : ensure semantics, like debian-image
  local changes=()
  require_host "$1"
  [[ -n ${2:-} && -n ${3:-} ]] || die 'usage: db-image NAME postgres|mariadb|redis REF'
  db_packages "$2" >/dev/null
  image_missing "$1" "$3" || return 0
  require debootstrap dpkg flock chroot unshare
  db_rootfs_tarball "$2"
  mapfile -t changes < <(db_image_env "$2")
  docker_import "$1" "$3" "${changes[@]}" <"$DB_TAR"
}

cmd_small_disk() { # NAME PATH KIB|off : a KIB KiB tmpfs over ~/PATH inside the host, or unmount it
  # For "the backup disk is full" tests: only this host's mount namespace sees it (sshd sessions,
  # cron and dockerd there), and it disappears with the host. PATH is below the test user's home
  # and must exist already (made by the test user, so the owner and every parent stay theirs).
  local name=${1:-} rel=${2:-} size=${3:-} d anchor target uid gid
  require nsenter
  require_host "$name"
  [[ $rel =~ ^[A-Za-z0-9._/-]{1,200}$ && $rel != *..* && $rel != /* ]] ||
    die "bad path below the home: '$rel'"
  [[ $size == off || $size =~ ^[1-9][0-9]{0,7}$ ]] || die 'usage: small-disk NAME PATH KIB|off'
  d=$(host_dir "$name")
  anchor=$(live_pid "$d/run/anchor.pid" 'sleep infinity') || die "host $name is not running"
  target=$USER_HOME/$rel
  uid=$(id -u "$TH_USER")
  gid=$(id -g "$TH_USER")
  # shellcheck disable=SC2016 # the inner sh expands its own arguments
  if [[ $size == off ]]; then
    nsenter --target "$anchor" --mount sh -c 'if mountpoint -q "$1"; then umount "$1"; fi' sh "$target"
    log "small disk at ~/$rel on $name: removed"
    return 0
  fi
  # shellcheck disable=SC2016
  nsenter --target "$anchor" --mount sh -c '[ -d "$1" ] || { echo "no folder $1 on the host" >&2; exit 1; }
    if mountpoint -q "$1"; then umount "$1"; fi
    mount -t tmpfs -o "size=$2k,mode=0700,uid=$3,gid=$4" pier-small-disk "$1"' \
    sh "$target" "$size" "$uid" "$gid" || die "cannot mount a small disk at ~/$rel on $name"
  log "small disk at ~/$rel on $name: $size KiB"
}

main() {
  local cmd=${1:-}
  shift || true
  check_base
  case $cmd in
    # up and down must not interleave (two vitest projects, a signal handler racing a teardown).
    # flock -o: the daemons started under the lock must not inherit (and so keep) it.
    up | down)
      require flock
      exec flock -o -w 600 "$SELF" bash "$SELF" "_locked-$cmd" "$@"
      ;;
    _locked-up) cmd_up "$@" ;;
    _locked-down) cmd_down ;;
    status) cmd_status ;;
    cut) cmd_link "${1:-}" down ;;
    restore) cmd_link "${1:-}" up ;;
    sshd-stop) cmd_sshd_stop "${1:-}" ;;
    sshd-start) cmd_sshd_start "${1:-}" ;;
    busybox-image) cmd_busybox_image "${1:-}" "${2:-}" ;;
    debian-image) cmd_debian_image "${1:-}" "${2:-}" ;;
    db-image) cmd_db_image "${1:-}" "${2:-}" "${3:-}" ;;
    caddy-image) cmd_caddy_image "${1:-}" "${2:-}" ;;
    registry-image) cmd_registry_image "${1:-}" "${2:-}" ;;
    rekey) cmd_rekey "${1:-}" "${2:-}" ;;
    add-hostkey) cmd_add_hostkey "${1:-}" "${2:-}" ;;
    password-auth) cmd_password_auth "${1:-}" "${2:-}" ;;
    small-disk) cmd_small_disk "${1:-}" "${2:-}" "${3:-}" ;;
    _init-host) init_host "$@" ;;
    *)
      usage
      exit 2
      ;;
  esac
}

main "$@"
