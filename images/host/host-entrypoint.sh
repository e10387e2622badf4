#!/bin/sh
# Starts this host's engine. Extra dockerd flags (from the profile) arrive as arguments;
# /etc/docker/daemon.json, if the profile has one, was copied in before start. The engine
# answers on TCP only over mutual TLS: the run's certificates were copied to
# /etc/firedrill/tls before start, and nothing without the run's client certificate gets in.
set -eu

tls=/etc/firedrill/tls
for file in ca.pem cert.pem key.pem; do
  if [ ! -s "$tls/$file" ]; then
    echo "firedrill-host: $tls/$file is missing: this host's engine will not listen on TCP without TLS" >&2
    exit 64
  fi
done

if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  # cgroup v2 with a private namespace: move ourselves out of the root so the engine
  # may enable controllers for its children (the root may not hold processes then).
  mkdir -p /sys/fs/cgroup/init
  xargs -rn1 < /sys/fs/cgroup/cgroup.procs > /sys/fs/cgroup/init/cgroup.procs 2>/dev/null || true
  sed -e 's/ / +/g' -e 's/^/+/' < /sys/fs/cgroup/cgroup.controllers > /sys/fs/cgroup/cgroup.subtree_control || true
  parent_flag=""
else
  # cgroup v1 with the host's hierarchy mounted: nest the engine's containers under this
  # host's own cgroup, so that pausing the host freezes them too and removing the host
  # removes them, and two hosts never share a cgroup path.
  self=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' /proc/self/cgroup)
  if [ -n "$self" ] && [ "$self" != "/" ]; then
    parent_flag="--cgroup-parent=${self}/engine"
  else
    parent_flag=""
  fi
fi

# Run in the background as `engine &`: the subshell becomes dockerd, so $! is dockerd's pid.
engine() {
  exec dockerd \
    --host=tcp://0.0.0.0:2376 --host=unix:///var/run/docker.sock \
    --tlsverify --tlscacert="$tls/ca.pem" --tlscert="$tls/cert.pem" --tlskey="$tls/key.pem" \
    $parent_flag "$@"
}

if [ "${FIREDRILL_ENGINE_CONTROL:-}" != "supervised" ]; then
  # A lab host: the engine is the machine; when it ends, the host ends.
  exec dockerd \
    --host=tcp://0.0.0.0:2376 --host=unix:///var/run/docker.sock \
    --tlsverify --tlscacert="$tls/ca.pem" --tlscert="$tls/cert.pem" --tlskey="$tls/key.pem" \
    $parent_flag "$@"
fi

# A remote lab's host behaves as a machine whose engine is a service: `firedrill-engine stop`
# stops the engine (and its containerd) while the machine stays up, `firedrill-engine start`
# starts it again, as systemctl does on a real one. The engine crashing on its own still
# ends the host. /run is a tmpfs: a power cycle forgets a stopped engine.
pidfile=/run/firedrill-dockerd.pid
stopped=/run/firedrill-engine.stopped
halting=/run/firedrill-host.halting
trap 'touch "$halting"; [ -s "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null' TERM INT
while :; do
  [ -e "$halting" ] && exit 0
  if [ -e "$stopped" ]; then sleep 0.2; continue; fi
  engine "$@" &
  echo $! > "$pidfile"
  # `wait` returns early when a trapped signal arrives: wait on until the engine is gone.
  while kill -0 "$(cat "$pidfile")" 2>/dev/null; do wait "$(cat "$pidfile")" 2>/dev/null || true; done
  [ -e "$halting" ] && exit 0
  if [ ! -e "$stopped" ]; then echo "firedrill-host: the engine exited on its own" >&2; exit 1; fi
  echo "firedrill-host: engine stopped (firedrill-engine stop); waiting for firedrill-engine start" >&2
done
