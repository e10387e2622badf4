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

exec dockerd \
  --host=tcp://0.0.0.0:2376 --host=unix:///var/run/docker.sock \
  --tlsverify --tlscacert="$tls/ca.pem" --tlscert="$tls/cert.pem" --tlskey="$tls/key.pem" \
  $parent_flag "$@"
