#!/usr/bin/env bash
# Builds everything and starts Jinguo Ledger with demo data.
#   scripts/run.sh                       → http://127.0.0.1:8080
#   JINGUO_LISTEN=0.0.0.0:8080 scripts/run.sh   (reachable from phones on the LAN)
# Data is kept in data/jinguo.sqlite3 (JINGUO_DB to change it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

scripts/setup.sh
scripts/build-frontend.sh
say "Building the server (profile 'server', frontend embedded)"
cargo build -p server --profile server
say "Starting the server with demo data; Ctrl-C stops it"
exec target/server/server serve --demo "$@"
