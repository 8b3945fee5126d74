#!/usr/bin/env bash
# Create .venv (if missing) and install the Python requirements into it.
#   scripts/venv.sh STAMP_FILE
# Installs requirements/test.txt pinned by requirements/lock.txt (reproducible);
# if the lock cannot be satisfied (stale pins, missing wheel), falls back to the
# plain ranges of requirements/test.txt. The Makefile skips this script while
# the stamp file is newer than every requirements file.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=${1:-.venv/.mansap-installed}

python_boot=${PYTHON:-}
if [ -z "$python_boot" ]; then
    python_boot=$(command -v python3.11 || command -v python3 || true)
fi

if [ ! -x .venv/bin/python ]; then
    if [ -z "$python_boot" ]; then
        echo "error: python3.11 not found" >&2
        exit 1
    fi
    # Debian ships venv/ensurepip separately.
    if ! "$python_boot" -c "import ensurepip, venv" >/dev/null 2>&1; then
        scripts/apt-ensure.sh "$(basename "$python_boot")-venv"
    fi
    echo "==> Creating .venv with $python_boot"
    "$python_boot" -m venv .venv
fi

pip=(.venv/bin/python -m pip --disable-pip-version-check)
export PIP_NO_INPUT=1
if [ -f requirements/lock.txt ] && "${pip[@]}" install -q -r requirements/test.txt -c requirements/lock.txt; then
    echo "==> Python requirements installed (pinned by requirements/lock.txt)"
else
    echo "==> Lock not usable; installing the ranges of requirements/test.txt" >&2
    "${pip[@]}" install -q -r requirements/test.txt
fi
touch "$stamp"
