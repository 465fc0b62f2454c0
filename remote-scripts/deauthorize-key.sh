#!/bin/sh
# deauthorize-key.sh: removes the one public key given on stdin from ~/.ssh/authorized_keys.
# Run as `sh -c "$(cat deauthorize-key.sh)"` with the key line on stdin. Other lines, their
# order and the file's mode stay as they were. Prints {"removed":true|false} or {"error":...}.
set -eu
umask 077

# shellcheck source=remote-scripts/lib/keys.sh
. ./lib/keys.sh # pier:include
read_public_key

file="$HOME/.ssh/authorized_keys"
if [ ! -f "$file" ]; then
  printf '{"removed":false}\n'
  exit 0
fi
if ! has_key "$file"; then
  printf '{"removed":false}\n'
  exit 0
fi
# Write the kept lines next to the file, then rename: a cut connection never leaves it half written.
tmp="$file.pier.$$"
awk -v m="$MATERIAL" '($1 " " $2) != m' "$file" >"$tmp"
chmod 600 "$tmp"
mv -f "$tmp" "$file"
printf '{"removed":true}\n'
