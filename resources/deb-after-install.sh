#!/bin/sh
# Puts the `pier` CLI on PATH after the .deb installs the app under /opt/Pier.
set -e
ln -sf /opt/Pier/resources/bin/pier /usr/bin/pier
