"""Personal files (R-101, R-102, R-104, R-122, R-127), the return of originals (R-103) and the archive (issue #15).

Every change of a file happens here, in one transaction, by the Student Service Center (core.access
is_contingent_editor; `acting_user=None` is a command or another app's service acting for the institution):
the checklist of an institution (`ensure_default_kinds`), a document received / checked / unticked
(`record_item`, `clear_item`), the file's location (`update_location`), a return act for an expelled or
transferred-out student (`return_originals`, also the service desk's entry point `return_for_request`) and the
transfer of files to the archive (`transfer_to_archive`), after which a file is read-only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import is_contingent_editor
from mansap.core.choices import Funding, StudentStatus
from mansap.core.models import Institution, Student
from mansap.studentbody.models import DocumentKind, FileItem, PersonalFile, ReturnAct, TransferAct

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

# The default checklist (code, Kazakh, Russian, English, required, for grant holders only, original kept).
DEFAULT_KINDS: tuple[tuple[str, str, str, str, bool, bool, bool], ...] = (
    ("previous_education", "Алдыңғы білімі туралы құжат (аттестат немесе диплом)",
     "Документ о предыдущем образовании (аттестат или диплом)",
     "Certificate or diploma of previous education", True, False, True),
    ("id_copy", "Жеке куәліктің көшірмесі", "Копия удостоверения личности", "ID copy", True, False, False),
    ("photos", "Фотосуреттер 3×4", "Фотографии 3×4", "Photos 3×4", True, False, True),
    ("medical_086", "086-у медициналық анықтамасы", "Медицинская справка 086-у", "Medical form 086-у",
     True, False, True),
    ("unt_certificate", "ҰБТ / КТ сертификаты", "Сертификат ЕНТ / КТ", "UNT / CT certificate", True, False, True),
    ("applications", "Өтініштер", "Заявления", "Applications", True, False, True),
    ("order_extracts", "Бұйрықтардан үзінділер", "Выписки из приказов", "Order extracts", False, False, False),
    ("grant_certificate", "Білім беру грантын беру туралы куәлік",
     "Свидетельство о присуждении образовательного гранта", "State grant certificate", True, True, True),
)  # fmt: skip

# Whose originals may be given back: a student who left the university.
RETURN_STATUSES = (StudentStatus.EXPELLED,)


def _require_editor(acting_user: MaybeUser) -> None:
    if acting_user is not None and not is_contingent_editor(acting_user):
        raise PermissionDenied


def _user(acting_user: MaybeUser) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


@transaction.atomic
def ensure_default_kinds(institution: Institution) -> list[DocumentKind]:
    """The institution's checklist, the defaults made when it has none: called when an institution is created
    (signals.institution_created), by the demo and by the data migration for the institutions made before; never
    by a page (no writes on GET)."""
    kinds = list(DocumentKind.objects.filter(institution=institution))
    if kinds:
        return kinds
    DocumentKind.objects.bulk_create(
        [
            DocumentKind(institution=institution, code=code, name_kk=kk, name_ru=ru, name_en=en, required=required,
                         grant_only=grant_only, original=original, position=(index + 1) * 10)
            for index, (code, kk, ru, en, required, grant_only, original) in enumerate(DEFAULT_KINDS)
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    return list(DocumentKind.objects.filter(institution=institution))


@dataclasses.dataclass
class ChecklistLine:
    kind: DocumentKind
    item: FileItem | None
    applies: bool  # the kind is asked of this student (a grant certificate only of grant holders)

    @property
    def received(self) -> bool:
        return self.item is not None and self.item.received_on is not None

    @property
    def returned(self) -> bool:
        return self.item is not None and self.item.returned_on is not None

    @property
    def present(self) -> bool:
        return self.received and not self.returned

    @property
    def missing(self) -> bool:
        return self.applies and self.kind.required and not self.received


@dataclasses.dataclass
class Checklist:
    student: Student
    file: PersonalFile | None
    lines: list[ChecklistLine]

    @property
    def required(self) -> int:
        return sum(1 for line in self.lines if line.applies and line.kind.required)

    @property
    def missing(self) -> list[ChecklistLine]:
        return [line for line in self.lines if line.missing]

    @property
    def received_required(self) -> int:
        return self.required - len(self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing


def checklist(student: Student) -> Checklist:
    """The student's checklist: every kind of their institution, with what the file holds (a file not yet opened
    holds nothing)."""
    kinds = list(DocumentKind.objects.filter(institution_id=student.institution_id))
    file = PersonalFile.objects.filter(student=student).select_related("transfer_act").first()
    items: dict[int, FileItem] = {}
    if file is not None:
        items = {item.kind_id: item for item in file.items.select_related("checked_by", "return_act")}
    lines = [
        ChecklistLine(kind=kind, item=items.get(kind.pk), applies=kind.applies_to(student.funding))
        for kind in sorted(kinds, key=lambda k: (k.position, k.pk))
    ]
    return Checklist(student=student, file=file, lines=lines)


def _require_open(file: PersonalFile) -> None:
    if file.transfer_act_id is not None:
        raise ValidationError(
            _("The personal file of {student} is in the archive ({act}): it can no longer be changed.").format(
                student=file.student.full_name, act=file.transfer_act
            )
        )


@transaction.atomic
def save_kind(kind: DocumentKind, *, acting_user: MaybeUser) -> DocumentKind:
    """A new or changed kind of the institution's checklist."""
    _require_editor(acting_user)
    kind.full_clean()
    kind.save()
    return kind


@transaction.atomic
def open_file(student: Student, *, acting_user: MaybeUser) -> PersonalFile:
    """The student's file, opened (made) on first use."""
    _require_editor(acting_user)
    file = PersonalFile.objects.select_for_update().filter(student=student).first()
    if file is None:
        file = attributed(PersonalFile(student=student), acting_user, reason="opened")
        file.save()
    return file


@transaction.atomic
def update_location(
    student: Student, *, acting_user: MaybeUser, room: str = "", shelf: str = "", box: str = "", note: str = ""
) -> PersonalFile:
    file = open_file(student, acting_user=acting_user)
    _require_open(file)
    file.room, file.shelf, file.box, file.note = room.strip(), shelf.strip(), box.strip(), note.strip()
    file.full_clean()
    attributed(file, acting_user).save()
    return file


@transaction.atomic
def record_item(
    student: Student, kind: DocumentKind, *, acting_user: MaybeUser, received_on: dt.date | None = None,
    checked_on: dt.date | None = None, is_original: bool | None = None, note: str | None = None,
) -> FileItem:  # fmt: skip
    """A document of the file received (today unless given), and checked (by the acting user) when a check date
    is given."""
    if kind.institution_id != student.institution_id:
        raise ValidationError({"kind": _("This document kind is not of the student's university.")})
    file = open_file(student, acting_user=acting_user)
    _require_open(file)
    item = FileItem.objects.filter(file=file, kind=kind).first() or FileItem(
        file=file, kind=kind, is_original=kind.original
    )
    item.received_on = received_on or item.received_on or timezone.localdate()
    if checked_on is not None:
        if checked_on < item.received_on:
            raise ValidationError({"checked_on": _("A document is checked on or after the day it is received.")})
        item.checked_on = checked_on
        item.checked_by = _user(acting_user)
    if is_original is not None:
        item.is_original = is_original
    if note is not None:
        item.note = note.strip()
    item.returned_on = None if item.return_act_id is None else item.returned_on
    item.full_clean()
    attributed(item, acting_user).save()
    return item


@transaction.atomic
def clear_item(student: Student, kind: DocumentKind, *, acting_user: MaybeUser) -> None:
    """Untick a document recorded by mistake (a document given back stays on its return act)."""
    file = open_file(student, acting_user=acting_user)
    _require_open(file)
    item = FileItem.objects.filter(file=file, kind=kind).first()
    if item is None:
        return
    if item.return_act_id is not None:
        raise ValidationError(_("The document is listed on a return act: it cannot be unticked."))
    attributed(item, acting_user).delete()


def incomplete_annotations(students: QuerySet[Student]) -> QuerySet[Student]:
    """Students with `required_kinds`, `received_kinds` (required ones received, given back later or not) and
    `missing_kinds`, in one query, for the list of files and its filter."""
    required = DocumentKind.objects.filter(institution=OuterRef("institution"), required=True)
    common = required.filter(grant_only=False).values("institution").annotate(n=Count("pk")).values("n")
    grant = required.filter(grant_only=True).values("institution").annotate(n=Count("pk")).values("n")
    items = "personal_file__items"
    received = Count(
        items,
        filter=Q(**{f"{items}__received_on__isnull": False, f"{items}__kind__required": True})
        & (Q(**{f"{items}__kind__grant_only": False}) | Q(funding=Funding.GRANT)),
    )  # fmt: skip
    return students.annotate(
        required_kinds=Coalesce(Subquery(common, output_field=IntegerField()), Value(0))
        + Case(
            When(funding=Funding.GRANT, then=Coalesce(Subquery(grant, output_field=IntegerField()), Value(0))),
            default=Value(0),
        ),
        received_kinds=received,
    ).annotate(missing_kinds=F("required_kinds") - F("received_kinds"))


def refuse_unless_left(student: Student) -> None:
    if student.status not in RETURN_STATUSES:
        raise ValidationError(
            _("{student} is {status}: originals are given back only to a student who has been expelled or has "
              "transferred out.").format(student=student.full_name, status=student.get_status_display()),
            code="still_studying",
        )  # fmt: skip


@transaction.atomic
def return_originals(
    student: Student, kinds: Sequence[DocumentKind], *, acting_user: MaybeUser, date: dt.date | None = None,
    signed_on: dt.date | None = None, note: str = "", request_reference: str = "",
) -> ReturnAct:  # fmt: skip
    """A return act: the originals of `kinds` held in the file are given back to the expelled (or transferred
    out) student; they sign the list (signed_on). Refused, with the student named, for anyone still enrolled."""
    _require_editor(acting_user)
    refuse_unless_left(student)
    file = open_file(student, acting_user=acting_user)
    _require_open(file)
    date = date or timezone.localdate()
    wanted = {kind.pk for kind in kinds}
    items = list(
        FileItem.objects.select_for_update()
        .filter(file=file, kind_id__in=wanted, received_on__isnull=False, returned_on__isnull=True, is_original=True)
        .select_related("kind")
    )
    if not wanted or not items:
        raise ValidationError(_("Choose at least one original held in the file of {student}.").format(
            student=student.full_name))  # fmt: skip
    if len(items) != len(wanted):
        names = sorted(str(kind) for kind in kinds if kind.pk not in {item.kind_id for item in items})
        raise ValidationError(
            _("The file of {student} holds no original of: {kinds}.").format(
                student=student.full_name, kinds=", ".join(names)
            )
        )
    act = ReturnAct(file=file, date=date, handed_over_by=_user(acting_user), signed_on=signed_on, note=note,
                    request_reference=request_reference)  # fmt: skip
    act.full_clean()
    act.save()
    for item in items:
        item.returned_on = date
        item.return_act = act
        attributed(item, acting_user, reason="returned").save()
    return act


@transaction.atomic
def record_signature(act: ReturnAct, *, acting_user: MaybeUser, signed_on: dt.date) -> ReturnAct:
    _require_editor(acting_user)
    if signed_on < act.date:
        raise ValidationError({"signed_on": _("The student signs on or after the day of the return.")})
    act.signed_on = signed_on
    act.save(update_fields=["signed_on", "updated_at"])
    return act


def return_for_request(student: Student, *, acting_user: MaybeUser, reference: str = "") -> ReturnAct:
    """The service desk's entry point for a `documents_return` request: every original the file still holds is
    given back today (the student signs the act when they collect it)."""
    refuse_unless_left(student)
    kinds = [
        item.kind for item in FileItem.objects.filter(
            file__student=student, received_on__isnull=False, returned_on__isnull=True, is_original=True
        ).select_related("kind")
    ]  # fmt: skip
    return return_originals(student, kinds, acting_user=acting_user, request_reference=reference)


@transaction.atomic
def transfer_to_archive(
    institution: Institution, students: Iterable[Student], *, acting_user: MaybeUser, number: str, date: dt.date,
    handed_over_by: str, received_by: str, note: str = "",
) -> TransferAct:  # fmt: skip
    """An act handing the students' files to the archive; each file is read-only afterwards."""
    _require_editor(acting_user)
    students = list(students)
    if not students:
        raise ValidationError(_("Choose at least one personal file to hand over."))
    errors = []
    for student in students:
        if student.institution_id != institution.pk:
            errors.append(_("{student} is not of the act's university.").format(student=student.full_name))
        elif student.status in (StudentStatus.STUDYING, StudentStatus.ACADEMIC_LEAVE):
            errors.append(_("{student} is still enrolled: only the files of students who left or graduated go to "
                            "the archive.").format(student=student.full_name))  # fmt: skip
    if errors:
        raise ValidationError(errors)
    act = TransferAct(institution=institution, number=number.strip(), date=date, handed_over_by=handed_over_by.strip(),
                      received_by=received_by.strip(), note=note, created_by=_user(acting_user))  # fmt: skip
    act.full_clean()
    act.save()
    for student in students:
        file = open_file(student, acting_user=acting_user)
        if file.transfer_act_id is not None:
            raise ValidationError(
                _("The personal file of {student} is already in the archive ({act}).").format(
                    student=student.full_name, act=file.transfer_act
                )
            )
        file.transfer_act = act
        attributed(file, acting_user, reason="archived").save()
    return act


def archive_search(students: QuerySet[Student], query: str) -> QuerySet[Student]:
    """Students (any status) by IIN (digits: a prefix) or by fragments of their name, in Cyrillic or Latin; the
    students' list's search (core.filtersets.StudentFilterSet), which also finds Cyrillic in any case on SQLite."""
    from mansap.core.filtersets import StudentFilterSet

    query = " ".join(query.split())
    if not query:
        return students.none()
    if query.isdigit():
        return students.filter(iin__startswith=query)
    return StudentFilterSet.search(StudentFilterSet(), students, "q", query)
