#!/bin/sh
# app-remove.sh: removes an app from the server: its stack, Pier's release tags and its folder.
# Named volumes and bind-mounted data stay (they may hold data the user wants).
# Usage: app-remove.sh APP   (APP checked by Pier)
set -u
app=$1
dir="$HOME/.pier/apps/$app"
docker stack rm "$app" >/dev/null 2>&1 || true
docker image ls --format '{{.Repository}}:{{.Tag}}' "pier/$app" | while read -r tag; do
  docker image rm "$tag" >/dev/null 2>&1 || true
done
rm -rf "$dir"
echo removed
