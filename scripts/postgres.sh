#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server, then stops the server
# and removes it:
#
#   scripts/postgres.sh COMMAND [ARGS…]
#
# COMMAND sees JINGUO_POSTGRES_URL (postgres://…@127.0.0.1:PORT/jinguo, a
# superuser with a random password, so it may create databases and schemas).
# Debian's `postgresql` package is installed when missing. The cluster lives
# in a new temporary directory, owned and run by a non-root user (PostgreSQL
# refuses root: as root, the `postgres` user the package makes), listens on
# 127.0.0.1 only, on a free port, with its unix socket in that directory.
# Durability is switched off (fsync, synchronous_commit): the data is thrown
# away at the end, and the tests then run several times faster.
set -euo pipefail
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS…]" >&2; exit 2; }

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  say "Installing PostgreSQL from Debian"
  $sudo apt-get update -qq
  # The package's own cluster is not needed (we make ours): do not create one.
  $sudo mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" |
    $sudo tee /etc/postgresql-common/createcluster.d/jinguo-no-main.conf >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

# Who runs the server: never root.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  as_owner=(runuser -u postgres --)
fi

dir="$(mktemp -d /tmp/jinguo-pg.XXXXXX)"
chmod 700 "$dir"
[ ${#as_owner[@]} -gt 0 ] && chown postgres: "$dir"
stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

password="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
printf '%s\n' "$password" > "$dir/pw"
[ ${#as_owner[@]} -gt 0 ] && chown postgres: "$dir/pw"
"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U jinguo --pwfile="$dir/pw" \
  --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
rm "$dir/pw"

# A free port: the kernel's pick for a socket bound to port 0 (node is there).
port_of_kernel() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
started=false
for _ in 1 2 3 4 5; do
  port="$(port_of_kernel)"
  if "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir \
          -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
          -c max_connections=300 -c shared_buffers=128MB" >/dev/null; then
    started=true
    break
  fi
done
$started || { cat "$dir/server.log" >&2; exit 1; }

export PGPASSWORD="$password"
"$bindir/psql" -q -h 127.0.0.1 -p "$port" -U jinguo -d postgres \
  -c "CREATE DATABASE jinguo ENCODING 'UTF8'" >/dev/null
unset PGPASSWORD
export JINGUO_POSTGRES_URL="postgres://jinguo:$password@127.0.0.1:$port/jinguo"
say "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"

# Not exec: the trap must stop the server when the command ends.
status=0
"$@" || status=$?
exit "$status"
