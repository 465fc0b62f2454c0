#!/bin/sh
# volume-restore.sh: replaces a named volume's contents with a backup uploaded to the server,
# through a short-lived helper container. Run as a job after Pier took a safety backup.
# Usage: volume-restore.sh VOLUME FILE IMAGE [SERVICE]   (all checked by Pier)
#   FILE     the upload, relative to $HOME (.pier/restore/NAME.gz or .zst); removed afterwards
#   SERVICE  a swarm service using the volume: scaled to 0 meanwhile and back afterwards
# The archive is read through once (tar -t) before anything in the volume is deleted, so a
# damaged file leaves the volume as it was.
set -u
vol=$1
file="$HOME/$2"
image=$3
service=${4:-}

replicas=''
done_() {
  rm -f "$file"
  if [ -n "$replicas" ]; then
    docker service scale --detach "$service=$replicas" >/dev/null 2>&1 &&
      echo "started $service again ($replicas replicas)"
  fi
}
trap done_ EXIT
fail() {
  echo "error: $*"
  exit 1
}

[ -f "$file" ] || fail "the uploaded file is missing"
case $file in
  *.zst) unpack() { zstd -q -d -c <"$file"; } ;;
  *.gz) unpack() { gzip -d -c <"$file"; } ;;
  *) fail "the file is neither .zst nor .gz" ;;
esac
if ! docker image inspect "$image" >/dev/null 2>&1; then
  docker pull -q "$image" >/dev/null 2>&1 || fail "cannot pull the helper image $image, and the server has no local copy"
fi

echo "::pier step check"
echo "::pier progress 10"
# sh has no pipefail: the decompressor's status is kept beside the file.
if ! out=$( (
  unpack
  echo $? >"$file.status"
) | docker run --rm -i --network none "$image" tar -tf - 2>&1 >/dev/null); then
  rm -f "$file.status"
  fail "the archive is damaged: $(printf '%s' "$out" | tail -c 300)"
fi
ustatus=$(cat "$file.status" 2>/dev/null || echo unknown)
rm -f "$file.status"
[ "$ustatus" = 0 ] || fail "the file does not decompress (exit $ustatus)"

if ! docker volume inspect "$vol" >/dev/null 2>&1; then
  docker volume create "$vol" >/dev/null || fail "cannot create the volume $vol"
  echo "created the volume $vol"
fi

if [ -n "$service" ]; then
  echo "::pier step stop"
  r=$(docker service inspect --format '{{if .Spec.Mode.Replicated}}{{.Spec.Mode.Replicated.Replicas}}{{end}}' "$service" 2>/dev/null) ||
    fail "there is no service $service to stop"
  [ -n "$r" ] || fail "$service is a global service; it cannot be scaled to 0"
  docker service scale "$service=0" >/dev/null 2>&1 || fail "cannot scale $service to 0"
  replicas=$r
  echo "stopped $service (had $r replicas)"
fi

echo "::pier step restore"
echo "::pier progress 40"
# shellcheck disable=SC2016 # run by the helper's shell
if ! out=$(unpack | docker run --rm -i --network none -v "$vol:/v" "$image" \
  sh -c 'find /v -mindepth 1 -maxdepth 1 -exec rm -rf {} + && tar -xf - -C /v' 2>&1); then
  fail "the restore into $vol failed: $(printf '%s' "$out" | tail -c 300)"
fi
echo "::pier progress 100"
echo "restored into volume $vol"
