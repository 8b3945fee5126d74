"""Demo data of the servicedesk app, its step of the demo (mansap/demo.py runs it after the student body).

Written through the services as the registrar (the desk) and the demo student, so every page has something to
show: the catalogue, requests in each status (one overdue, one waiting for the student, one entered at the desk
for a walk-in visitor), and the demo student's issued certificates (one in each language, one revoked).
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from mansap.common.demo import purge
from mansap.core.choices import StudentStatus
from mansap.core.models import Institution, Student, User
from mansap.servicedesk.models import IssuedDocument, RequestEvent, Service, ServiceRequest
from mansap.servicedesk.services import requests as svc
from mansap.servicedesk.services.catalogue import ensure_catalogue
from mansap.servicedesk.services.documents import revoke_document


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    ensure_catalogue(institution)
    if ServiceRequest.objects.filter(institution=institution).exists():
        return {}
    desk = User.objects.filter(username="registrar").first()
    me = Student.objects.filter(institution=institution, user__username="student").first()
    others = list(
        Student.objects.filter(institution=institution, status=StudentStatus.STUDYING, user__isnull=True)
        .select_related("program")
        .order_by("pk")[:6]
    )
    if me is None or len(others) < 6 or me.status != StudentStatus.STUDYING:
        return {}

    def code(value: str) -> Service:
        return Service.objects.get(institution=institution, code=value)

    now = timezone.now()
    with transaction.atomic():
        # The demo student: instant certificates in Kazakh and Russian (the Russian one revoked and issued again
        # in English), a military certificate in the queue.
        for language in ("kk", "ru"):
            svc.self_issue(code("study_certificate_gcvp"), me, language=language, acting_user=me.user)
        _, revoked = svc.self_issue(
            code("study_certificate"), me, language="ru", acting_user=me.user, answers={"destination": "Kaspi Bank"}
        )
        revoke_document(revoked, reason="Қате мекенжай / Неверный адресат", acting_user=desk)
        svc.self_issue(code("study_certificate"), me, language="en", acting_user=me.user,
                       answers={"destination": "Erasmus+ office"})  # fmt: skip
        svc.submit_request(code("study_certificate_military"), me, language="kk", acting_user=me.user, mail=False)
        transcript = svc.submit_request(code("transcript"), me, language="en", acting_user=me.user, mail=False)
        svc.take(transcript, acting_user=desk)
        svc.wait_for_student(transcript, note="Бағалар ведомосін әкеліңіз", acting_user=desk)
        # The queue: one of each status, one overdue (received two weeks ago), one entered at the desk.
        late = svc.submit_request(code("archive_certificate"), others[0], language="ru", acting_user=desk,
                                  channel="desk", received_at=now - dt.timedelta(days=14), mail=False)  # fmt: skip
        svc.take(late, acting_user=desk)
        ready = svc.submit_request(code("study_certificate_military"), others[1], language="kk", acting_user=desk,
                                   channel="desk", mail=False)  # fmt: skip
        svc.take(ready, acting_user=desk)
        svc.mark_ready(ready, acting_user=desk)
        issued = svc.submit_request(code("study_certificate_military"), others[2], language="ru", acting_user=desk,
                                    channel="desk", mail=False)  # fmt: skip
        svc.take(issued, acting_user=desk)
        svc.issue(issued, acting_user=desk)
        refused = svc.submit_request(code("transfer"), others[3], language="ru", acting_user=desk, channel="desk",
                                     answers={"reason": "Переезд в Алматы"}, mail=False)  # fmt: skip
        svc.refuse(refused, grounds="Нет вакантных мест на программе / Бағдарламада бос орын жоқ", acting_user=desk)
        cancelled = svc.submit_request(code("study_certificate_military"), others[4], language="kk",
                                       acting_user=desk, mail=False)  # fmt: skip
        svc.cancel(cancelled, note="Келушінің өтініші бойынша", acting_user=desk)
        svc.submit_request(code("academic_leave"), others[5], language="ru", acting_user=desk, mail=False,
                           answers={"reason": "Медицинские показания", "from_date": today.isoformat()})  # fmt: skip
    return {
        "service requests": ServiceRequest.objects.filter(institution=institution).count(),
        "issued documents": IssuedDocument.objects.filter(institution=institution).count(),
    }


def flush(institution: Institution) -> None:
    names = list(IssuedDocument.objects.filter(institution=institution).values_list("file", flat=True))
    purge(IssuedDocument.objects.filter(institution=institution))
    purge(RequestEvent.objects.filter(request__institution=institution))
    purge(ServiceRequest.objects.filter(institution=institution))
    for name in names:
        if name and default_storage.exists(name):
            default_storage.delete(name)
