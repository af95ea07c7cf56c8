#!/usr/bin/env bash
# The whole test suite: static gates, then pytest on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
V=.venv/bin
tmp_home=$(mktemp -d)
trap 'rm -rf "$tmp_home"' EXIT
export BAOMI_HOME="$tmp_home"

step() { printf '\n== %s\n' "$*" >&2; }

step "ruff"
$V/ruff check .
$V/ruff format --check .

step "mypy"
$V/mypy src/baomi

step "django checks"
$V/python manage.py check --fail-level WARNING
$V/python manage.py makemigrations --check --dry-run
BAOMI_ENV=production BAOMI_SECRET_KEY="$(head -c 48 /dev/urandom | base64)" \
  BAOMI_ALLOWED_HOSTS=baomi.example.cn $V/python manage.py check --deploy --fail-level WARNING
auto=$(find src/baomi -path '*/migrations/*_auto_*.py' | head -1)
[ -z "$auto" ] || { echo "migration without a real name: $auto" >&2; exit 1; }

step "translations compiled"
$V/python scripts/check_translations.py

step "pytest on SQLite"
BAOMI_DATABASE_URL="sqlite:///$tmp_home/test.sqlite3" $V/pytest -p no:cacheprovider -q "$@"

step "pytest on PostgreSQL"
PG_URL=${BAOMI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
if $V/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception as exc:  # noqa: BLE001
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  BAOMI_DATABASE_URL="$PG_URL" BAOMI_TEST_DATABASE="test_baomi_$$" \
    $V/pytest -p no:cacheprovider -q --create-db "$@"
else
  echo "WARNING: no PostgreSQL server answers at $PG_URL — the PostgreSQL pass was SKIPPED" >&2
fi
