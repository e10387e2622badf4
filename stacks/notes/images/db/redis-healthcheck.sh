#!/bin/sh
# The container's health check: PING answers PONG (not LOADING, not NOAUTH). The
# password goes through the environment (REDISCLI_AUTH), not -a, which `ps` would show.
REDISCLI_AUTH=$(cat "${REDIS_PASSWORD_FILE:-/run/secrets/db_password}") || exit 1
export REDISCLI_AUTH
reply=$(redis-cli -h 127.0.0.1 -p 6379 ping 2>&1)
[ "$reply" = PONG ] || { echo "ping: $reply"; exit 1; }
