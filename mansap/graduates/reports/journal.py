"""The electronic journal's rows: graduates with their current situation, in one query.

The current record (the status as of today: EmploymentRecordQuerySet.current) is picked once per
graduate, by one subquery that returns its fields as one JSON object (CURRENT_RECORD_KEYS); the last
successful contact and the last attempt come in as subqueries too, and the pending self-reports in
one prefetch, so a page of 20 graduates costs what a page of 2 does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    JSONField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, JSONObject
from django.db.models.query import ModelIterable
from django.utils import timezone

from mansap.core.access import CHANGE, EMPLOYMENT_RECORDERS, VIEW, scope_q
from mansap.core.models import EducationalProgram, Student
from mansap.graduates.choices import ContactOutcome, SelfReportStatus
from mansap.graduates.models import CollectionRound, ContactAttempt, EmploymentRecord, SelfReport

if TYPE_CHECKING:
    from mansap.core.access import AnyUser

# The current record's fields the journal shows: the row's attribute → (the key in the current record's JSON
# object, the record's field). The attributes are set on each row read (JournalIterable); the same names are
# aliases of the queryset (the key of the JSON object), for the filters and the sorting.
CURRENT_RECORD_KEYS = {
    "current_record_id": ("id", "pk"),
    "current_status": ("status", "status"),
    "current_employer": ("employer", "employer_name"),
    "current_position": ("position", "position"),
    "current_since": ("since", "started_on"),
    "current_evidence": ("evidence", "evidence"),
}


class JournalRow(Protocol):
    """A row of journal_rows(): a graduate (Student) with the annotations the journal's table reads."""

    @property
    def pk(self) -> Any: ...
    @property
    def full_name(self) -> str: ...
    @property
    def iin(self) -> str: ...
    @property
    def program(self) -> EducationalProgram: ...
    @property
    def current_record_id(self) -> int | None: ...
    @property
    def current_status(self) -> str | None: ...
    @property
    def current_employer(self) -> str | None: ...
    @property
    def current_position(self) -> str | None: ...
    @property
    def current_since(self) -> dt.date | None: ...
    @property
    def last_contact(self) -> dt.date | None: ...  # the last successful contact
    @property
    def last_attempt(self) -> dt.date | None: ...  # the last attempt, successful or not
    @property
    def last_attempt_outcome(self) -> str | None: ...
    @property
    def pending_reports(self) -> list[SelfReport]: ...  # self-reports to confirm, newest first
    @property
    def has_evidence(self) -> bool: ...
    @property
    def is_fresh(self) -> bool | None: ...  # None without a round to measure against
    @property
    def can_record(self) -> bool: ...
    @property
    def cohort(self) -> int | None: ...


def graduate_cohorts(user: AnyUser) -> list[int]:
    """Graduation years of the graduates the user may see, newest first (one query).

    Reads the distinct graduation dates (a few hundred at most) and takes their years in Python: grouping
    by a truncated or extracted year (`.dates()`, ExtractYear) is a Python function call per graduate on
    SQLite (302 ms at 200,000 graduates, bench/bench_journal.py).
    """
    dates = (
        Student.objects.graduates().for_user(user, VIEW).order_by().values_list("graduation_date", flat=True).distinct()
    )
    return sorted({day.year for day in dates if day is not None}, reverse=True)


def current_round(user: AnyUser, cohort: int | None, today: dt.date | None = None) -> CollectionRound | None:
    """The cohort's round the journal measures freshness against (one query).

    The open round (not closed) with the earliest deadline on or after today; when
    there is none, the cohort's latest round.
    """
    if cohort is None:
        return None
    today = today or timezone.localdate()
    upcoming = Q(closed_at__isnull=True, deadline__gte=today)
    return (
        CollectionRound.objects.for_user(user, VIEW)
        .filter(cohort=cohort)
        .select_related("academic_year")
        .annotate(
            is_upcoming=Case(When(upcoming, then=Value(0)), default=Value(1)),
            upcoming_deadline=Case(When(upcoming, then=F("deadline"))),
        )
        .order_by("is_upcoming", F("upcoming_deadline").asc(nulls_last=True), "-deadline", "-pk")
        .first()
    )


def journal_rows(user: AnyUser, collection_round: CollectionRound | None) -> QuerySet[Student]:
    """In-scope graduates annotated with their current situation (no query per row).

    Annotations: the current record's fields (CURRENT_RECORD_KEYS, in one JSON object; the status as of
    today, so a record that starts later is not it yet) and has_evidence, last_contact (the last successful
    one), last_attempt and its outcome (one JSON object too), is_fresh (None without a round), can_record
    (whether the user may write for this graduate); pending_reports is prefetched (the graduate's self-reports
    to confirm). The JSON objects' keys are aliases for the filters and the sorting, and attributes of each
    row read (JournalIterable).
    """
    today = timezone.localdate()
    current = EmploymentRecord.objects.current_of_graduate(OuterRef("pk"), today).order_by()
    # One subquery picks the current record (with the tie-break of current(): LATEST_FIRST) and returns the
    # fields the journal shows as one JSON object: eight subqueries, one per field and two more for
    # has_evidence, each with its nested "latest record" subquery, cost ~2 ms of the page's ~30 ms of CPU to
    # build and compile (bench/README.md, third round). The filters and the sorting read its keys (aliases:
    # nothing is selected twice); a row read gets them as attributes (JournalIterable).
    record = JSONObject(**{key: F(field) for key, field in CURRENT_RECORD_KEYS.values()})
    annotations: dict[str, Any] = {
        CURRENT_RECORD: Subquery(current.values(json=record)[:1], output_field=JSONField()),
    }
    # Each key as a plain text (or date) column, so that `isnull` and `exact` are SQL's, not JSON key lookups.
    aliases: dict[str, Any] = {
        name: Cast(KT(f"{CURRENT_RECORD}__{key}"), DateField() if key == "since" else CharField())
        for name, (key, _) in CURRENT_RECORD_KEYS.items()
        if name != "current_record_id"  # neither filtered nor sorted by
    }
    aliases["has_evidence"] = ExpressionWrapper(
        Q(current_evidence__isnull=False) & ~Q(current_evidence=""), output_field=BooleanField()
    )
    last_contact = (
        ContactAttempt.objects.filter(graduate=OuterRef("pk"), outcome=ContactOutcome.REACHED)
        .order_by()
        .values("graduate")
        .annotate(last=Max("contacted_on"))
        .values("last")
    )
    annotations["last_contact"] = Subquery(last_contact)
    last_attempt = ContactAttempt.objects.filter(graduate=OuterRef("pk")).order_by("-contacted_on", "-pk")
    # The last attempt's date and outcome, one subquery too (the date as an alias again, for the sorting).
    attempt = JSONObject(on=F("contacted_on"), outcome=F("outcome"))
    annotations[LAST_ATTEMPT] = Subquery(last_attempt.values(json=attempt)[:1], output_field=JSONField())
    aliases["last_attempt"] = Cast(KT(f"{LAST_ATTEMPT}__on"), DateField())
    if collection_round is not None:
        opens_at = timezone.make_aware(dt.datetime.combine(collection_round.opens_on, dt.time.min))
        fresh_record = EmploymentRecord.objects.valid().filter(graduate=OuterRef("pk"), created_at__gte=opens_at)
        fresh_contact = ContactAttempt.objects.filter(
            graduate=OuterRef("pk"), outcome=ContactOutcome.REACHED, contacted_on__gte=collection_round.opens_on
        )
        annotations["is_fresh"] = ExpressionWrapper(
            Exists(fresh_record) | Exists(fresh_contact), output_field=BooleanField()
        )
    else:
        annotations["is_fresh"] = Value(None, output_field=BooleanField())
    writable = scope_q(
        user,
        CHANGE,
        institution_path="institution",
        faculty_path="program__department__faculty",
        department_path="program__department",
        roles=EMPLOYMENT_RECORDERS,  # the Registrar's Office reads the journal
    )
    if writable is None:  # a superuser
        annotations["can_record"] = Value(True, output_field=BooleanField())
    elif not writable:
        annotations["can_record"] = Value(False, output_field=BooleanField())
    else:
        annotations["can_record"] = ExpressionWrapper(writable, output_field=BooleanField())
    rows = (
        Student.objects.graduates()
        .for_user(user, VIEW)
        .select_related("program__department")
        .prefetch_related(
            Prefetch(
                "self_reports",
                queryset=SelfReport.objects.filter(review_status=SelfReportStatus.PENDING).order_by("-submitted_at"),
                to_attr="pending_reports",
            )
        )
        .annotate(**annotations)
        .alias(**aliases)
    )
    rows._iterable_class = JournalIterable  # every row read (a page, the htmx row, the export) is unpacked
    return rows


# The annotations holding the current record's fields and the last attempt's as JSON objects (None without one).
CURRENT_RECORD = "current_record_json"
LAST_ATTEMPT = "last_attempt_json"


def _date(value: Any) -> dt.date | None:
    """A date of a JSON object: ISO text on both databases."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class JournalIterable(ModelIterable):
    """journal_rows()' graduates, each with the current record's fields (CURRENT_RECORD_KEYS) and the last
    attempt's date and outcome as attributes.

    The JSON objects bring their dates as ISO text (both databases): they are read back as dates. has_evidence
    is the filters' rule (a non-empty file name).
    """

    def __iter__(self) -> Iterator[Student]:
        for row in super().__iter__():
            current = getattr(row, CURRENT_RECORD, None) or {}
            for name, (key, _) in CURRENT_RECORD_KEYS.items():
                setattr(row, name, current.get(key))
            row.current_since = _date(current.get("since"))
            row.has_evidence = bool(current.get("evidence"))
            attempt = getattr(row, LAST_ATTEMPT, None) or {}
            row.last_attempt, row.last_attempt_outcome = _date(attempt.get("on")), attempt.get("outcome")
            yield row


# The student fields a page of the journal shows (tables.journal_rows_html); the rest of a row is annotations.
PAGE_FIELDS = ("last_name", "first_name", "middle_name", "iin", "graduation_date", "program__code")


def journal_page(
    rows: QuerySet[Student], start: int, stop: int | None, annotated: QuerySet[Student] | None = None
) -> list[Student]:
    """rows[start:stop] in one query that computes the per-row subqueries for those rows only.

    A plain slice of journal_rows() makes the database compute the current record, the contacts and the
    freshness of every graduate of the selection before it sorts them and skips the offset (page 100 of a
    5,554-graduate cohort was 2.5 times page 1, bench/bench_journal.py). Here a subquery picks the page's
    ids first, with the same filters and order but none of the annotations it does not filter or sort by,
    and only those rows are annotated, in the same order (the outer query sorts the page again). `annotated`
    is journal_rows() before the filters (rows is it filtered): the outer query then looks the page's ids up
    instead of running the filters again. Only the student fields the page shows are read (PAGE_FIELDS).
    """
    page = (rows if annotated is None else annotated).filter(pk__in=rows.values("pk")[start:stop])
    if annotated is not None and rows.query.order_by:
        page = page.order_by(*rows.query.order_by)
    return list(page.select_related(None).select_related("program").only(*PAGE_FIELDS))
