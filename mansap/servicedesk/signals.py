"""The servicedesk app's receivers: a new institution gets the preloaded service catalogue at once
(services.catalogue.ensure_catalogue), so no page has to create it when read."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender="core.Institution", dispatch_uid="servicedesk.catalogue.institution")
def institution_created(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        from mansap.servicedesk.services.catalogue import ensure_catalogue

        ensure_catalogue(instance)
