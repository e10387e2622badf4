#!/bin/sh
set -e
# Apache's PassEnv only sees what its own environment holds.
export HOSTNAME="${HOSTNAME:-$(hostname)}"
export APACHE_CONFDIR=/etc/apache2
. /etc/apache2/envvars
mkdir -p "$APACHE_RUN_DIR" "$APACHE_LOCK_DIR" "$APACHE_LOG_DIR"
# exec, so that apache2 is PID 1's direct child and receives the stop signal.
exec apache2 -DFOREGROUND
