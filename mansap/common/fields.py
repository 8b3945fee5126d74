"""Model fields the apps share."""

from __future__ import annotations

from typing import Any

from django.db import models


class URLField(models.URLField):
    """A link: every form built from it (a ModelForm, the admin, a factory) reads an address without a scheme
    as https://, Django 6's default, instead of Django 5's http:// and its RemovedInDjango60Warning.

    It is Django's URLField in migrations (deconstruct names it), so declaring a field with it adds none.
    """

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"assume_scheme": "https", **kwargs})

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs
