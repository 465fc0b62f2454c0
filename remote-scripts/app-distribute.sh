#!/bin/sh
# app-distribute.sh: the laptop's half of a cluster deploy's "distribute" step (see deploy.sh).
# Usage: app-distribute.sh APP JOB image   prints the release tag the job waits to have copied
#        app-distribute.sh APP JOB done    writes the answer (stdin: "ok" or "error", then one
#                                          line to log) for the job to go on or stop
# APP and JOB are checked by Pier.
set -eu
mark="$HOME/.pier/apps/$1/distribute/$2"
case $3 in
  image)
    [ -f "$mark.image" ] || {
      echo "the deploy job is not waiting for an image copy" >&2
      exit 1
    }
    cat "$mark.image"
    ;;
  done)
    [ -f "$mark.image" ] || {
      echo "the deploy job is no longer waiting (it ended or timed out)" >&2
      exit 1
    }
    # Written whole, then renamed: the job never reads half an answer.
    cat >"$mark.done.tmp"
    mv -f "$mark.done.tmp" "$mark.done"
    ;;
  *)
    echo "unknown action $3" >&2
    exit 2
    ;;
esac
