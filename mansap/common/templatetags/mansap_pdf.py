"""Template filters for the PDFs WeasyPrint prints.

`css_string`: text for inside a double-quoted CSS string, the page footer's `content: "…"` in a `<style>`.
A style element's text is not HTML: `{{ title }}` there printed "&amp;" for "&" and "&#x27;" for an apostrophe,
and `escapejs` printed "u002D" for a hyphen. CSS wants its own escapes: a backslash before `\\` and `"`, `\\A ` for
a line break, and `<` written `\\3C ` so that no title can close the style element.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CSS_STRING = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\A ", "\r": "", "<": "\\3C "})


@register.filter
def css_string(value: object) -> SafeString:
    return mark_safe(str(value).translate(_CSS_STRING))
