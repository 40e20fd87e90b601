#!/usr/bin/env bash
# Runs a command beside a throwaway S3-compatible server, then stops the server
# and removes its data:
#
#   scripts/s3.sh COMMAND [ARGS…]
#
# The server is s3s-fs (crates.io, pinned and installed into .tools/ by
# `scripts/setup.sh --s3`, run here when it is missing): objects as files in a
# new temporary directory, listening on 127.0.0.1 only, on a free port, with a
# random access key and secret. COMMAND sees what `server serve --blobs s3://…`
# reads (the object_store crate's usual environment):
#
#   AWS_ENDPOINT_URL       http://127.0.0.1:PORT
#   AWS_ACCESS_KEY_ID      random
#   AWS_SECRET_ACCESS_KEY  random
#   AWS_REGION             us-east-1
#   AWS_ALLOW_HTTP         true (a loopback server: no TLS)
#   JINGUO_S3_URL          s3://jinguo, an empty bucket
set -euo pipefail
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS…]" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin/s3s-fs"
[ -x "$bin" ] || "$root/scripts/setup.sh" --s3 >&2

dir="$(mktemp -d /tmp/jinguo-s3.XXXXXX)"
chmod 700 "$dir"
mkdir "$dir/data" "$dir/data/jinguo" # s3s-fs: a bucket is a directory under its root
pid=""
stop() {
  # Only the server this script started.
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap stop EXIT

# Hex: a base64 key may begin with '-', which the server's flag parser takes
# for a flag of its own (and the start fails, one run in 32).
key() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
access_key="$(key)"
secret_key="$(key)"

# A free port: the kernel's pick for a socket bound to port 0 (node is there).
port_of_kernel() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
# Up when it accepts a connection; given up if it exited (the port was taken
# meanwhile: then another port) or after 20 s.
started=false
for _ in 1 2 3 4 5; do
  port="$(port_of_kernel)"
  "$bin" --host 127.0.0.1 --port "$port" --access-key="$access_key" --secret-key="$secret_key" \
    "$dir/data" >"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      started=true
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  $started && break
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
done
$started || { cat "$dir/server.log" >&2; exit 1; }

export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID="$access_key"
export AWS_SECRET_ACCESS_KEY="$secret_key"
export AWS_REGION=us-east-1
export AWS_ALLOW_HTTP=true
export JINGUO_S3_URL="s3://jinguo"
say "S3 (s3s-fs $("$bin" --version | awk '{print $2}')) on 127.0.0.1:$port, bucket jinguo (data in $dir)"

# Not exec: the trap must stop the server when the command ends.
status=0
"$@" || status=$?
exit "$status"
