#!/bin/sh
# db-entrypoint.sh: the entrypoint of the test database images that testhosts.sh builds from
# Debian's packages (pier-test/postgres, pier-test/mariadb, pier-test/redis). Like the official
# images it initializes an empty data folder on first start from environment variables, and
# accepts each secret as NAME_FILE (a docker secret) instead of NAME, so Pier drives these images
# and the official ones with the same service definition.
# The engine is baked into the image as PIER_TEST_ENGINE.
set -eu

# file_env VAR [DEFAULT]: VAR from $VAR, else from the file named by $VAR_FILE, else DEFAULT.
file_env() {
  eval "v=\${$1:-} f=\${$1_FILE:-}"
  if [ -n "$f" ]; then v=$(cat "$f"); fi
  if [ -z "$v" ]; then v=${2:-}; fi
  eval "$1=\$v"
  unset v f
}

# SQL string literal: quotes doubled, backslashes doubled (MariaDB reads them as escapes).
sql_str() { printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")"; }

as_user() { # USER CMD... : drop root like gosu does
  u=$1
  shift
  exec setpriv --reuid="$u" --regid="$u" --init-groups "$@"
}

case $PIER_TEST_ENGINE in
  postgres)
    if [ "${1:-}" != postgres ]; then exec "$@"; fi
    PGDATA=${PGDATA:-/var/lib/postgresql/data}
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
      file_env POSTGRES_PASSWORD
      file_env POSTGRES_USER postgres
      file_env POSTGRES_DB "$POSTGRES_USER"
      if [ -z "$POSTGRES_PASSWORD" ]; then
        echo 'error: POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) is not set' >&2
        exit 1
      fi
      pw=$(mktemp)
      printf '%s\n' "$POSTGRES_PASSWORD" >"$pw"
      chown postgres "$pw"
      setpriv --reuid=postgres --regid=postgres --init-groups \
        initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile="$pw" --auth-local=trust \
        --auth-host=scram-sha-256 >/dev/null
      rm -f "$pw"
      echo 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
      if [ "$POSTGRES_DB" != postgres ]; then
        echo "CREATE DATABASE \"$POSTGRES_DB\";" |
          setpriv --reuid=postgres --regid=postgres --init-groups \
            postgres --single -D "$PGDATA" postgres >/dev/null
      fi
      echo "initialized $PGDATA"
    fi
    as_user postgres "$@" -D "$PGDATA" -c listen_addresses='*'
    ;;
  mariadb)
    if [ "${1:-}" != mariadbd ]; then exec "$@"; fi
    mkdir -p /var/lib/mysql /run/mysqld
    chown mysql:mysql /var/lib/mysql /run/mysqld
    if [ ! -d /var/lib/mysql/mysql ]; then
      file_env MARIADB_ROOT_PASSWORD "${MYSQL_ROOT_PASSWORD:-}"
      file_env MARIADB_DATABASE "${MYSQL_DATABASE:-}"
      file_env MARIADB_USER "${MYSQL_USER:-}"
      file_env MARIADB_PASSWORD "${MYSQL_PASSWORD:-}"
      if [ -z "$MARIADB_ROOT_PASSWORD" ]; then
        echo 'error: MARIADB_ROOT_PASSWORD (or MARIADB_ROOT_PASSWORD_FILE) is not set' >&2
        exit 1
      fi
      mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db \
        --auth-root-authentication-method=normal >/dev/null
      root=$(sql_str "$MARIADB_ROOT_PASSWORD")
      {
        echo 'FLUSH PRIVILEGES;'
        echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $root;"
        echo "CREATE USER 'root'@'%' IDENTIFIED BY $root;"
        echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
        if [ -n "$MARIADB_DATABASE" ]; then echo "CREATE DATABASE \`$MARIADB_DATABASE\`;"; fi
        if [ -n "$MARIADB_USER" ]; then
          echo "CREATE USER '$MARIADB_USER'@'%' IDENTIFIED BY $(sql_str "$MARIADB_PASSWORD");"
          if [ -n "$MARIADB_DATABASE" ]; then
            echo "GRANT ALL ON \`$MARIADB_DATABASE\`.* TO '$MARIADB_USER'@'%';"
          fi
        fi
      } | setpriv --reuid=mysql --regid=mysql --init-groups mariadbd --bootstrap \
        --datadir=/var/lib/mysql >/dev/null 2>&1
      echo 'initialized /var/lib/mysql'
    fi
    as_user mysql "$@" --datadir=/var/lib/mysql --bind-address=0.0.0.0 --skip-name-resolve
    ;;
  redis)
    case ${1:-} in
      redis-server | *.conf) ;;
      *) exec "$@" ;;
    esac
    mkdir -p /data
    chown -R redis:redis /data
    cd /data
    as_user redis "$@"
    ;;
  *)
    echo "error: unknown PIER_TEST_ENGINE ${PIER_TEST_ENGINE:-}" >&2
    exit 1
    ;;
esac
