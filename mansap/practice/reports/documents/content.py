"""Content builders: what each practice document says, in the language asked for.

Each builder takes the practice (and its placements, already loaded by `load_placements`) and a
language code, and returns a neutral `Document`. The text is written in the document's language
with `translation.override`, whatever the language of the screen; names of institutions,
departments, programs and organizations come from their `_kk/_ru/_en` fields.

Documents (regulation 001 §7.2, §7.5, §7.8, §9.2, §10.3, §11.5; R-021, R-022, R-025, R-026):
submission for the rector's order, package for the company, referral, notice of completion,
practice diary and practice report form.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from mansap.core.choices import Position
from mansap.core.models.base import translated
from mansap.practice.choices import PlacementStatus, PracticeKind
from mansap.practice.models import DiaryEntry, Placement, Practice, PracticeBase, PracticeOrder
from mansap.practice.reports.documents.structure import Block, Document, Fields, Page, Para, Signature, Spacer, Table
from mansap.regulations.services import templates

LANGUAGES = ("kk", "ru", "en")
PLACEMENT_RELATED = (
    "student__program__group",
    "base__organization",
    "supervisor",
    "order",
    "referral_template__document",  # the template versions an issued referral and notice keep
    "notice_template__document",
)
PRACTICE_RELATED = ("program__group", "department__faculty__institution", "academic_year")
DIARY_MAX_ROWS = 60

# The objectives of each type of practice (001 §9.2, §10.3, §11.5).
OBJECTIVES: dict[str, Sequence[Any]] = {
    PracticeKind.EDUCATIONAL: (
        gettext_lazy("familiarization with the main activities of the graduating department"),
        gettext_lazy("familiarization with the educational program"),
        gettext_lazy("general acquaintance with the legal form, structure and management system of the organization"),
        gettext_lazy("studying the types, functions and tasks of the future professional activity"),
        gettext_lazy("studying business correspondence and record keeping"),
        gettext_lazy("acquiring the skills of working in a team"),
    ),
    PracticeKind.PRODUCTION: (
        gettext_lazy("studying the types of professional activity in the specialty, their functions and tasks"),
        gettext_lazy(
            "consolidating theoretical knowledge and building professional skills and competencies on this basis"
        ),
        gettext_lazy("mastering innovative technologies and advanced labour and production methods"),
        gettext_lazy("gaining organizational and professional experience"),
        gettext_lazy("acquiring teamwork skills and competencies in the principles of corporate management"),
        gettext_lazy(
            "learning to plan one's own activities, establish useful contacts with colleagues, find one's "
            "professional role and develop a sense of responsibility"
        ),
    ),
    PracticeKind.PRE_GRADUATE: (
        gettext_lazy("collecting, processing and generalizing practical material on the topic of the thesis (project)"),
        gettext_lazy("analysing statistical data and practical material on the topic of the thesis"),
        gettext_lazy(
            "formulating conclusions, patterns, recommendations and proposals on the topic of the thesis (project)"
        ),
    ),
}

PURPOSE: dict[str, Any] = {
    PracticeKind.EDUCATIONAL: gettext_lazy(
        "To acquire primary professional competencies: to consolidate and deepen theoretical knowledge, to gain "
        "the first research skills, business correspondence skills and practical skills in the specialty."
    ),
    PracticeKind.PRODUCTION: gettext_lazy(
        "To consolidate professional competence and to acquire practical skills and professional experience."
    ),
    PracticeKind.PRE_GRADUATE: gettext_lazy(
        "To collect and analyse the practical material needed to complete the thesis (project)."
    ),
}


# ---- Formatting -----------------------------------------------------------------------------------------------
def language_code(language: str | None) -> str:
    code = (language or "")[:2].lower()
    return code if code in LANGUAGES else "kk"


def short_date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def long_date(value: dt.date, language: str) -> str:
    """A date written out with the month's name in the document's language (Babel: «3 ақпан 2026»)."""
    from babel.dates import format_date

    return format_date(value, format="long", locale=language_code(language))


def period(practice: Practice) -> str:
    return f"{short_date(practice.starts_on)} – {short_date(practice.ends_on)}"


def blank(width: int = 28) -> str:
    return "_" * width


def date_blank() -> str:
    return "«___» ______________ 20___"


def seal_place() -> str:
    return pgettext("seal on a document", "S.P. (seal place)")


def name_of(obj: Any, language: str) -> str:
    return translated(obj, "name", language) if obj is not None else ""


def kind_label(kind: str) -> str:
    return str(PracticeKind(kind).label)


def report_subtitle(kind: str) -> str:
    """'on production practice': one sentence per type, so each language can decline the words."""
    return {
        PracticeKind.EDUCATIONAL: _("on educational practice"),
        PracticeKind.PRODUCTION: _("on production practice"),
        PracticeKind.PRE_GRADUATE: _("on pre-graduate practice"),
    }[PracticeKind(kind)]


def supervisor_text(placement: Placement) -> str:
    """The department's head of practice: name, position and degree."""
    person = placement.supervisor
    if person is None:
        return ""
    parts = [person.full_name, str(Position(person.position).label) if person.position else ""]
    if person.academic_degree:
        parts.append(person.academic_degree)
    return ", ".join(p for p in parts if p)


def company_supervisor_text(placement: Placement) -> str:
    parts = [placement.company_supervisor_name, placement.company_supervisor_position]
    return ", ".join(p for p in parts if p)


def order_text(order: PracticeOrder | None) -> str:
    if order is None or not order.order_number:
        return ""
    return _("No. {number} of {date}").format(number=order.order_number, date=short_date(order.order_date))


def organization_name(base: PracticeBase, language: str) -> str:
    return name_of(base.organization, language)


def student_program(placement: Placement, language: str) -> str:
    program = placement.student.program
    return f"{program.code} {name_of(program, language)}" if program else ""


def program_text(practice: Practice, language: str) -> str:
    return f"{practice.program.code} {name_of(practice.program, language)}"


def letterhead(practice: Practice, language: str) -> list[Block]:
    department = practice.department
    institution = department.faculty.institution
    return [
        Para(name_of(institution, language), "letterhead", bold=True),
        Para(name_of(department, language), "letterhead"),
    ]


def place_and_year(practice: Practice) -> str:
    city = practice.department.faculty.institution.city
    return ", ".join(p for p in (city, str(practice.ends_on.year)) if p)


# ---- Texts kept in the register (regulations.services.templates) ---------------------------------------------
TEMPLATE_KEYS = {"referral": "practice.referral", "notice": "practice.notice", "diary": "practice.diary",
                 "report": "practice.report"}  # fmt: skip


def template_paras(
    practice: Practice, placement: Placement, doc: str, language: str, style: Any = "body"
) -> list[Para]:
    """The document's text from the register: the version recorded when the document was issued (referral,
    notice), else the version in force on the issue date, else today's; each version is looked up once per
    document (the practice carries the cache) and named in the document's `templates`."""
    key = TEMPLATE_KEYS[doc]
    recorded = getattr(placement, f"{doc}_template", None) if doc in ("referral", "notice") else None
    day = getattr(placement, f"{doc}_issued_on", None) or timezone.localdate()
    cache: dict[Any, tuple[str, Any]] = practice.__dict__.setdefault("_template_cache", {})
    slot = (key, language, recorded.pk if recorded is not None else day)
    if slot not in cache:
        if recorded is not None:
            cache[slot] = (templates.template_text(key, language, recorded), recorded)
        else:
            institution = practice.department.faculty.institution
            cache[slot] = templates.template_in_force(key, language, institution=institution, on=day)
    text, version = cache[slot]
    if version is not None:
        practice.__dict__.setdefault("_template_versions", set()).add(f"{version.document.code} v{version.number}")
    context = {
        "student": placement.student.full_name,
        "organization": organization_name(placement.base, language),
        "institution": name_of(practice.department.faculty.institution, language),
        "practice_type": kind_label(practice.kind),
        "period": period(practice),
    }
    return [Para(part, style) for part in templates.paragraphs(templates.render_text(text, context, plain=True))]


# ---- Loading (bounded queries) --------------------------------------------------------------------------------
def load_practice(practice: Practice) -> Practice:
    """The practice with everything the documents print (one query)."""
    return Practice.objects.select_related(*PRACTICE_RELATED).get(pk=practice.pk)


def load_placements(queryset: QuerySet[Placement], *, with_diary: bool = False) -> list[Placement]:
    """Active placements with their student, base, supervisors and order; the diary in one more query.

    The number of queries does not depend on the number of placements.
    """
    queryset = (
        queryset.exclude(status=PlacementStatus.CANCELLED)
        .select_related(*PLACEMENT_RELATED)
        .order_by("student__last_name", "student__first_name", "pk")
    )
    if with_diary:
        queryset = queryset.prefetch_related(
            Prefetch("diary", queryset=DiaryEntry.objects.order_by("day", "pk"), to_attr="diary_entries")
        )
    return list(queryset)


def _student_fields(placement: Placement, practice: Practice, language: str) -> list[tuple[str, str]]:
    student = placement.student
    return [
        (_("Student"), student.full_name),
        (_("Educational program"), student_program(placement, language)),
        (_("Course"), str(practice.course)),
        (_("Group"), student.group),
    ]


def _practice_fields(placement: Placement, practice: Practice, language: str) -> list[tuple[str, str]]:
    rows = [
        (_("Type of practice"), capfirst(kind_label(practice.kind))),
        (_("Practice base"), organization_name(placement.base, language)),
        (_("Address of the practice base"), placement.base.address or placement.base.organization.address),
        (_("Practice period"), period(practice)),
    ]
    if practice.kind == PracticeKind.PRE_GRADUATE and placement.thesis_topic:
        rows.append((_("Thesis topic"), placement.thesis_topic))
    return [(label, value) for label, value in rows if value]


def _supervisor_fields(placement: Placement) -> list[tuple[str, str]]:
    return [
        (_("Head of practice from the department"), supervisor_text(placement)),
        (_("Head of practice from the company"), company_supervisor_text(placement)),
    ]


def _placement_fields(placement: Placement, practice: Practice, language: str) -> list[tuple[str, str]]:
    """The student, the practice and both heads of practice: the fields of a student's document's title."""
    return (
        _student_fields(placement, practice, language)
        + _practice_fields(placement, practice, language)
        + _supervisor_fields(placement)
    )


def _issued_on(day: dt.date | None) -> Para:
    return Para(_("Issued on {date}").format(date=short_date(day) if day else date_blank()), "center")


def _base_head_signature(placement: Placement, language: str) -> Signature:
    """The signature of the head of the practice base, under its seal."""
    organization = organization_name(placement.base, language)
    return Signature(_("Head of {organization}").format(organization=organization), seal=seal_place(), date_line=True)


def _head_of_department(practice: Practice, language: str) -> Signature:
    role = _("Head of the department")  # outside the f-string, so makemessages finds it
    return Signature(f"{role}\n{name_of(practice.department, language)}")


def _file_name(title: str, *parts: str) -> str:
    return " ".join(p for p in (title, *parts) if p)


# ---- 1. Submission for the rector's order (R-022, 001 §7.2) ---------------------------------------------------
def submission(
    practice: Practice, placements: Sequence[Placement], language: str, order: PracticeOrder | None = None
) -> Document:
    language = language_code(language)
    with translation.override(language):
        title = _("Submission for the rector's order")
        page = Page(letterhead(practice, language))
        institution = practice.department.faculty.institution
        page.add(
            Para(_("To the Rector of {institution}").format(institution=name_of(institution, language)), "right"),
            Spacer(),
            Para(title.upper(), "title"),
            Para(_("on sending students to professional practice"), "subtitle"),
            Fields(
                [
                    (_("Type of practice"), capfirst(kind_label(practice.kind))),
                    (_("Educational program"), program_text(practice, language)),
                    (_("Course"), str(practice.course)),
                    (_("Credits (ECTS)"), str(practice.credits)),
                    (_("Practice period"), period(practice)),
                    (_("Academic year"), practice.academic_year.name),
                ]
            ),
            Para(
                _(
                    "The department asks to send the students listed below to professional practice for the "
                    "period stated, at the practice bases and under the heads of practice shown."
                )
            ),
            Table(
                [
                    pgettext("row number", "No."),
                    _("Full name of the student"),
                    _("Group"),
                    _("Practice base"),
                    _("Head of practice from the department"),
                    _("Head of practice from the company"),
                ],
                [
                    [
                        str(number),
                        p.student.full_name,
                        p.student.group,
                        organization_name(p.base, language),
                        supervisor_text(p),
                        company_supervisor_text(p),
                    ]
                    for number, p in enumerate(placements, 1)
                ],
                widths=[4, 20, 9, 22, 24, 21],
                numeric={0},
                small=True,
            ),
            Para(_("Number of students: {count}").format(count=len(placements)), "note"),
            Spacer(),
            _head_of_department(practice, language),
            Signature(_("Date"), short_date(order.submitted_on) if order and order.submitted_on else ""),
        )
        if order is not None and order.order_number:
            page.add(
                Spacer(),
                Fields([(_("Rector's order"), order_text(order))]),
            )
        else:
            page.add(
                Spacer(),
                Fields([(_("Rector's order"), _("No. {blank} of {date}").format(blank=blank(10), date=blank(12)))]),
            )
        return Document(
            title=title,
            filename=_file_name(title, practice.program.code, capfirst(kind_label(practice.kind))),
            language=language,
            pages=[page],
            footer=f"{practice.program.code} · {kind_label(practice.kind)} · {period(practice)}",
        )


# ---- 2. Package for the company (R-025, 001 §7.8) -------------------------------------------------------------
def weeks(start: dt.date, end: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    """The practice period cut into weeks of seven days from its first day (the last may be shorter)."""
    out = []
    day, number = start, 1
    while day <= end:
        last = min(day + dt.timedelta(days=6), end)
        out.append((number, day, last))
        day, number = last + dt.timedelta(days=1), number + 1
    return out


def calendar_schedule(practice: Practice) -> list[list[str]]:
    """Rows of the calendar schedule: week, dates, content (arrival and briefing first, the report last)."""
    objectives = [capfirst(str(o)) for o in OBJECTIVES.get(practice.kind, ())]
    first = _(
        "Arrival at the practice base, occupational safety briefing at the workplace, acquaintance with the "
        "organization and its internal regulations"
    )
    last = _("Completing the diary and the report, the characterization by the head of practice from the company")
    periods = weeks(practice.starts_on, practice.ends_on)
    contents: list[list[str]] = [[] for _week in periods]
    contents[0].append(first)
    middle = list(range(1, len(periods) - 1)) or [0]
    for index, objective in enumerate(objectives):
        contents[middle[index * len(middle) // max(len(objectives), 1)]].append(objective)
    for index in middle:
        if not contents[index]:
            contents[index].append(_("Performing the tasks of the practice programme at the practice base"))
    contents[-1].append(last)
    return [
        [str(number), f"{short_date(start)} – {short_date(end)}", "; ".join(contents[i])]
        for i, (number, start, end) in enumerate(periods)
    ]


def students_per_group(placements: Iterable[Placement], language: str) -> list[list[str]]:
    """Number of students per group of educational programs (by group code), with the programs."""
    groups: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for placement in sorted(
        placements,
        key=lambda p: (getattr(p.student.program.group, "code", "~"), p.student.program.code),
    ):
        program = placement.student.program
        group = program.group
        key = group.code if group else "—"
        entry = groups.setdefault(key, {"name": name_of(group, language) if group else "", "programs": {}, "n": 0})
        entry["programs"].setdefault(program.code, name_of(program, language))
        entry["n"] += 1
    return [
        [
            code,
            entry["name"],
            "; ".join(f"{c} {n}" for c, n in entry["programs"].items()),
            str(entry["n"]),
        ]
        for code, entry in groups.items()
    ]


def company_package(
    practice: Practice,
    base: PracticeBase,
    placements: Sequence[Placement],
    language: str,
    contract: Any = None,
    today: dt.date | None = None,
) -> Document:
    language = language_code(language)
    with translation.override(language):
        title = _("Package for the practice base")
        organization = organization_name(base, language)
        institution = practice.department.faculty.institution
        kind = kind_label(practice.kind)
        # Cover letter
        letter = Page(letterhead(practice, language))
        letter.add(
            Para(_("To the head of {organization}").format(organization=organization), "right"),
            Spacer(),
            Para(_("Cover letter"), "title"),
            Para(
                _(
                    "{institution} submits for your approval the programme of professional practice, the "
                    "calendar schedule and the number of students per group of educational programs for the "
                    "practice listed below."
                ).format(institution=name_of(institution, language))
            ),
            Fields(
                [
                    (_("Type of practice"), capfirst(kind)),
                    (_("Educational program"), program_text(practice, language)),
                    (_("Course"), str(practice.course)),
                    (_("Practice period"), period(practice)),
                    (_("Number of students"), str(len(placements))),
                ]
                + ([(_("Contract on professional practice"), _contract_text(contract))] if contract else [])
            ),
            Para(
                _("Please approve the programme and the calendar schedule and return a signed copy to the department.")
            ),
            Spacer(),
            _head_of_department(practice, language),
            Para(long_date(today or timezone.localdate(), language), "note"),
        )
        # Programme summary and calendar schedule
        programme = Page(
            [
                Para(_("Programme of professional practice"), "title"),
                Para(capfirst(kind), "subtitle"),
                Fields(
                    [
                        (_("Educational program"), program_text(practice, language)),
                        (_("Course"), str(practice.course)),
                        (_("Credits (ECTS)"), str(practice.credits)),
                        (_("Practice period"), period(practice)),
                        (_("Practice base"), organization),
                    ]
                ),
                Para(_("Purpose"), "heading"),
                Para(str(PURPOSE.get(practice.kind, ""))),
                Para(_("Objectives"), "heading"),
                *[
                    Para(f"{number}. {capfirst(str(objective))}")
                    for number, objective in enumerate(OBJECTIVES.get(practice.kind, ()), 1)
                ],
                Para(_("Calendar schedule"), "heading"),
                Table(
                    [_("Week"), _("Dates"), _("Content of work")],
                    calendar_schedule(practice),
                    widths=[8, 24, 68],
                    numeric={0},
                ),
            ]
        )
        students = Page(
            [
                Para(_("Number of students per group of educational programs"), "heading"),
                Table(
                    [_("Group code"), _("Group of educational programs"), _("Educational programs"), _("Students")],
                    students_per_group(placements, language),
                    widths=[12, 34, 42, 12],
                    numeric={3},
                ),
                Para(_("List of students"), "heading"),
                Table(
                    [
                        pgettext("row number", "No."),
                        _("Full name of the student"),
                        _("Educational program"),
                        _("Group"),
                        _("Head of practice from the department"),
                    ],
                    [
                        [
                            str(number),
                            p.student.full_name,
                            p.student.program.code,
                            p.student.group,
                            supervisor_text(p),
                        ]
                        for number, p in enumerate(placements, 1)
                    ],
                    widths=[6, 30, 14, 14, 36],
                    numeric={0},
                    small=True,
                ),
                Spacer(),
                Para(pgettext("approval stamp", "APPROVED"), "heading"),
                Signature(
                    _("Head of {organization}").format(organization=organization), seal=seal_place(), date_line=True
                ),
            ]
        )
        return Document(
            title=title,
            filename=_file_name(title, organization, practice.program.code),
            language=language,
            pages=[letter, programme, students],
            footer=f"{organization} · {practice.program.code} · {period(practice)}",
        )


def _contract_text(contract: Any) -> str:
    if contract is None:
        return ""
    return _("No. {number} of {date}").format(
        number=contract.number, date=short_date(contract.signed_on or contract.valid_from)
    )


# ---- 3. Referral (R-026) --------------------------------------------------------------------------------------
def referral_pages(practice: Practice, placement: Placement, language: str) -> list[Page]:
    page = Page(letterhead(practice, language))
    organization = organization_name(placement.base, language)
    page.add(
        Para(_("To the head of {organization}").format(organization=organization), "right"),
        Spacer(),
        Para(_("Referral to professional practice").upper(), "title"),
        _issued_on(placement.referral_issued_on),
        *template_paras(practice, placement, "referral", language),
        Fields(
            _placement_fields(placement, practice, language)
            + ([(_("Rector's order"), order_text(placement.order))] if order_text(placement.order) else [])
        ),
        Spacer(),
        _head_of_department(practice, language),
        Signature(
            _("Head of practice from the department"), placement.supervisor.short_name if placement.supervisor else ""
        ),
        Para(seal_place(), "note"),
    )
    return [page]


def referrals(practice: Practice, placements: Sequence[Placement], language: str) -> Document:
    return _per_student_document(
        practice, placements, language, lambda: _("Referral to professional practice"), referral_pages
    )


def _per_student_document(
    practice: Practice,
    placements: Sequence[Placement],
    language: str,
    title: Callable[[], str],
    pages_of: Callable[[Practice, Placement, str], list[Page]],
) -> Document:
    """One document with the pages of each student in turn (a single student: their own file name)."""
    language = language_code(language)
    with translation.override(language):
        title_text = title()
        pages = [page for placement in placements for page in pages_of(practice, placement, language)]
        used = sorted(practice.__dict__.pop("_template_versions", set()))
        practice.__dict__.pop("_template_cache", None)
        footer = f"{practice.program.code} · {kind_label(practice.kind)} · {period(practice)}"
        return Document(
            title=title_text,
            filename=_per_student_name(title_text, practice, placements),
            language=language,
            pages=pages,
            footer=" · ".join(p for p in (footer, ", ".join(used)) if p),
            templates=used,
        )


def _per_student_name(title: str, practice: Practice, placements: Sequence[Placement]) -> str:
    if len(placements) == 1:
        return _file_name(title, placements[0].student.full_name)
    return _file_name(title, practice.program.code, capfirst(kind_label(practice.kind)))


# ---- 4. Notice of completion (R-026) --------------------------------------------------------------------------
def notice_pages(practice: Practice, placement: Placement, language: str) -> list[Page]:
    notice_text = template_paras(practice, placement, "notice", language)
    page = Page(letterhead(practice, language))
    page.add(
        Spacer(),
        Para(_("Notice of completion of professional practice").upper(), "title"),
        _issued_on(placement.notice_issued_on),
        Fields(_student_fields(placement, practice, language) + _practice_fields(placement, practice, language)),
        Para(_("To be completed by the practice base"), "heading"),
        *notice_text[:1],
        Fields(
            [
                (_("Arrived at the practice base on"), date_blank()),
                (_("Left the practice base on"), date_blank()),
                (_("Remarks"), blank(40)),
            ]
        ),
        Spacer(),
        Signature(_("Head of practice from the company"), placement.company_supervisor_name),
        _base_head_signature(placement, language),
        Spacer(),
        *[Para(part.text, "note") for part in notice_text[1:]],
    )
    return [page]


def notices(practice: Practice, placements: Sequence[Placement], language: str) -> Document:
    return _per_student_document(
        practice, placements, language, lambda: _("Notice of completion of professional practice"), notice_pages
    )


# ---- 5. Diary (R-021, R-029) ----------------------------------------------------------------------------------
def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while day <= end and len(days) < DIARY_MAX_ROWS:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def diary_pages(practice: Practice, placement: Placement, language: str) -> list[Page]:
    title_page = Page(letterhead(practice, language))
    title_page.add(
        Spacer(3),
        Para(_("Diary of professional practice").upper(), "title"),
        Para(capfirst(kind_label(practice.kind)), "subtitle"),
        Spacer(2),
        Fields(_placement_fields(placement, practice, language)),
        Spacer(3),
        Para(place_and_year(practice), "center"),
    )
    entries = getattr(placement, "diary_entries", None)
    if entries is None:
        entries = list(placement.diary.order_by("day", "pk"))
    if entries:
        rows = [[short_date(e.day), e.work_done, e.supervisor_remark] for e in entries]
        blank_rows, tall = 3, False
    else:
        rows = [[short_date(day), "", ""] for day in working_days(practice.starts_on, practice.ends_on)]
        blank_rows, tall = (0 if rows else 10), True
    records = Page(
        [
            Para(_("Daily records"), "heading"),
            *template_paras(practice, placement, "diary", language, "note"),
            Table(
                [_("Date"), _("Work done"), _("Remarks and signature of the head of practice")],
                rows,
                widths=[14, 58, 28],
                blank_rows=blank_rows,
                numeric={0},
                tall=tall,
            ),
        ]
    )
    closing = Page(
        [
            Para(_("Characterization of the student by the head of practice from the company"), "heading"),
            Para(placement.characterization or ""),
            Table([""], [], blank_rows=0 if placement.characterization else 8),
            Spacer(),
            Fields([(_("Recommended grade"), blank(20))]),
            Spacer(),
            Signature(_("Head of practice from the company"), placement.company_supervisor_name),
            _base_head_signature(placement, language),
            Spacer(),
            Signature(
                _("Head of practice from the department"),
                placement.supervisor.short_name if placement.supervisor else "",
            ),
        ]
    )
    return [title_page, records, closing]


def diaries(practice: Practice, placements: Sequence[Placement], language: str) -> Document:
    return _per_student_document(
        practice, placements, language, lambda: _("Diary of professional practice"), diary_pages
    )


# ---- 6. Report form (R-021, R-031) ----------------------------------------------------------------------------
def report_structure(practice: Practice) -> list[str]:
    headings = [_("Introduction: purpose and objectives of the practice")]
    if practice.kind == PracticeKind.PRE_GRADUATE:
        headings.append(_("1. Description of the practice base and the object of the thesis research"))
    else:
        headings.append(_("1. General description of the practice base: legal form, structure and management"))
    for number, objective in enumerate(OBJECTIVES.get(practice.kind, ()), 2):
        headings.append(f"{number}. {capfirst(str(objective))}")
    headings += [
        _("Conclusion: results of the practice, skills acquired, proposals"),
        _("List of sources used"),
        _("Appendices: the diary, the characterization and the notice of completion"),
    ]
    return headings


def report_pages(practice: Practice, placement: Placement, language: str) -> list[Page]:
    title_page = Page(letterhead(practice, language))
    title_page.add(
        Spacer(4),
        Para(_("Report").upper(), "title"),
        Para(report_subtitle(practice.kind), "subtitle"),
        Spacer(3),
        Fields(_placement_fields(placement, practice, language)),
        Spacer(2),
        Fields(
            [
                (_("Admitted to the defence"), date_blank()),
                (_("Grade"), blank(20)),
            ]
        ),
        Spacer(3),
        Para(place_and_year(practice), "center"),
    )
    structure = Page(
        [
            Para(_("Structure of the report"), "heading"),
            *[Para(heading) for heading in report_structure(practice)],
            Spacer(),
            *template_paras(practice, placement, "report", language, "note"),
        ]
    )
    return [title_page, structure]


def reports(practice: Practice, placements: Sequence[Placement], language: str) -> Document:
    return _per_student_document(practice, placements, language, lambda: _("Practice report form"), report_pages)


# The documents made from a list of placements (one student or all students of a practice).
PER_STUDENT = {
    "referral": referrals,
    "notice": notices,
    "diary": diaries,
    "report": reports,
}
