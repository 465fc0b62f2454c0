#!/bin/sh
# pier-deploy.sh, installed as ~/.pier/bin/pier-deploy: deploys one app now and streams the
# deploy's log. It is the forced command of the app's CI key (`pier app ci-key APP`), so a CI
# runner that holds that key can start this app's deploy and nothing else: whatever command
# the client asked for ($SSH_ORIGINAL_COMMAND) is ignored.
# Usage: pier-deploy APP
# The job is the one the laptop and the cron poller start (lib/app-deploy-job.sh), so the app's
# lock serializes it with them and the laptop sees it in its releases and jobs.
# Exit 0 when the deploy succeeded, 1 when it failed or could not start.
set -u
# shellcheck source=remote-scripts/lib/json.sh
. ./lib/json.sh # pier:include
# shellcheck source=remote-scripts/lib/app-deploy-job.sh
. ./lib/app-deploy-job.sh # pier:include

if [ -n "${SSH_ORIGINAL_COMMAND:-}" ]; then
  echo "pier-deploy: this key only deploys; the command it was given is ignored" >&2
fi
if ! ad_init "${1:-}"; then
  echo "pier-deploy: deploys from CI are not set up for this app on this server" >&2
  exit 1
fi

# One start at a time per app, shared with the cron poller, so both never start the same commit.
mkdir -p "$HOME/.pier/locks"
exec 8>"$HOME/.pier/locks/autodeploy-$app.lock"
flock 8
if ! ad_resolve; then
  echo "pier-deploy: $err" >&2
  exit 1
fi
if ! ad_start_job "$deploy_ref" "CI deploy $app at $(printf %.7s "$commit")"; then
  echo "pier-deploy: could not start the deploy job" >&2
  exit 1
fi
printf '%s\n' "$commit" >"$ad/seen"
ad_status deploying "$commit" "$job_id" ''
exec 8>&-
echo "pier-deploy: deploying $app at $commit (job $job_id)"

# Follows the log until the job ends (as job-follow.sh does for the laptop).
jd="$HOME/.pier/jobs/$job_id"
off=0
send_new() {
  size=$(wc -c <"$jd/log" 2>/dev/null || echo 0)
  size=$((size + 0))
  if [ "$size" -gt "$off" ]; then
    tail -c +"$((off + 1))" "$jd/log" | head -c "$((size - off))"
    off=$size
  fi
}
state_of() { sed -n 's/.*"state":"\([a-z]*\)".*/\1/p' "$jd/status.json" 2>/dev/null; }
while :; do
  state=$(state_of)
  send_new
  case $state in
    succeeded | failed | cancelled)
      send_new
      break
      ;;
  esac
  pid=$(cat "$jd/pid" 2>/dev/null || true)
  if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
    send_new
    state=$(state_of)
    break
  fi
  sleep 1
done
echo "pier-deploy: job $job_id ${state:-stopped}"
[ "$state" = succeeded ]
