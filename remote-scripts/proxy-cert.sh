#!/bin/sh
# proxy-cert.sh: stores a custom certificate (chain and key, PEM, on stdin) for the proxy as
# ~/.pier/proxy/certs/DOMAIN.pem, 0600. The key never appears on a command line.
# Usage: proxy-cert.sh DOMAIN
set -eu
d=$1
case $d in
  '' | *[!a-z0-9.-]* | .* | *..*)
    echo "error: not a domain: $d" >&2
    exit 1
    ;;
esac
dir="$HOME/.pier/proxy/certs"
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
cat >"$dir/$d.pem.tmp"
mv -f "$dir/$d.pem.tmp" "$dir/$d.pem"
