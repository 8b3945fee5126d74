"""django-tables2, made cheaper per cell without changing what it renders (issue #19).

django-tables2 calls every cell's render function through `utils.call_with_appropriate`, which inspected the
function's signature (`inspect.signature`) on every call: 300 cells of a list page meant 300 signatures, about
an eighth of the page's time. A function's parameters do not change, so `remember_signatures()` (called once,
from CommonConfig.ready) keeps django-tables2's answer per function: plain functions and bound methods (keyed by
the function under the method, and whether it is bound, since the bound signature drops `self`); any other
callable is inspected every time, as before.

Likewise a TemplateColumn given template code (every DateColumn and DateTimeColumn) compiled that code into a new
Template for every cell; `remember_templates()` keeps one compiled Template per code and template engine.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from django.template import Engine, Template
from django_tables2 import utils
from django_tables2.columns import templatecolumn

_original_signature: Callable[[Any], tuple[tuple[str, ...], str | None]] = utils.signature
_remembered: dict[tuple[Any, bool], tuple[tuple[str, ...], str | None]] = {}
_REMEMBER_AT_MOST = 4096  # functions made per request (closures) must not grow it without bound


def signature(fn: Any) -> tuple[tuple[str, ...], str | None]:
    """django_tables2.utils.signature, remembered per function (see the module's docstring)."""
    if isinstance(fn, types.MethodType) and isinstance(fn.__func__, types.FunctionType):
        key = (fn.__func__, True)
    elif isinstance(fn, types.FunctionType):
        key = (fn, False)
    else:
        return _original_signature(fn)
    found = _remembered.get(key)
    if found is None:
        found = _original_signature(fn)  # the bound method itself: its signature without `self`
        if len(_remembered) < _REMEMBER_AT_MOST:
            _remembered[key] = found
    return found


def remember_signatures() -> None:
    utils.signature = signature


_compiled: dict[tuple[str, Engine], Template] = {}


def compiled_template(template_code: str) -> Template:
    """Template(template_code), compiled once per code and default engine (templatecolumn's `Template`)."""
    key = (template_code, Engine.get_default())
    found = _compiled.get(key)
    if found is None:
        found = Template(template_code)
        if len(_compiled) < _REMEMBER_AT_MOST:
            _compiled[key] = found
    return found


def remember_templates() -> None:
    templatecolumn.Template = compiled_template
