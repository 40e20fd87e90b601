#!/usr/bin/env bash
# Runs every test of Jinguo Ledger, installing what is missing first:
#   1. native tests of shared/ (incl. property tests), server/ (handler tests) and
#      the frontend's plain logic; the server's tests a second time on PostgreSQL
#      (a throwaway server on 127.0.0.1 that scripts/postgres.sh installs, starts
#      as a non-root user and removes); the photo tests a third time against
#      S3-compatible object storage (s3s-fs on 127.0.0.1, started by scripts/s3.sh);
#   2. the frontend release build (wasm) and the server binary that embeds it;
#   3. property-based fuzzing of the API from its OpenAPI document (Schemathesis),
#      as each role, against that real server binary (tests/fuzz/run.sh);
#   4. end-to-end tests: headless Chromium against that real server process.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
start=$SECONDS

scripts/setup.sh --browser --s3

say "Checking formatting (cargo fmt --check)"
cargo fmt --all -- --check

say "Native tests: shared and server"
cargo test --workspace --exclude frontend

say "Server tests again, on PostgreSQL (scripts/postgres.sh)"
pg_start=$SECONDS
# The server's integration tests (`--test '*'`: shared has none; the server's unit
# tests touch no database but SQLite's old schemas), with the selection above so
# that nothing is built again (`-p server` resolves features apart and rebuilds).
# Single quotes: the URL (with its password) is the wrapper's to export.
scripts/postgres.sh sh -c 'JINGUO_TEST_DATABASE_URL="$JINGUO_POSTGRES_URL" \
  cargo test --workspace --exclude frontend --test "*"'
say "The PostgreSQL pass took $((SECONDS - pg_start)) s"

say "Photo tests again, on S3-compatible object storage (scripts/s3.sh)"
s3_start=$SECONDS
# Only the photo test binaries, with the same selection: nothing is built again.
scripts/s3.sh sh -c 'JINGUO_TEST_S3="$JINGUO_S3_URL" \
  cargo test --workspace --exclude frontend --test "photos*"'
say "The S3 pass took $((SECONDS - s3_start)) s"

say "Native tests: the frontend's logic (form parsing)"
cargo test -p frontend --lib

scripts/build-frontend.sh
say "Building the server binary (profile 'server', frontend embedded)"
cargo build -p server --profile server

export JINGUO_SERVER_BIN="$root/target/server/server"
say "Fuzzing the API from its OpenAPI document (Schemathesis), as each role"
tests/fuzz/run.sh "$JINGUO_SERVER_BIN"

say "End-to-end tests in headless Chromium"
(cd tests && node --test --test-concurrency=1 e2e/)

say "All tests passed in $((SECONDS - start)) s"
