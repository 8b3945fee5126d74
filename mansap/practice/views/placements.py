"""Pages of placements, students' wishes, the automatic allocation, the rector's order and the company packages.

The actions on a practice (allocation, wishes, the order submission, the packages) are posted from the
practice page and come back to it; each needs the practice's change scope (404 outside the view scope, 403
read-only). Rules live in `mansap.practice.services.placements`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from mansap.common.forms import errors_to_form
from mansap.common.params import parse_id
from mansap.common.views import (
    ObjectHistoryView,
    ScopedActionView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedServiceFormView,
    safe_next,
)
from mansap.core.access import VIEW
from mansap.core.models import Student
from mansap.practice import filtersets, tables
from mansap.practice.choices import PlacementStatus, PracticeStatus
from mansap.practice.forms import placements as forms
from mansap.practice.models import (
    Placement,
    PlacementPreference,
    Practice,
    PracticeOrder,
)
from mansap.practice.services import placements as services
from mansap.practice.services.placements import ACTIVE
from mansap.practice.views.actions import FormActionView, InvalidForm


# ---- Placements -----------------------------------------------------------------------------------------------
class PlacementListView(ScopedListView):
    queryset = Placement.objects.select_related("student", "practice__program", "base__organization", "supervisor")
    filterset_class = filtersets.PlacementFilterSet
    table_class = tables.PlacementTable

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Opened from a practice (?practice=, the filter): the page says which, and "add" preselects it.
        practice_id = parse_id(self.request.GET.get("practice"))
        if practice_id is not None:
            practice = Practice.objects.for_user(self.request.user, VIEW).filter(pk=practice_id).first()
            if practice is not None:
                context["title"] = f"{context['title']}: {practice}"
                context["breadcrumbs"] = [
                    (_("Practice plan"), reverse("practice:practice_list")),
                    (str(practice), practice.get_absolute_url()),
                    (capfirst(str(Placement._meta.verbose_name_plural)), None),
                ]
                if context.get("add_url"):
                    context["add_url"] += f"?practice={practice.pk}"
        return context


PLACEMENT_FIELDS = ["practice", "student", "base", "status", "source", *services.PLACEMENT_FIELDS, "order"]


class PlacementDetailView(ScopedDetailView):
    queryset = Placement.objects.select_related(
        "student__program", "practice__program", "practice__department", "base__organization", "supervisor", "order"
    )
    fields = PLACEMENT_FIELDS
    template_name = "practice/placement_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        placement: Placement = self.object
        context.update(
            practice=placement.practice,
            status_badge=tables.badge(placement.status, placement.get_status_display()),
            contract_warning=services.contract_warning(placement.practice, placement.base)
            if placement.status != PlacementStatus.CANCELLED
            else "",
            supervisor_flag=bool(placement.supervisor and not placement.supervisor.is_senior),
        )
        return context


class PlacementEditView(ScopedEditView):
    """A manual placement, or a change of one: every hard rule is the service's (errors on the form's fields);
    a base without a timely contract is a warning, not an error."""

    queryset = Placement.objects.select_related("practice", "student", "base")
    form_class = forms.PlacementForm
    initial_from_query = ("practice",)

    def save(self, form: forms.PlacementForm) -> Placement:
        if form.instance.pk:  # the practice and the student of a placement do not change (disabled fields)
            data = form.service_kwargs()
            data["base"] = form.cleaned_data["base"]
            placement = services.update_placement(form.instance, acting_user=self.request.user, **data)
        else:
            placement = services.place_student(
                form.cleaned_data["practice"],
                form.cleaned_data["student"],
                form.cleaned_data["base"],
                acting_user=self.request.user,
                **form.service_kwargs(),
            )
        warning = services.contract_warning(placement.practice, placement.base)
        if warning:
            messages.warning(self.request, warning)
        return placement


class PlacementCancelView(ScopedActionView):
    queryset = Placement.objects.all()

    def act(self, obj: Placement) -> Placement:
        return services.cancel_placement(obj, acting_user=self.request.user)

    def get_success_message(self, obj: Placement, result: Placement) -> str:
        return _("The placement is cancelled.")


class PlacementHistoryView(ObjectHistoryView):
    queryset = Placement.objects.all()


def practice_crumbs(practice: Practice, label: str) -> list[tuple[str, str | None]]:
    """Breadcrumbs of a page about one practice: the plan, the practice, the page."""
    return [
        (_("Practice plan"), reverse("practice:practice_list")),
        (str(practice), practice.get_absolute_url()),
        (label, None),
    ]


class AllocationView(ScopedActionView):
    """Propose an assignment from the students' ranked wishes; staff then adjust and confirm.

    GET shows the practice's students, bases and current placements; POST proposes (the page again, with the
    allocation's report) or, with action=confirm, confirms the proposed placements (back to the page).
    Both need the practice's change scope.
    """

    queryset = Practice.objects.select_related("program", "department")
    http_method_names = ["get", "post"]

    def context(self, practice: Practice, report: services.AllocationReport | None = None) -> dict[str, Any]:
        students = list(services.practice_students(practice))
        preference_count = PlacementPreference.objects.filter(practice=practice).values("student").distinct().count()
        bases = list(
            services.candidate_bases(practice).annotate(
                taken=Count(
                    "placements",
                    filter=Q(placements__practice=practice) & ~Q(placements__status=PlacementStatus.CANCELLED),
                )
            )
        )
        placements = list(
            Placement.objects.filter(ACTIVE, practice=practice)
            .select_related("student", "base__organization", "supervisor")
            .order_by("status", "student__last_name")
        )
        return {
            "practice": practice,
            "title": _("Automatic allocation"),
            "breadcrumbs": practice_crumbs(practice, _("Automatic allocation")),
            "student_count": len(students),
            "preference_count": preference_count,
            "bases": bases,
            "capacity": sum(b.capacity for b in bases),
            "report": report,
            "placements": placements,
            "proposed": [p for p in placements if p.status == PlacementStatus.PROPOSED],
            "distribution": sorted(services.rank_distribution(practice).items()),
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, "practice/allocation.html", self.context(self.get_object()))

    def act(self, obj: Practice) -> services.AllocationReport | None:
        if self.request.POST.get("action") == "confirm":
            confirmed, problems = services.confirm_placements(obj, acting_user=self.request.user)
            messages.success(self.request, _("Confirmed {n} placements.").format(n=confirmed))
            for _pk, found in list(problems.items())[:10]:  # the first ten are enough to act on
                messages.warning(self.request, " ".join(found))
            return None
        return services.propose_allocation(obj, acting_user=self.request.user)

    def act_done(self, obj: Practice, result: services.AllocationReport | None) -> HttpResponse:
        if result is None:  # confirmed: back to the page, with the messages
            return super().act_done(obj, result)
        return render(self.request, "practice/allocation.html", self.context(obj, result))

    def get_success_url(self, obj: Practice) -> str:
        return reverse("practice:practice_allocate", args=[obj.pk])


class PreferencesView(ScopedServiceFormView):
    """Staff enter a student's ranked wishes for the automatic allocation."""

    queryset = Practice.objects.select_related("program", "department")
    form_class = forms.PreferencesForm
    template_name = "practice/preferences.html"

    def get_form_kwargs(self, obj: Practice) -> dict[str, Any]:
        return {"practice": obj, "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice: Practice = context["object"]
        rows: dict[int, list[PlacementPreference]] = defaultdict(list)
        for pref in (
            PlacementPreference.objects.filter(practice=practice)
            .select_related("student", "base__organization")
            .order_by("student__last_name", "student_id", "rank")[:1000]
        ):
            rows[pref.student_id].append(pref)
        context.update(
            practice=practice,
            title=_("Students' preferences"),
            breadcrumbs=practice_crumbs(practice, _("Students' preferences")),
            rows=list(rows.values()),
        )
        return context

    def perform(self, obj: Practice, form: forms.PreferencesForm) -> Student:
        """Saves the wishes; the result is the student (for the message)."""
        student: Student = form.cleaned_data["student"]
        services.set_preferences(obj, student, form.chosen_bases(), acting_user=self.request.user)
        return student

    def get_success_message(self, obj: Practice, result: Student) -> str:
        return _("Preferences saved for {student}.").format(student=result)

    def get_success_url(self, obj: Practice, result: Student) -> str:
        return reverse("practice:practice_preferences", args=[obj.pk])


class MyPreferencesView(LoginRequiredMixin, View):
    """A student ranks the bases of a practice of their own Major (before placement).

    Not a staff page: the practice is found among those sent to the student's own program, not through the
    staff scope.
    """

    def get_practice(self, request: HttpRequest, pk: int) -> tuple[Practice, Student]:
        student = Student.objects.filter(user=request.user).first()  # type: ignore[misc]
        if student is None:
            raise PermissionDenied
        practice = get_object_or_404(
            Practice.objects.filter(status=PracticeStatus.SENT, program_id=student.program_id), pk=pk
        )
        return practice, student

    def render_page(
        self, request: HttpRequest, practice: Practice, student: Student, form: Any, status: int = 200
    ) -> HttpResponse:
        current = list(
            PlacementPreference.objects.filter(practice=practice, student=student).select_related("base__organization")
        )
        placed = Placement.objects.filter(ACTIVE, practice=practice, student=student).exists()
        return render(
            request,
            "practice/my_preferences.html",
            {
                "practice": practice,
                "form": form,
                "current": current,
                "placed": placed,
                "title": _("My preferences: {practice}").format(practice=practice),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice, student = self.get_practice(request, pk)
        form = forms.PreferencesForm(practice=practice, student=student)
        return self.render_page(request, practice, student, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice, student = self.get_practice(request, pk)
        if Placement.objects.filter(ACTIVE, practice=practice, student=student).exists():
            raise PermissionDenied
        form = forms.PreferencesForm(request.POST, practice=practice, student=student)
        if form.is_valid():
            try:
                services.set_preferences(practice, student, form.chosen_bases(), acting_user=request.user)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Your preferences are saved."))
                return HttpResponseRedirect(request.path)
        return self.render_page(request, practice, student, form, status=400)


# ---- Order and package ----------------------------------------------------------------------------------------
class SubmitOrderView(FormActionView):
    """The department's submission for the rector's order (from the practice page's order section)."""

    queryset = Practice.objects.select_related("program", "department")
    form_class = forms.SubmitOrderForm
    invalid_message = gettext_lazy("Check the form.")

    def perform(self, obj: Practice, form: forms.SubmitOrderForm) -> PracticeOrder:
        return services.submit_order(
            obj,
            acting_user=self.request.user,
            override_reason=form.cleaned_data.get("override_reason", ""),
            language=form.cleaned_data["language"],
        )

    def act_failed(self, obj: Practice, exc: ValidationError) -> HttpResponse:
        # Each rule that blocks the submission is its own message, next to the order section.
        for message in exc.messages:
            messages.error(self.request, message)
        anchor = "" if isinstance(exc, InvalidForm) else "#order"
        return HttpResponseRedirect(safe_next(self.request, obj.get_absolute_url() + anchor))

    def act_done(self, obj: Practice, result: PracticeOrder) -> HttpResponse:
        messages.success(self.request, _("The submission for the rector's order is recorded."))
        return HttpResponseRedirect(safe_next(self.request, result.get_absolute_url()))


class PackageView(FormActionView):
    """When the package went to a base's company and when the company approved it."""

    queryset = Practice.objects.select_related("program", "department")
    success_message = gettext_lazy("Package dates saved.")

    def get_form(self, obj: Practice) -> forms.PackageForm:
        return forms.PackageForm(self.request.POST, practice=obj)

    def perform(self, obj: Practice, form: forms.PackageForm) -> Any:
        return services.record_package(
            obj,
            form.cleaned_data["base"],
            acting_user=self.request.user,
            sent_on=form.cleaned_data["sent_on"],
            approved_on=form.cleaned_data["approved_on"],
        )

    def get_success_url(self, obj: Practice) -> str:
        return obj.get_absolute_url() + "#bases"


class PracticeOrderListView(ScopedListView):
    queryset = PracticeOrder.objects.select_related("practice__program", "practice__department")
    filterset_class = filtersets.PracticeOrderFilterSet
    table_class = tables.PracticeOrderTable

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = None  # submissions start from the practice page
        return context


class PracticeOrderDetailView(ScopedDetailView):
    queryset = PracticeOrder.objects.select_related(
        "practice__program", "practice__department", "submitted_by", "override_by"
    )
    fields = [
        "practice",
        "submitted_on",
        "submitted_by",
        "order_number",
        "order_date",
        "override_reason",
        "override_by",
        "language",
    ]
    template_name = "practice/practiceorder_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        order: PracticeOrder = self.object
        context["edit_url"] = None
        context["placements"] = list(
            order.practice.placements.filter(status=PlacementStatus.CONFIRMED)
            .select_related("student", "base__organization", "supervisor")
            .order_by("student__last_name")
        )
        if context["can_change"] and not order.order_number:
            context["record_form"] = forms.RecordOrderForm(initial={"order_date": timezone.localdate()})
        return context


class RecordOrderView(FormActionView):
    """Record the rector's order number and date (the order's page); the form's errors are refused as messages."""

    queryset = PracticeOrder.objects.select_related("practice")
    form_class = forms.RecordOrderForm
    success_message = gettext_lazy("The order is recorded and linked to the placements.")

    def perform(self, obj: PracticeOrder, form: forms.RecordOrderForm) -> PracticeOrder:
        return services.record_order(
            obj, form.cleaned_data["order_number"], form.cleaned_data["order_date"], acting_user=self.request.user
        )


class PracticeOrderHistoryView(ObjectHistoryView):
    queryset = PracticeOrder.objects.all()
