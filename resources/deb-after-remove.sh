#!/bin/sh
set -e
if [ -L /usr/bin/pier ] && [ ! -e /usr/bin/pier ]; then rm -f /usr/bin/pier; fi
