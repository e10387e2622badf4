#!/bin/sh
# The credentials file holds two lines, user then password. It is read, hashed with
# bcrypt (the only scheme the registry accepts) and left where only root can read it.
set -eu
creds=/run/firedrill/credentials
auth_dir=/run/firedrill-auth
if [ ! -r "$creds" ]; then
  echo "firedrill-registry: $creds is missing; the runner must copy the credentials in before start" >&2
  exit 64
fi
mkdir -p "$auth_dir"
user=$(sed -n 1p "$creds")
sed -n 2p "$creds" | htpasswd -iBc "$auth_dir/htpasswd" "$user" 2>/dev/null
chmod 600 "$auth_dir/htpasswd"
exec docker-registry serve /etc/docker/registry/config.yml
