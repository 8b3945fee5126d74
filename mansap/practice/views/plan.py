"""Pages of the practice plan: the list of practices, a practice, building the year's plan.

The Career Center (institution-wide editors) plans: it builds the year's plan from the academic calendar,
edits any practice and sends the drafts to the departments. A department edits only what it keeps on its
practices (`services.placements.DEPARTMENT_PRACTICE_FIELDS`) and places the students.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from mansap.common.files import ScopedFileView
from mansap.common.params import parse_id, parse_ids
from mansap.common.views import (
    ObjectHistoryView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    StaffRequiredMixin,
)
from mansap.core.access import institution_for, is_career_center_editor
from mansap.core.models import AcademicYear
from mansap.practice import filtersets, tables
from mansap.practice.choices import PlacementStatus, PracticeKind, PracticeStatus
from mansap.practice.forms import placements as forms_placements
from mansap.practice.forms import plan as forms
from mansap.practice.models import (
    Placement,
    Practice,
)
from mansap.practice.reports import deadlines
from mansap.practice.services import placements as services
from mansap.practice.services.programmes import may_link_programmes, programmes_for


# ---- The plan -------------------------------------------------------------------------------------------------
class PracticeListView(ScopedListView):
    queryset = Practice.objects.select_related("program", "department", "academic_year").annotate(
        placed=Count("placements", filter=~Q(placements__status=PlacementStatus.CANCELLED))
    )
    filterset_class = filtersets.PracticeFilterSet
    table_class = tables.PracticeTable
    template_name = "practice/practice_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Practice plan")
        context["breadcrumbs"] = [(context["title"], None)]
        context["can_plan"] = is_career_center_editor(self.request.user)
        context["plan_url"] = reverse("practice:practice_plan")
        return context


PRACTICE_FIELDS = [
    "academic_year",
    "program",
    "department",
    "kind",
    "course",
    "credits",
    "course_code",
    "grade_term",
    "starts_on",
    "ends_on",
    "special_cycle_ends_on",
    "report_due_on",
    "status",
    "sent_at",
]


class PracticeDetailView(ScopedDetailView):
    queryset = Practice.objects.select_related("program", "department", "academic_year", "institution")
    fields = PRACTICE_FIELDS
    template_name = "practice/practice_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice: Practice = self.object
        today = timezone.localdate()
        compliance = services.compliance_for([practice], today)[practice.pk]
        placements = list(
            practice.placements.select_related("student", "base__organization", "supervisor").order_by(
                "student__last_name", "student__first_name", "pk"
            )[:300]
        )
        active = [p for p in placements if p.status != PlacementStatus.CANCELLED]
        by_base: dict[int, list[Placement]] = defaultdict(list)
        for placement in active:
            by_base[placement.base_id].append(placement)
        packages = {p.base_id: p for p in practice.packages.all()}
        base_rows = []
        contract_items = {i.subject.pk: i for i in compliance.by_kind("contract")}
        for base_id, rows in by_base.items():
            base = rows[0].base
            base_rows.append(
                {
                    "base": base,
                    "count": len(rows),
                    "contract": contract_items.get(base_id),
                    "package": packages.get(base_id),
                }
            )
        base_rows.sort(key=lambda r: str(r["base"]))
        can_change = context["can_change"]
        context.update(
            today=today,
            compliance=compliance,
            contract_deadline=deadlines.contract_deadline(practice.starts_on),
            package_deadline=deadlines.package_deadline(practice.starts_on),
            referral_deadline=deadlines.referral_deadline(practice.starts_on),
            days_to_start=(practice.starts_on - today).days,
            placements=placements,
            active_count=len(active),
            proposed_count=sum(1 for p in active if p.status == PlacementStatus.PROPOSED),
            base_rows=base_rows,
            orders=list(practice.orders.select_related("submitted_by", "override_by")),
            annexes=list(practice.annexes.select_related("contract__base__organization")),
            cycle_debt=list(practice.students_with_cycle_debt.all()[:50])
            if practice.kind == PracticeKind.PRODUCTION
            else [],
            can_plan=is_career_center_editor(self.request.user),
            can_override=is_career_center_editor(self.request.user),
            submit_form=forms_placements.SubmitOrderForm(initial={"language": "kk"})
            if can_change and any(p.order_id is None for p in active)
            else None,
            package_form=forms_placements.PackageForm(practice=practice) if can_change and base_rows else None,
            order_blocked=deadlines.order_blocked_by_date(practice.starts_on, today),
            missing_contracts=services.bases_without_timely_contract(practice) if active else [],
            programmes=programmes_for(practice, self.request.user),
            programme_link_url=reverse("practice:practiceprogramme_list")
            + "?"
            + urlencode({"link_program": str(practice.program_id), "link_kind": practice.kind})
            + "#link-programme"
            if may_link_programmes(self.request.user)
            else "",
        )
        return context


class PracticeEditView(ScopedEditView):
    """The Career Center's form of a practice (any field; new practices), or the department's form of its own
    practice (the fields it keeps). The API's PracticeViewSet follows the same rule (`save_practice`)."""

    queryset = Practice.objects.all()

    def get_form_class(self) -> type[forms.PracticeForm | forms.PracticeDepartmentForm]:
        if is_career_center_editor(self.request.user):
            return forms.PracticeForm
        if self.kwargs.get("pk") is None:  # departments create no practices (the edit base checks can_create too)
            raise PermissionDenied
        return forms.PracticeDepartmentForm

    def save(self, form: forms.PracticeForm | forms.PracticeDepartmentForm) -> Practice:
        return services.save_practice(
            form.save(commit=False),
            acting_user=self.request.user,
            fields=form.Meta.fields,
            students_with_cycle_debt=form.cleaned_data.get("students_with_cycle_debt"),
        )


class PracticeHistoryView(ObjectHistoryView):
    queryset = Practice.objects.all()


class PracticePlanView(StaffRequiredMixin, TemplateView):
    """The Career Center drafts the year's plan from the academic calendar and sends it to departments.

    Not one scoped object's page: the plan of an academic year of the user's institution.
    """

    template_name = "practice/practice_plan.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not is_career_center_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def year(self) -> AcademicYear | None:
        """The academic year asked for (of the user's institution), else the current one, else the latest."""
        institution = institution_for(self.request.user)
        years = AcademicYear.objects.filter(institution=institution)
        value = parse_id(self.request.POST.get("academic_year") or self.request.GET.get("academic_year"))
        if value is not None:
            return years.filter(pk=value).first()
        return years.filter(is_current=True).first() or years.order_by("-start_year").first()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.year()
        drafts = (
            list(
                Practice.objects.filter(academic_year=year, status=PracticeStatus.DRAFT)
                .select_related("program", "department")
                .order_by("department__code", "program__code", "course")
            )
            if year
            else []
        )
        context.update(
            title=_("Annual practice plan"),
            breadcrumbs=[(_("Practice plan"), reverse("practice:practice_list")), (_("Annual practice plan"), None)],
            year=year,
            form=forms.BuildPlanForm(user=self.request.user, initial={"academic_year": year.pk if year else None}),
            drafts=drafts,
            sent_count=Practice.objects.filter(academic_year=year, status=PracticeStatus.SENT).count() if year else 0,
            events=list(year.events.order_by("starts_on")) if year else [],
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = self.year()
        if year is None:
            raise Http404
        if request.POST.get("action") == "send":
            ids = parse_ids(request.POST.getlist("practice"))
            chosen = Practice.objects.filter(academic_year=year, status=PracticeStatus.DRAFT, pk__in=ids)
            count = services.send_plan(list(chosen), acting_user=request.user)
            messages.success(request, _("Sent {n} practices to their departments.").format(n=count))
        else:
            created = services.build_plan(year, acting_user=request.user)
            if created:
                messages.success(request, _("Drafted {n} practices from the academic calendar.").format(n=len(created)))
            else:
                messages.info(request, _("The plan already has every practice the calendar gives."))
        return HttpResponseRedirect(reverse("practice:practice_plan") + f"?academic_year={year.pk}")


class ProgrammeFileView(ScopedFileView):
    """The programme file a department uploaded before programmes were kept in the register (issue #17): still
    readable by staff who see the practice, until the document is registered and linked."""

    queryset = Practice.objects.all()
    file_field = "programme_file"
    attachment = True
