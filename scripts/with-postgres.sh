#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#   scripts/with-postgres.sh pytest -n 2
# Creates a temporary cluster (initdb) on a free 127.0.0.1 port with durability
# switched off, creates the superuser role and database "mansap", exports
# DATABASE_URL=postgres://mansap@127.0.0.1:PORT/mansap, runs the command and
# always stops the cluster and deletes its directory afterwards. The role is a
# superuser of the throwaway cluster, so pytest-django can create test_mansap*.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

if [ -z "${PG_BIN:-}" ]; then
    version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
    PG_BIN=/usr/lib/postgresql/${version}/bin
fi
if [ ! -x "$PG_BIN/initdb" ]; then
    echo "error: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2
    exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/mansap-pg.XXXXXX")
chmod 700 "$dir"

# initdb refuses to run as root: as root, the cluster belongs to the postgres system user.
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "error: running as root but there is no 'postgres' system user" >&2
        rm -rf "$dir"
        exit 1
    fi
    chown postgres: "$dir"
    as_owner() { (cd "$dir" && runuser -u postgres -- "$@"); }
else
    as_owner() { (cd "$dir" && "$@"); }
fi

started=0
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ "$started" -eq 1 ]; then
        as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
}

# A port picked free may be taken before the server binds it: try a few.
for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -c listen_addresses=127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
        started=1
        break
    fi
    echo "PostgreSQL did not start on port $port (attempt $attempt)" >&2
done
if [ "$started" -ne 1 ]; then
    cat "$dir/server.log" >&2 || true
    exit 1
fi

psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres)
"${psql[@]}" -c "CREATE ROLE mansap LOGIN SUPERUSER" -c "CREATE DATABASE mansap OWNER mansap"

export DATABASE_URL="postgres://mansap@127.0.0.1:${port}/mansap"
echo "==> Throwaway PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') at 127.0.0.1:$port ($dir)"
"$@"
