#!/usr/bin/env bash
# Fail when a Kazakh or Russian catalog has untranslated or fuzzy entries.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
status=0
# The project catalog, plus the catalogs apps keep in their own locale/ folder (practice, surveys).
for po in mansap/locale/{kk,ru}/LC_MESSAGES/django.po mansap/*/locale/{kk,ru}/LC_MESSAGES/django.po; do
    if [ ! -f "$po" ]; then
        echo "error: $po is missing (run: make messages)" >&2
        status=1
        continue
    fi
    stats=$(msgfmt --check-format --statistics -o /dev/null "$po" 2>&1) || {
        echo "error: msgfmt rejected $po:" >&2
        echo "$stats" >&2
        status=1
        continue
    }
    echo "$po: $stats"
    if grep -qE "untranslated|fuzzy" <<<"$stats"; then
        echo "error: $po has untranslated or fuzzy entries:" >&2
        # Show where (msgattrib lists them with their source references).
        msgattrib --untranslated --no-obsolete "$po" 2>/dev/null | grep -E '^(#:|msgid)' | head -40 >&2 || true
        msgattrib --only-fuzzy --no-obsolete "$po" 2>/dev/null | grep -E '^(#:|msgid)' | head -40 >&2 || true
        status=1
    fi
done
exit $status
