"""Abstract bases shared by the core models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class TranslatedNameModel(models.Model):
    """A name kept in Kazakh, Russian and English; `name` answers in the active language."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return translated(self, "name")


def translated(obj: object, field: str, language: str | None = None) -> str:
    """obj.<field>_<lang> for the active language, falling back to the others."""
    lang = (language or get_language() or "kk")[:2]
    order = [lang] + [code for code in ("kk", "ru", "en") if code != lang]
    for code in order:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""
