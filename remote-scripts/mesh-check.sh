#!/bin/sh
# mesh-check.sh: prints "yes" when this kernel can give Docker Swarm its routing mesh (IPVS,
# loaded or loadable), else "no". Without it, VIP endpoints and ingress ports do not work, so
# services need DNS round-robin endpoints and host-mode ports.
set -u
if [ -e /proc/net/ip_vs ] || [ -d /sys/module/ip_vs ]; then
  echo yes
  exit 0
fi
release=$(uname -r)
if [ -d "/lib/modules/$release" ] && find "/lib/modules/$release" -name 'ip_vs.ko*' 2>/dev/null | grep -q .; then
  echo yes
else
  echo no
fi
