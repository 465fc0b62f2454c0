#!/bin/sh
# autodeploy.sh: one poll of an app's repository, run by cron from Pier's crontab block
# (~/.pier/cron/autodeploy-APP/script; APP comes from PIER_CRON_NAME, or $1 when run by hand).
# When the tracked branch or tag moved to a commit that is neither the last one seen nor the one
# serving, it starts the app's deploy job, the same job the laptop starts (one lock per app
# queues it behind any other deploy). A failed ls-remote is logged and retried next tick; it
# never deploys. The laptop reads the outcome from ~/.pier/apps/APP/autodeploy/status.json.
# Exit 0: nothing to do or a deploy started; 1: the repository could not be asked.
set -u
# shellcheck source=remote-scripts/lib/json.sh
. ./lib/json.sh # pier:include
# shellcheck source=remote-scripts/lib/app-deploy-job.sh
. ./lib/app-deploy-job.sh # pier:include

name=${1:-${PIER_CRON_NAME:-}}
name=${name#autodeploy-}
if ! ad_init "$name"; then
  echo "auto-deploy is not set up for ${name:-an unnamed app}; nothing to do"
  exit 0
fi

# Polls never overlap, whatever cron does (cron-run.sh holds its own lock as well).
mkdir -p "$HOME/.pier/locks"
exec 8>"$HOME/.pier/locks/autodeploy-$app.lock"
if ! flock -n 8; then
  echo "the previous poll of $app is still running"
  exit 0
fi

# Cron runs this every minute when the interval has no exact cron form; the interval is kept
# here, with half a minute's slack for cron's own jitter.
every=$(cat "$ad/every" 2>/dev/null || echo 1)
case $every in '' | *[!0-9]*) every=1 ;; esac
last=$(sed -n 's/.*"at":\([0-9]*\).*/\1/p' "$ad/status.json" 2>/dev/null)
if [ "${PIER_CRON_NAME:-}" != '' ] && [ -n "$last" ] && [ $(($(date +%s) - last)) -lt $((every * 60 - 30)) ]; then
  exit 0
fi

if ! ad_resolve; then
  echo "error: $err"
  ad_status error '' '' "$err"
  exit 1
fi
seen=$(cat "$ad/seen" 2>/dev/null || true)
current=$(ad_current_commit)
if [ "$commit" = "$seen" ] || [ "$commit" = "$current" ]; then
  printf '%s\n' "$commit" >"$ad/seen"
  echo "unchanged: ${deploy_ref:-HEAD} is at $commit"
  ad_status unchanged "$commit" '' ''
  exit 0
fi
if ! ad_start_job "$deploy_ref" "Auto-deploy $app at $(printf %.7s "$commit")"; then
  echo "error: could not start the deploy job"
  ad_status error "$commit" '' 'could not start the deploy job'
  exit 1
fi
printf '%s\n' "$commit" >"$ad/seen"
echo "${deploy_ref:-HEAD} moved to $commit: started deploy job $job_id"
ad_status deploying "$commit" "$job_id" ''
