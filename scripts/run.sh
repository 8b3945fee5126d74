#!/usr/bin/env bash
# The development server with demo data: `make run` calls this after installing.
# Compiles translations, migrates the SQLite database, loads the demo, starts
# the huey worker in the background (stopped when this script exits) and
# serves http://127.0.0.1:8000 with DEBUG on.
set -euo pipefail
cd "$(dirname "$0")/.."

py=.venv/bin/python
addr=${RUN_ADDR:-127.0.0.1:8000}
export DEBUG=${DEBUG:-true}
mkdir -p "${MANSAP_VAR_DIR:-var}"

if compgen -G "mansap/*/locale/*/LC_MESSAGES/*.po" >/dev/null; then
    "$py" manage.py compilemessages --ignore=.venv --ignore=var -v0
fi
"$py" manage.py migrate --noinput -v1
"$py" manage.py seed_demo --consortium

worker_pid=
stop_worker() {
    if [ -n "$worker_pid" ] && kill -0 "$worker_pid" 2>/dev/null; then
        kill "$worker_pid" 2>/dev/null || true
        wait "$worker_pid" 2>/dev/null || true
    fi
}
trap stop_worker EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$py" manage.py run_huey &
worker_pid=$!

cat <<TABLE

  Mansap is starting at http://${addr}/   (API docs: http://${addr}/api/v1/docs/)

  Demo logins, all with the password  mansap-demo
    login      role                  sees
    ---------  --------------------  --------------------------------------------------
    admin      superuser             everything, plus the Django admin at /admin/
    cc         Career Center         whole university, edit
    registrar  Registrar's Office    whole university, edit
    rector     Management            whole university, read only
    dean       Dean's office         Faculty of Information Technologies, edit
    aigerim    department staff      Department of Information Systems, edit
    bolat      department staff      Department of Information Systems, read only
    dana       department staff      Department of Finance and Accounting, edit
    student    student               own student record (a graded practice)
    student2   student               own student record, a practice in progress: fills the diary
    ministry   consortium            the consortium page only: both demo universities, aggregates

  Background jobs (imports) run in the huey worker started alongside. Ctrl-C stops both.

TABLE

"$py" manage.py runserver "$addr"
