"""Verified employment (#20): reconcile a cohort's records with the official extracts; sustained employment;
freezing a reconciliation; the departments' decisions on discrepancy tasks.

The definitions (issue #20, BRIEF-20), applied exactly:
- covered: a graduate of a cohort listed by some extract (of either kind) of the institution, unless their consent
  to official checks is recorded as refused;
- a trace on the date D: a contract started on or before D without an end or ending on or after D, or a
  contribution for D's month or the month before (a row of the institution's extracts with the graduate's IIN: a
  row whose IIN was unknown at import counts as soon as the graduate exists);
- the department's status on D: the graduate's latest valid record started on or before D, as
  `readers.latest_records()` picks it (a record that ended before D leaves the status unknown, as for
  the employment KPIs); none: unknown;
- confirmed: employed and a trace; contradicted: employed and no trace, or unemployed (seeking or not) and a
  trace; official only: unknown and a trace; consistent: every other covered graduate; not covered;
- verified employment rate = (confirmed + official only) / (cohort − out of labour force by the department's
  statuses); covered share = covered / cohort.
- sustained employment, after the UK's LEO: contributions in at least N of the M months of a window (default 5 of
  6, October to March after graduation), counted for covered graduates; its rate is over the covered graduates.

`compute()` reads the graduates, their latest records, the refused consents and the extracts' rows in a fixed
number of queries whatever the cohort's size (no per-graduate query) and decides the states in one pass.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from mansap.common.history import attributed
from mansap.core.models import Department, Institution, Student
from mansap.graduates import kpi_cache
from mansap.graduates.choices import (
    DISCREPANT,
    EMPLOYED,
    OUT_OF_LABOUR_FORCE,
    BinMatch,
    Channel,
    ConsentStatus,
    EmploymentStatus,
    ReconciledState,
    TaskStatus,
)
from mansap.graduates.models import (
    DiscrepancyTask,
    EmploymentRecord,
    ExtractCohort,
    OfficialCheckConsent,
    OfficialContract,
    OfficialContribution,
    Reconciliation,
    ReconciliationRow,
)
from mansap.graduates.readers import latest_records
from mansap.graduates.services.records import record_employment, recorded_by, require_recorder

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

S = EmploymentStatus
R = ReconciledState
UNEMPLOYED = frozenset({S.UNEMPLOYED_SEEKING, S.NOT_SEEKING})
STATES = (R.CONFIRMED, R.CONTRADICTED, R.OFFICIAL_ONLY, R.CONSISTENT, R.NOT_COVERED)

# What accepting the official evidence may record: with a trace, an employed status; without one, an unemployed one.
ACCEPT_WITH_TRACE = (S.EMPLOYED_OTHER, S.EMPLOYED_SPECIALTY, S.OWN_BUSINESS)
ACCEPT_WITHOUT_TRACE = (S.UNEMPLOYED_SEEKING, S.NOT_SEEKING)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    index = min(max(index, 12), 12 * 9999 + 11)  # within the dates Python has (fuzzed as_of 0001-01-01, 9999-12-31)
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Window:
    """The sustained-employment window: contributions in at least `required` of the `months` months from `start`."""

    start: dt.date
    months: int = 6
    required: int = 5

    @classmethod
    def after_graduation(cls, cohort: int, *, start_month: int = 10, months: int = 6, required: int = 5) -> Window:
        """The LEO window of a cohort: from October (by default) of its graduation year."""
        if not 1 <= start_month <= 12 or not 1 <= required <= months <= 24:
            raise ValidationError(_("The sustained-employment window needs 1 ≤ N ≤ M ≤ 24 months."))
        return cls(dt.date(cohort, start_month, 1), months, required)

    @property
    def end(self) -> dt.date:
        """The first day after the window."""
        return add_months(self.start, self.months)


@dataclass
class GraduateState:
    graduate_id: int
    status: str
    record_id: int | None
    state: str
    has_trace: bool = False
    bin_match: str = BinMatch.NOT_COMPARABLE
    official_bin: str = ""
    official_employer: str = ""
    official_since: dt.date | None = None
    sustained: bool | None = None


@dataclass
class Outcome:
    """The figures of a reconciliation, and each graduate's state when asked for."""

    cohort: int
    as_of: dt.date
    counts: dict[str, int]
    covered: int
    out_of_labour_force: int
    window: Window | None = None
    sustained: int | None = None
    graduates: list[GraduateState] = field(default_factory=list)

    @property
    def denominator(self) -> int:
        return self.counts["cohort"] - self.out_of_labour_force

    @property
    def verified_employment_rate(self) -> float | None:
        verified = self.counts[R.CONFIRMED] + self.counts[R.OFFICIAL_ONLY]
        return _rate(verified, self.denominator)

    @property
    def covered_share(self) -> float | None:
        return _rate(self.covered, self.counts["cohort"])

    @property
    def sustained_rate(self) -> float | None:
        return None if self.sustained is None else _rate(self.sustained, self.covered)

    def as_json(self, *, sustained: bool = False) -> dict[str, Any]:
        """The command's contract: exactly these keys (and the sustained ones with --sustained)."""
        data: dict[str, Any] = {
            "counts": {**{str(state): self.counts[state] for state in STATES}, "cohort": self.counts["cohort"]},
            "verified_employment_rate": _round(self.verified_employment_rate),
            "covered_share": _round(self.covered_share),
        }
        if sustained:
            data["sustained_employment"] = self.sustained
            data["sustained_employment_rate"] = _round(self.sustained_rate)
        return data

    def figures(self) -> dict[str, Any]:
        """What a Reconciliation keeps as issued."""
        data = self.as_json(sustained=self.window is not None)
        data.update(covered=self.covered, out_of_labour_force=self.out_of_labour_force)
        return data


def _rate(numerator: int, denominator: int) -> float | None:
    return None if denominator <= 0 else numerator / denominator


def _round(value: float | None) -> float | None:
    """Rates are printed as computed (fractions between 0 and 1, as employment_kpis prints them), or null."""
    return value


def _raw_rows(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """A values_list() queryset's rows from the cursor, in chunks (no per-value converters: plain values)."""
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def cohort_graduates(institution_id: int, cohort: int, department: Department | None = None) -> QuerySet[Student]:
    graduates = Student.objects.filter(institution_id=institution_id, graduation_date__year=cohort).graduates()
    if department is not None:
        graduates = graduates.filter(program__department=department)
    return graduates


def covered_cohorts(institution_ids: list[int]) -> set[tuple[int, int]]:
    """The (institution, cohort) pairs some extract of the institutions was requested for."""
    rows = ExtractCohort.objects.filter(extract__institution_id__in=institution_ids).values_list(
        "extract__institution_id", "year"
    )
    return set(rows.distinct())


def compute(
    institution_id: int,
    cohort: int,
    as_of: dt.date,
    *,
    department: Department | None = None,
    window: Window | None = None,
    with_graduates: bool = True,
) -> Outcome:
    """Reconcile the cohort (of a department) on the date: 6 queries (7 with sustained employment), any size."""
    graduates = cohort_graduates(institution_id, cohort, department)
    return compute_graduates(
        graduates, institution_id, as_of, cohort=cohort, window=window, with_graduates=with_graduates
    )


def compute_graduates(
    graduates: QuerySet[Student],
    institution_id: int | None,
    as_of: dt.date,
    *,
    cohort: int = 0,
    window: Window | None = None,
    with_graduates: bool = True,
) -> Outcome:
    """compute() for any set of graduates (the analytics page's selection, several cohorts); `institution_id`
    None: the graduates' institutions (one query more)."""
    iins = graduates.order_by().values("iin")
    if institution_id is None:
        institutions = list(graduates.order_by().values_list("institution_id", flat=True).distinct())
    else:
        institutions = [institution_id]
    listed_cohorts = covered_cohorts(institutions)
    listed = bool(listed_cohorts)
    # No extract lists any cohort: nobody is covered, no consent or trace to read (2 queries fewer).
    refused: set[int] = set()
    if listed:
        refused = set(
            OfficialCheckConsent.objects.filter(
                graduate__in=graduates.order_by().values("pk"), status=ConsentStatus.REFUSED
            ).values_list("graduate_id", flat=True)
        )
    # The department's status on the date (the KPIs' rule: ended before the date → unknown).
    statuses: dict[int, tuple[str, int, str]] = {}
    latest = latest_records(graduates, as_of).values_list("graduate_id", "pk", "status", "ended_on", "employer_bin")
    for graduate_id, record_id, status, ended_on, employer_bin in _raw_rows(latest):
        ended = _as_date(ended_on)
        if ended is None or ended >= as_of:
            statuses[graduate_id] = (status, record_id, employer_bin or "")
    # The official traces on the date, by IIN: (BINs, the first employer named, since when).
    traces: dict[str, tuple[set[str], str, dt.date | None]] = {}

    def trace(iin: str, bin_: str = "", name: str = "", since: Any = None) -> None:
        bins, first_name, first_since = traces.get(iin, (set(), "", None))
        if bin_:
            bins.add(bin_)
        since = _as_date(since)
        if first_since is None or (since is not None and since < first_since):
            first_since = since
        traces[iin] = (bins, first_name or name or "", first_since)

    if listed:
        # Only the counts asked for (the command, the KPIs): one row per IIN with a trace, no employer.
        details = ("employer_bin", "employer_name", "started_on") if with_graduates else ()
        contracts = (
            OfficialContract.objects.filter(institution_id__in=institutions, iin__in=iins, started_on__lte=as_of)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_of))
            .order_by()
            .values_list("iin", *details)
        )
        if not with_graduates:
            contracts = contracts.distinct()
        for found_contract in _raw_rows(contracts):
            trace(*found_contract)
        months = (add_months(as_of, -1), add_months(as_of, 1))
        contributions = (
            OfficialContribution.objects.filter(
                institution_id__in=institutions, iin__in=iins, month__gte=months[0], month__lt=months[1]
            )
            .order_by()
            .values_list("iin", *(("payer_bin", "payer_name", "month") if with_graduates else ()))
        )
        if not with_graduates:
            contributions = contributions.distinct()
        for found_contribution in _raw_rows(contributions):
            trace(*found_contribution)
    sustained_iins: set[str] = set()
    if window is not None and listed:
        sustained_iins = set(
            OfficialContribution.objects.filter(
                institution_id__in=institutions, iin__in=iins, month__gte=window.start, month__lt=window.end
            )
            .order_by()
            .values("iin")
            .annotate(months=Count("month", distinct=True))
            .filter(months__gte=window.required)
            .values_list("iin", flat=True)
        )

    # One pass; the per-graduate work is dictionary lookups (a state table, not the rules again per graduate).
    state_of = {(status, has): str(_state(status, has)) for status in S.values for has in (False, True)}
    out_of_labour = {str(status) for status in OUT_OF_LABOUR_FORCE}
    no_record: tuple[str, int | None, str] = (str(S.UNKNOWN), None, "")
    counts: Counter[str] = Counter()
    covered = out_of_labour_force = sustained = 0
    result: list[GraduateState] = []
    rows = graduates.order_by().values_list("pk", "iin", "graduation_date", "institution_id")
    for graduate_id, iin, graduated, graduate_institution in _raw_rows(rows):
        status, record_id, record_bin = statuses.get(graduate_id, no_record)
        if status in out_of_labour:
            out_of_labour_force += 1
        year = graduated.year if isinstance(graduated, dt.date) else _as_date(graduated).year  # type: ignore[union-attr]
        found = None
        is_sustained: bool | None = None
        if (graduate_institution, year) not in listed_cohorts or graduate_id in refused:
            state = str(R.NOT_COVERED)
        else:
            covered += 1
            found = traces.get(iin)
            has_trace = found is not None
            state = state_of.get((status, has_trace)) or str(_state(status, has_trace))
            if window is not None:
                is_sustained = iin in sustained_iins
                sustained += is_sustained
        counts[state] += 1
        if with_graduates:
            result.append(_graduate_state(graduate_id, status, record_id, record_bin, state, found, is_sustained))
    counts["cohort"] = sum(counts.values())
    return Outcome(
        cohort=cohort,
        as_of=as_of,
        counts={**{state: counts[state] for state in STATES}, "cohort": counts["cohort"]},
        covered=covered,
        out_of_labour_force=out_of_labour_force,
        window=window,
        sustained=sustained if window is not None else None,
        graduates=result,
    )


def _graduate_state(
    graduate_id: int,
    status: str,
    record_id: int | None,
    record_bin: str,
    state: str,
    found: tuple[set[str], str, dt.date | None] | None,
    sustained: bool | None,
) -> GraduateState:
    """A graduate's row: the official employer, and whether the BINs match where both have one."""
    row = GraduateState(graduate_id, status, record_id, state, has_trace=found is not None, sustained=sustained)
    if found is not None:
        bins, row.official_employer, row.official_since = found
        row.official_bin = min(bins) if bins else ""
        if record_bin and bins and status in EMPLOYED:
            row.bin_match = BinMatch.YES if record_bin in bins else BinMatch.NO
            if record_bin in bins:
                row.official_bin = record_bin
    return row


def _state(status: str, has_trace: bool) -> str:
    """A covered graduate's state from the department's status and whether an official trace exists."""
    if status in EMPLOYED:
        return R.CONFIRMED if has_trace else R.CONTRADICTED
    if status in UNEMPLOYED:
        return R.CONTRADICTED if has_trace else R.CONSISTENT
    if status == S.UNKNOWN:
        return R.OFFICIAL_ONLY if has_trace else R.CONSISTENT
    return R.CONSISTENT  # out of the labour force: a master's student may work


#
# Saved reconciliations
#
def _require_career_center(acting_user: MaybeUser, institution: Institution) -> None:
    from django.core.exceptions import PermissionDenied

    from mansap.core.access import is_career_center

    if acting_user is not None and not is_career_center(acting_user, institution):
        raise PermissionDenied


def window_of(reconciliation: Reconciliation) -> Window:
    return Window(reconciliation.sustained_from, reconciliation.sustained_months, reconciliation.sustained_required)


@transaction.atomic
def reconcile(
    institution: Institution,
    cohort: int,
    as_of: dt.date,
    *,
    acting_user: MaybeUser,
    department: Department | None = None,
    window: Window | None = None,
) -> Reconciliation:
    """Compute and save a reconciliation with its rows, and a discrepancy task per discrepant graduate."""
    _require_career_center(acting_user, institution)
    window = window or Window.after_graduation(cohort)
    reconciliation = Reconciliation(
        institution=institution,
        cohort=cohort,
        as_of=as_of,
        department=department,
        sustained_from=window.start,
        sustained_months=window.months,
        sustained_required=window.required,
        created_by=recorded_by(acting_user),
    )
    attributed(reconciliation, acting_user).save()
    _store(reconciliation, acting_user)
    return reconciliation


def reconcile_cohort(
    institution: Institution,
    cohort: int,
    as_of: dt.date,
    *,
    acting_user: MaybeUser,
    department: Department | None = None,
    months: int = 6,
    required: int = 5,
) -> Reconciliation:
    """reconcile() with the LEO window of the cohort (from October after graduation): the page's and the API's."""
    window = Window.after_graduation(cohort, months=months, required=required)
    return reconcile(institution, cohort, as_of, acting_user=acting_user, department=department, window=window)


def _store(reconciliation: Reconciliation, acting_user: MaybeUser) -> Outcome:
    outcome = compute(
        reconciliation.institution_id,
        reconciliation.cohort,
        reconciliation.as_of,
        department=reconciliation.department,
        window=window_of(reconciliation),
    )
    reconciliation.rows.all().delete()
    ReconciliationRow.objects.bulk_create(
        (
            ReconciliationRow(
                reconciliation=reconciliation,
                graduate_id=g.graduate_id,
                status=g.status,
                record_id=g.record_id,
                state=g.state,
                has_trace=g.has_trace,
                bin_match=g.bin_match,
                official_bin=g.official_bin,
                official_employer=g.official_employer[:255],
                official_since=g.official_since,
                sustained=g.sustained,
            )
            for g in outcome.graduates
        ),
        batch_size=2000,
    )
    discrepant = {g.graduate_id: g for g in outcome.graduates if g.state in DISCREPANT}
    tasks = {t.graduate_id: t for t in reconciliation.tasks.all()}
    # An open task whose graduate is no longer discrepant goes; a decided one stays (its decision is history).
    stale = [t.pk for gid, t in tasks.items() if t.status == TaskStatus.OPEN and gid not in discrepant]
    DiscrepancyTask.objects.filter(pk__in=stale).delete()
    bulk_create_with_history(
        [
            DiscrepancyTask(
                reconciliation=reconciliation,
                graduate_id=g.graduate_id,
                state=g.state,
                department_status=g.status,
                has_trace=g.has_trace,
                official_bin=g.official_bin,
                official_employer=g.official_employer[:255],
                official_since=g.official_since,
            )
            for gid, g in discrepant.items()
            if gid not in tasks
        ],
        DiscrepancyTask,
        batch_size=2000,
        default_user=recorded_by(acting_user),
    )
    reconciliation.figures = outcome.figures()
    attributed(reconciliation, acting_user).save(update_fields=["figures", "updated_at"])
    return outcome


def _require_unfrozen(reconciliation: Reconciliation) -> None:
    if reconciliation.is_frozen:
        raise ValidationError(_("This reconciliation is frozen: its figures are kept as issued."), code="frozen")


@transaction.atomic
def recompute(reconciliation: Reconciliation, *, acting_user: MaybeUser) -> Reconciliation:
    """Compute an unfrozen reconciliation again (after new records, decisions or extracts)."""
    reconciliation = Reconciliation.objects.select_for_update().get(pk=reconciliation.pk)
    _require_career_center(acting_user, reconciliation.institution)
    _require_unfrozen(reconciliation)
    _store(reconciliation, acting_user)
    return reconciliation


@transaction.atomic
def freeze(reconciliation: Reconciliation, *, acting_user: MaybeUser) -> Reconciliation:
    """Compute it a last time and keep its figures and rows as issued: nothing changes them afterwards."""
    reconciliation = Reconciliation.objects.select_for_update().get(pk=reconciliation.pk)
    _require_career_center(acting_user, reconciliation.institution)
    _require_unfrozen(reconciliation)
    _store(reconciliation, acting_user)
    reconciliation.frozen_at = timezone.now()
    reconciliation.frozen_by = recorded_by(acting_user)
    attributed(reconciliation, acting_user, reason="frozen").save(
        update_fields=["frozen_at", "frozen_by", "updated_at"]
    )
    return reconciliation


#
# The departments' decisions
#
def _require_open(task: DiscrepancyTask) -> None:
    if task.status != TaskStatus.OPEN:
        raise ValidationError(_("This task has already been decided."), code="decided")


def accept_statuses(task: DiscrepancyTask) -> tuple[str, ...]:
    return ACCEPT_WITH_TRACE if task.has_trace else ACCEPT_WITHOUT_TRACE


@transaction.atomic
def accept_task(task: DiscrepancyTask, *, acting_user: MaybeUser, status: str = "") -> EmploymentRecord:
    """Accept the official evidence: a new record with the channel "official extract" (the department's history
    stays: the open record is closed by the new one, never changed otherwise)."""
    task = DiscrepancyTask.objects.select_for_update().select_related("reconciliation", "graduate").get(pk=task.pk)
    _require_open(task)
    require_recorder(acting_user, task.graduate)
    allowed = accept_statuses(task)
    status = status or allowed[0]
    if status not in allowed:
        raise ValidationError({"status": _("Choose a status the official evidence supports.")})
    as_of = task.reconciliation.as_of
    open_record = EmploymentRecord.objects.filter(graduate=task.graduate).open().first()
    started_on = max(as_of, open_record.started_on) if open_record else as_of
    employed = status in EMPLOYED
    record = record_employment(
        task.graduate,
        acting_user=acting_user,
        status=status,
        started_on=started_on,
        channel=Channel.OFFICIAL_EXTRACT,
        employer_name=task.official_employer if employed else "",
        employer_bin=task.official_bin if employed else "",
        note=_("Accepted from the reconciliation of {date}.").format(date=as_of.strftime("%d.%m.%Y")),
    )
    task.status = TaskStatus.ACCEPTED
    task.record = record
    task.decided_by = recorded_by(acting_user)
    task.decided_at = timezone.now()
    attributed(task, acting_user).save()
    kpi_cache.bump_all_on_commit()  # the new record changes the verified figures (and the KPIs) of its cohort
    return record


@transaction.atomic
def keep_task(task: DiscrepancyTask, *, acting_user: MaybeUser, reason: str) -> DiscrepancyTask:
    """Keep the department's record, with the reason (e.g. works abroad, informal self-employment)."""
    task = DiscrepancyTask.objects.select_for_update().select_related("graduate").get(pk=task.pk)
    _require_open(task)
    require_recorder(acting_user, task.graduate)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for keeping the department's record.")})
    task.status = TaskStatus.KEPT
    task.reason = reason[:500]
    task.decided_by = recorded_by(acting_user)
    task.decided_at = timezone.now()
    attributed(task, acting_user).save()
    return task
