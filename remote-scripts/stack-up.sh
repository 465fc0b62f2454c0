#!/bin/sh
# stack-up.sh: (re)deploys the stack kept in its own folder. Pier writes it to
# ~/.pier/stacks/NAME/up.sh, so the server stays operable by hand: `sh ~/.pier/stacks/NAME/up.sh`.
# The folder's .env (Docker's env-file format: KEY=VALUE, the value literal to the end of the
# line) is exported for compose's ${VAR} interpolation; services may also read it with
# `env_file: .env`. Bind sources like ./files/x are relative to this folder. proxy.yml, when
# present, is Pier's overlay joining the services that have a domain to the proxy network.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
name=${1:-$(basename "$dir")}
if [ -f "$dir/.env" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      '' | '#'*) continue ;;
    esac
    # The value is the text after "=", taken as it is: export does not expand it again.
    export "${line?}"
  done <"$dir/.env"
fi
cd "$dir"
rm -f "$dir/stopped"
if [ -s "$dir/proxy.yml" ]; then
  exec docker stack deploy --prune --resolve-image never -c compose.yml -c proxy.yml "$name"
fi
exec docker stack deploy --prune --resolve-image never -c compose.yml "$name"
