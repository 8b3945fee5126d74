"""Assessment part of the practice cycle: the diary, uploads and retention, the company supervisor's
evaluation, conferences, the defence commission, the admission decision and grades.

Rules (decided here, documented for users in the pages' help texts):

- Diary: an entry is dated within the practice period, with `DIARY_GRACE_DAYS` days of grace before
  the start (travel, briefing) and after the end (the last entry written up at home), and never in the
  future. The student adds, edits and deletes entries until the placement is graded; then the diary
  is closed. Staff write a supervisor's remark on any entry.
- Uploads: the signed and sealed scans are PDF/JPG/PNG up to 5 MB, judged by their content
  (`validate_evidence`); the report is PDF, DOCX, DOC or ODT up to 20 MB, also judged by content.
  Uploading the report sets `report_submitted_on`; it is late after `practice.reports_due`.
  Each upload gets `retain_until` = the practice's end + the years of the kind's retention rule.
- Company evaluation: through the signed link (`mansap.practice.services.links`), once.
- Review (R-027, R-045 step 1): the department's head of practice reviews the submitted report and
  recommends a decision: accepted, or returned for revision. A returned report may be replaced by the
  student (the review then shows "revised report awaits review" until reviewed again); an accepted one
  can no longer be replaced or withdrawn by the student. A review cannot be returned once the student
  is admitted, nor changed once graded.
- Admission (pre-graduate practice only, R-045): admitting needs the report submitted, the signed
  report and diary scans uploaded and the report review accepted, and is decided before the defence date.
- Grade: a score 0–100 gives the letter and points of the institution's table. A pre-graduate student
  must be admitted; every student must have submitted the report. Without the company's evaluation
  the grade is still recorded, with a warning (the commission may grade on the paper characterization).
- Retention: documents past `retain_until` are flagged "due for disposal review" by the
  `practice_retention` command; nothing is ever deleted; a disposal records the act and who did it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.common.links import LANGUAGE_CODES
from mansap.common.mail import recipient_language, send_localized
from mansap.common.uploads import validate_evidence, validate_report_file
from mansap.core.access import require_change
from mansap.core.models import Employee, Institution, User
from mansap.practice.choices import DisposalStatus, DocumentKind, PlacementStatus, PracticeKind, ReviewDecision
from mansap.practice.models import (
    DefenceCommission,
    DiaryEntry,
    GradeBand,
    GradeTableChange,
    Placement,
    Practice,
    PracticeDocument,
    RetentionRule,
)
from mansap.practice.services import grades
from mansap.practice.services.links import COMPANY_LINK, expiry_for
from mansap.practice.signals import practice_grade_changed

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

# An institution, or its pk: the retention and grade tables are looked up by either.
InstitutionRef = Institution | int

DIARY_GRACE_DAYS = 3
SCAN_KINDS = (DocumentKind.REPORT_SCAN, DocumentKind.DIARY_SCAN, DocumentKind.NOTICE_SCAN)
# The scans a student needs before admission to the defence (R-045: certified by signature and seal).
ADMISSION_SCANS = (DocumentKind.REPORT_SCAN, DocumentKind.DIARY_SCAN)
DEFAULT_RETENTION_YEARS: dict[str, int] = {
    DocumentKind.REPORT: 5,
    DocumentKind.REPORT_SCAN: 5,
    DocumentKind.DIARY_SCAN: 5,
    DocumentKind.NOTICE_SCAN: 5,
}
ADMISSION_ALERT_DAYS = 7
BRIEFING_DAYS_BEFORE_START = 14


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def is_own_placement(user: MaybeUser, placement: Placement) -> bool:
    """The user is the placement's student (their own diary, uploads and report)."""
    return bool(user is not None and user.is_authenticated and placement.student.user_id == user.pk)


# ---- Diary -----------------------------------------------------------------------------------------------------
def diary_window(placement: Placement) -> tuple[dt.date, dt.date]:
    practice = placement.practice
    grace = dt.timedelta(days=DIARY_GRACE_DAYS)
    return practice.starts_on - grace, practice.ends_on + grace


def diary_open(placement: Placement) -> bool:
    """The student may still write in the diary: the placement is not graded nor cancelled."""
    return placement.score is None and placement.status != PlacementStatus.CANCELLED


def _check_diary(placement: Placement, day: dt.date | None, work_done: str, today: dt.date) -> None:
    errors: dict[str, Any] = {}
    if not diary_open(placement):
        raise ValidationError(_("The diary is closed: the practice has been graded."))
    first, last = diary_window(placement)
    if day is None:
        errors["day"] = _("Give the date of the entry.")
    elif day > today:
        errors["day"] = _("An entry cannot be dated in the future.")
    elif not first <= day <= last:
        errors["day"] = _("The date must be within the practice period ({start}–{end}).").format(
            start=f"{first:%d.%m.%Y}", end=f"{last:%d.%m.%Y}"
        )
    if not (work_done or "").strip():
        errors["work_done"] = _("Describe the work done.")
    if errors:
        raise ValidationError(errors)


# The diary's writer is the student: the pages and the API give these only the student's own entries
# (DiaryEntry's scope lets a student reach their own rows), so they check no staff scope.
@transaction.atomic
def add_diary_entry(
    placement: Placement, *, day: dt.date | None, work_done: str, acting_user: MaybeUser, today: dt.date | None = None
) -> DiaryEntry:
    """A new diary entry of the student (see the module's rules for the dates)."""
    _check_diary(placement, day, work_done, _today(today))
    assert day is not None  # checked above
    entry = DiaryEntry(placement=placement, day=day, work_done=work_done.strip())
    entry.full_clean()
    attributed(entry, acting_user).save()
    return entry


@transaction.atomic
def update_diary_entry(
    entry: DiaryEntry, *, day: dt.date | None, work_done: str, acting_user: MaybeUser, today: dt.date | None = None
) -> DiaryEntry:
    """The student corrects an entry while the diary is open (the same date rules as a new one)."""
    _check_diary(entry.placement, day, work_done, _today(today))
    assert day is not None  # checked above
    entry.day = day
    entry.work_done = work_done.strip()
    entry.full_clean()
    attributed(entry, acting_user).save()
    return entry


@transaction.atomic
def delete_diary_entry(entry: DiaryEntry, *, acting_user: MaybeUser) -> None:
    """The student removes an entry while the diary is open (the history keeps it)."""
    if not diary_open(entry.placement):
        raise ValidationError(_("The diary is closed: the practice has been graded."))
    attributed(entry, acting_user).delete()


@transaction.atomic
def set_supervisor_remark(entry: DiaryEntry, remark: str, *, acting_user: MaybeUser) -> DiaryEntry:
    """Staff write the supervisor's remark on an entry (they never change the student's text)."""
    require_change(acting_user, entry.placement, unsaved_ok=False)
    entry.supervisor_remark = (remark or "").strip()
    attributed(entry, acting_user).save(update_fields=["supervisor_remark", "updated_at"])
    return entry


# ---- Practice rules ---------------------------------------------------------------------------------------------
@transaction.atomic
def acknowledge_rules(placement: Placement, *, on: dt.date | None = None, acting_user: MaybeUser) -> Placement:
    """The student read the practice rules (R-028); the student themselves or staff record it."""
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"rules_acknowledged_on": _("The date cannot be in the future.")})
    placement.rules_acknowledged_on = on
    attributed(placement, acting_user).save(update_fields=["rules_acknowledged_on", "updated_at"])
    return placement


@transaction.atomic
def acknowledge_rules_for(placements: Iterable[Placement], *, on: dt.date, acting_user: MaybeUser) -> int:
    """Staff record one date for a list of students (the rules were read out at a meeting)."""
    count = 0
    for placement in placements:
        acknowledge_rules(placement, on=on, acting_user=acting_user)
        count += 1
    return count


# ---- Documents and retention ------------------------------------------------------------------------------------
def validate_upload(kind: str, file: File[Any]) -> None:
    """The signed scans are PDF/JPG/PNG up to 5 MB, the report PDF/DOCX/DOC/ODT up to 20 MB (content checked)."""
    if kind in SCAN_KINDS:
        validate_evidence(file)
    else:
        validate_report_file(file)


def retention_years(institution: InstitutionRef, kind: str) -> int | None:
    rule = RetentionRule.objects.filter(institution=institution, kind=kind).values_list("years", flat=True).first()
    return rule if rule is not None else DEFAULT_RETENTION_YEARS.get(kind)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retain_until_for(practice: Practice, kind: str) -> dt.date | None:
    """Keep until: the practice's end plus the kind's retention years (None: kept without a review date)."""
    years = retention_years(practice.institution_id, kind)
    return add_years(practice.ends_on, years) if years else None


@transaction.atomic
def ensure_default_retention_rules(institution: Institution) -> list[RetentionRule]:
    """The institution's retention schedule; the defaults are created for kinds without a rule."""
    have = set(RetentionRule.objects.filter(institution=institution).values_list("kind", flat=True))
    for kind, years in DEFAULT_RETENTION_YEARS.items():
        if kind not in have:
            RetentionRule.objects.create(institution=institution, kind=kind, years=years)
    return list(RetentionRule.objects.filter(institution=institution).order_by("kind"))


def is_report_late(placement: Placement, today: dt.date | None = None) -> bool:
    """Submitted after the due date, or not submitted and the due date has passed."""
    due = placement.practice.reports_due
    if placement.report_submitted_on:
        return placement.report_submitted_on > due
    return _today(today) > due


@transaction.atomic
def upload_document(
    placement: Placement, *, kind: str, file: File[Any] | None, acting_user: MaybeUser, today: dt.date | None = None
) -> PracticeDocument:
    """Store a report or a scan; the report upload records the submission date (late after reports_due)."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    if placement.status == PlacementStatus.CANCELLED:
        raise ValidationError(_("The placement is cancelled."))
    if file is None:
        raise ValidationError({"file": _("Choose a file.")})
    if (
        kind == DocumentKind.REPORT
        and placement.review_decision == ReviewDecision.ACCEPTED
        and is_own_placement(acting_user, placement)
    ):
        raise ValidationError(
            {"kind": _("The head of practice has accepted your report: it can no longer be replaced.")}
        )
    try:
        validate_upload(kind, file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    today = _today(today)
    document = PracticeDocument(
        placement=placement,
        kind=kind,
        file=file,
        original_name=(getattr(file, "name", "") or "")[:255],
        uploaded_by=acting_user if isinstance(acting_user, User) else None,
        retain_until=retain_until_for(placement.practice, kind),
    )
    document.full_clean()
    attributed(document, acting_user).save()
    if kind == DocumentKind.REPORT:
        placement.report_submitted_on = today
        fields = ["report_submitted_on", "updated_at"]
        if placement.review_decision == ReviewDecision.RETURNED:
            # A report returned for revision and uploaded again waits for a new review.
            placement.review_decision = ReviewDecision.RESUBMITTED
            fields.append("review_decision")
        attributed(placement, acting_user).save(update_fields=fields)
    return document


@transaction.atomic
def delete_document(document: PracticeDocument, *, acting_user: MaybeUser) -> None:
    """A student may withdraw their own upload until the placement is graded; staff may always.

    Withdrawing the last report withdraws the submission (`report_submitted_on`)."""
    placement = document.placement
    if is_own_placement(acting_user, placement):
        assert acting_user is not None  # the placement's student
        if not diary_open(placement):
            raise ValidationError(_("The practice has been graded: its documents are kept."))
        if document.uploaded_by_id != acting_user.pk:
            raise ValidationError(_("Only files you uploaded yourself can be removed."))
        if document.kind == DocumentKind.REPORT and placement.review_decision == ReviewDecision.ACCEPTED:
            raise ValidationError(_("The head of practice has accepted your report: it stays on record."))
    if document.disposal_status == DisposalStatus.DISPOSED:
        raise ValidationError(_("A disposed document stays on record."))
    kind = document.kind
    attributed(document, acting_user).delete()
    if kind == DocumentKind.REPORT and not placement.documents.filter(kind=DocumentKind.REPORT).exists():
        placement.report_submitted_on = None
        attributed(placement, acting_user).save(update_fields=["report_submitted_on", "updated_at"])


@transaction.atomic
def flag_for_review(
    *, today: dt.date | None = None, institution: Institution | None = None, acting_user: MaybeUser = None
) -> int:
    """Mark kept documents whose retention date has passed as due for disposal review (never deletes).

    Run daily by the `practice_retention` command (nobody acts: `acting_user` None)."""
    today = _today(today)
    due = PracticeDocument.objects.filter(
        disposal_status=DisposalStatus.KEPT, retain_until__isnull=False, retain_until__lt=today
    )
    if institution is not None:
        due = due.filter(institution=institution)
    count = 0
    for document in due.order_by("pk"):
        document.disposal_status = DisposalStatus.REVIEW
        attributed(document, acting_user, reason="retention period ended").save(
            update_fields=["disposal_status", "updated_at"]
        )
        count += 1
    return count


@transaction.atomic
def save_retention_schedule(
    institution: Institution, years_by_kind: dict[str, int | None], *, acting_user: MaybeUser
) -> int:
    """Set (or, with no years, remove) the retention period per document kind, then move the keep-until
    dates of kept documents; returns how many documents got a new date."""
    for kind in DocumentKind.values:
        years = years_by_kind.get(kind)
        if years:
            RetentionRule.objects.update_or_create(institution=institution, kind=kind, defaults={"years": years})
        else:
            RetentionRule.objects.filter(institution=institution, kind=kind).delete()
    return refresh_retention(institution, acting_user=acting_user)


@transaction.atomic
def refresh_retention(institution: Institution, *, acting_user: MaybeUser = None) -> int:
    """Recompute `retain_until` of kept documents after the schedule changed."""
    count = 0
    docs = PracticeDocument.objects.filter(institution=institution, disposal_status=DisposalStatus.KEPT).select_related(
        "placement__practice"
    )
    for document in docs:
        until = retain_until_for(document.placement.practice, document.kind)
        if until != document.retain_until:
            document.retain_until = until
            attributed(document, acting_user).save(update_fields=["retain_until", "updated_at"])
            count += 1
    return count


@transaction.atomic
def record_disposal(
    document: PracticeDocument, *, act_number: str, disposed_on: dt.date | None, acting_user: MaybeUser
) -> PracticeDocument:
    """The disposal act (number, date); the history keeps who recorded it. The row stays."""
    errors: dict[str, Any] = {}
    if document.disposal_status != DisposalStatus.REVIEW:
        errors["disposal_status"] = _("Only a document due for disposal review can be disposed of.")
    if not (act_number or "").strip():
        errors["disposal_act"] = _("Give the number of the disposal act.")
    if disposed_on is None:
        errors["disposed_on"] = _("Give the date of the disposal act.")
    elif disposed_on > timezone.localdate():
        errors["disposed_on"] = _("The date cannot be in the future.")
    elif document.retain_until and disposed_on <= document.retain_until:
        errors["disposed_on"] = _("The document must be kept until {date}.").format(
            date=f"{document.retain_until:%d.%m.%Y}"
        )
    if errors:
        raise ValidationError(errors)
    document.disposal_status = DisposalStatus.DISPOSED
    document.disposal_act = act_number.strip()
    document.disposed_on = disposed_on
    attributed(document, acting_user, reason=f"disposal act {act_number.strip()}").save(
        update_fields=["disposal_status", "disposal_act", "disposed_on", "updated_at"]
    )
    return document


# ---- The company supervisor ------------------------------------------------------------------------------------
@transaction.atomic
def submit_company_evaluation(
    placement: Placement,
    *,
    safety_briefing_on: dt.date | None,
    characterization: str,
    report_score: int | None,
    report_comment: str,
    today: dt.date | None = None,
    acting_user: MaybeUser = None,
) -> Placement:
    """The company supervisor's answer through the link (R-030); accepted once.

    Nobody is logged in (`acting_user` None): the history records the link as the reason.
    """
    today = _today(today)
    # Locked and read again: two submissions of the same link (a double click) must not both pass the
    # "not submitted yet" check.
    placement = Placement.objects.select_for_update().select_related("practice").get(pk=placement.pk)
    if placement.company_submitted_at is not None:
        raise ValidationError(_("The evaluation has already been submitted."), code="used")
    practice = placement.practice
    errors: dict[str, Any] = {}
    if safety_briefing_on is None:
        errors["safety_briefing_on"] = _("Give the date of the safety briefing.")
    elif safety_briefing_on > today:
        errors["safety_briefing_on"] = _("The date cannot be in the future.")
    elif not (
        practice.starts_on - dt.timedelta(days=BRIEFING_DAYS_BEFORE_START) <= safety_briefing_on <= practice.ends_on
    ):
        errors["safety_briefing_on"] = _(
            "The briefing is given at the workplace, before or during the practice ({start}–{end})."
        ).format(start=f"{practice.starts_on:%d.%m.%Y}", end=f"{practice.ends_on:%d.%m.%Y}")
    if len((characterization or "").strip()) < 20:
        errors["characterization"] = _("Write the characterization of the student (at least 20 characters).")
    if report_score is None:
        errors["company_report_score"] = _("Give the score of the report from 0 to 100.")
    elif not 0 <= report_score <= 100:
        errors["company_report_score"] = _("The score is between 0 and 100.")
    if errors:
        raise ValidationError(errors)
    placement.safety_briefing_on = safety_briefing_on
    placement.characterization = characterization.strip()
    placement.company_report_score = report_score
    placement.company_report_comment = (report_comment or "").strip()
    placement.company_submitted_at = timezone.now()
    attributed(placement, acting_user, reason="company supervisor (signed link)").save()
    return placement


def notify_supervisor(placement: Placement, site_url: str) -> bool:
    """Tell the department's head of practice by e-mail that the company answered: subject and body in the
    language of their account, or in Kazakh and Russian when they have no account or no language set.

    Sent after the commit (common.mail); returns whether there was someone to tell.
    """
    supervisor = placement.supervisor
    if supervisor is None or not supervisor.email:
        return False
    url = site_url.rstrip("/") + placement.get_absolute_url()
    send_localized(
        supervisor.email,
        recipient_languages(supervisor),
        subject=lambda: _("Company evaluation received: {student}").format(student=placement.student),
        template="practice/company_received_email.txt",
        context={"placement": placement, "url": url},
    )
    return True


def recipient_languages(employee: Employee) -> list[str]:
    """The language of the employee's account; both official languages when it is unknown."""
    own = recipient_language(employee.user, default="")
    return [own] if own else ["kk", "ru"]


def company_link_url(placement: Placement, language: str, site_url: str) -> str:
    """The absolute address of a new company link (`site_url`: the address the staff member uses)."""
    return COMPANY_LINK.url(placement, language, base=site_url)


def send_company_link(placement: Placement, *, language: str, site_url: str, acting_user: MaybeUser) -> str:
    """E-mail the link to the company supervisor in the language (after the commit); returns the URL."""
    require_change(acting_user, placement, unsaved_ok=False)
    if not placement.company_supervisor_email:
        raise ValidationError(
            {"company_supervisor_email": _("Enter the e-mail of the head of practice from the company first.")}
        )
    if placement.company_submitted_at is not None:
        raise ValidationError(_("The company has already submitted its evaluation."))
    language = language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE
    url = company_link_url(placement, language, site_url)
    send_localized(
        placement.company_supervisor_email,
        language,
        subject=lambda: _("Practice of {student}: characterization and assessment of the report").format(
            student=placement.student
        ),
        template="practice/company_email.txt",
        context={"placement": placement, "url": url, "expires_on": expiry_for(placement)},
    )
    return url


# ---- Defence commission -----------------------------------------------------------------------------------------
@transaction.atomic
def save_commission(
    commission: DefenceCommission, members: Iterable[Employee], *, acting_user: MaybeUser
) -> DefenceCommission:
    """Members come from the practice's department; the chair is always a member."""
    members = list(members)
    department_id = commission.practice.department_id
    errors: dict[str, Any] = {}
    if commission.chair_id and commission.chair.department_id != department_id:
        errors["chair"] = _("The chair must be an employee of the practice's department.")
    outsiders = [str(m) for m in members if m.department_id != department_id]
    if outsiders:
        errors["members"] = _("Not employees of the practice's department: {names}.").format(names=", ".join(outsiders))
    if errors:
        raise ValidationError(errors)
    commission.full_clean()
    attributed(commission, acting_user).save()
    ids = {m.pk for m in members}
    if commission.chair_id:
        ids.add(commission.chair_id)
    commission.members.set(sorted(ids))
    return commission


# ---- The head of practice's review of the report ------------------------------------------------------------------
REVIEW_MIN_CHARS = 20


@transaction.atomic
def review_report(
    placement: Placement,
    *,
    text: str,
    decision: str | None,
    reviewed_on: dt.date | None = None,
    acting_user: MaybeUser,
    today: dt.date | None = None,
) -> Placement:
    """The department head of practice's review of the submitted report and the recommended decision."""
    require_change(acting_user, placement, unsaved_ok=False)
    today = _today(today)
    reviewed_on = reviewed_on or today
    if placement.status == PlacementStatus.CANCELLED:
        raise ValidationError(_("The placement is cancelled."))
    if placement.score is not None:
        raise ValidationError(_("The practice has been graded: the review cannot change."))
    if not placement.report_submitted_on:
        raise ValidationError(_("The student has not submitted the report: there is nothing to review yet."))
    errors: dict[str, Any] = {}
    text = (text or "").strip()
    if len(text) < REVIEW_MIN_CHARS:
        errors["review_text"] = _("Write the review of the report (at least {count} characters).").format(
            count=REVIEW_MIN_CHARS
        )
    if decision not in (ReviewDecision.ACCEPTED, ReviewDecision.RETURNED):
        errors["review_decision"] = _("Choose the recommended decision: accepted or returned for revision.")
    elif decision == ReviewDecision.RETURNED and placement.admitted_to_defence is True:
        errors["review_decision"] = _(
            "The student has been admitted to the defence: withdraw the admission before returning the report."
        )
    if reviewed_on > today:
        errors["reviewed_on"] = _("The date cannot be in the future.")
    elif reviewed_on < placement.report_submitted_on:
        errors["reviewed_on"] = _("The review comes after the report was submitted ({date}).").format(
            date=f"{placement.report_submitted_on:%d.%m.%Y}"
        )
    if errors:
        raise ValidationError(errors)
    placement.review_text = text
    placement.review_decision = decision  # type: ignore[assignment]
    placement.reviewed_on = reviewed_on
    placement.reviewed_by = acting_user if isinstance(acting_user, User) else None
    attributed(placement, acting_user).save(
        update_fields=["review_text", "review_decision", "reviewed_on", "reviewed_by", "updated_at"]
    )
    return placement


def may_replace_report(placement: Placement) -> bool:
    """The student may upload a (new) report: no review yet, or the report was returned for revision."""
    return placement.review_decision != ReviewDecision.ACCEPTED


# ---- Admission and grades ---------------------------------------------------------------------------------------
def missing_admission_requirements(placement: Placement, documents: Iterable[str] | None = None) -> list[str]:
    """What is missing before a student can be admitted: the report, the signed scans, the accepted review."""
    kinds = set(documents) if documents is not None else set(placement.documents.values_list("kind", flat=True))
    missing: list[str] = []
    if not placement.report_submitted_on:
        missing.append(str(DocumentKind.REPORT.label))
    for kind in ADMISSION_SCANS:
        if kind not in kinds:
            missing.append(str(DocumentKind(kind).label))
    if placement.review_decision != ReviewDecision.ACCEPTED:
        missing.append(_("the head of practice's review accepting the report"))
    return missing


def defence_date_of(placement: Placement) -> dt.date | None:
    """The student's own defence date, else the commission's (None when neither is set)."""
    if placement.defence_date:
        return placement.defence_date
    commission = getattr(placement.practice, "commission", None)  # None when the practice has none
    return commission.defence_date if commission else None


@transaction.atomic
def decide_admission(
    placement: Placement, *, admitted: bool | None, acting_user: MaybeUser, today: dt.date | None = None
) -> Placement:
    """The head of practice's decision on admission to the defence (pre-graduate practice, R-045);
    None withdraws the decision."""
    require_change(acting_user, placement, unsaved_ok=False)
    today = _today(today)
    if placement.practice.kind != PracticeKind.PRE_GRADUATE:
        raise ValidationError(_("Admission to the defence is decided for pre-graduate practice only."))
    if placement.score is not None:
        raise ValidationError(_("The practice has been graded: the admission cannot change."))
    if admitted is None:
        placement.admitted_to_defence = None
        placement.admission_decided_on = None
    else:
        defence = defence_date_of(placement)
        if defence is not None and today >= defence:
            raise ValidationError(
                {
                    "admitted_to_defence": _("The admission is decided before the defence date ({date}).").format(
                        date=f"{defence:%d.%m.%Y}"
                    )
                }
            )
        if admitted:
            missing = missing_admission_requirements(placement)
            if missing:
                raise ValidationError(
                    {"admitted_to_defence": _("Cannot admit yet; missing: {items}.").format(items=", ".join(missing))}
                )
        placement.admitted_to_defence = admitted
        placement.admission_decided_on = today
    attributed(placement, acting_user).save(update_fields=["admitted_to_defence", "admission_decided_on", "updated_at"])
    return placement


@transaction.atomic
def set_defence_date(placement: Placement, day: dt.date | None, *, acting_user: MaybeUser) -> Placement:
    """The student's own defence date (else the commission's applies); after the admission decision."""
    require_change(acting_user, placement, unsaved_ok=False)
    if day is not None and placement.admission_decided_on and day <= placement.admission_decided_on:
        raise ValidationError(
            {"defence_date": _("The defence comes after the admission decision ({date}).").format(
                date=f"{placement.admission_decided_on:%d.%m.%Y}"
            )}
        )  # fmt: skip
    if day is not None and day < placement.practice.starts_on:
        raise ValidationError({"defence_date": _("The defence cannot be before the practice starts.")})
    placement.defence_date = day
    attributed(placement, acting_user).save(update_fields=["defence_date", "updated_at"])
    return placement


@dataclass
class GradeResult:
    letter: str
    points: Decimal | None
    warnings: list[str] = field(default_factory=list)


def grade_warnings(placement: Placement) -> list[str]:
    """What a grade is recorded without (not a block: the commission may grade on the paper characterization)."""
    if placement.company_submitted_at is None and not placement.characterization:
        return [_("The company's characterization and report assessment have not been received.")]
    return []


@transaction.atomic
def record_grade(
    placement: Placement,
    score: int | None,
    *,
    acting_user: MaybeUser,
    today: dt.date | None = None,
    table: list[tuple[str, int, int, Decimal]] | None = None,
) -> GradeResult:
    """Score 0–100 → letter grade and points of the institution's table (R-031); None clears the grade."""
    require_change(acting_user, placement, unsaved_ok=False)
    today = _today(today)
    if score is None:
        placement.score = None
        placement.letter_grade = ""
        placement.grade_points = None
        placement.graded_on = None
        attributed(placement, acting_user).save(
            update_fields=["score", "letter_grade", "grade_points", "graded_on", "updated_at"]
        )
        _announce_grade(placement, acting_user)
        return GradeResult("", None)
    errors: list[str] = []
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise ValidationError({"score": _("The score is a whole number from 0 to 100.")})
    if placement.status == PlacementStatus.CANCELLED:
        errors.append(_("The placement is cancelled."))
    if not placement.report_submitted_on:
        errors.append(_("The student has not submitted the report."))
    if placement.practice.kind == PracticeKind.PRE_GRADUATE and placement.admitted_to_defence is not True:
        errors.append(_("The student has not been admitted to the defence."))
    defence = defence_date_of(placement)
    if defence is not None and defence > today:
        errors.append(_("The defence is on {date}; grade it then.").format(date=f"{defence:%d.%m.%Y}"))
    if errors:
        raise ValidationError({"score": errors})
    rows = table if table is not None else grades.table_for(placement.practice.institution_id)
    try:
        grade = grades.grade_for(score, rows)
    except ValueError as exc:
        raise ValidationError(
            {"score": _("The letter-grade table does not cover the score {score}.").format(score=score)}
        ) from exc
    placement.score = score
    placement.letter_grade = grade.letter
    placement.grade_points = grade.points
    placement.graded_on = today
    if placement.defence_date is None:  # graded without a date of its own: the day it was defended
        placement.defence_date = defence or today
    attributed(placement, acting_user).save(
        update_fields=["score", "letter_grade", "grade_points", "graded_on", "defence_date", "updated_at"]
    )
    _announce_grade(placement, acting_user)
    return GradeResult(grade.letter, grade.points, grade_warnings(placement))


def _announce_grade(placement: Placement, acting_user: MaybeUser) -> None:
    """Tell the apps above (the academic record, #14) after the commit: a grade rolled back announces nothing."""
    pk = placement.pk
    transaction.on_commit(
        lambda: practice_grade_changed.send(sender=Placement, placement_id=pk, acting_user=acting_user)
    )


@transaction.atomic
def save_grade_row(
    placement: Placement,
    *,
    admission: bool | None,
    defence_date: dt.date | None,
    score: int | None,
    acting_user: MaybeUser,
    today: dt.date | None = None,
) -> GradeResult | None:
    """One row of the grade sheet, all or nothing: what differs from the placement is written, in the order
    the rules depend on each other.

    1. the admission (pre-graduate practice only: other practices have no admission column, their value is
       ignored), since a score needs it;
    2. the defence date, which must come after the admission decision;
    3. the score, which needs both (and the report).
    A ValidationError of any step undoes the steps before it. Returns the grade's result when the score
    changed (its warnings are shown on the row), else None.
    """
    if placement.practice.kind == PracticeKind.PRE_GRADUATE and admission != placement.admitted_to_defence:
        decide_admission(placement, admitted=admission, acting_user=acting_user, today=today)
    if defence_date != placement.defence_date:
        set_defence_date(placement, defence_date, acting_user=acting_user)
    if score != placement.score:
        return record_grade(placement, score, acting_user=acting_user, today=today)
    return None


def admissions_alert(practice: Practice, today: dt.date | None = None) -> dict[str, Any] | None:
    """Pre-graduate practice whose defence is within `ADMISSION_ALERT_DAYS` days and some admissions are open."""
    if practice.kind != PracticeKind.PRE_GRADUATE:
        return None
    today = _today(today)
    commission = DefenceCommission.objects.filter(practice=practice).only("defence_date").first()
    horizon = today + dt.timedelta(days=ADMISSION_ALERT_DAYS)
    active = Placement.objects.filter(practice=practice).exclude(status=PlacementStatus.CANCELLED)
    near = active.filter(defence_date__gte=today, defence_date__lte=horizon)
    if commission and commission.defence_date and today <= commission.defence_date <= horizon:
        near = active.filter(defence_date__isnull=True) | near
    undecided = near.filter(admitted_to_defence__isnull=True).count()
    if not undecided:
        return None
    day = commission.defence_date if commission and commission.defence_date else None
    return {"count": undecided, "date": day}


# ---- Grade table -----------------------------------------------------------------------------------------------
def table_rows(institution: InstitutionRef) -> list[tuple[str, int, int, Decimal]]:
    return grades.table_for(institution)


@transaction.atomic
def save_grade_table(
    institution: Institution, rows: list[tuple[str, int, int, Decimal]], *, acting_user: MaybeUser
) -> None:
    """Replace the institution's table; refuses gaps and overlaps, naming the scores."""
    letters = [r[0] for r in rows]
    if len(set(letters)) != len(letters):
        raise ValidationError(_("Each letter grade can appear once."))
    bad = grades.check_table(rows)
    if bad:
        raise ValidationError(
            _("Every score from 0 to 100 must be in exactly one band; check the scores: {scores}.").format(
                scores=describe_scores(bad)
            )
        )
    GradeBand.objects.filter(institution=institution).delete()
    GradeBand.objects.bulk_create(
        [GradeBand(institution=institution, letter=r[0], min_score=r[1], max_score=r[2], points=r[3]) for r in rows]
    )
    _log_grade_table(institution, GradeTableChange.Action.SAVED, rows, acting_user)


@transaction.atomic
def reset_grade_table(institution: Institution, *, acting_user: MaybeUser) -> None:
    """Drop the institution's own table: the default letter-grade table applies again."""
    GradeBand.objects.filter(institution=institution).delete()
    _log_grade_table(institution, GradeTableChange.Action.RESET, grades.table_for(institution), acting_user)


def _log_grade_table(
    institution: Institution, action: str, rows: list[tuple[str, int, int, Decimal]], acting_user: MaybeUser
) -> None:
    """Who changed the table, when, and the table now in force (R-082: control and accountability)."""
    GradeTableChange.objects.create(
        institution=institution,
        action=action,
        table=[[letter, low, high, str(points)] for letter, low, high, points in rows],
        changed_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
    )


def describe_scores(scores: list[int]) -> str:
    """[3, 4, 5, 9] → "3–5, 9"."""
    parts: list[str] = []
    start = prev = None
    for s in sorted(scores):
        if start is None:
            start = prev = s
        elif s == prev + 1:  # type: ignore[operator]
            prev = s
        else:
            parts.append(f"{start}–{prev}" if start != prev else f"{start}")
            start = prev = s
    if start is not None:
        parts.append(f"{start}–{prev}" if start != prev else f"{start}")
    return ", ".join(parts)


def placements_for_sheet(practice: Practice) -> QuerySet[Placement]:
    """The grade sheet's rows: the practice's placements that are not cancelled, by the student's name."""
    return (
        Placement.objects.filter(practice=practice)
        .exclude(status=PlacementStatus.CANCELLED)
        .select_related("practice", "student", "base__organization", "supervisor")
        .order_by("student__last_name", "student__first_name", "pk")
    )
