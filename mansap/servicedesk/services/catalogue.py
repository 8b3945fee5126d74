"""The service catalogue: the eleven preloaded services, who may request each one, and a service's form.

`ensure_catalogue(institution)` creates the preloaded services an institution lacks (idempotent; it never
changes a service the desk has edited). It runs when an institution is created (signals.py), in the demo and in
the data migration for the institutions that existed before; no page calls it (a read never writes).
`eligibility_error(service, student)` answers whether a student may request a service: the study certificates
are for students who are studying (a graduate or an expelled student gets `not_eligible`), the transcript for
students and graduates, the archive certificate for expelled students and graduates, the diploma's services for
graduates, the return of documents and reinstatement for expelled students.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.core.choices import StudentStatus
from mansap.core.models import Institution, Student
from mansap.servicedesk.choices import DocumentKind, Eligibility, FieldType
from mansap.servicedesk.models import Service

E, K = Eligibility, DocumentKind

_DESTINATION = {
    "name": "destination",
    "label_kk": "Анықтама қайда ұсынылады",
    "label_ru": "Куда предоставляется справка",
    "label_en": "Where the certificate is presented",
    "type": FieldType.TEXT,
    "required": False,
}
_REASON = {
    "name": "reason",
    "label_kk": "Себебі",
    "label_ru": "Причина",
    "label_en": "Reason",
    "type": FieldType.TEXT,
    "required": True,
}
_FROM = {
    "name": "from_date",
    "label_kk": "Басталу күні",
    "label_ru": "С какой даты",
    "label_en": "From",
    "type": FieldType.DATE,
    "required": True,
}

# code, names (kk, ru, en), eligibility, SLA in working days, instant, approval, document, form fields
PRELOADED: list[tuple[str, tuple[str, str, str], str, int, bool, bool, str, list[dict[str, Any]]]] = [
    (
        "study_certificate",
        (
            "Оқу орнынан анықтама (жұмыс берушіге немесе талап етілген жерге)",
            "Справка с места учёбы (для работодателя или по месту требования)",
            "Study certificate (for an employer or other place)",
        ),
        E.STUDYING, 1, True, False, K.STUDY_CERTIFICATE, [_DESTINATION],
    ),
    (
        "study_certificate_gcvp",
        (
            "Оқу орнынан анықтама (Зейнетақы төлеу жөніндегі мемлекеттік орталыққа)",
            "Справка с места учёбы (для ГЦВП)",
            "Study certificate (for the State Centre for Pension Payments)",
        ),
        E.STUDYING, 1, True, False, K.STUDY_CERTIFICATE, [],
    ),
    (
        "study_certificate_military",
        (
            "Оқу орнынан анықтама (әскери есепке алу органына)",
            "Справка с места учёбы (для военкомата)",
            "Study certificate (for the military registration office)",
        ),
        E.STUDYING, 3, False, False, K.STUDY_CERTIFICATE, [],
    ),
    ("transcript", ("Транскрипт", "Транскрипт", "Transcript"), E.ENROLLED, 5, False, False, K.TRANSCRIPT, []),
    (
        "archive_certificate",
        ("Архивтік анықтама", "Архивная справка", "Archive certificate"),
        E.FORMER, 10, False, False, K.ARCHIVE_CERTIFICATE, [_DESTINATION],
    ),
    (
        "diploma_duplicate",
        ("Дипломның телнұсқасы", "Дубликат диплома", "Diploma duplicate"),
        E.GRADUATES, 30, False, True, K.DIPLOMA_DUPLICATE, [_REASON],
    ),
    (
        "diploma_supplement",
        (
            "Дипломға еуропалық қосымша",
            "Европейское приложение к диплому",
            "European Diploma Supplement",
        ),
        E.GRADUATES, 10, False, False, K.DIPLOMA_SUPPLEMENT, [],
    ),
    (
        "documents_return",
        (
            "Шығарылған білім алушыға түпнұсқа құжаттарды қайтару",
            "Возврат оригиналов документов отчисленному обучающемуся",
            "Return of original documents to an expelled student",
        ),
        E.EXPELLED, 3, False, False, K.NONE, [],
    ),
    (
        "academic_leave",
        ("Академиялық демалыс туралы өтініш", "Заявление на академический отпуск", "Academic leave application"),
        E.STUDYING, 5, False, True, K.NONE, [_REASON, _FROM],
    ),
    (
        "transfer",
        ("Ауыстыру туралы өтініш", "Заявление о переводе", "Transfer application"),
        E.STUDYING, 10, False, True, K.NONE, [_REASON],
    ),
    (
        "reinstatement",
        ("Қайта қабылдау туралы өтініш", "Заявление о восстановлении", "Reinstatement application"),
        E.EXPELLED, 10, False, True, K.NONE, [_REASON],
    ),
]  # fmt: skip
PRELOADED_CODES = tuple(row[0] for row in PRELOADED)


@transaction.atomic
def ensure_catalogue(institution: Institution, *, model: Any = None) -> int:
    """Create the preloaded services the institution lacks; the number created (0 the second time). `model`: the
    migration's historical Service (default: the current one)."""
    model = model or Service
    existing = set(model.objects.filter(institution_id=institution.pk).values_list("code", flat=True))
    created = 0
    for position, (code, (kk, ru, en), eligibility, sla, instant, approval, kind, fields) in enumerate(PRELOADED):
        if code in existing:
            continue
        model.objects.create(
            institution_id=institution.pk, code=code, name_kk=kk, name_ru=ru, name_en=en, eligibility=eligibility,
            sla_days=sla, instant=instant, needs_approval=approval, document_kind=kind,
            form_fields=[dict(f, type=str(f["type"])) for f in fields], position=(position + 1) * 10,
        )  # fmt: skip
        created += 1
    return created


def is_eligible(service: Service, student: Student) -> bool:
    if service.eligibility == Eligibility.ANY:
        return True
    if service.eligibility == Eligibility.STUDYING:
        return student.status == StudentStatus.STUDYING
    if service.eligibility == Eligibility.GRADUATES:
        return student.status == StudentStatus.GRADUATED
    if (
        service.eligibility == Eligibility.ENROLLED
    ):  # a transcript: not for an expelled student (their archive certificate)
        return student.status != StudentStatus.EXPELLED
    if service.eligibility == Eligibility.FORMER:
        return student.status in (StudentStatus.EXPELLED, StudentStatus.GRADUATED)
    return student.status == StudentStatus.EXPELLED


def check_eligible(service: Service, student: Student) -> None:
    """ValidationError (code not_eligible) unless the student may request the service; unknown_service when the
    service is inactive or of another institution."""
    if not service.is_active or service.institution_id != student.institution_id:
        raise ValidationError(_("This service is not offered."), code="unknown_service")
    if not is_eligible(service, student):
        raise ValidationError(
            _("{service} is only for {who}; the student's status is {status}.").format(
                service=service.name, who=service.get_eligibility_display(), status=student.get_status_display()
            ),
            code="not_eligible",
        )


def eligible_services(student: Student) -> list[Service]:
    services = Service.objects.filter(institution_id=student.institution_id, is_active=True)
    return [s for s in services if is_eligible(s, student)]


def clean_answers(service: Service, data: dict[str, Any]) -> dict[str, str]:
    """The answers to the service's form fields, as text; a ValidationError naming each missing or bad field."""
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field in service.fields():
        name = str(field["name"])
        value = str(data.get(name) or "").strip()
        if not value:
            if field.get("required"):
                errors[name] = _("This field is required.")
            continue
        if field.get("type") == FieldType.DATE:
            try:
                value = dt.date.fromisoformat(value).isoformat()
            except ValueError:
                errors[name] = _("Enter a date as YYYY-MM-DD.")
                continue
        elif field.get("type") == FieldType.CHOICE and value not in [str(c) for c in field.get("choices", [])]:
            errors[name] = _("Choose one of the options.")
            continue
        answers[name] = value[:1000]
    if errors:
        raise ValidationError(errors, code="invalid_answers")
    return answers


def field_label(field: dict[str, Any], language: str) -> str:
    return str(field.get(f"label_{language}") or field.get("label_en") or field.get("name"))
