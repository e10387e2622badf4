#!/bin/sh
# The container's health check. Healthy means WordPress answers its REST index with 200,
# which goes through PHP to the database. A redirect is not healthy: WordPress without
# its database's tables sends every page to its installer, which answers 200. `curl -f`
# fails only on 400 and above, so it would pass that redirect; the status is compared
# instead, and printed, so `docker inspect` shows why a task was unhealthy.
# FIREDRILL_HEALTHY=no builds a version that is never healthy, for rollback drills.
[ "$FIREDRILL_HEALTHY" = yes ] || { echo "built unhealthy (FIREDRILL_HEALTHY=$FIREDRILL_HEALTHY)"; exit 1; }
status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1/?rest_route=/") || exit 1
[ "$status" = 200 ] || { echo "status $status"; exit 1; }
