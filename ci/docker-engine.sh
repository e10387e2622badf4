#!/usr/bin/env bash
# Makes sure a Docker engine answers, on Debian or Ubuntu, as root:
#   - an engine already answers (local socket or DOCKER_HOST): says so, changes nothing;
#   - dockerd is missing: installs Debian's docker.io;
#   - dockerd is not running: starts it in the background (log: /var/log/firedrill-dockerd.log)
#     and waits until it answers.
# Machines with systemd get the engine from their own service manager; this script is for
# containers and CI runners without one.
set -euo pipefail

say() { echo "docker-engine: $*"; }

if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  say "an engine already answers: Docker $(docker version --format '{{.Server.Version}}')"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  say "no engine answers, and installing or starting one needs root: run 'sudo bash $0'"
  exit 69
fi

if ! command -v dockerd >/dev/null 2>&1; then
  say "installing Debian's docker.io (engine, containerd, runc)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  say "starting dockerd"
  # A stale pid file from a killed daemon makes dockerd refuse to start.
  rm -f /var/run/docker.pid
  # The daemon outlives this script: it must not inherit the caller's open files (a lock
  # a test harness holds through `flock`, say), or it would hold them for as long as it runs.
  (
    for fd in /proc/$BASHPID/fd/*; do
      n=${fd##*/}
      [ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-"
    done
    # Its own session: the daemon outlives the job (and process group) that started it.
    exec setsid nohup dockerd >/var/log/firedrill-dockerd.log 2>&1 </dev/null
  ) &
fi

for _ in $(seq 1 60); do
  if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    say "engine ready: Docker $(docker version --format '{{.Server.Version}}')"
    exit 0
  fi
  sleep 0.5
done
say "dockerd did not answer within 30s; its last log lines:"
tail -n 20 /var/log/firedrill-dockerd.log >&2 || true
exit 69
