#!/usr/bin/env bash
# Check the Kazakh and Russian catalogs every app keeps in mansap/<app>/locale/:
# - an app that marks strings for translation has both catalogs (strings outside the apps
#   would have no catalog at all);
# - no catalog has untranslated or fuzzy entries.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
status=0
marks='gettext|\{% *(translate|trans|blocktranslate|blocktrans)[ %]'

if outside=$(grep -lE "$marks" mansap/*.py); then
    echo "error: strings marked for translation outside the apps have no catalog; move them into an app:" >&2
    echo "$outside" >&2
    status=1
fi

catalogs=()
for app in mansap/*/; do
    app=${app%/}
    [ -f "$app/apps.py" ] || continue
    if [ -d "$app/locale" ]; then
        catalogs+=("$app"/locale/{kk,ru}/LC_MESSAGES/django.po)
    elif grep -rqE --include='*.py' --include='*.html' --include='*.txt' "$marks" "$app"; then
        echo "error: $app marks strings for translation but has no locale/ folder" >&2
        echo "       (add it to MESSAGE_APPS in the Makefile, mkdir $app/locale, run: make messages)" >&2
        status=1
    fi
done

for po in "${catalogs[@]}"; do
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
