#!/bin/sh
# cron-apply.sh: replaces Pier's block in the user's crontab with the block on stdin (empty
# stdin: removes the block). Lines outside "# BEGIN pier" ... "# END pier" are kept byte for
# byte and in place; a crontab without the block gets it appended. Idempotent.
# Exit 3 with a message when the block is damaged (markers unpaired), leaving the crontab as is:
# guessing where a broken block ends could delete the user's own lines.
set -u
mkdir -p "$HOME/.pier/locks"
exec 9>"$HOME/.pier/locks/crontab.lock"
flock 9

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
cat >"$work/block"

if ! crontab -l >"$work/current" 2>"$work/err"; then
  if grep -qi 'no crontab' "$work/err"; then
    : >"$work/current"
  else
    cat "$work/err" >&2
    exit 1
  fi
fi

# Markers must come in BEGIN, END pairs, never nested.
if ! awk '
  $0 == "# BEGIN pier" { if (open) exit 1; open = 1 }
  $0 == "# END pier" { if (!open) exit 1; open = 0 }
  END { if (open) exit 1 }
' "$work/current"; then
  echo "Pier's block in the crontab is damaged: a \"# BEGIN pier\" or \"# END pier\" line has no partner." >&2
  exit 3
fi

awk -v block="$work/block" '
  function put(  l) { while ((getline l < block) > 0) print l; close(block); done = 1 }
  $0 == "# BEGIN pier" { if (!done) put(); skip = 1; next }
  skip { if ($0 == "# END pier") skip = 0; next }
  { print }
  END { if (!done) put() }
' "$work/current" >"$work/next"

if cmp -s "$work/current" "$work/next"; then
  echo unchanged
elif [ -s "$work/next" ]; then
  crontab "$work/next" && echo changed
else
  crontab -r && echo changed
fi
