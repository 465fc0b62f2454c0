#!/bin/sh
# deploy.sh: deploys one release of an app as a swarm stack, run as a Pier job (key app-<name>,
# so two deploys of one app queue on the job lock instead of interleaving).
# Usage: deploy.sh APP IMAGE PULL COMPOSE CONFIG KEEP WAIT DISTRIBUTE [KIND SOURCE REF SUBMODULES
#                  DOCKERFILE COMMIT DF_NODE DF_PYTHON DF_GO DF_PHP DF_STATIC [BUILD_ARG=VALUE]...]
#   APP      app name ([a-z][a-z0-9-]*, checked by Pier); also the stack name
#   IMAGE    the image to release (a reference, or pier/APP:N for a rollback); empty for a build
#   PULL     yes: pull IMAGE first (a local copy is used when the registry can't be reached)
#   COMPOSE  the rendered compose file (JSON); its image is ${PIER_IMAGE}
#   CONFIG   the app's config snapshot (JSON) kept in the release record
#   KEEP     how many release images to keep
#   WAIT     seconds to wait for the service to converge
#   DISTRIBUTE  0 on a single server; on a cluster, the seconds to wait (after tagging, before the
#            rollout) for Pier to copy the release image to the other nodes that may run it: the
#            job writes the tag to ~/.pier/apps/APP/distribute/JOB.image, the laptop streams the
#            image into each node's `docker load` over SSH and answers in JOB.done ("ok" or
#            "error", then a line to log). No answer in time (a laptop that went away) fails the
#            deploy before the service is touched: the running release keeps serving.
#            registry:PORT instead (a cluster in registry mode): the job pushes the release to
#            the cluster's registry at 127.0.0.1:PORT (remote-scripts/registry.sh) and the stack
#            names it there by digest, so every node pulls exactly that image; no laptop needed.
#   KIND     image (the default), git or dir: where the code comes from
#   SOURCE   git: the repository URL; dir: the upload folder under ~/.pier/apps/APP/uploads/,
#            which Pier filled with the laptop's folder before starting this job
#   REF      git: branch, tag or full commit id; empty for the remote's default branch
#   SUBMODULES  git: yes to check out submodules too
#   DOCKERFILE  path inside the source; empty: ./Dockerfile, else a Dockerfile for the detected
#            stack (DF_NODE … DF_STATIC, rendered by Pier with the app's base images)
#   COMMIT   the git commit to record when nothing is built (a rollback of a built release)
#   BUILD_ARG=VALUE  plain build args (never secrets: they show in `docker history`)
# Secret env values arrive as $PIER_SECRETS/COMPOSE (a compose file with only those values),
# merged by the docker CLI and never written anywhere else. A git app's deploy key arrives as
# $PIER_SECRETS/DEPLOY_KEY (0600, removed when the job ends) and reaches only ssh's -i option.
# Layout kept on the server, so it stays operable without Pier:
#   ~/.pier/apps/APP/releases/N.json          release metadata (image id, digest, commit, config, time)
#   ~/.pier/apps/APP/releases/N.compose.json  the compose file deployed as release N
#   ~/.pier/apps/APP/releases/N.Dockerfile    the Dockerfile Pier wrote, when it wrote one
#   ~/.pier/apps/APP/releases/N.pruned        N's image was pruned (no longer a rollback target)
#   ~/.pier/apps/APP/current                  the release now serving
#   ~/.pier/apps/APP/known_hosts              git host keys, learned on first fetch (accept-new)
#   ~/.pier/apps/APP/build/JOB/               a build's work folder, removed when the job ends
# Redeploy release N by hand:
#   PIER_IMAGE=pier/APP:N docker stack deploy --resolve-image never -c releases/N.compose.json APP
set -eu

# shellcheck source=remote-scripts/lib/detect-stack.sh
. ./lib/detect-stack.sh # pier:include

app=$1
image=$2
pull=$3
compose=$4
config=$5
keep=$6
wait_sec=$7
distribute=${8:-0}
registry=''
case $distribute in
  registry:*[!0-9]* | registry:)
    echo "error: not a registry port: ${distribute#registry:}"
    exit 1
    ;;
  registry:*)
    registry=127.0.0.1:${distribute#registry:}
    distribute=0
    ;;
esac
if [ "$#" -ge 8 ]; then shift 8; else shift "$#"; fi
kind=${1:-image}
source_=${2:-}
ref=${3:-}
submodules=${4:-no}
dockerfile=${5:-}
commit=${6:-}
if [ "$#" -ge 11 ]; then
  df_node=$7
  df_python=$8
  df_go=$9
  df_php=${10}
  df_static=${11}
  shift 11
else
  shift "$#"
fi
# What is left are the build args, one KEY=VALUE word each.
dir="$HOME/.pier/apps/$app"
service="${app}_app"
work="$dir/build/${PIER_JOB_ID:-$$}"
mark="$dir/distribute/${PIER_JOB_ID:-$$}"
generated=''

fail() {
  echo "error: $*"
  exit 1
}

# A build's files never outlive the job, whether it succeeds, fails or is cancelled.
cleanup() {
  rm -rf "$work"
  rm -f "$mark.image" "$mark.done" "$mark.done.tmp"
  if [ "$kind" = dir ] && [ -n "$source_" ]; then rm -rf "$dir/uploads/$source_"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

# The release's reference in the cluster's registry, once pushed.
pushed=''
drop_pushed() {
  if [ -n "$pushed" ]; then docker image rm "$pushed" >/dev/null 2>&1 || true; fi
}

echo "::pier step check"
state=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>&1) || fail "Docker is not reachable: $state"
if [ "$state" != active ]; then
  fail "this server's Docker engine is not in a swarm (state: $state); run: pier server setup-docker SERVER"
fi
mkdir -p "$dir/releases"

if [ "$kind" = image ]; then
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
else
  echo "::pier step fetch"
  echo "::pier progress 5"
  rm -rf "$work"
  mkdir -p "$work"
  src="$work/src"
  if [ "$kind" = git ]; then
    command -v git >/dev/null 2>&1 || fail "git is not installed on this server (apt-get install git)"
    # Only https and ssh, for the repository and its submodules alike (no ext::, no file://).
    export GIT_ALLOW_PROTOCOL=https:ssh GIT_TERMINAL_PROMPT=0
    if [ -f "${PIER_SECRETS:-}/DEPLOY_KEY" ]; then
      # ssh reads the key file itself: the key is never an argument or an environment value.
      export PIER_DEPLOY_KEY="$PIER_SECRETS/DEPLOY_KEY" PIER_KNOWN_HOSTS="$dir/known_hosts"
      # shellcheck disable=SC2016 # expanded by the shell git runs GIT_SSH_COMMAND with
      export GIT_SSH_COMMAND='ssh -i "$PIER_DEPLOY_KEY" -o IdentitiesOnly=yes -o UserKnownHostsFile="$PIER_KNOWN_HOSTS" -o StrictHostKeyChecking=accept-new -o BatchMode=yes'
    fi
    case $ref in
      '')
        echo "cloning the default branch"
        git clone --depth 1 -- "$source_" "$src" 2>&1 || fail "git could not clone the repository"
        ;;
      *[!0-9a-f]*)
        echo "cloning $ref"
        git clone --depth 1 --branch "$ref" -- "$source_" "$src" 2>&1 || fail "git could not clone $ref of the repository"
        ;;
      *)
        # A commit id: servers don't hand out unadvertised commits to shallow fetches.
        echo "cloning the history for commit $ref"
        git clone --no-checkout -- "$source_" "$src" 2>&1 || fail "git could not clone the repository"
        git -C "$src" checkout -q --detach "$ref" -- 2>&1 || fail "the repository has no commit $ref"
        ;;
    esac
    if [ "$submodules" = yes ]; then
      git -C "$src" submodule update --init --recursive 2>&1 || fail "git could not fetch the submodules"
    fi
    commit=$(git -C "$src" rev-parse HEAD)
    echo "commit $commit"
  else
    [ -d "$dir/uploads/$source_" ] || fail "the uploaded folder is missing on the server; deploy again"
    mv "$dir/uploads/$source_" "$src"
    echo "using the folder uploaded from the laptop ($(find "$src" -type f | wc -l | tr -d ' ') files)"
  fi

  echo "::pier step build"
  echo "::pier progress 15"
  if [ -n "$dockerfile" ]; then
    df="$src/$dockerfile"
    [ -f "$df" ] || fail "the source has no Dockerfile at $dockerfile"
    [ ! -L "$df" ] || fail "the Dockerfile at $dockerfile is a symbolic link; name the file itself"
  elif [ -f "$src/Dockerfile" ] && [ ! -L "$src/Dockerfile" ]; then
    df="$src/Dockerfile"
  else
    stack=$(detect_stack "$src")
    df="$work/generated.Dockerfile"
    case $stack in
      node) printf '%s' "$df_node" >"$df" ;;
      python) printf '%s' "$df_python" >"$df" ;;
      go) printf '%s' "$df_go" >"$df" ;;
      php) printf '%s' "$df_php" >"$df" ;;
      static*)
        printf '%s' "$df_static" >"$df"
        set -- "$@" "PIER_SITE_DIR=${stack#static }"
        ;;
      *) df='' ;;
    esac
    if [ -n "$df" ]; then
      generated=$df
      echo "no Dockerfile: detected a ${stack%% *} project; building with this Dockerfile:"
      sed 's/^/  | /' "$df"
    fi
  fi
  build_tag="pier/$app:build-${PIER_JOB_ID:-$$}"
  if [ -z "$df" ]; then
    if command -v nixpacks >/dev/null 2>&1; then
      echo "no Dockerfile and no stack Pier knows: building with nixpacks"
      { nixpacks build "$src" --name "$build_tag" 2>&1 || echo "nixpacks-failed"; } | tee "$work/build.log"
    elif command -v railpack >/dev/null 2>&1; then
      echo "no Dockerfile and no stack Pier knows: building with railpack"
      { railpack build --name "$build_tag" "$src" 2>&1 || echo "railpack-failed"; } | tee "$work/build.log"
    else
      fail "the source has no Dockerfile and Pier cannot tell its stack (looked for package.json, go.mod, requirements.txt, pyproject.toml, composer.json, index.php, index.html); add a Dockerfile or name one with --dockerfile"
    fi
    if grep -q -e '^nixpacks-failed$' -e '^railpack-failed$' "$work/build.log"; then
      docker image rm "$build_tag" >/dev/null 2>&1 || true
      fail "the build failed: $(grep -v -e '^nixpacks-failed$' -e '^railpack-failed$' "$work/build.log" | grep . | tail -n 1)"
    fi
  else
    for arg in "$@"; do
      set -- "$@" --build-arg "$arg"
      shift
    done
    # BuildKit where the CLI has it (buildx); the classic builder otherwise (Debian's docker.io).
    if docker buildx version >/dev/null 2>&1; then
      export DOCKER_BUILDKIT=1
      set -- --progress=plain "$@"
    else
      export DOCKER_BUILDKIT=0
    fi
    # The exit status goes through a file: a POSIX pipeline reports only its last command's.
    {
      rc=0
      docker build --force-rm --label "pier.app=$app" -f "$df" -t "$build_tag" "$@" "$src" 2>&1 || rc=$?
      echo "$rc" >"$work/build.rc"
    } | tee "$work/build.log"
    if [ "$(cat "$work/build.rc")" != 0 ]; then
      docker image rm "$build_tag" >/dev/null 2>&1 || true
      fail "the build failed: $(grep . "$work/build.log" | tail -n 1)"
    fi
  fi
  image=$build_tag
fi

echo "::pier step tag"
echo "::pier progress 25"
last=$(find "$dir/releases" -name '*.json' ! -name '*.compose.json' | sed -n 's|.*/\([0-9][0-9]*\)\.json$|\1|p' | sort -n | tail -n 1)
n=$((${last:-0} + 1))
tag="pier/$app:$n"
docker tag "$image" "$tag"
if [ "$kind" != image ]; then
  # The build's temporary name goes; the image stays under its release tag.
  docker image rm "$image" >/dev/null
  image=$tag
fi
image_id=$(docker image inspect --format '{{.Id}}' "$tag")
digest=$(docker image inspect --format '{{if .RepoDigests}}{{index .RepoDigests 0}}{{end}}' "$tag")
echo "release $n: $image ($image_id)"
printf '%s\n' "$compose" >"$dir/releases/$n.compose.json"
if [ -n "$generated" ]; then cp "$generated" "$dir/releases/$n.Dockerfile"; fi

if [ "$distribute" -gt 0 ]; then
  echo "::pier step distribute"
  echo "::pier progress 30"
  mkdir -p "$dir/distribute"
  rm -f "$mark.done"
  printf '%s\n' "$tag" >"$mark.image"
  echo "waiting for Pier to copy $tag to the cluster's other nodes"
  waited=0
  while [ ! -f "$mark.done" ] && [ "$waited" -lt "$distribute" ]; do
    sleep 1
    waited=$((waited + 1))
  done
  answer=$(head -n 1 "$mark.done" 2>/dev/null || true)
  said=$(sed -n 2p "$mark.done" 2>/dev/null || true)
  rm -f "$mark.image" "$mark.done"
  if [ "$answer" != ok ]; then
    rm -f "$dir/releases/$n.compose.json" "$dir/releases/$n.Dockerfile"
    docker image rm "$tag" >/dev/null 2>&1 || true
    if [ -z "$answer" ]; then
      fail "Pier did not copy the image to the other nodes within ${distribute}s (was the laptop cut off?); the service was not touched"
    fi
    fail "copying the image to the other nodes failed: ${said:-no reason given}; the service was not touched"
  fi
  echo "${said:-the image is on every node that may run it}"
fi
deploy_image=$tag
if [ -n "$registry" ]; then
  echo "::pier step distribute"
  echo "::pier progress 30"
  pushed="$registry/pier/$app:$n"
  docker tag "$tag" "$pushed"
  echo "pushing $tag to the cluster's registry as $pushed"
  if ! out=$(docker push "$pushed" 2>&1); then
    printf '%s\n' "$out" | tail -n 3
    rm -f "$dir/releases/$n.compose.json" "$dir/releases/$n.Dockerfile"
    drop_pushed
    docker image rm "$tag" >/dev/null 2>&1 || true
    fail "pushing the image to the cluster's registry at $registry failed ($(printf '%s\n' "$out" | grep . | tail -n 1)); the service was not touched; see the registry: docker service ps pier-registry pier-registry-loopback"
  fi
  printf '%s\n' "$out" | grep -v -e 'Preparing$' -e 'Waiting$' || true
  # By digest: a tag in the registry could change under the nodes; the digest cannot.
  ref=$(docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$pushed" | grep -m 1 "^$registry/pier/$app@" || true)
  if [ -z "$ref" ]; then
    rm -f "$dir/releases/$n.compose.json" "$dir/releases/$n.Dockerfile"
    drop_pushed
    docker image rm "$tag" >/dev/null 2>&1 || true
    fail "the registry at $registry gave no digest for $pushed; the service was not touched"
  fi
  deploy_image="$pushed@${ref#*@}"
  echo "pushed $pushed; the nodes pull it from the registry as ${ref#*@}"
fi

echo "::pier step update"
echo "::pier progress 40"
before=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.StartedAt}}{{end}}' "$service" 2>/dev/null || echo none)
set -- -c "$dir/releases/$n.compose.json"
if [ -f "${PIER_SECRETS:-}/COMPOSE" ]; then set -- "$@" -c "$PIER_SECRETS/COMPOSE"; fi
if ! PIER_IMAGE=$deploy_image docker stack deploy --resolve-image never --detach=true "$@" "$app"; then
  rm -f "$dir/releases/$n.compose.json" "$dir/releases/$n.Dockerfile"
  drop_pushed
  docker image rm "$tag" >/dev/null 2>&1 || true
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
  drop_pushed
  docker image rm "$tag" >/dev/null 2>&1 || true
  rm -f "$dir/releases/$n.compose.json" "$dir/releases/$n.Dockerfile"
  why=$(docker service ps --no-trunc --format '{{.Error}}' "$service" | grep -m 1 . || true)
  if [ -z "$result" ]; then
    fail "the new version did not become healthy within ${wait_sec}s${why:+ ($why)}"
  fi
  msg=$(docker service inspect --format '{{.UpdateStatus.Message}}' "$service")
  # Swarm calls a rollback complete once it has scheduled the old tasks, not once they run (with
  # host-mode ports and stop-first, nothing serves meanwhile): report only when they do.
  settle=0
  while [ "$settle" -lt 60 ]; do
    running=$(docker service ps --filter desired-state=running --format '{{.CurrentState}}' "$service" | grep -c '^Running' || true)
    if [ "$running" -ge "${want:-1}" ]; then break; fi
    sleep 2
    settle=$((settle + 2))
  done
  fail "the new version failed and swarm rolled back to the previous release ($st: $msg${why:+; $why})"
fi

echo "::pier step record"
echo "::pier progress 90"
printf '{"number":%s,"image":"%s","imageId":"%s","digest":%s,"commit":%s,"jobId":"%s","createdAt":%s,"config":%s}\n' \
  "$n" "$image" "$image_id" "$(if [ -n "$digest" ]; then printf '"%s"' "$digest"; else echo null; fi)" \
  "$(if [ -n "$commit" ]; then printf '"%s"' "$commit"; else echo null; fi)" \
  "${PIER_JOB_ID:-}" "$(date +%s)" "$config" >"$dir/releases/$n.json.tmp"
mv -f "$dir/releases/$n.json.tmp" "$dir/releases/$n.json"
echo "$n" >"$dir/current.tmp"
mv -f "$dir/current.tmp" "$dir/current"

# Removes one of Pier's references to a pruned release's image. Swarm keeps the stopped
# containers of the app's old tasks as history, and Docker refuses to remove the last reference
# of an image a container (even a stopped one) uses: those containers go first. An image a
# running container uses, or one tagged otherwise, stays.
prune_ref() {
  refs=$(docker image inspect --format '{{.Id}} {{len .RepoTags}} {{len .RepoDigests}}' "$1" 2>/dev/null) || return 0
  # shellcheck disable=SC2086 # split on purpose: id, tag count, digest count
  set -- "$1" $refs
  # The last reference only: another tag or digest keeps the image, and untagging needs nothing.
  if [ $(($3 + $4)) -le 1 ]; then
    docker ps -a -q --no-trunc --filter "label=com.docker.swarm.service.name=$service" \
      --filter status=exited --filter status=created --filter status=dead |
      while read -r cid; do
        if [ "$(docker container inspect --format '{{.Image}}' "$cid" 2>/dev/null)" = "$2" ]; then
          docker rm "$cid" >/dev/null 2>&1 || true
        fi
      done
  fi
  docker image rm "$1" >/dev/null 2>&1 || true
}

# Only Pier's own release tags are removed; an image still tagged otherwise (or in use) stays.
find "$dir/releases" -name '*.json' ! -name '*.compose.json' | sed -n 's|.*/\([0-9][0-9]*\)\.json$|\1|p' | sort -n | head -n "-$keep" |
  while read -r old; do
    if [ ! -f "$dir/releases/$old.pruned" ]; then
      prune_ref "pier/$app:$old"
      if [ -n "$registry" ]; then prune_ref "$registry/pier/$app:$old"; fi
      : >"$dir/releases/$old.pruned"
      echo "pruned the image of release $old"
    fi
  done
echo "::pier progress 100"
echo "deployed $app release $n"
