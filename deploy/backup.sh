#!/usr/bin/env bash
# Nightly PostgreSQL backup: a custom-format dump (-Fc), checked, written atomically.
#   PORTAL_DATABASE_URL  the database (or leave it unset and use PGHOST, PGDATABASE, ...)
#   BACKUP_DIR           where the dumps go (default /var/lib/portal/backups)
#   BACKUP_KEEP_DAYS     dumps older than this are removed after a good backup (default 14)
# Prints the path of the new dump; exits non-zero on any failure.
set -euo pipefail

backup_dir="${BACKUP_DIR:-/var/lib/portal/backups}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
[[ "$keep_days" =~ ^[0-9]+$ ]] || { echo "backup: BACKUP_KEEP_DAYS must be a number" >&2; exit 2; }

target=()
if [[ -n "${PORTAL_DATABASE_URL:-}" ]]; then
    # libpq does not know SQLAlchemy's driver suffix (postgresql+psycopg://).
    target=(--dbname="$(sed -E 's#^postgres(ql)?(\+[a-z0-9]+)?://#postgresql://#' <<<"$PORTAL_DATABASE_URL")")
fi

umask 077  # the dumps hold personal data
mkdir -p "$backup_dir"
final="$backup_dir/portal-$(date -u +%Y%m%dT%H%M%SZ).dump"
tmp="$backup_dir/.$(basename "$final").tmp"
trap 'rm -f "$tmp"' EXIT

pg_dump --format=custom --no-password "${target[@]}" --file="$tmp"
pg_restore --list "$tmp" >/dev/null  # the archive is readable and complete
sync "$tmp"
mv "$tmp" "$final"
trap - EXIT

find "$backup_dir" -maxdepth 1 -type f -name 'portal-*.dump' -mmin +$((keep_days * 1440)) -delete
echo "$final"
