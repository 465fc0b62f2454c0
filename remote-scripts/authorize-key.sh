#!/bin/sh
# authorize-key.sh: adds the one public key given on stdin to ~/.ssh/authorized_keys, once.
# Run as `sh -c "$(cat authorize-key.sh)"` with the key line on stdin, so the key never appears
# on a command line. Prints {"added":true|false} or {"error":...}; exit 0 on success.
set -eu
umask 077

# shellcheck source=remote-scripts/lib/keys.sh
. ./lib/keys.sh # pier:include
read_public_key

dir="$HOME/.ssh"
file="$dir/authorized_keys"
[ -d "$dir" ] || mkdir -p "$dir"
chmod 700 "$dir"
[ -f "$file" ] || : >"$file"
chmod 600 "$file"

if has_key "$file"; then
  printf '{"added":false}\n'
  exit 0
fi
# A file without a trailing newline would glue our key onto its last line.
if [ -s "$file" ] && [ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" != '\n' ]; then
  printf '\n' >>"$file"
fi
printf '%s\n' "$KEY" >>"$file"
printf '{"added":true}\n'
