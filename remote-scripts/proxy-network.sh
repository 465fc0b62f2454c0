#!/bin/sh
# proxy-network.sh: makes sure the overlay network the proxy and the apps with domains share
# exists (an app's compose file names it as external, so it must exist before a deploy).
set -eu
# shellcheck source=remote-scripts/lib/proxy-net.sh
. ./lib/proxy-net.sh # pier:include
ensure_proxy_network
