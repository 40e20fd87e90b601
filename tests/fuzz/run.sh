#!/usr/bin/env bash
# Property-based fuzzing of the API from its own OpenAPI document
# (Schemathesis, pinned with hashes in tests/fuzz/requirements.txt, installed
# into .tools/fuzz-venv) against the real server binary with demo data.
#
#   tests/fuzz/run.sh [SERVER_BIN]     default: $JINGUO_SERVER_BIN or target/server/server
#
# Every operation is fuzzed as each role (admin, cadre `hewan`, viewer
# `county`), each run on a fresh server so that no run's writes reach
# another. Requests that end sessions (logout, reset-password, revoke) get
# runs of their own, and so does signing in (on its own server: failed
# sign-ins lock accounts and slow the address down). Checks: no 5xx, every
# status and content type documented, bodies and headers as the schemas say,
# schema-violating requests refused, signed-in operations refusing no token,
# 405 with Allow for other methods. Not checked: that every schema-valid
# request is accepted — the schema cannot say the domain's rules (a kind the
# catalogue lacks, a date in the future, an organisation out of scope), and
# those are refused by design.
#
# One worker: Python 3.11's compile() is not safe across threads (it fails
# with "AST constructor recursion depth mismatch" inside Schemathesis), and
# the server has the other core.
#
# FUZZ_EXAMPLES (default 100: about 2.5 minutes on 2 cores) bounds the examples per operation and phase;
# FUZZ_SEED (default 20261206) makes a run repeatable.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

bin="${1:-${JINGUO_SERVER_BIN:-$root/target/server/server}}"
examples="${FUZZ_EXAMPLES:-100}"
seed="${FUZZ_SEED:-20261206}"
venv="$root/.tools/fuzz-venv"
requirements="$root/tests/fuzz/requirements.txt"
start=$SECONDS

if [ ! -x "$bin" ]; then
  echo "error: no server binary at $bin (cargo build -p server --profile server)" >&2
  exit 1
fi

# 1. Schemathesis, exactly as locked. A copy of the lock in the venv marks an
#    install of exactly that lock.
if ! cmp -s "$requirements" "$venv/.installed-requirements.txt" 2>/dev/null; then
  say "Installing Schemathesis (tests/fuzz/requirements.txt) into .tools/fuzz-venv"
  if ! python3 -m venv --clear "$venv"; then
    echo "error: python3 cannot make a virtual environment; run scripts/setup.sh --browser" >&2
    exit 1
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps \
    -r "$requirements"
  cp "$requirements" "$venv/.installed-requirements.txt"
fi
st="$venv/bin/st"
py="$venv/bin/python"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a fresh demo server named $1; sets $base to its URL.
start_server() {
  local log="$work/$1.log"
  "$bin" serve --demo --listen 127.0.0.1:0 --db "$work/$1.sqlite3" >"$log" 2>&1 &
  pids+=("$!")
  base=""
  for _ in $(seq 1 200); do
    base="$(sed -n 's/^Jinguo Ledger listening on \(http:\/\/[^ ]*\).*/\1/p' "$log" | head -n 1)"
    [ -n "$base" ] && return 0
    sleep 0.1
  done
  echo "error: the server did not start:" >&2
  cat "$log" >&2
  exit 1
}

# Prints a bearer token for demo account $1, signed in on the device the
# document's push example names (so that example is the session's own push).
token_for() {
  "$py" - "$base" "$1" <<'EOF'
import json, sys, urllib.request
base, username = sys.argv[1], sys.argv[2]
doc = json.load(urllib.request.urlopen(base + "/api/v1/openapi.json"))
push = doc["paths"]["/api/v1/sync/push"]["post"]["requestBody"]["content"]["application/json"]
body = json.dumps({"username": username, "password": "jinguo2026",
                   "device_id": push["example"]["device_id"], "device_label": "fuzz"}).encode()
req = urllib.request.Request(base + "/api/v1/auth/login", data=body,
                             headers={"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(req))["token"])
EOF
}

checks="not_a_server_error,status_code_conformance,content_type_conformance"
checks+=",response_headers_conformance,response_schema_conformance,negative_data_rejection"
checks+=",missing_required_header,unsupported_method,allow_header_conformance,ignored_auth"

# Signing in (slowed down per address after failures: fuzzed on a server of
# their own).
sign_ins='^/api/v1/auth/(login|first-password)$'
# Operations that end the session they are sent with (or another's).
session_enders='^/api/v1/(auth/logout|users/\{id\}/reset-password|devices/\{id\}/revoke)$'

# Its settings (a scratch directory holds no schemathesis.toml to find).
config="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/schemathesis.toml"
runs=0
failed_runs=0
# Runs Schemathesis as $1 (a label) over $base's document with extra arguments.
fuzz() {
  local label="$1"
  shift
  local out="$work/$label.out"
  runs=$((runs + 1))
  say "Fuzzing as $label"
  # Run from the scratch directory: Schemathesis keeps replay data in ./.schemathesis.
  if (cd "$work" && NO_COLOR=1 "$st" --config-file "$config" run "$base/api/v1/openapi.json" \
    --checks "$checks" --max-examples "$examples" --seed "$seed" --workers 1 \
    --request-timeout 30 "$@") >"$out" 2>&1; then
    grep -E '^ *Tested:|^ *[0-9]+ generated|^=+ .* in [0-9.]+s' "$out" | tr -d '=' | sed 's/^ */    /'
  else
    failed_runs=$((failed_runs + 1))
    cat "$out"
  fi
  cat "$out" >>"$work/all.out"
}

for who in admin:admin hewan:cadre county:viewer; do
  user="${who%%:*}"
  role="${who##*:}"
  start_server "$role"
  token="$(token_for "$user")"
  fuzz "$role ($user)" -H "Authorization: Bearer $token" \
    --exclude-path-regex "$sign_ins|$session_enders"
  start_server "$role-sessions"
  token="$(token_for "$user")"
  fuzz "$role ($user), requests that end sessions" -H "Authorization: Bearer $token" \
    --include-path-regex "$session_enders"
done
start_server "login"
fuzz "anyone, signing in" --include-path /api/v1/auth/login
# Its own server: each address is slowed down after its failures, and the
# two sign-ins together would wait twice as long.
start_server "first-password"
fuzz "anyone, signing in with a new password" --include-path /api/v1/auth/first-password

# The summary: operations, test cases, failures, time.
sum() { awk '{ s += $1 } END { print s + 0 }'; }
ops="$(sed -n 's/^ *Tested: \([0-9]*\).*/\1/p' "$work/all.out" | sum)"
cases="$(sed -n 's/^ *\([0-9]*\) generated.*/\1/p' "$work/all.out" | sum)"
total_ops="$(sed -n 's/^ *Selected: [0-9]*\/\([0-9]*\).*/\1/p' "$work/all.out" | head -n 1)"
say "Fuzzing: $runs runs, $ops operation runs over $total_ops operations, $cases test cases," \
  "$failed_runs failed runs, in $((SECONDS - start)) s"
[ "$failed_runs" -eq 0 ]
