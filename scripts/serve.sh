#!/usr/bin/env bash
# Production serving (make serve): gunicorn, the huey workers and the periodic scheduler.
#   scripts/serve.sh            setup, then everything below on this machine; stops them all on exit
#   scripts/serve.sh setup      compile translations, migrate, collect static files (once per deployment)
#   scripts/serve.sh web        gunicorn only (deploy/gunicorn.conf.py; GUNICORN_BIND, GUNICORN_WORKERS ...)
#   scripts/serve.sh worker     one huey consumer that runs jobs, never enqueues periodic ones
#   scripts/serve.sh scheduler  the huey consumer that also enqueues the periodic jobs: ONE per deployment
# The environment (an env file, see README "Production") gives DATABASE_URL, REDIS_URL, SECRET_KEY,
# ALLOWED_HOSTS ...; without REDIS_URL the queue is the SQLite file under var/ and only this machine's
# processes share it (one scheduler, no separate workers). Everything runs in the foreground, so a
# supervisor (systemd: deploy/systemd/) restarts it; when one process of the full set stops, all stop.
#   HUEY_CONSUMERS   separate worker processes beside the scheduler (default 1; with REDIS_URL only)
#   HUEY_WORKERS     threads per consumer (settings.py)
set -euo pipefail
cd "$(dirname "$0")/.."

py=${PYTHON:-.venv/bin/python}
manage=("$py" manage.py)

setup() {
    if [ -z "${DATABASE_URL:-}" ]; then
        echo "serve.sh: DATABASE_URL is not set: using the SQLite file under ${MANSAP_VAR_DIR:-var}/" >&2
    fi
    mkdir -p "${MANSAP_VAR_DIR:-var}"
    if compgen -G "mansap/*/locale/*/LC_MESSAGES/*.po" >/dev/null; then
        "${manage[@]}" compilemessages --ignore=.venv --ignore=var --ignore=node_modules -v0
    fi
    "${manage[@]}" migrate --noinput -v1
    "${manage[@]}" collectstatic --noinput -v0
}

case "${1:-all}" in
    setup) setup; exit 0 ;;
    web) exec "$py" -m gunicorn -c deploy/gunicorn.conf.py ;;
    worker) exec "${manage[@]}" run_huey --no-periodic ;;
    scheduler) exec "${manage[@]}" run_huey ;;
    all) ;;
    *) echo "usage: $0 [setup|web|worker|scheduler]" >&2; exit 2 ;;
esac

setup

pids=()
stop_all() {
    local status=$?
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$0" scheduler &
pids+=($!)
if [ -n "${REDIS_URL:-}" ]; then
    for _ in $(seq 1 "${HUEY_CONSUMERS:-1}"); do
        "$0" worker &
        pids+=($!)
    done
fi
"$0" web &
pids+=($!)
echo "serve.sh: gunicorn on ${GUNICORN_BIND:-127.0.0.1:8000}, ${#pids[@]} processes (pids ${pids[*]})" >&2

# The first process to stop stops the others: the supervisor then restarts the whole set.
wait -n "${pids[@]}" || true
echo "serve.sh: a process stopped, stopping the others" >&2
exit 1
