"""Collection rounds: the calendar, creating rounds, submissions, Platonus registration and reminders.

The calendar (O-1): four rounds per academic year, configurable per institution
through RoundRule rows. The defaults follow the regulation:

    round  collection deadline        Platonus registration deadline
    1      30 September                1 October
    2      30 November                 1 December
    3      end of February (28/29)     1 March
    4      30 April                    (none)

Months from the academic year's first month (September) to December fall in the
year's first calendar year; January to August in the second.

What counts as "updated this round" is defined once in mansap.graduates.reports.progress.
Who may manage rounds (core.access.can_manage_rounds) and submit a department's round is decided by
the views before these are called; the services keep the rules of the rounds themselves (change_round_rule
asks can_manage_rounds once more: a calendar change affects every department).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mansap.common import links
from mansap.common.history import attributed
from mansap.common.mail import localized_message, recipient_language, send_messages_on_commit
from mansap.core.access import can_manage_rounds
from mansap.core.choices import Role
from mansap.core.models import AcademicYear, Department, Institution, Membership, Student, User
from mansap.graduates.models import (
    CollectionRound,
    RoundReminder,
    RoundRule,
    RoundSubmission,
)
from mansap.graduates.services.records import recorded_by

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

# number, collection month, collection day (None: last day of the month), Platonus month, Platonus day
DEFAULT_RULES: tuple[tuple[int, int, int | None, int | None, int | None], ...] = (
    (1, 9, 30, 10, 1),
    (2, 11, 30, 12, 1),
    (3, 2, None, 3, 1),  # "30 February" in the regulation: the last day of February
    (4, 4, 30, None, None),
)


# Reminders go out this many days before a collection deadline.
DEFAULT_REMINDER_DAYS: tuple[int, ...] = (14, 3)


# ---- Calendar ------------------------------------------------------------------------------------------------
def ensure_default_rules(institution: Institution) -> list[RoundRule]:
    """The institution's calendar rules; the regulation's four are created (atomically) when it has none."""
    rules = list(RoundRule.objects.filter(institution=institution).order_by("number"))
    if rules:
        return rules
    with transaction.atomic():
        for number, c_month, c_day, p_month, p_day in DEFAULT_RULES:
            rule = RoundRule(
                institution=institution,
                number=number,
                collection_month=c_month,
                collection_day=c_day,
                platonus_month=p_month,
                platonus_day=p_day,
            )
            rule.save()
            rules.append(rule)
    return rules


def _calendar_year(month: int, academic_year: AcademicYear) -> int:
    first_month = academic_year.starts_on.month if academic_year.starts_on else 9
    return academic_year.start_year if month >= first_month else academic_year.start_year + 1


def _date_in(year: int, month: int, day: int | None) -> dt.date:
    """The date; an empty day (or one past the month's end, e.g. 30 February) is the month's last day."""
    if not 1 <= month <= 12:  # refused by the rule's validation and the database; never a crash here
        raise ValidationError(_("Months go from 1 to 12 and days from 1 to 31."), code="month")
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, last if day is None else min(day, last))


def deadlines_for(rule: RoundRule, academic_year: AcademicYear) -> tuple[dt.date, dt.date | None]:
    """The collection deadline and the Platonus registration deadline (or None) of a rule in a year."""
    collection = _date_in(
        _calendar_year(rule.collection_month, academic_year), rule.collection_month, rule.collection_day
    )
    platonus = None
    if rule.platonus_month:
        platonus = _date_in(
            _calendar_year(rule.platonus_month, academic_year), rule.platonus_month, rule.platonus_day or 1
        )
    return collection, platonus


# A leap year's academic year, so that a rule's dates are checked with 29 February too.
_CHECK_YEAR = AcademicYear(start_year=2027)


@transaction.atomic
def change_round_rule(
    rule: RoundRule,
    *,
    acting_user: MaybeUser,
    collection_month: int,
    collection_day: int | None,
    platonus_month: int | None,
    platonus_day: int | None,
) -> RoundRule:
    """Change a rule of the round calendar (the Career Center's, core.access.can_manage_rounds).

    Rounds already created keep their deadlines; the rounds created next follow the rule. The rounds' collection
    deadlines must follow the round numbers through the academic year, and a Platonus deadline cannot come
    before its round's collection deadline.
    """
    if acting_user is not None and not can_manage_rounds(acting_user):
        raise PermissionDenied
    rule = RoundRule.objects.select_for_update().get(pk=rule.pk)
    rule.collection_month, rule.collection_day = collection_month, collection_day
    rule.platonus_month, rule.platonus_day = platonus_month, platonus_day
    rule.full_clean()
    collection, platonus = deadlines_for(rule, _CHECK_YEAR)
    if platonus is not None and platonus < collection:
        raise ValidationError(
            {"platonus_month": _("The Platonus deadline cannot come before the round's collection deadline.")}
        )
    for other in RoundRule.objects.filter(institution=rule.institution_id).exclude(pk=rule.pk):
        other_collection = deadlines_for(other, _CHECK_YEAR)[0]
        if (other.number < rule.number and other_collection >= collection) or (
            other.number > rule.number and other_collection <= collection
        ):
            raise ValidationError(
                {
                    "collection_month": _(
                        "Round {number}'s deadline is {date}: the rounds' deadlines follow their numbers through "
                        "the academic year."
                    ).format(number=other.number, date=formats.date_format(other_collection, "j E"))
                }
            )
    attributed(rule, acting_user).save()
    return rule


@transaction.atomic
def create_rounds(academic_year: AcademicYear, *, cohort: int, acting_user: MaybeUser = None) -> list[CollectionRound]:
    """The calendar's rounds of the year for a cohort; rounds that already exist are left as they are.

    Each round opens the day after the previous round's deadline; the first opens
    on the academic year's first day. Returns the rounds created.
    """
    rules = ensure_default_rules(academic_year.institution)
    planned = sorted((*deadlines_for(rule, academic_year), rule.number) for rule in rules)
    existing = set(
        CollectionRound.objects.filter(academic_year=academic_year, cohort=cohort).values_list("number", flat=True)
    )
    created = []
    opens_on = academic_year.starts_on
    for deadline, platonus_deadline, number in planned:
        if number not in existing:
            round_ = CollectionRound(
                institution=academic_year.institution,
                academic_year=academic_year,
                number=number,
                cohort=cohort,
                opens_on=min(opens_on, deadline),
                deadline=deadline,
                platonus_deadline=platonus_deadline,
            )
            attributed(round_, acting_user).save()
            created.append(round_)
        opens_on = deadline + dt.timedelta(days=1)
    return created


def next_round_number(academic_year: AcademicYear, cohort: int) -> int:
    """The number for an extra round (a checkpoint): after the calendar's, at least 5."""
    numbers = CollectionRound.objects.filter(academic_year=academic_year, cohort=cohort).values_list(
        "number", flat=True
    )
    return max([len(DEFAULT_RULES), *numbers]) + 1


@transaction.atomic
def create_extra_round(
    academic_year: AcademicYear,
    *,
    cohort: int,
    deadline: dt.date,
    opens_on: dt.date | None = None,
    platonus_deadline: dt.date | None = None,
    number: int | None = None,
    label: str = "",
    acting_user: MaybeUser = None,
) -> CollectionRound:
    """An extra round (a checkpoint such as "graduation + 6 months") with its own deadline.

    It opens the day after the cohort's latest earlier deadline, or on the year's first day.
    `label` names the checkpoint ("+6 months", "at graduation"); it shows after the number.
    """
    if opens_on is None:
        earlier = (
            CollectionRound.objects.filter(cohort=cohort, institution=academic_year.institution, deadline__lt=deadline)
            .order_by("-deadline")
            .values_list("deadline", flat=True)
            .first()
        )
        opens_on = earlier + dt.timedelta(days=1) if earlier else min(academic_year.starts_on, deadline)
    if opens_on > deadline:
        raise ValidationError({"opens_on": _("A round must open on or before its deadline.")})
    if platonus_deadline and platonus_deadline < deadline:
        raise ValidationError({"platonus_deadline": _("The Platonus deadline cannot precede the collection deadline.")})
    round_ = CollectionRound(
        institution=academic_year.institution,
        academic_year=academic_year,
        number=number or next_round_number(academic_year, cohort),
        label=" ".join(label.split()),
        cohort=cohort,
        opens_on=opens_on,
        deadline=deadline,
        platonus_deadline=platonus_deadline,
    )
    round_.full_clean()
    attributed(round_, acting_user).save()
    return round_


# ---- Submissions and state changes ----------------------------------------------------------------------------
@transaction.atomic
def submit_round(
    round_: CollectionRound, department: Department, *, acting_user: MaybeUser, note: str = ""
) -> RoundSubmission:
    """The department hands the round's data to the Career Center; once per round and department."""
    if round_.is_closed:
        raise ValidationError(_("The round is closed: it can no longer be submitted."), code="closed")
    existing = RoundSubmission.objects.filter(collection_round=round_, department=department).first()
    if existing is not None:
        raise ValidationError(
            _("{department} already submitted this round on {date}.").format(
                department=department, date=timezone.localtime(existing.submitted_at).strftime("%d.%m.%Y %H:%M")
            ),
            code="already_submitted",
        )
    submission = RoundSubmission(
        collection_round=round_,
        department=department,
        submitted_at=timezone.now(),
        submitted_by=recorded_by(acting_user),
        note=note,
    )
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives a lost race
            attributed(submission, acting_user).save()
    except IntegrityError as exc:  # submitted at the same moment by a colleague
        raise ValidationError(
            _("{department} already submitted this round.").format(department=department), code="already_submitted"
        ) from exc
    return submission


@transaction.atomic
def close_round(round_: CollectionRound, *, acting_user: MaybeUser) -> CollectionRound:
    """Close the round: its self-service links stop working and departments can no longer submit it."""
    if not round_.is_closed:
        round_.closed_at = timezone.now()
        attributed(round_, acting_user).save(update_fields=["closed_at"])
    return round_


@transaction.atomic
def reopen_round(round_: CollectionRound, *, acting_user: MaybeUser) -> CollectionRound:
    if round_.is_closed:
        round_.closed_at = None
        attributed(round_, acting_user).save(update_fields=["closed_at"])
    return round_


@transaction.atomic
def register_in_platonus(round_: CollectionRound, *, acting_user: MaybeUser, when: dt.datetime | None = None) -> bool:
    """Record who registered the round in AIS Platonus, and when. False when it was already recorded."""
    if round_.platonus_registered_at is not None:
        return False
    round_.platonus_registered_at = when or timezone.now()
    round_.platonus_registered_by = recorded_by(acting_user)
    attributed(round_, acting_user).save(update_fields=["platonus_registered_at", "platonus_registered_by"])
    return True


# ---- Reminders ------------------------------------------------------------------------------------------------
def _reminder_language(user: User) -> str:
    """The recipient's account language; without one, the deployment's language when it is kk, ru or en,
    else Kazakh."""
    deployment = settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in links.LANGUAGE_CODES else "kk"
    return recipient_language(user, default=deployment)


def reminder_recipients(round_: CollectionRound) -> dict[User, list[Department]]:
    """Department staff (with an e-mail) of departments with graduates of the cohort that have not submitted."""
    with_graduates = (
        Student.objects.graduates()
        .filter(institution_id=round_.institution_id, graduation_date__year=round_.cohort)
        .values("program__department")
    )
    submitted = RoundSubmission.objects.filter(collection_round=round_).values("department")
    memberships = (
        Membership.objects.filter(
            institution_id=round_.institution_id,
            role=Role.DEPARTMENT,
            department__in=with_graduates,
            department__is_graduating=True,
            user__is_active=True,
        )
        .exclude(department__in=submitted)
        .exclude(user__email="")
        .select_related("user", "department")
        .order_by("user_id", "department__code")
    )
    recipients: dict[User, list[Department]] = defaultdict(list)
    for membership in memberships:
        if membership.department is not None:  # always: the filter asks for department memberships
            recipients[membership.user].append(membership.department)
    return dict(recipients)


def reminder_kind(days: int) -> str:
    """The kind of a scheduled reminder sent `days` days before the deadline: "T-14", "T-3"..."""
    return f"T-{days}"


def send_reminders(
    round_: CollectionRound,
    *,
    site_url: str | None = None,
    today: dt.date | None = None,
    kind: str = RoundReminder.MANUAL,
) -> int:
    """E-mail each recipient once, in their language, about their departments' unsubmitted round.

    At most once a day per round, department, recipient and kind: a RoundReminder row
    is inserted for each (department, recipient) before the e-mail goes out, and its
    unique constraint turns away a second insert, whichever server or run makes it.
    A recipient whose departments were all reminded today gets nothing. When sending
    fails, the rows are deleted again so that a later run retries. Returns the e-mails sent.

    Not one atomic block, unlike the other services, on purpose: each claim commits at once so that
    another server's run sees it (and does not wait on it while this one talks to the mail server), and
    the e-mails go out now (on_commit=False), so a failure is seen here and the claims are released.
    `site_url` is the address the links start with (the request's, else MANSAP_BASE_URL).
    """
    if round_.is_closed:
        return 0
    today = today or timezone.localdate()
    already = set(
        RoundReminder.objects.filter(collection_round=round_, sent_on=today, kind=kind).values_list(
            "department_id", "recipient_id"
        )
    )
    messages: list[EmailMessage] = []
    claimed: list[int] = []
    for user, departments in reminder_recipients(round_).items():
        fresh = []
        for department in departments:
            if (department.pk, user.pk) in already:
                continue
            reminder = _claim_reminder(round_, department, user, today, kind)
            if reminder is not None:
                claimed.append(reminder.pk)
                fresh.append(department)
        if not fresh:
            continue
        messages.append(
            localized_message(
                user.email,
                _reminder_language(user),
                # Rendered in the recipient's language: the round's name is translated there too.
                subject=lambda: _("Mansap: {round} is due on {date}").format(
                    round=round_, date=round_.deadline.strftime("%d.%m.%Y")
                ),
                template="graduates/email/round_reminder.txt",
                context={
                    "user": user,
                    "round": round_,
                    "departments": fresh,
                    "days": round_.days_to_deadline(today),
                    "url": links.site_url(round_.get_absolute_url(), base=site_url),
                },
            )
        )
    try:
        send_messages_on_commit(messages, on_commit=False)
    except Exception:
        RoundReminder.objects.filter(pk__in=claimed).delete()
        raise
    return len(messages)


def _claim_reminder(
    round_: CollectionRound, department: Department, user: User, today: dt.date, kind: str
) -> RoundReminder | None:
    """The new RoundReminder row, or None when one exists already (inserted meanwhile elsewhere)."""
    try:
        with transaction.atomic():
            return RoundReminder.objects.create(
                collection_round=round_, department=department, recipient=user, sent_on=today, kind=kind
            )
    except IntegrityError:
        return None


def send_due_reminders(today: dt.date | None = None, days: Iterable[int] = DEFAULT_REMINDER_DAYS) -> dict[int, int]:
    """Remind departments of open rounds whose deadline is `days` days away (kinds "T-14", "T-3"...).

    Returns {round id: e-mails sent} for every round due today. send_reminders keeps
    it to once a day per round, department and recipient, so running the command
    twice a day (or on two servers) sends nothing the second time (0 for the round).
    """
    today = today or timezone.localdate()
    days_by_deadline = {today + dt.timedelta(days=d): d for d in days}
    sent: dict[int, int] = {}
    for round_ in (
        CollectionRound.objects.filter(closed_at__isnull=True, deadline__in=list(days_by_deadline))
        .select_related("academic_year")
        .order_by("deadline", "pk")
    ):
        kind = reminder_kind(days_by_deadline[round_.deadline])
        sent[round_.pk] = send_reminders(round_, today=today, kind=kind)
    return sent
