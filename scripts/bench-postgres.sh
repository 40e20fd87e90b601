#!/usr/bin/env bash
# The server benchmarks on PostgreSQL (issue 14), run by scripts/bench.sh
# beside a throwaway server: `scripts/postgres.sh scripts/bench-postgres.sh`.
# Needs JINGUO_POSTGRES_URL (a superuser's, as postgres.sh gives) and the
# binaries built with `--profile server` (the server and the examples
# bench_push, bench_report, bench_migrate). Each step gets a new database:
#   1. pushes: one device's ingestion, 200 devices x 20 entries at once;
#   2. reports over JINGUO_BENCH_ENTRIES entries (default 1,000,000; 0 skips);
#   3. migrate-db of the 2023 demo plus 100,000 generated entries from a
#      SQLite file, under /usr/bin/time -v (time taken, peak memory).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
: "${JINGUO_POSTGRES_URL:?run me through scripts/postgres.sh}"
bin="$root/target/server"
base="${JINGUO_POSTGRES_URL%/*}"
fresh() { psql -q "$JINGUO_POSTGRES_URL" -c "CREATE DATABASE $1" >/dev/null; echo "$base/$1"; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

say "PostgreSQL: pushes"
"$bin/examples/bench_push" --db "$(fresh bench_push)"

entries="${JINGUO_BENCH_ENTRIES:-1000000}"
if [ "$entries" != "0" ]; then
  say "PostgreSQL: reports over $entries entries (filling takes minutes)"
  "$bin/examples/bench_report" --entries "$entries" --db "$(fresh bench_report)"
fi

say "PostgreSQL: migrate-db of the 2023 demo plus 100,000 entries from SQLite"
"$bin/examples/bench_migrate" --out "$work/source.sqlite3" --entries 100000
if [ -x /usr/bin/time ]; then
  JINGUO_MIGRATE_TO="$(fresh moved)" /usr/bin/time -v -o "$work/time.txt" \
    "$bin/server" migrate-db --from "$work/source.sqlite3"
  grep -E 'Elapsed \(wall|Maximum resident' "$work/time.txt" | sed 's/^[[:space:]]*/  /'
else
  # Debian's `time` package is missing: the time only.
  started=$SECONDS
  JINGUO_MIGRATE_TO="$(fresh moved)" "$bin/server" migrate-db --from "$work/source.sqlite3"
  echo "  took $((SECONDS - started)) s (install Debian's 'time' for the peak memory)"
fi
