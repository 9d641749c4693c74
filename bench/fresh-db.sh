# Sourced by the bench scripts: `fresh_database NAME BACKEND` prints the URL
# of an empty database (a SQLite file under $OUT, or NAME on PostgreSQL at
# $PG_ADMIN's server), dropping what a previous run left.
fresh_database() {
  local name=$1 backend=$2
  case $backend in
    sqlite)
      rm -f "$OUT/$name.db" "$OUT/$name.db-wal" "$OUT/$name.db-shm"
      echo "$OUT/$name.db" ;;
    postgres)
      psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
      echo "${PG_ADMIN%/*}/$name" ;;
    *) echo "unknown backend $backend (sqlite or postgres)" >&2; return 1 ;;
  esac
}
