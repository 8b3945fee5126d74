"""`{% cites "001" "§7.8" %}`: a page that enforces a clause of a regulation cites it (issue #17).

The first argument is a register code, or the number of one of the platform's own regulations as the
requirements digest cites them (000, 001, 002, 004). The tag prints the document's code and the clause, linked to
the version in force: staff who read the register reach the document's page; anyone else reaches the public
register when the document is public, and gets the code without a link when it is internal only. One query per
cited document and request (cached in the render context).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from mansap.core.access import VIEW, default_institution, institution_for
from mansap.regulations.choices import LIVE, Classification
from mansap.regulations.models import Document

register = template.Library()

# How the requirements digest names the platform's own regulations (services.preload registers them).
SEED_CODES = {
    "000": "KazUTB-CC-RPA-7.2-2025-01",
    "001": "KazUTB-CC-RPA-7.2-2025-02",
    "002": "ҚазТБУ-СДД-ПАК-5.3/9.3-2026-02",
    "004": "ПСП 11-02.112-2022",
}


def _cited(context: template.Context, code: str) -> dict[str, Any]:
    cache: dict[str, dict[str, Any]] = context.render_context.setdefault("regulations_cited", {})  # type: ignore[assignment,arg-type]
    if code in cache:
        return dict(cache[code])
    request = context.get("request")
    user = getattr(request, "user", None)
    institution = (institution_for(user) if user is not None and user.is_authenticated else None) or (
        default_institution()
    )
    document = (
        Document.objects.filter(institution=institution, code=code).prefetch_related("versions").first()
        if institution is not None
        else None
    )
    found: dict[str, Any] = {"code": code, "document": document, "version": None, "url": ""}
    if document is not None:
        found["version"] = next((v for v in document.versions.all() if v.status in LIVE), None)
        if user is not None and Document.objects.for_user(user, VIEW).filter(pk=document.pk).exists():
            found["url"] = document.get_absolute_url()
        elif document.classification == Classification.PUBLIC:
            found["url"] = f"{reverse('regulations:public_register')}?{urlencode({'q': code})}"
    cache[code] = found
    return dict(found)


@register.simple_tag(takes_context=True)
def cites(context: template.Context, code: str, clause: str = "") -> SafeString:
    code = SEED_CODES.get(code, code)
    data = _cited(context, code)
    data["clause"] = clause
    return SafeString(render_to_string("regulations/_cites.html", data))
