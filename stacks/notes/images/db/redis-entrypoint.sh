#!/bin/sh
set -eu
: "${REDIS_PASSWORD_FILE:=/run/secrets/db_password}"
password=$(cat "$REDIS_PASSWORD_FILE")
# The password goes in a file only redis can read, not on the command line, where `ps`
# and `docker inspect` would show it. Quoted for redis's config parser.
mkdir -p /run/redis
conf=/run/redis/firedrill.conf
umask 077
printf 'requirepass "%s"\n' "$(printf '%s' "$password" | sed 's/[\\"]/\\&/g')" >"$conf"
chown -R redis:redis /run/redis
[ "$(stat -c %U /data)" = redis ] || chown -R redis:redis /data
# exec, so that redis-server (as the redis user) is PID 1 and receives the stop signal.
exec setpriv --reuid=redis --regid=redis --init-groups \
  redis-server "$conf" --daemonize no --port 6379 --bind 0.0.0.0 --protected-mode no \
  --dir /data --appendonly yes --appendfsync always
