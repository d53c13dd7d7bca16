#!/usr/bin/env bash
# Restore a dump of backup.sh into a NEW database, check it, and say what to switch.
#   restore.sh [--force] DUMP postgresql://user@host:5432/new_db_name
# Refuses a target database that exists and holds tables, unless --force (which drops it).
# FLASK (default: flask on PATH, else the checkout's .venv) runs `flask db current`.
set -euo pipefail

usage() { echo "usage: $0 [--force] DUMP DATABASE_URL" >&2; exit 2; }
fail() { echo "restore: $*" >&2; exit 1; }

force=0
[[ "${1:-}" == "--force" ]] && { force=1; shift; }
[[ $# -eq 2 ]] || usage
dump="$1"
url="$(sed -E 's#^postgres(ql)?(\+[a-z0-9]+)?://#postgresql://#' <<<"$2")"
app_dir="$(cd "$(dirname "$0")/.." && pwd)"
flask="${FLASK:-$(command -v flask || echo "$app_dir/.venv/bin/flask")}"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"

[[ -r "$dump" ]] || fail "cannot read $dump"
pg_restore --list "$dump" >/dev/null || fail "$dump is not a readable custom-format dump"
[[ "$url" =~ ^(postgresql://[^/?]*)/([A-Za-z0-9_]+)(\?.*)?$ ]] \
    || fail "give a postgresql:// URL that names the database (letters, digits, _)"
name="${BASH_REMATCH[2]}"
server="${BASH_REMATCH[1]}/postgres${BASH_REMATCH[3]}"  # the maintenance database
shown="$(sed -E 's#://([^:/@]*):[^@]*@#://\1:***@#' <<<"$url")"

sql() { psql --no-password --no-psqlrc -X -qtA -v ON_ERROR_STOP=1 --dbname="$1" -c "$2"; }

exists="$(sql "$server" "SELECT 1 FROM pg_database WHERE datname = '$name'")"
if [[ -n "$exists" ]]; then
    tables="$(sql "$url" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%'")"
    if [[ "$tables" != 0 ]]; then
        [[ $force == 1 ]] || fail "database $name exists and has $tables tables; choose a new name or use --force"
        echo "Dropping database $name (--force)"
        sql "$server" "DROP DATABASE \"$name\" WITH (FORCE)"
        exists=""
    fi
fi
[[ -n "$exists" ]] || sql "$server" "CREATE DATABASE \"$name\" TEMPLATE template0"

pg_restore --no-password --exit-on-error --single-transaction --dbname="$url" "$dump"

echo "Rows per table in $name:"
sql "$url" "SELECT format('  %-32s %s', table_name, (xpath('/row/c/text()', query_to_xml(
        format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1])
    FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    ORDER BY table_name"
[[ "$(sql "$url" "SELECT count(*) FROM alembic_version")" == 1 ]] || fail "no alembic version in $name"

echo "Migration version (flask db current):"
if ! out="$(cd "$app_dir" && FLASK_APP=portal PORTAL_DATABASE_URL="$url" "$flask" db current 2>&1)"; then
    echo "$out" >&2
    fail "flask db current failed"
fi
current="$(grep -E '^[0-9a-f]{6,}' <<<"$out" || true)"
[[ -n "$current" ]] || fail "flask db current shows no revision: $out"
echo "  $current"
if [[ "$current" == *"(head)"* ]]; then
    upgrade="the schema is at this code's head: no migration needed"
else
    upgrade="the schema is older than this code: run flask db upgrade with that environment first"
fi

cat <<MSG

Restored $dump into $shown.
To switch the portal to it:
  1. set PORTAL_DATABASE_URL=$shown in /etc/portal/portal.env (the real password for ***)
  2. $upgrade
  3. systemctl restart 'portal-web@*' 'portal-outbox@*'   (the timers pick it up on their next run)
MSG
