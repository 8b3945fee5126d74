"""An order's document and an extract from it for one student, in kk, ru or en, as DOCX and PDF (issue #15).

Built into practice's neutral document structure (practice.reports.documents.structure), whose two writers
(python-docx, WeasyPrint) print the same words: the institution, "ORDER", its number and date, the type's
wording, one numbered paragraph per item (the student's full name, program, year of study, what changes and from
when, the ground) and the signatory. A draft carries the mark "DRAFT" at the top and in the footer. An extract
(выписка из приказа) is the same heading with the one paragraph of its student.

Call the builders inside `translation.override(language)`: every word, and the names of the institution and the
programs (TranslatedNameModel.name), follow the active language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mansap.practice.reports.documents.structure import Document, Page, Para, Signature, Spacer
from mansap.studentbody.choices import OrderType
from mansap.studentbody.models import Order, OrderItem

# The heading under "ORDER" (what the order is about) and the sentence of each item, by type.
TITLES = {
    OrderType.ENROLMENT: gettext_lazy("On the enrolment of students"),
    OrderType.TRANSFER_IN: gettext_lazy("On the transfer of students from another university"),
    OrderType.TRANSFER_OUT: gettext_lazy("On the transfer of students to another university"),
    OrderType.TRANSFER_INTERNAL: gettext_lazy("On the transfer of students within the university"),
    OrderType.REINSTATEMENT: gettext_lazy("On the reinstatement of students"),
    OrderType.EXPULSION: gettext_lazy("On the expulsion of students"),
    OrderType.ACADEMIC_LEAVE: gettext_lazy("On granting academic leave"),
    OrderType.LEAVE_RETURN: gettext_lazy("On the return of students from academic leave"),
    OrderType.REPEAT_YEAR: gettext_lazy("On the repeat of a year of study"),
    OrderType.STATE_GRANT: gettext_lazy("On the transfer of students to a state grant"),
    OrderType.SCHOLARSHIP: gettext_lazy("On the award of a scholarship"),
    OrderType.MOBILITY_OUT: gettext_lazy("On sending students on academic mobility"),
    OrderType.MOBILITY_IN: gettext_lazy("On admitting students on academic mobility"),
    OrderType.NAME_CHANGE: gettext_lazy("On the change of a student's name"),
    OrderType.GRADUATION: gettext_lazy("On the graduation of students"),
}
SENTENCES = {
    OrderType.ENROLMENT: gettext_lazy("{student} ({details}) is enrolled from {date}."),
    OrderType.TRANSFER_IN: gettext_lazy(
        "{student} ({details}) "
        "is admitted by transfer from another university from {date}."
    ),
    OrderType.TRANSFER_OUT: gettext_lazy(
        "{student} ({details}) "
        "is expelled by transfer to another university from {date}."
    ),
    OrderType.TRANSFER_INTERNAL: gettext_lazy(
        "{student} ({details}) "
        "is transferred within the university from {date}."
    ),
    OrderType.REINSTATEMENT: gettext_lazy("{student} ({details}) is reinstated from {date}."),
    OrderType.EXPULSION: gettext_lazy("{student} ({details}) is expelled from {date}."),
    OrderType.ACADEMIC_LEAVE: gettext_lazy("{student} ({details}) is granted academic leave from {date}."),
    OrderType.LEAVE_RETURN: gettext_lazy("{student} ({details}) returns from academic leave from {date}."),
    OrderType.REPEAT_YEAR: gettext_lazy("{student} ({details}) repeats a year of study from {date}."),
    OrderType.STATE_GRANT: gettext_lazy("{student} ({details}) is transferred to a state grant from {date}."),
    OrderType.SCHOLARSHIP: gettext_lazy("{student} ({details}) is awarded a scholarship from {date}."),
    OrderType.MOBILITY_OUT: gettext_lazy("{student} ({details}) is sent on academic mobility from {date}."),
    OrderType.MOBILITY_IN: gettext_lazy("{student} ({details}) is admitted on academic mobility from {date}."),
    OrderType.NAME_CHANGE: gettext_lazy("{student} ({details}) changes their name from {date}."),
    OrderType.GRADUATION: gettext_lazy("{student} ({details}) graduates and is expelled as a graduate from {date}."),
}  # fmt: skip

FORMATS = ("docx", "pdf")
LANGUAGES = ("kk", "ru", "en")


def _day(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _program(program: Any) -> str:
    return f"{program.code} «{program.name}»" if program is not None else ""


def item_paragraph(number: int, item: OrderItem) -> str:
    """'1. Name (program, year of study, form, funding) is expelled from 01.10.2026. New …; Ground: …'"""
    student = item.student
    details = [_("program {program}").format(program=_program(student.program))]
    if student.course:
        details.append(_("year of study {year}").format(year=student.course))
    details.append(str(student.get_study_form_display()))
    details.append(str(student.get_funding_display()))
    text = SENTENCES[OrderType(item.order.type)].format(
        student=student.full_name, details=", ".join(details), date=_day(item.effective_date)
    )
    changes = []
    if item.program_id:
        changes.append(_("program: {value}").format(value=_program(item.program)))
    if item.study_form:
        changes.append(_("study form: {value}").format(value=item.get_study_form_display()))
    if item.study_language:
        changes.append(_("language of instruction: {value}").format(value=item.get_study_language_display()))
    if item.funding:
        changes.append(_("funding: {value}").format(value=item.get_funding_display()))
    if item.year_of_study:
        changes.append(_("year of study: {value}").format(value=item.year_of_study))
    if item.leave_end_date:
        changes.append(_("until {date}").format(date=_day(item.leave_end_date)))
    if item.new_last_name:
        name = " ".join(p for p in (item.new_last_name, item.new_first_name, item.new_middle_name) if p)
        changes.append(_("new name: {value}").format(value=name))
    if changes:
        text += " " + _("From then: {changes}.").format(changes="; ".join(changes))
    if item.ground:
        text += " " + _("Ground: {ground}.").format(ground=item.get_ground_display())
    return f"{number}. {text}"


def _heading(order: Order, kind: str) -> list[Any]:
    institution = order.institution
    blocks: list[Any] = [
        Para(institution.name, "letterhead", bold=True),
        Para(institution.short_name or "", "letterhead"),
    ]
    if order.is_draft:  # after the letterhead: the PDF draws its rule under the second paragraph
        blocks.append(Para(_("DRAFT"), "right", bold=True))
    blocks += [
        Para(kind, "title"),
        Para(_("No. {number} of {date}").format(number=order.number, date=_day(order.date)), "subtitle"),
        Para(str(TITLES[OrderType(order.type)]), "center", bold=True),
    ]
    return blocks


def _footer(order: Order) -> str:
    parts = [str(order)]
    if order.is_draft:
        parts.append(_("DRAFT"))
    return " · ".join(parts)


def _signature(order: Order) -> Signature:
    return Signature(role=order.signatory or _("Signatory"))


def order_document(order: Order, items: Sequence[OrderItem]) -> Document:
    """The whole order: every item (the caller passes them, the student, program and order selected)."""
    page = Page(_heading(order, _("ORDER")))
    page.add(Para(_("I ORDER:"), "heading"))
    for number, item in enumerate(items, start=1):
        page.add(Para(item_paragraph(number, item)))
    if order.note:
        page.add(Para(order.note, "small"))
    page.add(Spacer(2), _signature(order))
    name = _("Order {number} of {date}").format(number=order.number, date=_day(order.date))
    return Document(title=str(order), filename=name, language=get_language() or "kk", pages=[page],
                    footer=_footer(order))  # fmt: skip


def extract_document(item: OrderItem) -> Document:
    """An extract from the order for one student: the heading and this student's paragraph only."""
    order = item.order
    page = Page(_heading(order, _("EXTRACT FROM ORDER")))
    page.add(Para(_("I ORDER:"), "heading"))
    page.add(Para(item_paragraph(1, item)))
    page.add(Spacer(2), _signature(order))
    page.add(Spacer(1), Para(_("The extract is correct."), "small"), Signature(role=_("Registrar's Office")))
    name = _("Extract {number} of {date} {student}").format(
        number=order.number, date=_day(order.date), student=item.student.last_name
    )
    return Document(title=name, filename=name, language=get_language() or "kk", pages=[page], footer=_footer(order))
