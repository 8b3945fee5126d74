#!/usr/bin/env bash
# Fill untranslated entries of each app's catalog from the other apps' catalogs (same language).
# When code moves from one app to another, its strings move catalogs; their translations follow here
# instead of being typed again. A catalog's own translations always win (scripts/po_fill.py).
#   scripts/fill-messages.sh APP...
set -euo pipefail
cd "$(dirname "$0")/.."
apps=("$@")
for lang in kk ru; do
    for app in "${apps[@]}"; do
        po="mansap/$app/locale/$lang/LC_MESSAGES/django.po"
        [ -f "$po" ] || continue
        others=()
        for other in "${apps[@]}"; do
            other_po="mansap/$other/locale/$lang/LC_MESSAGES/django.po"
            [ "$other" != "$app" ] && [ -f "$other_po" ] && others+=("$other_po")
        done
        # makemessages guesses a "fuzzy" translation for a new string from a similar old one: often wrong
        # (a new message is not the old one reworded). Drop the guesses; the other catalogs or a translator fill them.
        python3 scripts/po_clear_fuzzy.py "$po"
        python3 scripts/po_fill.py "$po" "${others[@]}"
    done
done
