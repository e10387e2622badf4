#!/bin/sh
set -eu
: "${MARIADB_DATABASE:=wordpress}"
: "${MARIADB_USER:=wordpress}"
: "${MARIADB_PASSWORD_FILE:=/run/secrets/db_password}"
password=$(cat "$MARIADB_PASSWORD_FILE")

if [ ! -d /var/lib/mysql/mysql ]; then
  echo "firedrill-mariadb: initialising the data directory"
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/dev/null
  # The bootstrap runs without networking, so nothing can connect before the user exists.
  mariadbd --user=mysql --bootstrap --skip-networking <<SQL
FLUSH PRIVILEGES;
CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE}\`;
CREATE USER IF NOT EXISTS '${MARIADB_USER}'@'%' IDENTIFIED BY '${password}';
GRANT ALL ON \`${MARIADB_DATABASE}\`.* TO '${MARIADB_USER}'@'%';
FLUSH PRIVILEGES;
SQL
fi
exec mariadbd --user=mysql --bind-address=0.0.0.0 --skip-name-resolve
