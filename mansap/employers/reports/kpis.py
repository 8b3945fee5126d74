"""Employer-partnership KPIs as of a date. The dashboard, the command and the API all call partner_kpis().

- 17.5: social partnership memoranda in force on D (valid_from <= D and valid_until empty or >= D);
- 17.6: joint units open on D (opened_on <= D and closed_on empty or > D: closed_on is the first day closed);
- 17.7: targeted-training students on D: students with a sponsor (core Student.sponsor) who were studying
  on D: admitted in D's year or earlier (an unknown admission year counts), not graduated before D,
  and not expelled before D (the date the status became "expelled" is read from the student's history).
- 17.8: the annual survey of companies on the quality of training: the headline score (mean, 1–5) of the
  latest launched employer campaign (mansap.surveys) that closed on or before D and less than 365 days
  before it; empty when there is none, or when fewer people answered than the campaign's minimum slice.

There is no TargetedTraining model: a sponsor on the student is all KPI-17.7 needs, and a second
record of the same fact could disagree with it. The contract with the sponsor, when there is one,
is an agreement of the organization (see the employer page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from mansap.core.choices import StudentStatus
from mansap.core.models import Institution, Student
from mansap.employers.choices import AgreementKind
from mansap.employers.models import JointUnit, PartnershipAgreement
from mansap.employers.querysets import JointUnitQuerySet, PartnershipAgreementQuerySet

KPI_TITLES = {
    "17.5": _("Social partnership memoranda in force"),
    "17.6": _("Joint units with employers (department branches, laboratories)"),
    "17.7": _("Students in targeted training sponsored by employers"),
    "17.8": _("Annual survey of companies on the quality of training: mean score (1–5)"),
}


def _agreements_on(as_of: dt.date) -> PartnershipAgreementQuerySet:
    """17.5's rows as of D, of every institution (an agreement's institution: its organization's)."""
    return PartnershipAgreement.objects.filter(kind=AgreementKind.SOCIAL_PARTNERSHIP).in_force(as_of)


def _joint_units_on(as_of: dt.date) -> JointUnitQuerySet:
    """17.6's rows as of D, of every institution (a unit's institution: its department's)."""
    return JointUnit.objects.open_on(as_of)


def _targeted_students_on(as_of: dt.date) -> QuerySet[Student]:
    """17.7's rows as of D, of every institution."""
    expelled_at = (
        Student.history.filter(id=OuterRef("pk"), status=StudentStatus.EXPELLED)
        .order_by("history_date")
        .values("history_date")[:1]
    )
    # The first moment the student was expelled; a student expelled on D no longer counts on D.
    expelled_before = Q(status=StudentStatus.EXPELLED) & (Q(expelled_at__isnull=True) | Q(expelled_at__date__lte=as_of))
    return (
        Student.objects.filter(sponsor__isnull=False)
        .filter(Q(admission_year__isnull=True) | Q(admission_year__lte=as_of.year))
        .filter(Q(graduation_date__isnull=True) | Q(graduation_date__gte=as_of))
        .annotate(expelled_at=Subquery(expelled_at))
        .exclude(expelled_before)
    )


# The partnership counts 17.5–17.7: the rows of every institution as of D, and where a row's institution is.
PARTNERSHIP_COUNTS: dict[str, tuple[Callable[[dt.date], QuerySet[Any]], str]] = {
    "agreements": (_agreements_on, "organization__institution"),
    "joint_units": (_joint_units_on, "department__faculty__institution"),
    "targeted_students": (_targeted_students_on, "institution"),
}


def social_partnership_agreements(institution: Institution, as_of: dt.date) -> QuerySet[PartnershipAgreement]:
    return (
        _agreements_on(as_of)
        .filter(organization__institution=institution)
        .with_list_related()
        .order_by("valid_from", "pk")
    )


def open_joint_units(institution: Institution, as_of: dt.date) -> QuerySet[JointUnit]:
    return (
        _joint_units_on(as_of)
        .filter(department__faculty__institution=institution)
        .with_list_related()
        .order_by("opened_on", "pk")
    )


def targeted_training_students(institution: Institution, as_of: dt.date) -> QuerySet[Student]:
    return (
        _targeted_students_on(as_of)
        .filter(institution=institution)
        .select_related("sponsor", "program__department")
        .order_by("last_name", "first_name", "pk")
    )


def partnership_counts(institution_ids: Iterable[int], as_of: dt.date) -> dict[int, dict[str, int]]:
    """{institution pk: {"agreements": 17.5, "joint_units": 17.6, "targeted_students": 17.7}} as of D for many
    institutions at once: one query per figure, grouped by institution (the same rows as the functions above,
    which the consortium page would otherwise count institution by institution)."""
    ids = list(institution_ids)
    result = {pk: dict.fromkeys(PARTNERSHIP_COUNTS, 0) for pk in ids}
    if not ids:
        return result
    for key, (rows_on, path) in PARTNERSHIP_COUNTS.items():
        grouped = rows_on(as_of).filter(**{f"{path}__in": ids}).order_by().values_list(path).annotate(n=Count("pk"))
        for institution_id, n in grouped:
            result[institution_id][key] = n
    return result


def employer_survey(institution: Institution, as_of: dt.date) -> dict[str, Any] | None:
    """KPI-17.8 as of D: {"campaign", "score", "respondents", "invited"} of the latest employer campaign
    closed in the year up to D (None when there is none)."""
    from mansap.surveys.reports.results import employer_survey_kpi_as_of

    return employer_survey_kpi_as_of(institution, as_of)


def partner_kpis(institution: Institution, as_of: dt.date) -> dict[str, Any]:
    """{"17.5": {...}, ..., "17.8": {...}}, each with its code, title, value and the rows behind it."""
    rows = {
        "17.5": social_partnership_agreements(institution, as_of),
        "17.6": open_joint_units(institution, as_of),
        "17.7": targeted_training_students(institution, as_of),
    }
    result: dict[str, Any] = {
        code: {"code": code, "title": KPI_TITLES[code], "value": queryset.count(), "rows": queryset}
        for code, queryset in rows.items()
    }
    survey = employer_survey(institution, as_of)
    result["17.8"] = {
        "code": "17.8",
        "title": KPI_TITLES["17.8"],
        "value": survey["score"] if survey else None,
        "rows": [survey] if survey else [],
    }
    return result


def _agreement_row(a: PartnershipAgreement) -> dict[str, Any]:
    return {
        "id": a.pk,
        "organization_id": a.organization_id,
        "organization": str(a.organization),
        "number": a.number,
        "valid_from": a.valid_from.isoformat(),
        "valid_until": a.valid_until.isoformat() if a.valid_until else None,
        "department": a.department.code if a.department is not None else None,
    }


def _unit_row(u: JointUnit) -> dict[str, Any]:
    return {
        "id": u.pk,
        "kind": u.kind,
        "name": u.name,
        "organization_id": u.organization_id,
        "organization": str(u.organization),
        "department": u.department.code,
        "opened_on": u.opened_on.isoformat(),
        "closed_on": u.closed_on.isoformat() if u.closed_on else None,
    }


def _student_row(s: Student) -> dict[str, Any]:
    return {
        "id": s.pk,
        "full_name": s.full_name,
        "department": s.program.department.code,
        "sponsor_id": s.sponsor_id,
        "sponsor": str(s.sponsor),
        "status": s.status,
    }


def _survey_row(found: dict[str, Any]) -> dict[str, Any]:
    campaign = found["campaign"]
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "opens_on": campaign.opens_on.isoformat(),
        "closes_on": campaign.closes_on.isoformat(),
        "respondents": found["respondents"],
        "invited": found["invited"],
        "score": None if found["score"] is None else str(found["score"]),
    }


def kpis_json(
    institution: Institution, as_of: dt.date, kpis: dict[str, Any], *, visible_students: QuerySet[Student] | None = None
) -> dict[str, Any]:
    """The JSON object of `manage.py partner_kpis --json` and /api/v1/partner-kpis/.

    Values are institution-wide; the student rows of 17.7 are limited to `visible_students`
    when given (a user sees the names of only the students in their scope).
    """
    students = kpis["17.7"]["rows"]
    if visible_students is not None:
        students = students.filter(pk__in=visible_students.values("pk"))
    serialize: dict[str, Callable[[Any], dict[str, Any]]] = {
        "17.5": _agreement_row,
        "17.6": _unit_row,
        "17.7": _student_row,
        "17.8": _survey_row,
    }
    result: dict[str, Any] = {"institution": institution.code, "as_of": as_of.isoformat(), "kpis": {}}
    for code, kpi in kpis.items():
        rows = students if code == "17.7" else kpi["rows"]
        result["kpis"][code] = {
            "code": code,
            "title": str(kpi["title"]),
            "value": None if kpi["value"] is None else (str(kpi["value"]) if code == "17.8" else kpi["value"]),
            "rows": [serialize[code](row) for row in rows],
        }
    return result
