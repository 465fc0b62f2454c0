#!/bin/sh
# ci-key.sh: swaps an app's CI key in ~/.ssh/authorized_keys. Stdin: line 1 the "type material"
# of the key to remove (empty: none), line 2 the new authorized_keys line (empty: none), so no
# key is ever on a command line. Other lines, their order and the file's mode stay as they were.
# Prints {"removed":BOOL,"added":BOOL}.
set -eu
umask 077
old=''
new=''
IFS= read -r old || true
IFS= read -r new || true

dir="$HOME/.ssh"
file="$dir/authorized_keys"
[ -d "$dir" ] || mkdir -p "$dir"
chmod 700 "$dir"
[ -f "$file" ] || : >"$file"

removed=false
added=false
tmp="$file.pier.$$"
if [ -n "$old" ] && awk -v m="$old" 'index($0, m) > 0 { found = 1 } END { exit !found }' "$file"; then
  awk -v m="$old" 'index($0, m) == 0' "$file" >"$tmp"
  removed=true
else
  cat "$file" >"$tmp"
fi
if [ -n "$new" ]; then
  # A file without a trailing newline would glue the key onto its last line.
  if [ -s "$tmp" ] && [ "$(tail -c 1 "$tmp" | od -An -c | tr -d ' ')" != '\n' ]; then
    printf '\n' >>"$tmp"
  fi
  printf '%s\n' "$new" >>"$tmp"
  added=true
fi
chmod 600 "$tmp"
mv -f "$tmp" "$file"
printf '{"removed":%s,"added":%s}\n' "$removed" "$added"
