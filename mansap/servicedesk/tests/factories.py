"""factory_boy factories of the servicedesk app's models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from mansap.servicedesk.models import Enquiry, EnquiryTopic
from mansap.servicedesk.services import calendar


def make_topic(institution: Any, role: str = "registrar", faculty: Any = None, **fields: Any) -> EnquiryTopic:
    defaults = {"name_kk": "Анықтамалар", "name_ru": "Справки", "name_en": "Certificates"}
    defaults.update(fields)
    return EnquiryTopic.objects.create(institution=institution, role=role, faculty=faculty, **defaults)


_serial = iter(range(1, 1_000_000))


def make_enquiry(topic: EnquiryTopic, received: dt.datetime | None = None, **fields: Any) -> Enquiry:
    """An enquiry as the form would record it, without its e-mail (services.enquiries.submit_enquiry sends one)."""
    received = received or timezone.now()
    n = next(_serial)
    defaults: dict[str, Any] = {
        "institution_id": topic.institution_id, "topic": topic, "role": topic.role, "faculty": topic.faculty,
        "name": f"Айгүл {n}", "email": f"visitor{n}@example.kz", "message": "Қашан?", "language": "kk",
        "received_at": received, "number": f"T-{n:06d}",
        "due_at": calendar.add_working_time(received, dt.timedelta(hours=float(topic.target_hours)),
                                            institution=topic.institution_id),
    }  # fmt: skip
    defaults.update(fields)
    return Enquiry.objects.create(**defaults)
