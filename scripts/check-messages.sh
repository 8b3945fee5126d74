#!/usr/bin/env bash
# Check the Kazakh and Russian catalogs every app keeps in mansap/<app>/locale/:
# - an app that marks strings for translation has both catalogs (strings outside the apps
#   would have no catalog at all);
# - no catalog has untranslated or fuzzy entries;
# - no msgid (with its msgctxt) is translated differently by two apps.
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

# The project-level catalog (LOCALE_PATHS): Kazakh for the strings Django and the libraries ship untranslated.
catalogs+=(mansap/locale/kk/LC_MESSAGES/django.po mansap/locale/kk/LC_MESSAGES/djangojs.po)

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

# Django merges the apps' catalogs into one: when two apps translate the same msgid (with the same
# msgctxt) differently, the app listed first in INSTALLED_APPS wins on every page and the other
# translation is never shown. Refuse that.
for lang in kk ru; do
    lang_catalogs=()
    for po in "${catalogs[@]}"; do
        [[ $po == */locale/$lang/* && -f $po ]] && lang_catalogs+=("$po")
    done
    python3 - "$lang" "${lang_catalogs[@]}" <<'PY' || status=1
import gettext
import subprocess
import sys
import tempfile

lang, catalogs = sys.argv[1], sys.argv[2:]
found = {}  # msgctxt\x04msgid or msgid -> {catalog: translation}
for po in catalogs:
    with tempfile.NamedTemporaryFile(suffix=".mo") as mo:
        subprocess.run(["msgfmt", "-o", mo.name, po], check=True)
        with open(mo.name, "rb") as fh:
            catalog = gettext.GNUTranslations(fh)._catalog
    for key, text in catalog.items():
        if isinstance(key, tuple):  # plural: (msgid, form index)
            key, text = key[0], {key[1]: text}
        if key:  # "" is the header
            entry = found.setdefault(key, {}).setdefault(po, {} if isinstance(text, dict) else text)
            if isinstance(text, dict):
                entry.update(text)
conflicts = 0
for key, by_po in sorted(found.items()):
    if len({repr(t) for t in by_po.values()}) > 1:
        conflicts += 1
        ctxt, _, msgid = key.rpartition("\x04")
        print(f"error: {lang} msgid {msgid!r}" + (f" (msgctxt {ctxt!r})" if ctxt else "") + " is translated differently:",
              file=sys.stderr)
        for po, text in by_po.items():
            print(f"    {po}: {text!r}", file=sys.stderr)
if conflicts:
    print(f"error: {conflicts} {lang} msgids have two translations; the app listed first in INSTALLED_APPS would win"
          " on every page. Where the meanings differ, give one of them a context (pgettext(), {% translate ..."
          " context \"...\" %}); else make the translations equal.", file=sys.stderr)
    sys.exit(1)
print(f"{lang}: {len(found)} msgids in {len(catalogs)} catalogs, none translated differently by two apps")
PY
done
exit $status
