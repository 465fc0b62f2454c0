#!/bin/sh
# collect-metrics.sh: Pier's metrics collector. Cron starts it every minute (through
# ~/.pier/cron/run.sh, which holds flock -n, so runs never overlap); it samples every INTERVAL
# seconds until the minute is over, so history has no gaps while the laptop is away.
#
# Files in ~/.pier/metrics/:
#   config            interval=N (2-60 s) and retention=DAYS, written by Pier
#   YYYY-MM-DD.jsonl  one JSON object per sample (UTC day), appended; older than retention: removed
#   state             counters from the previous sample, for rates (CPU, disk I/O, network)
#   containers        id, pid, name and Pier app of each running container, refreshed each run
#
# `collect-metrics.sh once` prints one sample on stdout instead (Pier's live mode), keeping its
# rate counters apart (state.live) so the collector's own rates stay right.
#
# A sample costs one df and one awk: awk reads every /proc and cgroup file itself. Container
# figures come from cgroup files and /proc/PID/net/dev, not `docker stats`, which takes 1-2 s
# per container. The docker CLI runs once per minute, only to learn which containers exist.
set -u
dir="$HOME/.pier/metrics"
mkdir -p "$dir"

setting() {
  v=$(sed -n "s/^$1=\([0-9][0-9]*\)\$/\1/p" "$dir/config" 2>/dev/null | tail -n 1)
  echo "${v:-$2}"
}
interval=$(setting interval 10)
retention=$(setting retention 7)
[ "$interval" -lt 2 ] && interval=2
[ "$interval" -gt 60 ] && interval=60

# shellcheck disable=SC2016 # an awk program
SAMPLE='
function num(x) { return x + 0 }
function rate(key, value,   p) {
  next_state[key] = value
  if (!(key in prev) || dt <= 0) return "null"
  p = value - prev[key]
  if (p < 0) return "null"
  return sprintf("%.0f", p / dt)
}
function jstr(s) {
  gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/[\001-\037]/, "", s)
  return "\"" s "\""
}
function firstline(f,   l) { l = ""; if ((getline l < f) <= 0) l = ""; close(f); return l }
BEGIN {
  while ((getline l < statef) > 0) { split(l, kv, " "); prev[kv[1]] = kv[2] }
  close(statef)
  split(firstline("/proc/uptime"), u, " ")
  up = num(u[1])
  srand(); t = srand()
  dt = ("up" in prev) ? up - prev["up"] : 0
  next_state["up"] = up

  # CPU: busy share of all jiffies since the last sample.
  n = split(firstline("/proc/stat"), c, " ")
  total = 0; for (i = 2; i <= n && i <= 9; i++) total += c[i]
  idle = c[5] + c[6]
  cpu = "null"
  if (("cpu_total" in prev) && total > prev["cpu_total"])
    cpu = sprintf("%.1f", 100 * (1 - (idle - prev["cpu_idle"]) / (total - prev["cpu_total"])))
  next_state["cpu_total"] = total; next_state["cpu_idle"] = idle
  while ((getline l < "/proc/stat") > 0) if (l ~ /^cpu[0-9]/) ncpu++
  close("/proc/stat")

  split(firstline("/proc/loadavg"), la, " ")

  while ((getline l < "/proc/meminfo") > 0) { split(l, m, /[: ]+/); mem[m[1]] = m[2] * 1024 }
  close("/proc/meminfo")
  if (!("MemAvailable" in mem)) mem["MemAvailable"] = mem["MemFree"] + mem["Buffers"] + mem["Cached"]

  # Network: every interface but loopback and the host ends of container veths.
  nets = ""; rx = 0; tx = 0
  while ((getline l < "/proc/net/dev") > 0) {
    if (l !~ /:/) continue
    split(l, parts, ":"); ifname = parts[1]; gsub(/ /, "", ifname)
    if (ifname == "lo" || ifname ~ /^veth/) continue
    split(parts[2], f, " ")
    rx += f[1]; tx += f[9]
    nets = nets (nets == "" ? "" : ",") jstr(ifname) ":[" rate("if_rx_" ifname, f[1]) "," rate("if_tx_" ifname, f[9]) "]"
  }
  close("/proc/net/dev")

  # Disk I/O of whole disks (not partitions, loops or RAM disks), in bytes (512-byte sectors).
  rd = 0; wr = 0
  while ((getline l < "/proc/diskstats") > 0) {
    split(l, d, " ")
    if (d[3] ~ /^(sd[a-z]+|vd[a-z]+|xvd[a-z]+|hd[a-z]+|nvme[0-9]+n[0-9]+|mmcblk[0-9]+)$/) {
      rd += d[6] * 512; wr += d[10] * 512
    }
  }
  close("/proc/diskstats")

  # cgroup mount points: v1 per controller, v2 one tree.
  while ((getline l < "/proc/self/mounts") > 0) {
    split(l, mt, " ")
    if (mt[3] == "cgroup2") mnt["v2"] = mt[2]
    else if (mt[3] == "cgroup") {
      if (mt[4] ~ /(^|,)cpuacct(,|$)/) mnt["cpuacct"] = mt[2]
      if (mt[4] ~ /(^|,)memory(,|$)/) mnt["memory"] = mt[2]
    }
  }
  close("/proc/self/mounts")
}
# stdin: df -P -k. Real block devices only, each once (bind mounts repeat them).
NR > 1 && $1 ~ /^\/dev\// && !($1 in seen) {
  seen[$1] = 1
  if ($2 > 0 && 100 * $3 / $2 > diskmax) diskmax = 100 * $3 / $2
  disks = disks (disks == "" ? "" : ",") "{\"mount\":" jstr($6) ",\"total\":" sprintf("%.0f", $2 * 1024) ",\"used\":" sprintf("%.0f", $3 * 1024) "}"
}
END {
  cts = ""
  while ((getline l < ctf) > 0) {
    nf = split(l, ci, " ")
    id = substr(ci[1], 1, 12); pid = ci[2]; name = ci[3]; sub(/^\//, "", name); app = (nf >= 4) ? ci[4] : ""
    cpath = ""; mpath = ""; v2path = ""
    cg = "/proc/" pid "/cgroup"
    while ((getline g < cg) > 0) {
      split(g, gp, ":")
      if (gp[2] ~ /(^|,)cpuacct(,|$)/) cpath = gp[3]
      else if (gp[2] ~ /(^|,)memory(,|$)/) mpath = gp[3]
      else if (gp[1] == "0" && gp[2] == "") v2path = gp[3]
    }
    close(cg)
    usage = ""; memb = ""; inactive = 0
    if (cpath != "" && ("cpuacct" in mnt)) usage = firstline(mnt["cpuacct"] cpath "/cpuacct.usage")
    else if (v2path != "" && ("v2" in mnt)) {
      fn = mnt["v2"] v2path "/cpu.stat"
      while ((getline s < fn) > 0) { split(s, sv, " "); if (sv[1] == "usage_usec") usage = sv[2] * 1000 }
      close(fn)
    }
    if (mpath != "" && ("memory" in mnt)) {
      memb = firstline(mnt["memory"] mpath "/memory.usage_in_bytes")
      fn = mnt["memory"] mpath "/memory.stat"
      while ((getline s < fn) > 0) { split(s, sv, " "); if (sv[1] == "total_inactive_file") inactive = sv[2] }
      close(fn)
    } else if (v2path != "" && ("v2" in mnt)) {
      memb = firstline(mnt["v2"] v2path "/memory.current")
      fn = mnt["v2"] v2path "/memory.stat"
      while ((getline s < fn) > 0) { split(s, sv, " "); if (sv[1] == "inactive_file") inactive = sv[2] }
      close(fn)
    }
    crx = 0; ctx = 0; nd = "/proc/" pid "/net/dev"
    while ((getline s < nd) > 0) {
      if (s !~ /:/) continue
      split(s, np, ":"); nn = np[1]; gsub(/ /, "", nn)
      if (nn == "lo") continue
      split(np[2], nf2, " "); crx += nf2[1]; ctx += nf2[9]
    }
    close(nd)
    ccpu = "null"
    if (usage != "") {
      key = "ct_cpu_" id
      next_state[key] = usage
      if ((key in prev) && dt > 0 && usage >= prev[key])
        ccpu = sprintf("%.1f", 100 * (usage - prev[key]) / (dt * 1e9))
    }
    cmem = (memb == "") ? "null" : sprintf("%.0f", (memb - inactive > 0) ? memb - inactive : memb)
    cts = cts (cts == "" ? "" : ",") "{\"id\":\"" id "\",\"name\":" jstr(name) ",\"app\":" jstr(app) ",\"cpu\":" ccpu ",\"mem\":" cmem ",\"rx\":" rate("ct_rx_" id, crx) ",\"tx\":" rate("ct_tx_" id, ctx) "}"
  }
  close(ctf)

  line = "{\"t\":" t ",\"cpu\":" cpu ",\"ncpu\":" (ncpu ? ncpu : 1) \
    ",\"load\":[" num(la[1]) "," num(la[2]) "," num(la[3]) "]" \
    ",\"mem\":{\"total\":" sprintf("%.0f", mem["MemTotal"]) ",\"used\":" sprintf("%.0f", mem["MemTotal"] - mem["MemAvailable"]) "}" \
    ",\"swap\":{\"total\":" sprintf("%.0f", mem["SwapTotal"]) ",\"used\":" sprintf("%.0f", mem["SwapTotal"] - mem["SwapFree"]) "}" \
    ",\"disk\":[" disks "]" \
    ",\"io\":{\"r\":" rate("io_r", rd) ",\"w\":" rate("io_w", wr) "}" \
    ",\"net\":{\"rx\":" rate("net_rx", rx) ",\"tx\":" rate("net_tx", tx) ",\"if\":{" nets "}}" \
    ",\"ct\":[" cts "]}"
  if (once) print line
  else {
    print line >> (dir "/" strftime("%Y-%m-%d", t, 1) ".jsonl")
    # What the alert rules look at: time, CPU %, memory %, fullest disk %.
    mempct = mem["MemTotal"] > 0 ? 100 * (mem["MemTotal"] - mem["MemAvailable"]) / mem["MemTotal"] : 0
    printf "%s %s %.1f %.1f\n", t, cpu, mempct, diskmax + 0 > (dir "/last")
    close(dir "/last")
  }
  # %.3f: the default number format (%.6g) would round big counters and break the next rate.
  # Written in place (it was read and closed in BEGIN): a rename would cost a process a sample.
  for (k in next_state) printf "%s %.3f\n", k, next_state[k] > statef
  close(statef)
}'

# Which containers run, and their init process (the way into their cgroups and network).
discover() {
  : >"$dir/containers.new"
  if command -v docker >/dev/null 2>&1; then
    ids=$(docker ps -q --no-trunc 2>/dev/null)
    # shellcheck disable=SC2086 # one word per id
    [ -n "$ids" ] && docker inspect \
      --format '{{.Id}} {{.State.Pid}} {{.Name}} {{with index .Config.Labels "pier.app"}}{{.}}{{end}}' \
      $ids >"$dir/containers.new" 2>/dev/null
  fi
  mv -f "$dir/containers.new" "$dir/containers"
}

sample() { # STATE-FILE ONCE
  df -P -k 2>/dev/null | awk -v dir="$dir" -v statef="$1" -v ctf="$dir/containers" -v once="$2" "$SAMPLE"
}

# --- alerts ------------------------------------------------------------------------------------
# Rules live in alerts/ID.rule (key=value lines written by Pier), the webhook in alerts/ID.curl
# (a 0600 curl config holding the URL, so it is never on a command line), and each rule's state
# in alerts/ID.state. Deliveries and refusals go to alerts.log, which Pier syncs.
rule_get() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# Addresses a webhook must never reach: loopback, link-local, cloud metadata.
blocked_ip() {
  case $1 in
    127.* | 0.* | 169.254.* | ::1 | :: | [fF][eE][89aAbB]?:* | ::ffff:127.* | fd00:ec2::254 | 100.100.100.200 | 168.63.129.16) return 0 ;;
  esac
  return 1
}

alert_log() { # ID METRIC VALUE THRESHOLD DELIVERED ERROR
  printf '{"t":%s,"rule":"%s","metric":"%s","value":%s,"threshold":%s,"delivered":%s,"error":"%s"}\n' \
    "$now" "$1" "$2" "$3" "$4" "$5" "$6" >>"$dir/alerts.log"
}

deliver() { # ID METRIC VALUE THRESHOLD RULEFILE
  host=$(rule_get "$5" host)
  port=$(rule_get "$5" port)
  kind=$(rule_get "$5" kind)
  ip=$(getent ahosts "$host" 2>/dev/null | awk 'NR == 1 { print $1 }')
  if [ -z "$ip" ]; then
    alert_log "$1" "$2" "$3" "$4" false "cannot resolve the webhook host"
    return
  fi
  if blocked_ip "$ip"; then
    alert_log "$1" "$2" "$3" "$4" false "refused: the webhook resolves to a loopback, link-local or metadata address"
    return
  fi
  if ! command -v curl >/dev/null 2>&1; then
    alert_log "$1" "$2" "$3" "$4" false "curl is not installed on the server"
    return
  fi
  case $ip in *:*) pin="$host:$port:[$ip]" ;; *) pin="$host:$port:$ip" ;; esac
  what="$2 is $3"
  [ "$2" = down ] && what="container $(rule_get "$5" target) is not running"
  text="Pier alert on $hostname: $what (rule: $(rule_get "$5" text))"
  case $kind in
    slack) body="{\"text\":\"$text\"}" ;;
    discord) body="{\"content\":\"$text\"}" ;;
    ntfy) body=$text ;;
    *) body="{\"server\":\"$hostname\",\"rule\":\"$1\",\"metric\":\"$2\",\"value\":$3,\"threshold\":$4,\"t\":$now,\"text\":\"$text\"}" ;;
  esac
  # The address is pinned to the one just checked, so a second DNS answer cannot redirect it.
  if err=$(printf '%s' "$body" | curl -sS -f -m 10 --resolve "$pin" -K "$dir/alerts/$1.curl" \
    -H 'Content-Type: application/json' --data-binary @- -o /dev/null 2>&1); then
    alert_log "$1" "$2" "$3" "$4" true ""
  else
    # shellcheck disable=SC1003 # tr's own escapes: a quote, a backslash and control characters
    alert_log "$1" "$2" "$3" "$4" false "$(printf '%s' "$err" | tr -d '"\\\000-\037' | head -c 200)"
  fi
}

check_alerts() {
  for rule in "$dir"/alerts/*.rule; do
    [ -f "$rule" ] || return 0
    id=$(basename "$rule" .rule)
    metric=$(rule_get "$rule" metric)
    threshold=$(rule_get "$rule" threshold)
    minutes=$(rule_get "$rule" minutes)
    limit=$(rule_get "$rule" ratelimit)
    read -r now cpu memp diskp <"$dir/last" || return 0
    case $metric in
      cpu) value=$cpu ;;
      mem) value=$memp ;;
      disk) value=$diskp ;;
      down)
        target=$(rule_get "$rule" target)
        if awk -v n="/$target" '$3 == n { found = 1 } END { exit !found }' "$dir/containers"; then value=0; else value=1; fi
        threshold=0
        ;;
      *) continue ;;
    esac
    [ "$value" = null ] && continue
    since=$(sed -n 's/^since=//p' "$dir/alerts/$id.state" 2>/dev/null)
    last=$(sed -n 's/^last=//p' "$dir/alerts/$id.state" 2>/dev/null)
    since=${since:-0}
    last=${last:-0}
    if awk -v v="$value" -v th="$threshold" 'BEGIN { exit !(v + 0 > th + 0) }'; then
      [ "$since" -eq 0 ] && since=$now
      if [ $((now - since)) -ge $((minutes * 60)) ] && [ $((now - last)) -ge $((limit * 60)) ]; then
        last=$now
        deliver "$id" "$metric" "$value" "$threshold" "$rule"
      fi
    else
      since=0
    fi
    printf 'since=%s\nlast=%s\n' "$since" "$last" >"$dir/alerts/$id.state"
  done
}

hostname=$(cat /proc/sys/kernel/hostname 2>/dev/null || echo server)

if [ "${1:-}" = once ]; then
  # The collector refreshes the container list every minute; live mode reuses a fresh one.
  [ -n "$(find "$dir/containers" -mmin -1 2>/dev/null)" ] || discover
  sample "$dir/state.live" 1
  exit 0
fi

discover

# Samples until the minute is over; the next cron run takes the next minute.
end=$(($(date +%s) + 60 - interval / 2))
while :; do
  sample "$dir/state" 0
  check_alerts
  # The sample's own time, from the file it just wrote: no `date` process per sample.
  read -r now _ <"$dir/last" || now=$(date +%s)
  [ $((now + interval)) -ge "$end" ] && break
  sleep "$interval"
done

# Retention: whole days older than the setting go.
find "$dir" -maxdepth 1 -name '*.jsonl' -mtime +"$retention" -exec rm -f {} + 2>/dev/null
exit 0
