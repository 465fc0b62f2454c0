# shellcheck shell=sh
# shellcheck disable=SC2154 # dir, manifest, engine, version and trigger are set by the caller
# lib/backup.sh: what every kind of backup shares (databases, volumes): one run at a time under
# flock, an id, compression, the manifest line, the fsynced sha256-recorded atomic rename, and
# retention. Inlined by Pier where a script says `. ./lib/backup.sh # pier:include` (after
# lib/json.sh). The caller sets dir, manifest, engine, version, trigger before backup_begin.
# Layout of a backup folder:
#   ID.KIND.EXT        finished backups (ID = UTC time + random suffix, EXT zst or gz)
#   manifest.jsonl     one JSON line per run (id, file, time, size, sha256, engine, version,
#                      durationSec, status ok|failed, error, trigger), plus {"id","status":
#                      "pruned"} when retention deletes a file
#   .tmp-ID.KIND.EXT   a backup in progress; never listed, removed on failure
# The run's scratch files (the dump's stderr and exit status) live in a temp folder outside this
# one: when the backup disk is full they must still be writable, or the error that explains the
# failure would be lost with the disk.

# backup_begin LOCK KIND: takes the run lock (exits 75 with a logged reason when another run
# holds it) and sets id, started, ext, file, tmp and work (a scratch folder).
backup_begin() {
  umask 077
  mkdir -p "$dir" "$HOME/.pier/locks"
  exec 8>"$HOME/.pier/locks/$1.run.lock"
  if ! flock -n 8; then
    echo "skipped: another backup of $2 is still running"
    exit 75
  fi
  id="$(date -u +%Y%m%dT%H%M%SZ)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  started=$(date +%s)
  if command -v zstd >/dev/null 2>&1; then ext=zst; else ext=gz; fi
  file="$id.$3.$ext"
  tmp="$dir/.tmp-$file"
  work=$(mktemp -d "${TMPDIR:-/tmp}/pier-backup-XXXXXX") || {
    echo "error: cannot make a scratch folder in ${TMPDIR:-/tmp}"
    exit 1
  }
}

jstr() { if [ -n "$1" ]; then printf '"%s"' "$(json_string "$1")"; else printf null; fi; }

# backup_record STATUS FILE SIZE SHA ERROR: appends this run's manifest line.
backup_record() {
  printf '{"id":"%s","file":%s,"time":%s,"size":%s,"sha256":%s,"engine":"%s","version":%s,"durationSec":%s,"status":"%s","error":%s,"trigger":"%s"}\n' \
    "$id" "$(jstr "$2")" "$started" "${3:-null}" "$(jstr "$4")" "$engine" "$(jstr "$version")" \
    "$(($(date +%s) - started))" "$1" "$(jstr "$5")" "$trigger" >>"$manifest"
}

# backup_fail MESSAGE: removes the partial file, records the failure, exits 1.
backup_fail() {
  rm -f "$tmp"
  rm -rf "$work"
  backup_record failed '' '' '' "$*"
  echo "error: $*"
  exit 1
}

compress() { if [ "$ext" = zst ]; then zstd -q -3 -c; else gzip -c; fi; }
decompress() { if [ "$ext" = zst ]; then zstd -q -d -c; else gzip -d -c; fi; }

# backup_check_write STATUS: a failed compress or write (a full disk, say) fails the backup.
# Called before the dump's own status is looked at: when the disk fills, the writer dies first and
# the dump then fails on a closed pipe, which would otherwise be reported as the cause.
backup_check_write() {
  [ "$1" = 0 ] && return 0
  free=$(df -Pk "$dir" 2>/dev/null | awk 'NR == 2 { print $4 }')
  werr=$(tail -c 300 "$work/compress.err" 2>/dev/null)
  case "$werr" in
    *"No space left"*) why="No space left on device" ;;
    *) if [ "${free:-}" = 0 ]; then why="No space left on device"; else why="compressing or writing the backup failed"; fi ;;
  esac
  backup_fail "$why: the backup did not fit (exit $1, ${free:-?} KiB free in $dir). $werr"
}

# backup_store: fsyncs the finished temp file, records its sha256 and renames it into place.
backup_store() {
  echo "::pier step store"
  echo "::pier progress 70"
  sync "$tmp" 2>/dev/null || sync
  sha=$(sha256sum "$tmp" | cut -c1-64)
  size=$(wc -c <"$tmp" | tr -d ' ')
  mv -f "$tmp" "$dir/$file" || backup_fail "could not rename the backup into place"
  sync "$dir" 2>/dev/null || sync
  rm -rf "$work"
  backup_record ok "$file" "$size" "$sha" ''
  trap - HUP INT TERM
  echo "backup $id: $file, $size bytes, sha256 $sha"
}

# backup_retention KEEP: only successful backups older than the newest KEEP are deleted (never a
# failed run's record, never the newest good one: KEEP is at least 1 and this run succeeded).
backup_retention() {
  echo "::pier step retention"
  echo "::pier progress 90"
  pruned=$(sed -n 's/^{"id":"\([^"]*\)","status":"pruned".*/\1/p' "$manifest")
  sed -n 's/^{"id":"\([^"]*\)","file":"\([^"]*\)",.*"status":"ok".*/\1 \2/p' "$manifest" |
    while read -r old_id old_file; do
      case " $(echo "$pruned" | tr '\n' ' ') " in *" $old_id "*) continue ;; esac
      echo "$old_id $old_file"
    done >"$dir/.good"
  n=$(wc -l <"$dir/.good" | tr -d ' ')
  if [ "$n" -gt "$1" ]; then
    head -n "$((n - $1))" "$dir/.good" | while read -r old_id old_file; do
      rm -f "$dir/$old_file"
      printf '{"id":"%s","status":"pruned","time":%s}\n' "$old_id" "$(date +%s)" >>"$manifest"
      echo "retention: deleted $old_file"
    done
  fi
  rm -f "$dir/.good"
  echo "::pier progress 100"
}
