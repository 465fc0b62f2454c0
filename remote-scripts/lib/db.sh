# shellcheck shell=sh
# shellcheck disable=SC2016 # the snippets are run by the shell in the container, not here
# lib/db.sh: how each database engine is dumped, restored and asked "are you up?", shared by the
# database scripts. Inlined by Pier where a script says `. ./lib/db.sh # pier:include`.
# Each snippet runs inside the database's own container (docker exec … sh -c SNIPPET) and takes
# its user, database and password from that container's environment and secret files, as the
# official images define them, so no credential is ever on a command line of the server.

# The running container of database $1's swarm service (empty when none runs).
db_container() {
  docker ps -q --filter "label=com.docker.swarm.service.name=db-$1_db" --filter status=running |
    head -n 1
}

# Sets MYSQL_PWD and DB from the official MySQL/MariaDB variables (password from the secret file).
DB_MY='p=${MARIADB_ROOT_PASSWORD_FILE:-${MYSQL_ROOT_PASSWORD_FILE:-}}
if [ -n "$p" ]; then MYSQL_PWD=$(cat "$p"); else MYSQL_PWD=${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}; fi
export MYSQL_PWD
DB=${MARIADB_DATABASE:-${MYSQL_DATABASE:-}}
my() { if command -v mariadb >/dev/null; then mariadb -uroot "$@"; else mysql -uroot "$@"; fi; }'
DB_PG='U=${POSTGRES_USER:-postgres}; DB=${POSTGRES_DB:-$U}'
# redis.conf quotes the password with \\ and \" (compose.ts redisConf); undone here.
DB_REDIS='REDISCLI_AUTH=$(sed -n "s/^requirepass \"\(.*\)\"\$/\1/p" /run/secrets/redis.conf 2>/dev/null | sed "s/\\\\\(.\)/\1/g")
export REDISCLI_AUTH'
# mongodump/mongorestore read the password from a config file, not argv.
DB_MONGO='f=$(mktemp); trap "rm -f \$f" EXIT
printf "password: \"%s\"\n" "$(sed "s/[\\\\\"]/\\\\&/g" "${MONGO_INITDB_ROOT_PASSWORD_FILE:-/dev/null}")" >"$f"
auth="--config $f --username ${MONGO_INITDB_ROOT_USERNAME:-root} --authenticationDatabase admin"'

# The snippet that writes a dump of the database to stdout.
db_dump_snippet() {
  case $1 in
    postgres) printf '%s\n%s\n' "$DB_PG" 'exec pg_dump -Fc -U "$U" "$DB"' ;;
    mysql | mariadb)
      printf '%s\n%s\n' "$DB_MY" 'if command -v mariadb-dump >/dev/null; then d=mariadb-dump; else d=mysqldump; fi
exec "$d" -uroot --single-transaction --routines --triggers --events "$DB"'
      ;;
    mongo) printf '%s\n%s\n' "$DB_MONGO" '# shellcheck disable=SC2086
mongodump --quiet $auth --archive' ;;
    redis)
      # BGSAVE forks at once (in progress right after its reply); wait for it, check it, copy.
      printf '%s\n%s\n' "$DB_REDIS" 'redis-cli BGSAVE >/dev/null || exit 1
i=0
while redis-cli INFO persistence | grep -q "^rdb_bgsave_in_progress:1"; do
  i=$((i + 1)); [ "$i" -lt 3600 ] || exit 1; sleep 1
done
redis-cli INFO persistence | grep -q "^rdb_last_bgsave_status:ok" || { echo "BGSAVE failed" >&2; exit 1; }
dir=$(redis-cli CONFIG GET dir | sed -n 2p); file=$(redis-cli CONFIG GET dbfilename | sed -n 2p)
exec cat "$dir/$file"'
      ;;
  esac
}

# The snippet that reads a dump on stdin into the database (Redis is swapped by db-restore.sh).
db_restore_snippet() {
  case $1 in
    postgres) printf '%s\n%s\n' "$DB_PG" 'exec pg_restore -U "$U" -d "$DB" --clean --if-exists --no-owner --single-transaction --exit-on-error' ;;
    mysql | mariadb) printf '%s\n%s\n' "$DB_MY" 'my "$DB"' ;;
    mongo) printf '%s\n%s\n' "$DB_MONGO" '# shellcheck disable=SC2086
mongorestore --quiet $auth --drop --archive' ;;
  esac
}

# The snippet that exits 0 once the database answers.
db_ready_snippet() {
  case $1 in
    postgres) printf '%s\n%s\n' "$DB_PG" 'psql -U "$U" -d "$DB" -tAc "select 1" >/dev/null 2>&1' ;;
    mysql | mariadb) printf '%s\n%s\n' "$DB_MY" 'my -e "select 1" "$DB" >/dev/null 2>&1' ;;
    mongo) printf '%s\n' 'mongosh --quiet --eval "db.runCommand({ping:1})" >/dev/null 2>&1' ;;
    redis) printf '%s\n%s\n' "$DB_REDIS" 'redis-cli PING 2>/dev/null | grep -q PONG' ;;
  esac
}

# The snippet that prints how many tables (keys for Redis) the database holds: a sanity check.
db_count_snippet() {
  case $1 in
    postgres) printf '%s\n%s\n' "$DB_PG" "psql -U \"\$U\" -d \"\$DB\" -tAc \"select count(*) from pg_catalog.pg_tables where schemaname not in ('pg_catalog', 'information_schema')\"" ;;
    mysql | mariadb) printf '%s\n%s\n' "$DB_MY" "my -N -e \"select count(*) from information_schema.tables where table_schema = database()\" \"\$DB\"" ;;
    mongo) printf '%s\n' 'mongosh --quiet --eval "db.adminCommand({listDatabases:1}).databases.length"' ;;
    redis) printf '%s\n%s\n' "$DB_REDIS" 'redis-cli DBSIZE' ;;
  esac
}

# The folder inside the container that holds the data (for its size).
db_data_dir() {
  case $1 in
    postgres) echo /var/lib/postgresql/data ;;
    mysql | mariadb) echo /var/lib/mysql ;;
    mongo) echo /data/db ;;
    redis) echo /data ;;
  esac
}

# Waits up to $2 seconds for database $1 (engine $3) to answer; prints nothing.
db_wait_ready() {
  w=0
  while [ "$w" -lt "$2" ]; do
    c=$(db_container "$1")
    if [ -n "$c" ] && docker exec "$c" sh -c "$(db_ready_snippet "$3")" </dev/null; then return 0; fi
    sleep 1
    w=$((w + 1))
  done
  return 1
}
