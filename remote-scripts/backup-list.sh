#!/bin/sh
# backup-list.sh: the manifest of database NAME's backups, as backup-db.sh wrote it.
# Usage: backup-list.sh NAME   (checked by Pier)
set -u
f="$HOME/.pier/backups/$1/manifest.jsonl"
if [ -f "$f" ]; then cat "$f"; fi
