#!/usr/bin/env bash
# `npm test`: sets up everything the tests need on a fresh Debian machine, then runs every layer
# (static checks, unit, integration against real sshd + Docker hosts, e2e in Chromium, bench).
# Where it cannot create hosts (not Linux, not root) the integration layer reports "skipped"
# with the reason; under CI=true a missing prerequisite fails instead.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

APT_PACKAGES=(
  docker.io openssh-server openssh-client cron iproute2 socat curl debootstrap busybox-static
  chromium gnome-keyring libsecret-1-dev libsecret-tools dbus dbus-x11 shellcheck
  util-linux procps iptables debian-archive-keyring python3 make g++ pkg-config ca-certificates
  git
)

install_system_packages() {
  if [ "$(uname -s)" != Linux ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "not root on Debian: skipping apt packages (integration tests will say what is missing)"
    return 0
  fi
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "all ${#APT_PACKAGES[@]} Debian packages present"
    return 0
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_node_modules() {
  # Electron's binary cannot be downloaded here; the build and the tests do not need it.
  export ELECTRON_SKIP_BINARY_DOWNLOAD=1
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund
  fi
}

log "system packages"
install_system_packages
install_node_modules

log "typecheck, lint, shellcheck"
npm run -s typecheck
npm run -s lint
if command -v shellcheck >/dev/null || [ "${CI:-}" = true ]; then
  npm run -s shellcheck
else
  echo "shellcheck skipped: not installed (apt-get install shellcheck)"
fi

log "build"
npm run -s build

# Whatever happens below, leave no test host behind.
cleanup() { bash tests/hosts/testhosts.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT

log "tests: unit, integration, e2e, bench"
# The keychain tests need a real Secret Service: a private D-Bus session with gnome-keyring,
# unlocked with a throwaway password, its files in a temporary folder.
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  exec_tests=(dbus-run-session -- bash scripts/with-keyring.sh)
else
  exec_tests=(bash -c '"$@"' --)
fi
summary=$(mktemp)
"${exec_tests[@]}" npx vitest run --project unit --project integration --project e2e | tee "$summary"
# Benchmarks use their own run: their hosts' setup would tear down the integration hosts.
"${exec_tests[@]}" npx vitest bench --run --project bench
# The tests' closing line again, last, where CI reads it.
grep -E '^tests: [0-9]+ passed, [0-9]+ failed' "$summary" | tail -n 1
rm -f "$summary"
