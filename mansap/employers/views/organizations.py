"""Pages of the employers app: organizations (and their merge), agreements, joint units, the KPI dashboard.

The employer page gathers what other apps know about the organization through their template tags (the
graduates working there, practice, survey answers), so this module imports none of them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from mansap.common.display import display_value
from mansap.common.files import ScopedFileView
from mansap.common.params import parse_ids, parse_int
from mansap.common.views import (
    ObjectHistoryView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedMixin,
    StaffRequiredMixin,
)
from mansap.core.access import CHANGE, VIEW, can_create, get_for_user_or_404, institution_for, scoped
from mansap.core.models import Student
from mansap.employers import filtersets, tables
from mansap.employers.forms import organizations as forms
from mansap.employers.models import JointUnit, Organization, PartnershipAgreement
from mansap.employers.reports import kpis
from mansap.employers.services import organizations as services

if TYPE_CHECKING:
    from mansap.common.typing import AuthedRequest

SECTION_LIMIT = 100  # rows per section of the employer page; the rest is counted, not listed


#
# Organizations
#
class OrganizationListView(ScopedListView):
    queryset = Organization.objects.annotate(agreement_count=Count("agreements"))
    filterset_class = filtersets.OrganizationFilterSet
    table_class = tables.OrganizationTable


ORGANIZATION_FIELDS = [
    "name_kk", "name_ru", "name_en", "short_name", "bin", "oked", "size", "region", "address",
    "website", "contact_person", "email", "phone",
]  # fmt: skip


def _limited(queryset: QuerySet[Any]) -> tuple[list[Any], int]:
    """The first SECTION_LIMIT rows and the total (one query while the section is small)."""
    rows = list(queryset[: SECTION_LIMIT + 1])
    total = len(rows) if len(rows) <= SECTION_LIMIT else queryset.count()
    return rows[:SECTION_LIMIT], total


class OrganizationDetailView(ScopedDetailView):
    """The employer page: registration facts, contacts, agreements, joint units and the people linked to it.

    The sections of other apps (graduates employed there and assisted, practice, survey answers) and of the
    other sub-domains (vacancies, events) are template tags, each scoped and bounded on its own.
    """

    queryset = Organization.objects.select_related("institution")
    fields = ORGANIZATION_FIELDS
    template_name = "employers/organization_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        org: Organization = self.object
        user = self.request.user
        students = scoped(Student).for_user(user, VIEW)
        today = timezone.localdate()
        agreements = list(org.agreements.select_related("department").order_by("-valid_from", "-pk"))
        for agreement in agreements:
            label, colour = tables.agreement_status(agreement)
            agreement.status_label, agreement.status_colour = label, colour  # type: ignore[attr-defined]
        context.update(
            facts=org.bin_facts,
            agreements=agreements,
            joint_units=list(org.joint_units.select_related("department", "agreement").order_by("-opened_on")),
            today=today,
            can_merge=services.can_merge(user, org),
            merge_url=reverse("employers:organization_merge", args=[org.pk]),
            can_add_partnership=can_create(user, "department"),
            add_agreement_url=reverse("employers:partnershipagreement_add") + f"?organization={org.pk}",
            add_unit_url=reverse("employers:jointunit_add") + f"?organization={org.pk}",
            merges=list(org.merges.select_related("merged_by")),
            labels={f.name: capfirst(str(f.verbose_name)) for f in Organization._meta.concrete_fields},
        )
        context["sponsored"], context["sponsored_total"] = _limited(
            students.filter(sponsor=org).select_related("program__department")
        )
        return context


class OrganizationEditView(ScopedEditView):
    queryset = Organization.objects.all()
    form_class = forms.OrganizationForm


class OrganizationDeleteView(ScopedDeleteView):
    queryset = Organization.objects.all()


class OrganizationHistoryView(ObjectHistoryView):
    queryset = Organization.objects.all()


ORGANIZATION_FIELDS_BY_NAME = {f.name: f for f in Organization._meta.concrete_fields}


class OrganizationMergeView(ScopedMixin, TemplateView):
    """Merge duplicates into this organization: search, see what will move, confirm.

    Not a ScopedServiceFormView: GET searches and previews from the query string and a failed merge shows
    the preview again with the reason. The survivor is fetched like the bases do (view scope: 404), then
    the merge is the Career Center's (can_merge: else 403).
    """

    template_name = "employers/organization_merge.html"
    queryset = Organization.objects.all()
    search_limit = 30
    request: AuthedRequest
    survivor: Organization

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)  # LoginRequiredMixin redirects
        self.survivor = get_for_user_or_404(Organization, request.user, kwargs["pk"], VIEW)
        if not services.can_merge(request.user, self.survivor):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def candidates(self) -> QuerySet[Organization]:
        return (
            scoped(Organization)
            .for_user(self.request.user, CHANGE)
            .filter(institution_id=self.survivor.institution_id)
            .exclude(pk=self.survivor.pk)
        )

    def chosen(self, data: QueryDict) -> list[Organization]:
        ids = parse_ids(data.getlist("duplicate"))
        return list(self.candidates().filter(pk__in=ids).order_by("name_ru", "pk"))

    def search(self, query: str) -> list[Organization]:
        terms = query.split()
        if not terms:
            return []
        found = self.candidates()
        for term in terms:
            found = found.filter(
                Q(name_kk__icontains=term)
                | Q(name_ru__icontains=term)
                | Q(name_en__icontains=term)
                | Q(short_name__icontains=term)
                | Q(bin__startswith=term)
            )
        return list(found.order_by("name_ru", "pk")[: self.search_limit])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        survivor = self.survivor
        query = self.request.GET.get("q")
        if query is None:
            words = survivor.name_en.split()
            query = survivor.short_name or (words[0] if words else "")
        chosen = kwargs.get("chosen", self.chosen(self.request.GET))
        plan = None
        if chosen:
            plan = services.plan_merge(survivor, chosen)
        labels = services.relation_labels()
        context.update(
            title=_("Merge duplicates into {organization}").format(organization=survivor),
            survivor=survivor,
            query=query,
            results=self.search(query),
            chosen=chosen,
            chosen_ids={o.pk for o in chosen},
            plan=plan,
            plan_rows=[(capfirst(labels.get(key, key)), n) for key, n in (plan.counts.items() if plan else [])],
            per_duplicate={
                o.pk: [(capfirst(labels.get(k, k)), n) for k, n in (plan.per_duplicate.get(o.pk, {}).items())]
                for o in chosen
            }
            if plan
            else {},
            fill_rows=[
                (capfirst(str(field.verbose_name)), display_value(survivor, field, value))
                for field, value in (
                    (ORGANIZATION_FIELDS_BY_NAME[n], v) for n, v in (plan.fills.items() if plan else [])
                )
            ],
            error=kwargs.get("error"),
            breadcrumbs=[
                (capfirst(str(Organization._meta.verbose_name_plural)), reverse("employers:organization_list")),
                (str(survivor), survivor.get_absolute_url()),
                (_("Merge duplicates"), None),
            ],
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        chosen = self.chosen(request.POST)
        try:
            log = services.merge_organizations(self.survivor, chosen, acting_user=self.request.user)
        except ValidationError as exc:
            context = self.get_context_data(chosen=chosen, error=" ".join(exc.messages))
            return self.render_to_response(context, status=400)
        moved = sum(log.relinked.values())
        messages.success(
            request,
            _("Merged {names} into {organization}; {moved} linked records now point at it.").format(
                names=", ".join(m["name"] for m in log.merged), organization=self.survivor, moved=moved
            ),
        )
        return HttpResponseRedirect(self.survivor.get_absolute_url())


#
# Partnership agreements
#
class PartnershipAgreementListView(ScopedListView):
    queryset = PartnershipAgreement.objects.with_list_related()
    filterset_class = filtersets.PartnershipAgreementFilterSet
    table_class = tables.PartnershipAgreementTable


AGREEMENT_FIELDS = ["organization", "kind", "number", "signed_on", "valid_from", "valid_until", "department", "note"]


class PartnershipAgreementDetailView(ScopedDetailView):
    queryset = PartnershipAgreement.objects.with_list_related()
    fields = AGREEMENT_FIELDS
    template_name = "employers/partnershipagreement_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["status_label"], context["status_colour"] = tables.agreement_status(self.object)
        context["joint_units"] = list(self.object.joint_units.select_related("department"))
        return context


class PartnershipAgreementEditView(ScopedEditView):
    queryset = PartnershipAgreement.objects.all()
    form_class = forms.PartnershipAgreementForm
    initial_from_query = ("organization",)  # the employer page's "add" buttons


class PartnershipAgreementDeleteView(ScopedDeleteView):
    queryset = PartnershipAgreement.objects.all()


class PartnershipAgreementHistoryView(ObjectHistoryView):
    queryset = PartnershipAgreement.objects.all()


class PartnershipAgreementScanView(ScopedFileView):
    """The agreement's scan, for staff who may see the agreement (never a public media URL)."""

    queryset = PartnershipAgreement.objects.all()
    file_field = "scan"


#
# Joint units
#
class JointUnitListView(ScopedListView):
    queryset = JointUnit.objects.with_list_related()
    filterset_class = filtersets.JointUnitFilterSet
    table_class = tables.JointUnitTable


class JointUnitDetailView(ScopedDetailView):
    queryset = JointUnit.objects.with_list_related()
    fields = ["kind", "name_kk", "name_ru", "name_en", "department", "organization", "agreement", "opened_on",
              "closed_on"]  # fmt: skip


class JointUnitEditView(ScopedEditView):
    queryset = JointUnit.objects.all()
    form_class = forms.JointUnitForm
    initial_from_query = ("organization",)  # the employer page's "add" buttons


class JointUnitDeleteView(ScopedDeleteView):
    queryset = JointUnit.objects.all()


class JointUnitHistoryView(ObjectHistoryView):
    queryset = JointUnit.objects.all()


#
# The partnerships dashboard
#
def _date_param(value: str | None, default: dt.date) -> tuple[dt.date, bool]:
    if not value:
        return default, True
    try:
        return dt.date.fromisoformat(value), True
    except ValueError:
        return default, False


class PartnersDashboardView(StaffRequiredMixin, TemplateView):
    """KPI-17.5/17.6/17.7 as of a date and the agreements that expire soon.

    Not about one object: the figures are the user's institution's; the student rows are scoped.
    """

    template_name = "employers/partners_dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        institution = institution_for(user, or_raise=Http404)
        today = timezone.localdate()
        as_of, date_ok = _date_param(self.request.GET.get("as_of"), today)
        days = parse_int(self.request.GET.get("days"), minimum=0, maximum=3650)
        if days is None:
            days = filtersets.DEFAULT_EXPIRING_DAYS
        figures = kpis.partner_kpis(institution, as_of)
        visible = figures["17.7"]["rows"].filter(pk__in=scoped(Student).for_user(user, VIEW).values("pk"))
        expiring = list(
            PartnershipAgreement.objects.filter(organization__institution=institution)
            .expiring(today, days)
            .with_list_related()
            .order_by("valid_until", "pk")
        )
        for agreement in expiring:
            agreement.days_to_go = agreement.days_left(today)  # type: ignore[attr-defined]
        context.update(
            title=_("Employer partnerships"),
            breadcrumbs=[(_("Employer partnerships"), None)],
            institution=institution,
            as_of=as_of,
            date_ok=date_ok,
            days=days,
            kpis=figures,
            agreements=list(figures["17.5"]["rows"]),
            units=list(figures["17.6"]["rows"]),
            students=list(visible[:SECTION_LIMIT]),
            students_hidden=figures["17.7"]["value"] - visible.count(),
            expiring=expiring,
            agreements_url=reverse("employers:partnershipagreement_list")
            + f"?kind=social_partnership&valid_on={as_of.isoformat()}",
            units_url=reverse("employers:jointunit_list") + f"?open_on={as_of.isoformat()}",
            expiring_url=reverse("employers:partnershipagreement_list") + f"?expiring_within={days}",
        )
        return context
