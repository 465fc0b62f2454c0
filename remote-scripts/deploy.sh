#!/bin/sh
# deploy.sh: deploys one release of an app as a swarm stack, run as a Pier job (key app-<name>,
# so two deploys of one app queue on the job lock instead of interleaving).
# Usage: deploy.sh APP IMAGE PULL COMPOSE CONFIG KEEP WAIT
#   APP      app name ([a-z][a-z0-9-]*, checked by Pier); also the stack name
#   IMAGE    the image to release (a reference, or pier/APP:N for a rollback)
#   PULL     yes: pull IMAGE first (a local copy is used when the registry can't be reached)
#   COMPOSE  the rendered compose file (JSON); its image is ${PIER_IMAGE}
#   CONFIG   the app's config snapshot (JSON) kept in the release record
#   KEEP     how many release images to keep
#   WAIT     seconds to wait for the service to converge
# Secret env values arrive as $PIER_SECRETS/COMPOSE (a compose file with only those values),
# merged by the docker CLI and never written anywhere else.
# Layout kept on the server, so it stays operable without Pier:
#   ~/.pier/apps/APP/releases/N.json          release metadata (image id, digest, config, time)
#   ~/.pier/apps/APP/releases/N.compose.json  the compose file deployed as release N
#   ~/.pier/apps/APP/releases/N.pruned        N's image was pruned (no longer a rollback target)
#   ~/.pier/apps/APP/current                  the release now serving
# Redeploy release N by hand:
#   PIER_IMAGE=pier/APP:N docker stack deploy --resolve-image never -c releases/N.compose.json APP
set -eu

app=$1
image=$2
pull=$3
compose=$4
config=$5
keep=$6
wait_sec=$7
dir="$HOME/.pier/apps/$app"
service="${app}_app"

fail() {
  echo "error: $*"
  exit 1
}

echo "::pier step check"
state=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>&1) || fail "Docker is not reachable: $state"
if [ "$state" != active ]; then
  fail "this server's Docker engine is not in a swarm (state: $state); run: pier server setup-docker SERVER"
fi
mkdir -p "$dir/releases"

echo "::pier step pull"
echo "::pier progress 10"
if [ "$pull" = yes ]; then
  if docker pull -q "$image"; then
    :
  elif docker image inspect "$image" >/dev/null 2>&1; then
    echo "the registry was not reachable; using the local copy of $image"
  else
    fail "cannot pull $image, and the server has no local copy"
  fi
elif ! docker image inspect "$image" >/dev/null 2>&1; then
  fail "the server no longer has the image $image"
fi

echo "::pier step tag"
echo "::pier progress 25"
last=$(find "$dir/releases" -name '*.json' ! -name '*.compose.json' | sed -n 's|.*/\([0-9][0-9]*\)\.json$|\1|p' | sort -n | tail -n 1)
n=$((${last:-0} + 1))
tag="pier/$app:$n"
docker tag "$image" "$tag"
image_id=$(docker image inspect --format '{{.Id}}' "$tag")
digest=$(docker image inspect --format '{{if .RepoDigests}}{{index .RepoDigests 0}}{{end}}' "$tag")
echo "release $n: $image ($image_id)"
printf '%s\n' "$compose" >"$dir/releases/$n.compose.json"

echo "::pier step update"
echo "::pier progress 40"
before=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.StartedAt}}{{end}}' "$service" 2>/dev/null || echo none)
set -- -c "$dir/releases/$n.compose.json"
if [ -f "${PIER_SECRETS:-}/COMPOSE" ]; then set -- "$@" -c "$PIER_SECRETS/COMPOSE"; fi
if ! PIER_IMAGE=$tag docker stack deploy --resolve-image never --detach=true "$@" "$app"; then
  rm -f "$dir/releases/$n.compose.json"
  fail "docker stack deploy refused the service spec"
fi

echo "::pier step wait"
echo "::pier progress 60"
# An update is judged by swarm's own UpdateStatus (it rolls back by itself on failure); a new
# service, which has none, by its tasks all running (healthy, with a healthcheck) twice in a row.
want=$(docker service inspect --format '{{if .Spec.Mode.Replicated}}{{.Spec.Mode.Replicated.Replicas}}{{end}}' "$service")
waited=0
steady=0
result=''
while [ "$waited" -lt "$wait_sec" ]; do
  sleep 2
  waited=$((waited + 2))
  st=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.StartedAt}} {{.UpdateStatus.State}}{{end}}' "$service")
  started=${st% *}
  st=${st##* }
  if [ -n "$st" ] && [ "$started" != "$before" ]; then
    case $st in
      updating | rollback_started) continue ;;
      completed) ;;
      *)
        result=$st
        break
        ;;
    esac
  fi
  running=$(docker service ps --filter desired-state=running --format '{{.CurrentState}}' "$service" | grep -c '^Running' || true)
  if [ "$running" -ge "${want:-1}" ]; then
    steady=$((steady + 1))
    if [ "$steady" -ge 2 ]; then
      result=ok
      break
    fi
  else
    steady=0
  fi
  echo "waiting: $running of ${want:-1} tasks running"
done

if [ "$result" != ok ]; then
  docker image rm "$tag" >/dev/null 2>&1 || true
  rm -f "$dir/releases/$n.compose.json"
  why=$(docker service ps --no-trunc --format '{{.Error}}' "$service" | grep -m 1 . || true)
  if [ -z "$result" ]; then
    fail "the new version did not become healthy within ${wait_sec}s${why:+ ($why)}"
  fi
  msg=$(docker service inspect --format '{{.UpdateStatus.Message}}' "$service")
  fail "the new version failed and swarm rolled back to the previous release ($st: $msg${why:+; $why})"
fi

echo "::pier step record"
echo "::pier progress 90"
printf '{"number":%s,"image":"%s","imageId":"%s","digest":%s,"jobId":"%s","createdAt":%s,"config":%s}\n' \
  "$n" "$image" "$image_id" "$(if [ -n "$digest" ]; then printf '"%s"' "$digest"; else echo null; fi)" \
  "${PIER_JOB_ID:-}" "$(date +%s)" "$config" >"$dir/releases/$n.json.tmp"
mv -f "$dir/releases/$n.json.tmp" "$dir/releases/$n.json"
echo "$n" >"$dir/current.tmp"
mv -f "$dir/current.tmp" "$dir/current"

# Only Pier's own release tags are removed; an image still tagged otherwise (or in use) stays.
find "$dir/releases" -name '*.json' ! -name '*.compose.json' | sed -n 's|.*/\([0-9][0-9]*\)\.json$|\1|p' | sort -n | head -n "-$keep" |
  while read -r old; do
    if [ ! -f "$dir/releases/$old.pruned" ]; then
      docker image rm "pier/$app:$old" >/dev/null 2>&1 || true
      : >"$dir/releases/$old.pruned"
      echo "pruned the image of release $old"
    fi
  done
echo "::pier progress 100"
echo "deployed $app release $n"
