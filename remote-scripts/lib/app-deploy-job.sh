# shellcheck shell=sh
# shellcheck disable=SC2034 # app, dir, commit, err …: set here, read by the including script
# lib/app-deploy-job.sh: what the server's own deploys share (autodeploy.sh, run by cron, and
# pier-deploy.sh, the forced command of a CI key): find the commit the tracked ref points at,
# and start the same deploy job the laptop starts. Inlined by Pier where a script says
# `. ./lib/app-deploy-job.sh # pier:include`; needs lib/json.sh too.
# What Pier left in ~/.pier/apps/APP/autodeploy/ when auto-deploy or a CI key was set up:
#   url, branch, pattern   the repository, its tracked branch or tag (empty: the default
#                          branch) and a tag glob (empty: track the branch)
#   every                  minutes between polls
#   path                   the PATH of Pier's SSH sessions, for cron and forced-command runs
#   job/                   a deploy job as the laptop would start it: script (deploy.sh), args
#                          (one base64 line each; line 11 is deploy.sh's REF), run.sh
#                          (job-run.sh), key (the app's lock key), timeout, and secrets/ (0600:
#                          COMPOSE with the secret env values, DEPLOY_KEY)
#   seen                   the last commit a poll acted on
#   status.json            the last poll: time, result, commit, job, error

# Sets app, dir and ad for APP; false when APP is not a Pier app name or nothing is set up.
ad_init() {
  case $1 in
    '' | *[!a-z0-9-]* | [!a-z]*) return 1 ;;
  esac
  app=$1
  dir="$HOME/.pier/apps/$app"
  ad="$dir/autodeploy"
  [ -f "$ad/job/args" ] && [ -f "$ad/url" ] || return 1
  # Cron's PATH is short (/usr/bin:/bin); the job gets the PATH an SSH session had when Pier set
  # this up, so it runs the same docker and git as a deploy started from the laptop.
  p=$(cat "$ad/path" 2>/dev/null || true)
  if [ -n "$p" ]; then PATH=$p; fi
  export PATH
}

# Asks the repository where the tracked ref points: sets commit (the commit id) and deploy_ref
# (the branch or tag deploy.sh should clone), or err (why not) and returns 1. Never deploys.
ad_resolve() {
  commit=''
  deploy_ref=''
  err=''
  url=$(cat "$ad/url")
  branch=$(cat "$ad/branch" 2>/dev/null || true)
  pattern=$(cat "$ad/pattern" 2>/dev/null || true)
  command -v git >/dev/null 2>&1 || {
    err='git is not installed on this server'
    return 1
  }
  # The same limits and the same key handling as deploy.sh: https and ssh only, the key only
  # as ssh's -i file, the app's own known_hosts.
  export GIT_ALLOW_PROTOCOL=https:ssh GIT_TERMINAL_PROMPT=0
  if [ -f "$ad/job/secrets/DEPLOY_KEY" ]; then
    export PIER_DEPLOY_KEY="$ad/job/secrets/DEPLOY_KEY" PIER_KNOWN_HOSTS="$dir/known_hosts"
    # shellcheck disable=SC2016 # expanded by the shell git runs GIT_SSH_COMMAND with
    export GIT_SSH_COMMAND='ssh -i "$PIER_DEPLOY_KEY" -o IdentitiesOnly=yes -o UserKnownHostsFile="$PIER_KNOWN_HOSTS" -o StrictHostKeyChecking=accept-new -o BatchMode=yes -o ConnectTimeout=20'
  fi
  refs="$ad/ls-remote.$$"
  if [ -n "$pattern" ]; then
    set -- --tags -- "$url"
  elif [ -n "$branch" ]; then
    set -- -- "$url" "refs/heads/$branch" "refs/tags/$branch" "refs/tags/$branch^{}"
  else
    set -- -- "$url" HEAD
  fi
  if ! git ls-remote "$@" >"$refs" 2>"$refs.err"; then
    err="git ls-remote failed: $(grep . "$refs.err" | tail -n 1)"
    rm -f "$refs" "$refs.err"
    return 1
  fi
  rm -f "$refs.err"
  if [ -n "$pattern" ]; then
    # The highest version among the tags the glob matches; an annotated tag's commit is its
    # peeled ^{} line.
    deploy_ref=$(awk '{ sub(/^refs\/tags\//, "", $2); sub(/\^\{\}$/, "", $2); print $2 }' "$refs" |
      while IFS= read -r tag; do
        # shellcheck disable=SC2254 # the pattern is a glob on purpose (checked by Pier)
        case $tag in $pattern) printf '%s\n' "$tag" ;; esac
      done | sort -u | sort -V | tail -n 1)
    if [ -z "$deploy_ref" ]; then
      err="no tag matches $pattern"
      rm -f "$refs"
      return 1
    fi
    commit=$(awk -v t="refs/tags/$deploy_ref" '$2 == t "^{}" { p = $1 } $2 == t { d = $1 } END { print (p != "" ? p : d) }' "$refs")
  elif [ -n "$branch" ]; then
    deploy_ref=$branch
    commit=$(awk -v b="$branch" '
      $2 == "refs/heads/" b { h = $1 } $2 == "refs/tags/" b "^{}" { p = $1 } $2 == "refs/tags/" b { t = $1 }
      END { print (h != "" ? h : (p != "" ? p : t)) }' "$refs")
  else
    commit=$(awk '$2 == "HEAD" { print $1; exit }' "$refs")
  fi
  rm -f "$refs"
  case $commit in
    '' | *[!0-9a-f]*)
      err="the repository has no ${pattern:+tag matching }${pattern:-${branch:-default branch}}"
      commit=''
      return 1
      ;;
  esac
  return 0
}

# The commit of the release serving now, from deploy.sh's record; empty when none.
ad_current_commit() {
  n=$(cat "$dir/current" 2>/dev/null || true)
  case $n in '' | *[!0-9]*) return 0 ;; esac
  sed -n 's/.*"commit":"\([0-9a-f]*\)".*/\1/p' "$dir/releases/$n.json" 2>/dev/null | head -n 1
}

# Starts the deploy job for ref $1 as the laptop would (jobs/service.ts): its own folder under
# ~/.pier/jobs, 0600 files, the runner detached. $2 is the job's title, which the laptop shows
# since it did not start the job and so has no title of its own for it. Sets job_id.
ad_start_job() {
  key=$(cat "$ad/job/key")
  timeout=$(cat "$ad/job/timeout")
  job_id="$(date -u +%Y%m%d%H%M%S)-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
  jd="$HOME/.pier/jobs/$job_id"
  (
    umask 077
    mkdir -p "$jd/secrets"
    cp "$ad/job/script" "$jd/script"
    cp "$ad/job/run.sh" "$jd/run.sh"
    for f in "$ad/job/secrets"/*; do
      if [ -f "$f" ]; then cp "$f" "$jd/secrets/"; fi
    done
    ref64=$(printf '%s' "$1" | base64 | tr -d '\n')
    awk -v r="$ref64" 'NR == 11 { print r; next } { print }' "$ad/job/args" >"$jd/args"
    printf '%s\n' "$2" >"$jd/title"
  ) || return 1
  # The laptop's launch (jobs/service.ts LAUNCH): a systemd user unit where there is one,
  # setsid + nohup elsewhere; either way the runner leads its own process group.
  # The job must not inherit the poll's locks (fds 8 and 9), or it would hold them to its end.
  cd "$HOME" || return 1
  if command -v systemd-run >/dev/null 2>&1 && systemctl --user show-environment >/dev/null 2>&1 &&
    systemd-run --user --collect --quiet --same-dir --unit "pier-job-$job_id" sh "$jd/run.sh" "$job_id" "$key" "$timeout" </dev/null >/dev/null 2>&1 8>&- 9>&-; then
    :
  else
    setsid nohup sh "$jd/run.sh" "$job_id" "$key" "$timeout" </dev/null >/dev/null 2>&1 8>&- 9>&- &
  fi
}

# Records the last poll in status.json: RESULT COMMIT JOB ERROR (empty: null).
ad_status() {
  q() { if [ -n "$1" ]; then printf '"%s"' "$(json_string "$1")"; else printf null; fi; }
  printf '{"at":%s,"result":"%s","commit":%s,"jobId":%s,"error":%s}\n' \
    "$(date +%s)" "$1" "$(q "$2")" "$(q "$3")" "$(q "$4")" >"$ad/status.json.tmp"
  mv -f "$ad/status.json.tmp" "$ad/status.json"
}
