#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster on 127.0.0.1:5432 and makes a `vigie` superuser for the test databases.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
pg_ctlcluster "$version" main status >/dev/null
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
do $$ begin
  if not exists (select from pg_roles where rolname = 'vigie') then
    create role vigie login superuser password 'vigie';
  end if;
end $$;
SQL
