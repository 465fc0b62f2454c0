#!/bin/sh
# authorize-key.sh: adds the one public key given on stdin to ~/.ssh/authorized_keys, once.
# Run as `sh -c "$(cat authorize-key.sh)"` with the key line on stdin, so the key never appears
# on a command line. Prints {"added":true|false} or {"error":...}; exit 0 on success.
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

dir="$HOME/.ssh"
file="$dir/authorized_keys"
[ -d "$dir" ] || mkdir -p "$dir"
chmod 700 "$dir"
[ -f "$file" ] || : >"$file"
chmod 600 "$file"

# Compare on type and key material only: the comment may differ between installs.
material=$(printf '%s\n' "$key" | awk '{ print $1 " " $2 }')
if awk -v m="$material" '($1 " " $2) == m { found = 1 } END { exit !found }' "$file"; then
  printf '{"added":false}\n'
  exit 0
fi
# A file without a trailing newline would glue our key onto its last line.
if [ -s "$file" ] && [ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" != '\n' ]; then
  printf '\n' >>"$file"
fi
printf '%s\n' "$key" >>"$file"
printf '{"added":true}\n'
