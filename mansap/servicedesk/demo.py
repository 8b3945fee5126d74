"""Demo data of the servicedesk app, its step of the demo (mansap/demo.py runs it after the student body).

Written through the services as the registrar (the desk) and the demo student, so every page has something to
show: the catalogue, requests in each status (one overdue, one waiting for the student, one entered at the desk
for a walk-in visitor), and the demo student's issued certificates (one in each language, one revoked).

The calendar and enquiries part (#16): the enquiry topics of the demo university routed to the Student Service
Center, the Career Center and the demo dean's office; a moved day off and its working Saturday this year; and
enquiries received over the last weeks, answered within and past the 2-hour target, taken, forwarded and still
open (one overdue), written through the services as the units' demo logins would, so every page has rows.

The calendar comes first: the requests' due dates count its moved days.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from mansap.common.demo import purge
from mansap.core.choices import StudentStatus
from mansap.core.demo import DEMO_DEAN_FACULTY, DEMO_DEPARTMENT_A, DEMO_DEPARTMENT_B
from mansap.core.models import Department, Faculty, Institution, Student, User
from mansap.servicedesk.models import (
    CalendarException,
    Enquiry,
    EnquiryTopic,
    ExceptionKind,
    InfoRequest,
    IssuedDocument,
    RequestEvent,
    Service,
    ServiceRequest,
    WorkingHours,
)
from mansap.servicedesk.services import calendar, enquiries, information
from mansap.servicedesk.services import requests as svc
from mansap.servicedesk.services.catalogue import ensure_catalogue
from mansap.servicedesk.services.documents import revoke_document


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    counts = _seed_enquiries(institution, rng=rng, today=today)
    counts |= _seed_requests(institution, rng=rng, today=today)
    return counts | _seed_information(institution, today=today)


def flush(institution: Institution) -> None:
    _flush_information(institution)
    _flush_requests(institution)
    _flush_enquiries(institution)


def _seed_requests(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
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
        # (an archive certificate is for expelled students and graduates: the late one is a transcript)
        late = svc.submit_request(code("transcript"), others[0], language="ru", acting_user=desk,
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
        # An issued transcript (its verify page shows a transcript).
        transcript_issued = svc.submit_request(code("transcript"), others[3], language="kk", acting_user=desk,
                                               channel="desk", mail=False)  # fmt: skip
        svc.take(transcript_issued, acting_user=desk)
        svc.issue(transcript_issued, acting_user=desk)
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


def _seed_information(institution: Institution, *, today: dt.date) -> dict[str, int]:
    """Requests for information to the demo department A (one answered, one overdue), department B and the demo
    dean's office, asked by the registrar and answered as aigerim."""
    if InfoRequest.objects.filter(institution=institution).exists():
        return {}
    desk = User.objects.filter(username="registrar").first()
    aigerim = User.objects.filter(username="aigerim").first()
    dept_a = Department.objects.filter(faculty__institution=institution, code=DEMO_DEPARTMENT_A).first()
    dept_b = Department.objects.filter(faculty__institution=institution, code=DEMO_DEPARTMENT_B).first()
    faculty = Faculty.objects.filter(institution=institution, code=DEMO_DEAN_FACULTY).first()
    if desk is None or aigerim is None or dept_a is None or dept_b is None or faculty is None:
        return {}
    about = ServiceRequest.objects.filter(institution=institution, service__code="academic_leave").first()
    now = timezone.now()
    with transaction.atomic():
        answered = information.ask_unit(
            institution=institution, department=dept_a, acting_user=desk, due_days=3,
            subject="Выписка из экзаменационной ведомости / Емтихан ведомосінен үзінді",
            text="Для академической справки студента: оценки за весенний семестр.", now=now - dt.timedelta(days=6),
        )  # fmt: skip
        reply = "Выписка подписана заведующим кафедрой, оригинал передан в ЦОС."
        extract = ContentFile("Выписка / Үзінді: 2025-2026, көктемгі семестр.\n".encode(), name="vypiska.txt")
        information.answer_info_request(answered, acting_user=aigerim, answer=reply, file=extract)
        information.ask_unit(
            institution=institution, department=dept_a, acting_user=desk, due_days=2, request=about,
            subject="Подтверждение академической задолженности / Академиялық қарызды растау",
            now=now - dt.timedelta(days=9),
        )  # fmt: skip
        information.ask_unit(institution=institution, department=dept_b, acting_user=desk, due_days=5,
                             subject="Справка о прохождении практики / Практикадан өту туралы анықтама")  # fmt: skip
        information.ask_unit(institution=institution, faculty=faculty, acting_user=desk, due_days=3,
                             subject="Приказ о переводе на грант / Грантқа ауыстыру туралы бұйрық")  # fmt: skip
    return {"requests for information": InfoRequest.objects.filter(institution=institution).count()}


def _flush_information(institution: Institution) -> None:
    found = InfoRequest.objects.filter(institution=institution)
    names = [name for name in found.values_list("answer_file", flat=True) if name]
    purge(found)
    for name in names:
        if default_storage.exists(name):
            default_storage.delete(name)


def _flush_requests(institution: Institution) -> None:
    names = list(IssuedDocument.objects.filter(institution=institution).values_list("file", flat=True))
    purge(IssuedDocument.objects.filter(institution=institution))
    purge(RequestEvent.objects.filter(institution=institution))
    purge(ServiceRequest.objects.filter(institution=institution))
    # The catalogue the seed (ensure_catalogue) made: it protects the institution.
    purge(Service.objects.filter(institution=institution))
    for name in names:
        if name and default_storage.exists(name):
            default_storage.delete(name)


TOPICS = [
    ("registrar", None, "Анықтамалар мен құжаттар", "Справки и документы", "Certificates and documents"),
    ("registrar", None, "Оқуға түсу", "Поступление", "Admissions"),
    ("career_center", None, "Жұмыс пен тағылымдама", "Работа и стажировки", "Jobs and internships"),
    ("dean", DEMO_DEAN_FACULTY, "Деканат: оқу процесі", "Деканат: учебный процесс", "Dean's office: studies"),
]

ENQUIRIES: list[tuple[int, int, int, str, str, str, tuple[str, Any]]] = [
    # topic, days ago, hour, language, name, message, then: answered after hours / forwarded / taken / open
    (0, 20, 10, "ru", "Асель Нурланова", "Как получить справку для ГЦВП?", ("answer", 1)),
    (0, 13, 16, "kk", "Ерлан Сейітов", "Әскери есепке анықтама қашан дайын болады?", ("answer", 4)),
    (1, 9, 11, "en", "Maria Ivanova", "Which documents do I need to apply for a master's program?", ("answer", 2)),
    (2, 6, 9, "kk", "Дана Омарова", "Жазғы тағылымдамаға қалай жазылуға болады?", ("answer", 1)),
    (3, 5, 15, "ru", "Тимур Ахметов", "Можно ли пересдать экзамен в летнем семестре?", ("forward", "registrar")),
    (0, 3, 10, "ru", "Алия Бекова", "Нужна архивная справка за 2015 год.", ("take", None)),
    (2, 0, 9, "en", "John Smith", "Do you organize a career fair this spring?", ("open", None)),
]


def _moved_days(year: int) -> tuple[dt.date, dt.date]:
    """A Friday in May made a day off and the Saturday a week later made a working day (as the government moved
    Friday 8 May 2026 to Saturday 16 May)."""
    day = dt.date(year, 5, 4)
    while day.weekday() != 4 or not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day, day + dt.timedelta(days=8)


def _seed_enquiries(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    if EnquiryTopic.objects.filter(institution=institution).exists():
        return {}
    registrar = User.objects.filter(username="registrar").first()
    staff = {"registrar": registrar, "career_center": User.objects.filter(username="cc").first(),
             "dean": User.objects.filter(username="dean").first()}  # fmt: skip
    off, working = _moved_days(today.year)
    notes = {"note_kk": f"{working:%d.%m} күніне ауыстырылды", "note_ru": f"Перенесён на {working:%d.%m}",
             "note_en": f"Moved to {working:%d.%m}"}  # fmt: skip
    calendar.save_exception(CalendarException(institution=institution), acting_user=registrar, date=off,
                            kind=ExceptionKind.DAY_OFF, **notes)  # fmt: skip
    calendar.save_exception(CalendarException(institution=institution), acting_user=registrar, date=working,
                            kind=ExceptionKind.WORKING_DAY, note_kk=f"{off:%d.%m} орнына", note_ru=f"За {off:%d.%m}",
                            note_en=f"Instead of {off:%d.%m}")  # fmt: skip
    topics = []
    for position, (role, faculty_code, kk, ru, en) in enumerate(TOPICS, start=1):
        faculty = Faculty.objects.filter(institution=institution, code=faculty_code).first() if faculty_code else None
        if role == "dean" and faculty is None:
            continue
        topic = EnquiryTopic(institution=institution, role=role, faculty=faculty, name_kk=kk, name_ru=ru, name_en=en,
                             position=position)  # fmt: skip
        topics.append(enquiries.save_topic(topic, acting_user=registrar))
    now = timezone.now()
    made = 0
    for index, days, hour, language, name, message, (action, value) in ENQUIRIES:
        topic = topics[min(index, len(topics) - 1)]
        day = today - dt.timedelta(days=days)
        received = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, rng.randrange(0, 60))))
        if received > now:
            received = now - dt.timedelta(minutes=30)
        email = f"enquiry{made + 1}@example.kz"
        enquiry = enquiries.submit_enquiry(topic=topic, name=name, email=email, message=message, language=language,
                                           now=received)  # fmt: skip
        unit_user = staff.get(topic.role)
        if action == "answer":
            answered = calendar.add_working_time(received, dt.timedelta(hours=value), institution=institution)
            answered = min(answered, now)
            enquiries.answer_enquiry(enquiry, acting_user=unit_user, answer=ANSWERS[language], now=answered)
        elif action == "forward":
            enquiries.forward_enquiry(enquiry, acting_user=unit_user, unit=value)
        elif action == "take":
            enquiries.take_enquiry(enquiry, acting_user=unit_user)
        made += 1
    return {"enquiry topics": len(topics), "calendar exceptions": 2, "enquiries": made}


ANSWERS = {
    "kk": "Сәлеметсіз бе! Анықтаманы Студенттерге қызмет көрсету орталығынан 2 жұмыс күні ішінде алуға болады.",
    "ru": "Здравствуйте! Справку можно получить в Центре обслуживания студентов в течение 2 рабочих дней.",
    "en": "Hello! You can find the list of documents on the admissions page; we are glad to help further.",
}


def _flush_enquiries(institution: Institution) -> None:
    purge(Enquiry.objects.filter(institution=institution))
    purge(EnquiryTopic.objects.filter(institution=institution))
    purge(CalendarException.objects.filter(institution=institution))
    purge(WorkingHours.objects.filter(institution=institution))
    calendar.clear_cache(institution)  # the raw deletes send no signal
