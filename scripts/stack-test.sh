#!/usr/bin/env bash
# make test-stack (#18): the production stack on this machine, checked through nginx (stack/run_stack.py).
# A throwaway PostgreSQL (scripts/with-postgres.sh) under redis-server, two gunicorn application servers, a huey
# worker and nginx, all on free loopback ports in a temporary directory; everything stops at the end, also on
# failure. Needs Debian's postgresql, redis-server, nginx and openssl.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${MANSAP_STACK_INNER:-}" ]; then
    MANSAP_STACK_INNER=1 exec scripts/with-postgres.sh "$0" "$@"
fi
exec "${PYTHON:-.venv/bin/python}" stack/run_stack.py "$@"
