#!/bin/sh
# firedrill-engine stop|start: a remote lab host's engine as a service (see host-entrypoint.sh).
# stop returns once the engine has exited; start returns at once (the entrypoint starts it).
set -eu
pidfile=/run/firedrill-dockerd.pid
case "${1:-}" in
  stop)
    touch /run/firedrill-engine.stopped
    pid=$(cat "$pidfile" 2>/dev/null || true)
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
      [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || exit 0
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    ;;
  start)
    rm -f /run/firedrill-engine.stopped
    ;;
  *)
    echo "usage: firedrill-engine stop|start" >&2
    exit 64
    ;;
esac
