"""The texts of the certificates the desk issues, kept in the register of controlled documents (issues #16, #17,
R-152): regulations.services.templates holds them, this module names them and fills them in.

- `SPECS`: one template per certificate that prints a body text: the three study certificates (for an employer
  or other place, for the State Centre for Pension Payments, for the military registration office), the archive
  certificate and the generic certificate; each a register form `KazUTB-SSC-F-8.3-2025-0N` with its kk/ru/en
  texts as printed before the texts moved to the register. `register()` (AppConfig.ready) adds them to the
  register's templates; `load_platform_regulations` then registers them as version 1.0.
- `template_key(service)`: the template of a service: its own code's when there is one, else its document kind's
  (a service the desk added with the kind "study certificate" prints the study certificate's text); None for the
  documents without a body text (transcript, diploma supplement, duplicate's data sheet).
- `text_in_force(document)`: (text, version) in force on the document's issue date in its language; the version
  is recorded on the IssuedDocument. `body(document)` renders the text the document was issued with (the recorded
  version's, so re-rendering an old document reproduces its old words) into paragraphs: the first one precedes
  the table of facts, the others follow it.
- `template_states(institution)`: what the catalogue page shows per template (code, version in force, since
  when, the languages the version holds) in three queries whatever the number of services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from mansap.core.access import is_service_desk_staff
from mansap.core.choices import StudentStatus
from mansap.core.models.base import translated
from mansap.regulations.choices import WAS_IN_FORCE
from mansap.regulations.models import DocumentTemplate, DocumentVersion, TemplateText
from mansap.regulations.services import templates
from mansap.regulations.services.templates import TemplateSpec
from mansap.servicedesk.choices import DocumentKind
from mansap.servicedesk.models import IssuedDocument, Service

PREFIX = "servicedesk.certificate."
VARIABLES = (
    "student", "iin", "institution", "program", "course", "admission_year", "study_form", "funding", "service",
    "destination", "graduated", "expelled", "graduation_date",
)  # fmt: skip
SERVICE_CENTER = {
    "kk": "Студенттерге қызмет көрсету орталығы",
    "ru": "Центр обслуживания студентов",
    "en": "Student Service Center",
}

# The paragraph every study certificate opens with, then the one naming where it goes.
_STUDY_KK = (
    "Осы анықтама {{ student }} (ЖСН {{ iin }}) {{ institution }} «{{ program }}» білім беру бағдарламасы "
    "бойынша {% if course %}{{ course }} курсында {% endif %}шынымен білім алатынын растау үшін берілді."
)
_STUDY_RU = (
    "Дана {{ student }} (ИИН {{ iin }}) в том, что он(а) действительно является обучающимся(-ейся) "
    "{% if course %}{{ course }} курса {% endif %}{{ institution }} по образовательной программе "
    "«{{ program }}»."
)
_STUDY_EN = (
    "This is to certify that {{ student }} (IIN {{ iin }}) is a student {% if course %}in year {{ course }} "
    "{% endif %}of {{ institution }}, enrolled in the educational programme “{{ program }}”."
)
_WHERE_KK = (
    "Анықтама {% if destination %}{{ destination }} ұсыну үшін{% else %}талап етілген жерге ұсыну үшін"
    "{% endif %} берілді."
)
_WHERE_RU = (
    "Справка выдана для предоставления {% if destination %}в: {{ destination }}{% else %}по месту "
    "требования{% endif %}."
)
_WHERE_EN = (
    "This certificate is issued for presentation {% if destination %}to: {{ destination }}{% else %}where "
    "required{% endif %}."
)


def _spec(code: str, number: int, titles: tuple[str, str, str], texts: tuple[str, str, str]) -> TemplateSpec:
    return TemplateSpec(
        key=PREFIX + code, code=f"KazUTB-SSC-F-8.3-2025-{number:02d}",
        titles=dict(zip(("kk", "ru", "en"), titles, strict=True)),
        texts=dict(zip(("kk", "ru", "en"), texts, strict=True)), variables=VARIABLES, unit=SERVICE_CENTER,
        editors=is_service_desk_staff,  # the desk maintains its catalogue's texts (#16), not only the quality dept
    )  # fmt: skip


SPECS: dict[str, TemplateSpec] = {
    spec.key: spec
    for spec in (
        _spec(
            "study_certificate", 1,
            ("Оқу орнынан анықтаманың мәтіні (жұмыс берушіге немесе талап етілген жерге)",
             "Текст справки с места учёбы (для работодателя или по месту требования)",
             "Text of the study certificate (for an employer or other place)"),
            (f"{_STUDY_KK}\n\n{_WHERE_KK}", f"{_STUDY_RU}\n\n{_WHERE_RU}", f"{_STUDY_EN}\n\n{_WHERE_EN}"),
        ),
        _spec(
            "study_certificate_gcvp", 2,
            ("Оқу орнынан анықтаманың мәтіні (Зейнетақы төлеу жөніндегі мемлекеттік орталыққа)",
             "Текст справки с места учёбы (для ГЦВП)",
             "Text of the study certificate (for the State Centre for Pension Payments)"),
            (f"{_STUDY_KK}\n\nАнықтама Зейнетақы төлеу жөніндегі мемлекеттік орталыққа ұсыну үшін берілді және "
             "ағымдағы оқу жылы ішінде жарамды.",
             f"{_STUDY_RU}\n\nСправка выдана для предоставления в Государственный центр по выплате пенсий (ГЦВП) и "
             "действительна в течение текущего учебного года.",
             f"{_STUDY_EN}\n\nThis certificate is issued for the State Centre for Pension Payments and is valid for "
             "the current academic year."),
        ),
        _spec(
            "study_certificate_military", 3,
            ("Оқу орнынан анықтаманың мәтіні (әскери есепке алу органына)",
             "Текст справки с места учёбы (для военкомата)",
             "Text of the study certificate (for the military registration office)"),
            (f"{_STUDY_KK}\n\nАнықтама әскерге шақырудан кейінге қалдыру үшін жергілікті әскери басқару органына "
             "(әскери комиссариатқа) ұсыну үшін берілді.",
             f"{_STUDY_RU}\n\nСправка выдана для предоставления в местный орган военного управления (военкомат) для "
             "получения отсрочки от призыва.",
             f"{_STUDY_EN}\n\nThis certificate is issued for the local military administration (military "
             "registration office) to defer conscription."),
        ),
        _spec(
            "archive_certificate", 4,
            ("Архивтік анықтаманың мәтіні", "Текст архивной справки", "Text of the archive certificate"),
            ("Осы анықтама {{ student }} (ЖСН {{ iin }}) {{ institution }} «{{ program }}» білім беру бағдарламасы "
             "бойынша {% if admission_year %}{{ admission_year }} жылдан бастап {% endif %}оқығанын және "
             "{% if graduated %}{{ graduation_date }} бітіргенін{% else %}оқудан шығарылғанын{% endif %} растайды."
             f"\n\n{_WHERE_KK}",
             "Дана {{ student }} (ИИН {{ iin }}) в том, что он(а) обучался(-ась) в {{ institution }} по "
             "образовательной программе «{{ program }}»{% if admission_year %} с {{ admission_year }} года"
             "{% endif %} и {% if graduated %}окончил(а) обучение {{ graduation_date }}{% else %}был(а) отчислен(а)"
             "{% endif %}.\n\nСправка выдана для предоставления {% if destination %}в: {{ destination }}{% else %}"
             "по месту требования{% endif %}.",
             "This is to certify that {{ student }} (IIN {{ iin }}) studied at {{ institution }} in the educational "
             "program “{{ program }}”{% if admission_year %} from {{ admission_year }}{% endif %} and "
             "{% if graduated %}graduated on {{ graduation_date }}{% else %}was expelled{% endif %}.\n\n"
             "Issued for presentation {% if destination %}to: {{ destination }}{% else %}where required{% endif %}."),
        ),
        _spec(
            "certificate", 5,
            ("Анықтаманың мәтіні (жалпы нысан)", "Текст справки (общая форма)", "Text of a certificate (general form)"),
            ("Осы анықтама {{ institution }} «{{ program }}» білім беру бағдарламасының {% if graduated %}түлегі"
             "{% elif expelled %}бұрынғы білім алушысы{% else %}білім алушысы{% endif %} {{ student }} (ЖСН {{ iin }}) "
             f"өтініші бойынша берілді: «{{{{ service }}}}».\n\n{_WHERE_KK}",
             "Дана {{ student }} (ИИН {{ iin }}), {% if graduated %}выпускнику(-це){% elif expelled %}бывшему(-ей) "
             "обучающемуся(-ейся){% else %}обучающемуся(-ейся){% endif %} {{ institution }} по образовательной "
             f"программе «{{{{ program }}}}», по заявлению: «{{{{ service }}}}».\n\n{_WHERE_RU}",
             "Issued to {{ student }} (IIN {{ iin }}), {% if graduated %}a graduate{% elif expelled %}a former student"
             "{% else %}a student{% endif %} of {{ institution }} in the educational programme “{{ program }}”, on "
             f"the request: “{{{{ service }}}}”.\n\n{_WHERE_EN}"),
        ),
    )
}  # fmt: skip

# The kinds whose PDF prints a body text, and the template a service of that kind falls back to.
KIND_KEYS = {
    DocumentKind.STUDY_CERTIFICATE: PREFIX + "study_certificate",
    DocumentKind.ARCHIVE_CERTIFICATE: PREFIX + "archive_certificate",
    DocumentKind.CERTIFICATE: PREFIX + "certificate",
}


def register() -> None:
    """Add the certificates' templates to the register's (from ServicedeskConfig.ready)."""
    for spec in SPECS.values():
        templates.register_template(spec)


def template_key(service: Service) -> str | None:
    """The template a service's document prints its body text from, or None (no body text)."""
    kind_key = KIND_KEYS.get(service.document_kind)  # type: ignore[call-overload]
    if kind_key is None:
        return None
    own = PREFIX + service.code
    return own if own in SPECS else kind_key


def text_in_force(document: IssuedDocument) -> tuple[str | None, DocumentVersion | None]:
    """(text, version) of the document's template in force on its issue date in its language; (None, None) for a
    document without a body text, (default text, None) without a register entry."""
    key = template_key(document.service)
    if key is None:
        return None, None
    return templates.template_in_force(key, document.language, institution=document.institution, on=document.issued_on)


def issued_text(document: IssuedDocument) -> str | None:
    """The text the document was issued with: its recorded version's, else (issued from the default, or before the
    versions were recorded) the one in force on its issue date."""
    key = template_key(document.service)
    if key is None:
        return None
    cached = document.__dict__.get("_certificate_text")
    if cached is not None:
        return str(cached)
    if document.template_version_id is not None:
        return templates.template_text(key, document.language, document.template_version)
    return text_in_force(document)[0]


def text_context(document: IssuedDocument) -> dict[str, str]:
    """The variables a certificate's text may use (VARIABLES), as plain strings in the document's language."""
    student, language = document.student, document.language
    program = student.program
    answers = (document.request.answers if document.request_id and document.request else {}) or {}
    return {
        "student": student.full_name,
        "iin": student.iin or "",
        "institution": translated(student.institution, "name", language),
        "program": " ".join(p for p in (program.code, translated(program, "name", language)) if p),
        "course": str(student.course or ""),
        "admission_year": str(student.admission_year or ""),
        "study_form": str(student.get_study_form_display()),
        "funding": str(student.get_funding_display()),
        "service": translated(document.service, "name", language),
        "destination": str(answers.get("destination") or ""),
        "graduated": "1" if student.status == StudentStatus.GRADUATED else "",
        "expelled": "1" if student.status == StudentStatus.EXPELLED else "",
        "graduation_date": student.graduation_date.strftime("%d.%m.%Y") if student.graduation_date else "",
    }


def body(document: IssuedDocument) -> list[str]:
    """The document's body text as plain paragraphs (the PDF template escapes them); [] without a body text."""
    text = issued_text(document)
    if text is None:
        return []
    return templates.paragraphs(templates.render_text(text, text_context(document), plain=True))


@dataclass(frozen=True)
class TemplateState:
    key: str
    document: Any  # regulations.Document, None while the register has no entry (the code's default text applies)
    version: DocumentVersion | None
    languages: tuple[str, ...]  # the languages the version in force holds a text in

    @property
    def code(self) -> str:
        return self.document.code if self.document is not None else SPECS[self.key].code


def template_states(institution_id: int, on: dt.date | None = None) -> dict[str, TemplateState]:
    """Per certificate template: the register's document, the version in force on `on` (today) and its languages;
    three queries whatever the number of templates."""
    day = on or timezone.localdate()
    links = {
        link.key: link.document
        for link in DocumentTemplate.objects.filter(
            key__in=list(SPECS), document__institution_id=institution_id
        ).select_related("document")
    }
    in_force: dict[int, DocumentVersion] = {}
    versions = DocumentVersion.objects.filter(
        document__in=list(links.values()), effective_on__lte=day, status__in=WAS_IN_FORCE
    ).order_by("document_id", "-effective_on", "-major", "-minor")
    for version in versions:
        if version.ended_on is not None and version.ended_on <= day:
            continue
        in_force.setdefault(version.document_id, version)
    languages: dict[int, list[str]] = {}
    texts = TemplateText.objects.filter(version__in=list(in_force.values())).order_by("version_id", "language")
    for version_id, language in texts.values_list("version_id", "language"):
        languages.setdefault(version_id, []).append(language)
    states = {}
    for key in SPECS:
        document = links.get(key)
        current = in_force.get(document.pk) if document is not None else None
        held = [lang for lang in ("kk", "ru", "en") if current is not None and lang in languages.get(current.pk, [])]
        states[key] = TemplateState(key, document, current, tuple(held))
    return states
