#!/bin/sh
# backup-volume.sh: one backup of a named Docker volume: a tar of its contents made by a
# short-lived helper container that mounts it read-only, compressed on the host. Run by the
# volume's cron entry or as a job ("run now", the safety backup before a restore); both take the
# same lock, so runs never overlap (a run that finds another one going exits 75, logged).
# Usage: backup-volume.sh VOLUME IMAGE KEEP TRIGGER [SERVICE]   (all checked by Pier)
#   IMAGE    the helper image (it needs sh and tar; busybox by default)
#   SERVICE  a swarm service using the volume: scaled to 0 for the copy and back afterwards, so
#            the files are not changing while they are read
# Layout (see lib/backup.sh), the same as a database's:
#   ~/.pier/volume-backups/VOLUME/{ID.tar.EXT,manifest.jsonl}
set -u

# shellcheck source=remote-scripts/lib/json.sh
. ./lib/json.sh # pier:include
# shellcheck source=remote-scripts/lib/backup.sh
. ./lib/backup.sh # pier:include

vol=$1
image=$2
keep=$3
trigger=$4
service=${5:-}
engine=volume
version=$image
dir="$HOME/.pier/volume-backups/$vol"
manifest="$dir/manifest.jsonl"

backup_begin "volume-backup-$vol" "$vol" tar
trap 'backup_fail "the backup was interrupted"' HUP INT TERM

replicas=''
# Puts the service back however the run ends (a failure exits through backup_fail).
scale_back() {
  if [ -n "$replicas" ]; then
    docker service scale --detach "$service=$replicas" >/dev/null 2>&1 &&
      echo "started $service again ($replicas replicas)"
    replicas=''
  fi
}
trap scale_back EXIT

docker volume inspect "$vol" >/dev/null 2>&1 || backup_fail "there is no volume $vol on this server"
if ! docker image inspect "$image" >/dev/null 2>&1; then
  docker pull -q "$image" >/dev/null 2>&1 || backup_fail "cannot pull the helper image $image, and the server has no local copy"
fi

if [ -n "$service" ]; then
  echo "::pier step stop"
  r=$(docker service inspect --format '{{if .Spec.Mode.Replicated}}{{.Spec.Mode.Replicated.Replicas}}{{end}}' "$service" 2>/dev/null) ||
    backup_fail "there is no service $service to stop"
  [ -n "$r" ] || backup_fail "$service is a global service; it cannot be scaled to 0"
  docker service scale "$service=0" >/dev/null 2>&1 || backup_fail "cannot scale $service to 0"
  replicas=$r
  echo "stopped $service (had $r replicas)"
fi

echo "::pier step copy"
echo "::pier progress 10"
{
  docker run --rm --network none -v "$vol:/v:ro" "$image" tar -cf - -C /v . </dev/null 2>"$work/dump.err"
  echo $? >"$work/dump.status"
} | compress >"$tmp" 2>"$work/compress.err"
cstatus=$?
scale_back
backup_check_write "$cstatus"
dstatus=$(cat "$work/dump.status" 2>/dev/null || echo unknown)
if [ "$dstatus" != 0 ]; then
  backup_fail "the tar of $vol failed (exit $dstatus): $(tail -n 3 "$work/dump.err" 2>/dev/null | tail -c 400)"
fi
if [ "$(decompress <"$tmp" | head -c 1 | wc -c)" -eq 0 ]; then backup_fail "the tar was empty"; fi

backup_store
backup_retention "$keep"
