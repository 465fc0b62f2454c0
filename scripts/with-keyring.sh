#!/usr/bin/env bash
# Runs a command with an unlocked gnome-keyring on the current (private) D-Bus session bus.
# Called by scripts/test.sh inside dbus-run-session; the keyring lives in a temp folder.
set -euo pipefail
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_CACHE_HOME="$keyring_home/cache"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$keyring_home/run}"
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# A non-empty password: with an empty one gnome-keyring tries to prompt and the store stays locked.
printf '%s' "pier-test-$$" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
export PIER_KEYRING_READY=1
"$@"
