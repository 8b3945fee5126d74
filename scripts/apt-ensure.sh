#!/usr/bin/env bash
# Install the given Debian packages, but only those that are missing.
#   scripts/apt-ensure.sh postgresql chromium gettext ...
# Runs `apt-get update` once and `apt-get install -y` only when something is
# missing; as root directly, otherwise through sudo when it is available.
set -euo pipefail

missing=()
for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "==> Installing missing Debian packages: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: apt-get not found; install these packages by hand: ${missing[*]}" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
    # Without a terminal (CI) sudo must not wait for a password.
    [ -t 0 ] || sudo=(sudo -n)
else
    echo "error: not root and sudo is not available; install by hand: ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
