"""Document templates kept as controlled documents (issue #17, R-021, R-152): one small interface for every app that
generates a document.

    text, version = template_in_force("practice.referral", "kk", institution=institution, on=day)
    body = render_text(text, {"student": "Aliyev A."})           # autoescaped HTML (SafeString)
    plain = render_text(text, {"student": "Aliyev A."}, plain=True)  # the same words, for DOCX/PDF writers

- `template_in_force` answers the text of the version in force on `on` (today by default) in `language`; without
  a register entry (a fresh install before `load_platform_regulations`) or a text in that language it answers the
  code's default (`DEFAULTS`) and version None. A generated document records the version it used; giving that
  version to `template_text` reproduces the old text after a newer one took effect.
- `render_text` renders with a separate Django template engine: no template loaders (no include/extends reach a
  file), {% load %}, {% include %}, {% extends %}, {% debug %} refused when a text is saved, only the context
  passed (plain strings are expected), autoescape on.
- `revise_template` (the owner or the quality department) stores new texts as the next minor version, approved by
  the acting user and in force from its effective date (the previous version ends that day): a minor version
  asks nobody to acknowledge it again.
- `ensure_templates` (run by `preload_platform_regulations`) registers the platform's templates with the code's
  texts as version 1.0, idempotently.

Adding a template: a `TemplateSpec` with its key, register code, titles and texts in kk/ru/en, in `DEFAULTS` (this
app) or through `register_template` (an app above, from its AppConfig.ready), and a call to
`template_in_force(key, …)` where the document is built; the generated record keeps the version it answered.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import is_regulation_editor
from mansap.regulations.choices import LANGUAGES, LIVE, WAS_IN_FORCE, Classification, DocumentType, VersionStatus
from mansap.regulations.models import Document, DocumentTemplate, DocumentVersion, TemplateText
from mansap.regulations.services.reviews import refresh_document

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    code: str  # the register code of the form (a KazUTB code: matches the default code patterns)
    titles: dict[str, str]
    texts: dict[str, str] = field(default_factory=dict)
    # The names the text may use ({{ student }} …), shown on the edit form.
    variables: tuple[str, ...] = ()
    # The developing unit in kk/ru/en ({"kk": …, "ru": …, "en": …}), written on the register's document.
    unit: dict[str, str] = field(default_factory=dict)
    # Who else revises the text, besides the quality department and the document's owner: the unit whose
    # document it is (the service desk maintains its certificates' texts, #16). A role predicate of core.access.
    editors: Callable[[MaybeUser], bool] | None = None


PRACTICE_VARIABLES = ("student", "organization", "institution", "practice_type", "period")

DEFAULTS: dict[str, TemplateSpec] = {
    spec.key: spec
    for spec in (
        TemplateSpec(
            "practice.referral",
            "KazUTB-CC-F-7.8-2025-01",
            {"kk": "Кәсіптік практикаға жолдама (нысан)", "ru": "Направление на профессиональную практику (форма)",
             "en": "Referral to professional practice (form)"},
            {
                "kk": "Университет төменде аталған студентті кәсіптік практикадан өту үшін Сіздің ұйымыңызға "
                      "жібереді және практика бағдарламасын орындау үшін жағдай жасауыңызды сұрайды.",
                "ru": "Университет направляет нижеуказанного студента в Вашу организацию для прохождения "
                      "профессиональной практики и просит обеспечить условия для выполнения программы практики.",
                "en": "The university sends the student named below to your organization for professional practice "
                      "and asks you to provide the conditions for completing the practice programme.",
            },
            PRACTICE_VARIABLES,
        ),
        TemplateSpec(
            "practice.notice",
            "KazUTB-CC-F-7.8-2025-02",
            {"kk": "Кәсіптік практиканың аяқталуы туралы хабарлама (нысан)",
             "ru": "Уведомление о завершении профессиональной практики (форма)",
             "en": "Notice of completion of professional practice (form)"},
            {
                "kk": "Жоғарыда аталған студент біздің ұйымымызда келесі мерзімде кәсіптік практикадан өткенін "
                      "растаймыз.\n\nОсы хабарламаны практика туралы есеппен және күнделікпен бірге кафедраға "
                      "қайтарыңыз.",
                "ru": "Подтверждаем, что вышеуказанный студент проходил профессиональную практику в нашей "
                      "организации в следующие сроки.\n\nВерните это уведомление на кафедру вместе с отчётом по "
                      "практике и дневником.",
                "en": "We confirm that the student named above did professional practice at our organization on "
                      "the following dates.\n\nReturn this notice to the department together with the practice "
                      "report and the diary.",
            },
            PRACTICE_VARIABLES,
        ),
        TemplateSpec(
            "practice.diary",
            "KazUTB-CC-F-7.8-2025-03",
            {"kk": "Кәсіптік практика күнделігі (нысан)", "ru": "Дневник профессиональной практики (форма)",
             "en": "Diary of professional practice (form)"},
            {
                "kk": "Әр жұмыс күні атқарылған жұмысты жазыңыз; ұйымнан практика жетекшісі жазбаларды тексеріп, "
                      "қол қояды.",
                "ru": "Записывайте выполненную работу за каждый рабочий день; руководитель практики от "
                      "организации проверяет записи и подписывает их.",
                "en": "Record the work done on each working day; the head of practice from the company checks the "
                      "records and signs them.",
            },
            PRACTICE_VARIABLES,
        ),
        TemplateSpec(
            "practice.report",
            "KazUTB-CC-F-7.8-2025-04",
            {"kk": "Практика туралы есеп нысаны", "ru": "Форма отчёта по практике", "en": "Practice report form"},
            {
                "kk": "Есепке ұйымнан практика жетекшісі қол қояды және ол практика базасының мөрімен расталады, "
                      "содан кейін күнделікпен бірге кафедраға тапсырылады.",
                "ru": "Отчёт подписывается руководителем практики от организации и заверяется печатью базы "
                      "практики, после чего сдаётся на кафедру вместе с дневником.",
                "en": "The report is signed by the head of practice from the company and certified with the seal of "
                      "the practice base, then submitted to the department with the diary.",
            },
            PRACTICE_VARIABLES,
        ),
    )
}  # fmt: skip


def register_template(spec: TemplateSpec) -> TemplateSpec:
    """Add another app's template (e.g. the service desk's certificates, from its AppConfig.ready): its key, register
    code, titles and default texts; `ensure_templates` then registers it like the practice ones."""
    DEFAULTS[spec.key] = spec
    return spec


# Tags a stored text may not use: they reach files or other libraries, or print the context.
FORBIDDEN_TAGS = re.compile(r"{%-?\s*(load|include|extends|debug|ssi|templatetag)\b")
ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], autoescape=True, libraries={}, debug=False)


def _spec(key: str) -> TemplateSpec:
    try:
        return DEFAULTS[key]
    except KeyError:
        raise LookupError(f"unknown document template {key!r}") from None


def _language(language: str) -> str:
    code = (language or "")[:2].lower()
    return code if code in LANGUAGES else "kk"


def document_for(key: str, institution: Institution) -> Document | None:
    found = DocumentTemplate.objects.filter(key=key, document__institution=institution).select_related("document")
    link = found.first()
    return link.document if link is not None else None


def version_on(document: Document, on: dt.date) -> DocumentVersion | None:
    """The version of `document` in force on `on`: it took effect on or before that day and had not ended."""
    return (
        document.versions.filter(status__in=WAS_IN_FORCE, effective_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .order_by("-effective_on", "-major", "-minor")
        .first()
    )


def version_in_force(key: str, institution: Institution, on: dt.date | None = None) -> DocumentVersion | None:
    """The version of the template `key` in force on `on` (today), or None (the code's default applies)."""
    _spec(key)
    document = document_for(key, institution)
    return version_on(document, on or timezone.localdate()) if document is not None else None


def template_text(key: str, language: str, version: DocumentVersion | None) -> str:
    """The text of `version` in `language` (the code's default when the version has none)."""
    language = _language(language)
    if version is not None:
        stored = TemplateText.objects.filter(version=version, language=language).values_list("text", flat=True)
        for text in stored:
            return str(text)
    return _spec(key).texts.get(language, "")


def template_in_force(
    key: str, language: str, *, institution: Institution | None = None, on: dt.date | None = None
) -> tuple[str, DocumentVersion | None]:
    """(text, version) of the template `key` in force on `on` (today) in `language`; (default text, None) when
    the register has no version in force."""
    version = version_in_force(key, institution, on) if institution is not None else None
    if institution is None:
        _spec(key)
    return template_text(key, language, version), version


def check_text(text: str) -> None:
    """ValidationError unless `text` is a template the sandbox renders."""
    if FORBIDDEN_TAGS.search(text):
        raise ValidationError(_("The text may not use the tags load, include, extends or debug."), code="bad_template")
    try:
        ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        raise ValidationError(
            _("The text is not a valid template: {error}").format(error=exc), code="bad_template"
        ) from None


def render_text(text: str, context: dict[str, Any], *, plain: bool = False) -> str:
    """The text rendered over `context` only, autoescaped; `plain` unescapes it for writers that escape
    themselves (WeasyPrint's HTML template, python-docx). A text that does not render answers itself."""
    if FORBIDDEN_TAGS.search(text):
        return text
    rendered: str
    try:
        rendered = ENGINE.from_string(text).render(Context(context, autoescape=True))
    except (TemplateSyntaxError, ValueError, TypeError):
        rendered = html.escape(text)
    return html.unescape(rendered) if plain else SafeString(rendered)


def paragraphs(text: str) -> list[str]:
    """The text cut at blank lines."""
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def may_revise(user: MaybeUser, document: Document) -> bool:
    """The document's owner, the quality department, or the unit its spec names (`TemplateSpec.editors`) edits a
    template's text."""
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if is_regulation_editor(user) or (document.owner_id is not None and document.owner_id == user.pk):
        return True
    spec = next((spec for spec in DEFAULTS.values() if spec.code == document.code), None)
    return bool(spec is not None and spec.editors is not None and spec.editors(user))


@transaction.atomic
def revise_template(
    document: Document,
    *,
    acting_user: MaybeUser,
    texts: dict[str, str],
    effective_on: dt.date | None = None,
    note: str = "",
) -> DocumentVersion:
    """The next minor version of a template with `texts` (a language left out keeps its current text), approved by
    the acting user and in force from `effective_on` (today); the version in force until then ends that day."""
    if not may_revise(acting_user, document):
        raise PermissionDenied
    link = DocumentTemplate.objects.filter(document=document).first()
    if link is None:
        raise ValidationError(_("This document is not a document template."))
    day = effective_on or timezone.localdate()
    if day < timezone.localdate():
        raise ValidationError({"effective_on": _("A new version cannot take effect in the past.")})
    for language, text in texts.items():
        if language not in LANGUAGES:
            raise ValidationError(_("Unknown language {language}.").format(language=language))
        check_text(text)
    current = version_on(document, day) or document.versions.filter(status__in=LIVE).first()
    latest = document.versions.order_by("-major", "-minor").first()
    name = getattr(acting_user, "display_name", "") or str(acting_user or "")
    version = DocumentVersion(
        document=document,
        major=latest.major if latest else 1,
        minor=(latest.minor + 1) if latest else 0,
        status=VersionStatus.IN_FORCE,
        approved_by_name=name[:200],
        approved_on=timezone.localdate(),
        effective_on=day,
        note=note or _("The text of the template was edited."),
    )
    version.full_clean()
    attributed(version, acting_user, reason="template revised").save()
    for language in LANGUAGES:
        given = texts.get(language)
        text = given if given is not None else template_text(link.key, language, current)
        TemplateText.objects.create(version=version, language=language, text=text)
    for other in document.versions.filter(status__in=LIVE).exclude(pk=version.pk):
        other.status = VersionStatus.SUPERSEDED
        other.ended_on = day
        attributed(other, acting_user, reason="superseded").save()
    refresh_document(document)
    return version


@transaction.atomic
def ensure_templates(
    institution: Institution, *, acting_user: MaybeUser = None, on: dt.date | None = None
) -> dict[str, int]:
    """Register every template of `DEFAULTS` not yet in the register: a public form, version 1.0 in force from
    `on` (1 September 2025 by default, the platform's first academic year) with the code's texts."""
    from mansap.regulations.services import documents as documents_services

    added = 0
    for spec in DEFAULTS.values():
        if document_for(spec.key, institution) is not None:
            continue
        document = Document.objects.filter(institution=institution, code=spec.code).first()
        if document is None:
            document = documents_services.create_document(
                institution=institution, acting_user=acting_user, code=spec.code, type=DocumentType.FORM,
                title_kk=spec.titles["kk"], title_ru=spec.titles["ru"], title_en=spec.titles["en"],
                classification=Classification.PUBLIC,
                **{f"unit_name_{language}": name for language, name in spec.unit.items() if language in LANGUAGES},
            )  # fmt: skip
        DocumentTemplate.objects.create(document=document, key=spec.key)
        if not document.versions.exists():
            version = DocumentVersion.objects.create(
                document=document, major=1, minor=0, status=VersionStatus.IN_FORCE,
                approved_by_position="Rector", approved_by_name="L.K. Baibolova",
                approved_on=on or dt.date(2025, 9, 1), effective_on=on or dt.date(2025, 9, 1),
                note="The texts the platform printed before the templates were kept in the register.",
            )  # fmt: skip
            for language in LANGUAGES:
                TemplateText.objects.create(version=version, language=language, text=spec.texts[language])
            refresh_document(document)
        added += 1
    return {"templates": added}
