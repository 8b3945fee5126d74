"""State changes of vacancies, applications and shortlists; views and the API call these.

Workflow: draft → submitted (the employer contact) → approved or rejected (the Career Center).
The Career Center may approve a draft directly and edit a vacancy in any state; the employer
only edits drafts and rejected vacancies. Approval publishes: published_on = today,
expires_on = today + MANSAP_VACANCY_DAYS (unless a later day was set).

Each service is atomic and records its acting user in the history; e-mail leaves only once the
change is committed (common.mail), so a rolled-back invitation or shortlist sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.common.mail import send_localized
from mansap.common.uploads import EVIDENCE_MAX_BYTES
from mansap.core.access import employer_organization_id, is_career_center
from mansap.core.models import Student, User
from mansap.core.services.accounts import set_password_link
from mansap.employers.choices import VacancyStatus
from mansap.employers.models import (
    Application,
    EmployerContact,
    Organization,
    Shortlist,
    ShortlistEntry,
    StudentProfile,
    Vacancy,
)
from mansap.employers.models.vacancies import vacancy_days

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.core.files import File
    from django.http import HttpRequest

EMPLOYER_EDITABLE = (VacancyStatus.DRAFT, VacancyStatus.REJECTED)


# ---- Who may do what ------------------------------------------------------------------------------------------
def can_edit_vacancy(user: User | AnonymousUser, vacancy: Vacancy) -> bool:
    """The Career Center of the vacancy's institution always; its organization's contact while it is a draft or
    rejected (a submitted or published vacancy is the Career Center's to change)."""
    if is_career_center(user, vacancy):
        return True
    organization = employer_organization_id(user)
    return bool(organization) and vacancy.organization_id == organization and vacancy.status in EMPLOYER_EDITABLE


def _require_own_student(acting_user: User | AnonymousUser | None, student: Student) -> None:
    """A student acts for themselves only (no acting user: a command or the demo acting for the student)."""
    if acting_user is not None and student.user_id != acting_user.pk:
        raise PermissionDenied


# ---- Workflow ------------------------------------------------------------------------------------------------
@transaction.atomic
def submit_vacancy(vacancy: Vacancy, *, acting_user: User) -> Vacancy:
    """The employer contact (or the Career Center) sends a draft or a rejected vacancy for approval."""
    if not can_edit_vacancy(acting_user, vacancy):
        raise PermissionDenied
    if vacancy.status not in EMPLOYER_EDITABLE:
        raise ValidationError(_("Only a draft or a rejected vacancy can be submitted."), code="bad_state")
    vacancy.status = VacancyStatus.SUBMITTED
    attributed(vacancy, acting_user, reason="submitted").save()
    return vacancy


@transaction.atomic
def approve_vacancy(vacancy: Vacancy, *, acting_user: User, today: dt.date | None = None) -> Vacancy:
    """The Career Center publishes a submitted (or draft) vacancy from today for MANSAP_VACANCY_DAYS days."""
    if not is_career_center(acting_user, vacancy):
        raise PermissionDenied
    if vacancy.status not in (VacancyStatus.SUBMITTED, VacancyStatus.DRAFT):
        raise ValidationError(_("Only a submitted or draft vacancy can be approved."), code="bad_state")
    today = today or timezone.localdate()
    vacancy.status = VacancyStatus.APPROVED
    vacancy.published_on = today
    default_end = today + dt.timedelta(days=vacancy_days())
    if vacancy.expires_on is None or vacancy.expires_on < today:
        vacancy.expires_on = default_end
    vacancy.approved_by = acting_user
    vacancy.rejection_reason = ""
    attributed(vacancy, acting_user, reason="approved").save()
    return vacancy


@transaction.atomic
def reject_vacancy(vacancy: Vacancy, reason: str, *, acting_user: User) -> Vacancy:
    """The Career Center sends a vacancy back with a reason; its contact may edit and submit it again."""
    if not is_career_center(acting_user, vacancy):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why the vacancy is rejected.")}, code="no_reason")
    if vacancy.status not in (VacancyStatus.SUBMITTED, VacancyStatus.DRAFT, VacancyStatus.APPROVED):
        raise ValidationError(_("This vacancy is already rejected."), code="bad_state")
    vacancy.status = VacancyStatus.REJECTED
    vacancy.rejection_reason = reason.strip()
    attributed(vacancy, acting_user, reason="rejected").save()
    return vacancy


@transaction.atomic
def invite_employer_contact(
    organization: Organization,
    *,
    email: str,
    first_name: str,
    last_name: str,
    position: str = "",
    phone: str = "",
    acting_user: User,
    request: HttpRequest | None = None,
) -> EmployerContact:
    """Create the login (no usable password) and e-mail a link to set one, once the login is committed.

    Like core's invite_staff_user: the e-mail goes after commit, so a failed invitation sends no link to a
    login that does not exist. It is written in the language of the page that invites (the new login has
    no language of its own yet).
    """
    email = email.strip().lower()
    if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail already exists.")}, code="duplicate")
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    contact = EmployerContact.objects.create(
        user=user, organization=organization, position=position, phone=phone, invited_by=acting_user
    )
    link = set_password_link(request, user)
    send_localized(
        email,
        None,
        subject=_("Mansap: your access to the KazUTB Career Center platform"),
        body=_(
            "Hello, {name}!\n\nThe Career Center has invited you to publish vacancies of {organization} "
            "on Mansap. Set your password here:\n\n{link}\n\nYour login is {login}."
        ).format(name=user.get_full_name() or email, organization=organization, link=link, login=email),
    )
    return contact


# ---- Applications --------------------------------------------------------------------------------------------
@dataclass
class ProfileCV:
    """The CV kept in a student's profile, as the apply form offers it."""

    profile: StudentProfile
    name: str
    uploaded: dt.datetime


def profile_cv(student: Student) -> ProfileCV | None:
    """The student's profile CV when there is one and its file is still stored."""
    profile = StudentProfile.objects.filter(student=student).first()
    if profile is None or not profile.cv:
        return None
    storage, name = profile.cv.storage, profile.cv.name
    if not name or not storage.exists(name):
        return None
    try:
        uploaded = storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        uploaded = profile.updated_at
    return ProfileCV(profile=profile, name=Path(name).name, uploaded=uploaded)


def copy_of_profile_cv(student: Student) -> ContentFile[bytes]:
    """A copy of the profile CV for an application: changing the profile later leaves sent applications as they were."""
    found = profile_cv(student)
    if found is None:
        raise ValidationError({"cv": _("Your profile has no CV any more: upload one.")}, code="no_profile_cv")
    with found.profile.cv.open("rb") as stored:
        content = stored.read(EVIDENCE_MAX_BYTES + 1)  # one byte more than allowed: validate_pdf then says too large
    return ContentFile(content, name=found.name)


@transaction.atomic
def apply(
    vacancy: Vacancy,
    student: Student,
    *,
    cv: File[bytes] | None = None,
    cover_letter: str = "",
    use_profile_cv: bool = False,
    acting_user: User | AnonymousUser | None = None,
) -> Application:
    """One application per student per vacancy, to a public vacancy only, by the student themselves.

    The CV is the uploaded file, or (use_profile_cv) a copy of the one in the student's profile.
    """
    _require_own_student(acting_user, student)
    if not vacancy.is_public():
        raise ValidationError(_("This vacancy no longer accepts applications."), code="not_public")
    if Application.objects.filter(vacancy=vacancy, student=student).exists():
        raise ValidationError(_("You have already applied to this vacancy."), code="duplicate")
    if use_profile_cv:
        cv = copy_of_profile_cv(student)
    if not cv:
        raise ValidationError({"cv": _("Attach your CV as a PDF file.")}, code="required")
    application = Application(vacancy=vacancy, student=student, cv=cv, cover_letter=cover_letter)
    application.full_clean(validate_unique=False, validate_constraints=False)
    try:
        # A savepoint: the IntegrityError must not break the outer transaction it is turned into an error in.
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # two submissions at once: the constraint decides
        raise ValidationError(_("You have already applied to this vacancy."), code="duplicate") from exc
    return application


# ---- Shortlists ----------------------------------------------------------------------------------------------
@transaction.atomic
def open_shortlist(vacancy: Vacancy, *, acting_user: User | None) -> Shortlist:
    """The vacancy's shortlist being prepared (not sent yet), created when needed (by the Career Center)."""
    _require_career_center(acting_user, vacancy)
    return _open_shortlist(vacancy, acting_user)


@transaction.atomic
def add_to_shortlist(
    shortlist: Shortlist, students: Iterable[Student], note: str = "", *, acting_user: User | None = None
) -> int:
    """Put the students on a shortlist not sent yet (those already on it stay as they are); returns how many
    were added."""
    _require_career_center(acting_user, shortlist.vacancy)
    return _add_to_shortlist(shortlist, students, note)


@transaction.atomic
def shortlist_students(
    vacancy: Vacancy, students: Iterable[Student], note: str = "", *, acting_user: User | None
) -> tuple[Shortlist, int]:
    """The pre-screening page's step: the students go on the vacancy's shortlist being prepared (opened when
    there is none), all or nothing. Returns the shortlist and how many were new on it."""
    _require_career_center(acting_user, vacancy)
    shortlist = _open_shortlist(vacancy, acting_user)
    return shortlist, _add_to_shortlist(shortlist, students, note)


def _require_career_center(acting_user: User | None, vacancy: Vacancy) -> None:
    """Shortlists are the Career Center's pre-screening (no acting user: the demo or a command)."""
    if acting_user is not None and not is_career_center(acting_user, vacancy):
        raise PermissionDenied


def _open_shortlist(vacancy: Vacancy, acting_user: User | None) -> Shortlist:
    shortlist = vacancy.shortlists.filter(sent_at__isnull=True).order_by("-pk").first()
    return shortlist or Shortlist.objects.create(vacancy=vacancy, created_by=acting_user)


def _add_to_shortlist(shortlist: Shortlist, students: Iterable[Student], note: str) -> int:
    if shortlist.sent_at is not None:
        raise ValidationError(_("This shortlist has already been sent."), code="sent")
    present = set(shortlist.entries.values_list("student_id", flat=True))
    new = [ShortlistEntry(shortlist=shortlist, student=s, note=note) for s in students if s.pk not in present]
    ShortlistEntry.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def send_shortlist(shortlist: Shortlist, *, acting_user: User, request: HttpRequest | None = None) -> int:
    """Mark sent and e-mail the organization's contacts a link (once committed); returns how many are e-mailed.

    The e-mail is written in the language of the page that sends it, as one message to all the contacts.
    """
    if not is_career_center(acting_user, shortlist.vacancy):
        raise PermissionDenied
    if shortlist.sent_at is not None:
        raise ValidationError(_("This shortlist has already been sent."), code="sent")
    if not shortlist.entries.exists():
        raise ValidationError(_("The shortlist is empty."), code="empty")
    shortlist.sent_at = timezone.now()
    shortlist.save(update_fields=["sent_at"])
    vacancy = shortlist.vacancy
    recipients = list(
        EmployerContact.objects.filter(organization_id=vacancy.organization_id)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if recipients:
        path = shortlist.get_absolute_url()
        link = request.build_absolute_uri(path) if request is not None else path
        send_localized(
            recipients,
            None,
            subject=_("Mansap: candidates for {vacancy}").format(vacancy=vacancy),
            body=_("The Career Center has selected candidates for your vacancy {vacancy}:\n\n{link}").format(
                vacancy=vacancy, link=link
            ),
        )
    return len(recipients)


@dataclass
class ShortlistRow:
    """One candidate as an employer may see them: only what the student agreed to share."""

    name: str
    program: str
    cohort: int | None
    email: str
    phone: str
    gpa: str
    cv_url: str
    note: str


def consented_row(student: Student, profile: StudentProfile | None, note: str = "", cv_url: str = "") -> ShortlistRow:
    share_contacts = bool(profile and profile.share_contacts)
    share_gpa = bool(profile and profile.share_gpa)
    share_cv = bool(profile and profile.share_cv and profile.cv)
    return ShortlistRow(
        name=student.full_name,
        program=str(student.program),
        cohort=student.cohort,
        email=student.email if share_contacts else "",
        phone=student.phone if share_contacts else "",
        gpa=str(student.gpa) if share_gpa and student.gpa is not None else "",
        cv_url=cv_url if share_cv else "",
        note=note,
    )


def shortlist_rows(shortlist: Shortlist, request: HttpRequest | None = None) -> list[ShortlistRow]:
    entries = shortlist.entries.select_related("student__program", "student__profile").order_by(
        "student__last_name", "student__first_name", "pk"
    )
    rows = []
    for entry in entries:
        profile = getattr(entry.student, "profile", None)
        path = reverse("employers:shortlist_cv", args=[shortlist.pk, entry.student_id])
        url = request.build_absolute_uri(path) if request is not None else path
        rows.append(consented_row(entry.student, profile, entry.note, url))
    return rows


def shortlist_header() -> list[str]:
    return [
        _("Name"), _("Program"), _("Cohort"), _("E-mail"), _("Phone"), _("GPA"), _("CV"), _("Note"),
    ]  # fmt: skip


def row_values(row: ShortlistRow) -> list[Any]:
    return [row.name, row.program, row.cohort or "", row.email, row.phone, row.gpa, row.cv_url, row.note]
