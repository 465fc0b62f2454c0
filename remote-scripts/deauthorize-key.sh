#!/bin/sh
# deauthorize-key.sh: removes the one public key given on stdin from ~/.ssh/authorized_keys.
# Run as `sh -c "$(cat deauthorize-key.sh)"` with the key line on stdin. Other lines, their
# order and the file's mode stay as they were. Prints {"removed":true|false} or {"error":...}.
set -eu
umask 077

IFS= read -r key || true
case "$key" in
  ssh-ed25519\ * | ssh-rsa\ * | ecdsa-sha2-nistp256\ * | ecdsa-sha2-nistp384\ * | ecdsa-sha2-nistp521\ *) ;;
  *)
    printf '{"error":"stdin did not start with a public key line"}\n'
    exit 2
    ;;
esac

file="$HOME/.ssh/authorized_keys"
if [ ! -f "$file" ]; then
  printf '{"removed":false}\n'
  exit 0
fi
material=$(printf '%s\n' "$key" | awk '{ print $1 " " $2 }')
if ! awk -v m="$material" '($1 " " $2) == m { found = 1 } END { exit !found }' "$file"; then
  printf '{"removed":false}\n'
  exit 0
fi
# Write the kept lines next to the file, then rename: a cut connection never leaves it half written.
tmp="$file.pier.$$"
awk -v m="$material" '($1 " " $2) != m' "$file" >"$tmp"
chmod 600 "$tmp"
mv -f "$tmp" "$file"
printf '{"removed":true}\n'
