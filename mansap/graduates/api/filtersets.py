"""Filters of the employment monitoring API (query parameters, also in the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.filtersets import FilterSet
from mansap.common.params import parse_id
from mansap.graduates.choices import (
    Channel,
    ConsentStatus,
    ContactOutcome,
    EmploymentStatus,
    ExtractKind,
    ReconciledState,
    TaskStatus,
)
from mansap.graduates.models import (
    CollectionRound,
    ContactAttempt,
    DiscrepancyTask,
    EmploymentRecord,
    OfficialCheckConsent,
    OfficialExtract,
    Reconciliation,
    ReconciliationRow,
)


def department_q(path: str, value: str) -> Q:
    """A department given by id or by code (e.g. 12 or IS); path leads to it ("" for Department itself)."""
    value = str(value).strip()
    q = Q(**{f"{path}__code__iexact" if path else "code__iexact": value})
    pk = parse_id(value)
    if pk is not None:
        q |= Q(**{f"{path}_id" if path else "pk": pk})
    return q


class GraduateRecordFilterSet(FilterSet):
    """Filters shared by the rows that hang off a graduate."""

    graduate = django_filters.NumberFilter(field_name="graduate_id", label=_("Graduate (id)"))
    department = django_filters.CharFilter(label=_("Department (id or code)"), method="filter_department")
    cohort = django_filters.NumberFilter(field_name="graduate__graduation_date__year", label=_("Cohort"))

    def filter_department(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(department_q("graduate__program__department", value))


class EmploymentRecordFilterSet(GraduateRecordFilterSet):
    status = django_filters.ChoiceFilter(choices=EmploymentStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Source"))
    open = django_filters.BooleanFilter(label=_("Open (no end date, not voided)"), method="filter_open")
    current = django_filters.BooleanFilter(
        label=_("The graduate's current status as of today (a record that starts later is not yet)"),
        method="filter_current",
    )
    voided = django_filters.BooleanFilter(field_name="voided_at", lookup_expr="isnull", exclude=True, label=_("Voided"))
    started_after = django_filters.DateFilter(
        field_name="started_on", lookup_expr="gte", label=_("Started on or after")
    )
    started_before = django_filters.DateFilter(
        field_name="started_on", lookup_expr="lte", label=_("Started on or before")
    )

    class Meta:
        model = EmploymentRecord
        fields = [
            "graduate", "status", "department", "cohort", "channel", "open", "current", "voided", "started_after",
            "started_before",
        ]  # fmt: skip

    def filter_open(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        opened = Q(ended_on__isnull=True, voided_at__isnull=True)
        return queryset.filter(opened if value else ~opened)

    def filter_current(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        current = EmploymentRecord.objects.current(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class ContactAttemptFilterSet(GraduateRecordFilterSet):
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    outcome = django_filters.ChoiceFilter(choices=ContactOutcome.choices, label=_("Outcome"))
    contacted_after = django_filters.DateFilter(field_name="contacted_on", lookup_expr="gte", label=_("On or after"))
    contacted_before = django_filters.DateFilter(field_name="contacted_on", lookup_expr="lte", label=_("On or before"))

    class Meta:
        model = ContactAttempt
        fields = ["graduate", "department", "cohort", "channel", "outcome", "contacted_after", "contacted_before"]


class CollectionRoundFilterSet(FilterSet):
    academic_year = django_filters.NumberFilter(field_name="academic_year_id", label=_("Academic year (id)"))
    closed = django_filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull", exclude=True, label=_("Closed"))

    class Meta:
        model = CollectionRound
        fields = ["cohort", "number", "academic_year", "closed"]


class OfficialExtractFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=ExtractKind.choices, label=_("Kind"))
    cohort = django_filters.NumberFilter(field_name="cohorts__year", label=_("Cohort"), distinct=True)

    class Meta:
        model = OfficialExtract
        fields = ["kind", "cohort"]


class OfficialCheckConsentFilterSet(GraduateRecordFilterSet):
    status = django_filters.ChoiceFilter(choices=ConsentStatus.choices, label=_("Consent"))

    class Meta:
        model = OfficialCheckConsent
        fields = ["graduate", "department", "cohort", "status"]


class ReconciliationFilterSet(FilterSet):
    frozen = django_filters.BooleanFilter(field_name="frozen_at", lookup_expr="isnull", exclude=True, label=_("Frozen"))

    class Meta:
        model = Reconciliation
        fields = ["cohort", "frozen"]


class ReconciliationRowFilterSet(GraduateRecordFilterSet):
    reconciliation = django_filters.NumberFilter(field_name="reconciliation_id", label=_("Reconciliation (id)"))
    state = django_filters.ChoiceFilter(choices=ReconciledState.choices, label=_("State"))

    class Meta:
        model = ReconciliationRow
        fields = ["reconciliation", "state", "graduate", "department", "cohort"]


class DiscrepancyTaskFilterSet(GraduateRecordFilterSet):
    reconciliation = django_filters.NumberFilter(field_name="reconciliation_id", label=_("Reconciliation (id)"))
    state = django_filters.ChoiceFilter(choices=ReconciledState.choices, label=_("State"))
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label=_("Decision"))

    class Meta:
        model = DiscrepancyTask
        fields = ["reconciliation", "state", "status", "graduate", "department", "cohort"]
