#!/bin/sh
# The container's health check: /health answers 200, which it does only while Redis
# answers PING. The status is compared and printed, so `docker inspect` shows why a
# task was unhealthy. FIREDRILL_HEALTHY=no builds a version that is never healthy, for
# rollback drills.
[ "$FIREDRILL_HEALTHY" = yes ] || { echo "built unhealthy (FIREDRILL_HEALTHY=$FIREDRILL_HEALTHY)"; exit 1; }
status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 1.8 http://127.0.0.1:8080/health) || { echo "status $status"; exit 1; }
[ "$status" = 200 ] || { echo "status $status"; exit 1; }
