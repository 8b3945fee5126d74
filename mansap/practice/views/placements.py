"""Pages of placements, students' wishes, the automatic allocation, the rector's order and the company packages."""

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
from django.views import View

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
)
from mansap.core.models import Student
from mansap.core.querysets import VIEW
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
from mansap.practice.views.mixins import _form_errors, _ObjectActionMixin


# ---- Placements -----------------------------------------------------------------------------------------------
class PlacementListView(ScopedListView):
    queryset = Placement.objects.select_related("student", "practice__program", "base__organization", "supervisor")
    filterset_class = filtersets.PlacementFilterSet
    table_class = tables.PlacementTable

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice_id = self.request.GET.get("practice", "")
        if practice_id.isdigit():
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


PLACEMENT_FIELDS = [
    "practice",
    "student",
    "base",
    "status",
    "source",
    "supervisor",
    "supervisor_exception",
    "company_supervisor_name",
    "company_supervisor_position",
    "company_supervisor_email",
    "company_supervisor_phone",
    "thesis_topic",
    "order",
]


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
    queryset = Placement.objects.select_related("practice", "student", "base")
    form_class = forms.PlacementForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        practice = self.request.GET.get("practice", "")
        if practice.isdigit():
            initial["practice"] = practice
        return initial

    def save(self, form: Any) -> Any:
        if form.instance.pk:
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


class PlacementCancelView(_ObjectActionMixin, View):
    queryset = Placement.objects.all()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = self.object_for_change(pk)
        services.cancel_placement(placement, acting_user=request.user)
        messages.success(request, _("The placement is cancelled."))
        return HttpResponseRedirect(placement.get_absolute_url())


class PlacementHistoryView(ObjectHistoryView):
    queryset = Placement.objects.all()


class _PracticeActionMixin(_ObjectActionMixin):
    queryset = Practice.objects.select_related("program", "department")

    def crumbs(self, practice: Practice, label: str) -> list[tuple[str, str | None]]:
        return [
            (_("Practice plan"), reverse("practice:practice_list")),
            (str(practice), practice.get_absolute_url()),
            (label, None),
        ]


class AllocationView(_PracticeActionMixin, View):
    """Propose an assignment from the students' ranked wishes; staff then adjust and confirm."""

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
            "breadcrumbs": self.crumbs(practice, _("Automatic allocation")),
            "student_count": len(students),
            "preference_count": preference_count,
            "bases": bases,
            "capacity": sum(b.capacity for b in bases),
            "report": report,
            "placements": placements,
            "proposed": [p for p in placements if p.status == PlacementStatus.PROPOSED],
            "distribution": sorted(services.rank_distribution(practice).items()),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        return render(request, "practice/allocation.html", self.context(practice))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        if request.POST.get("action") == "confirm":
            confirmed, problems = services.confirm_placements(practice, acting_user=request.user)
            messages.success(request, _("Confirmed {n} placements.").format(n=confirmed))
            for _pk, found in list(problems.items())[:10]:
                messages.warning(request, " ".join(found))
            return HttpResponseRedirect(reverse("practice:practice_allocate", args=[practice.pk]))
        try:
            report = services.propose_allocation(practice, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("practice:practice_allocate", args=[practice.pk]))
        return render(request, "practice/allocation.html", self.context(practice, report))


class PreferencesView(_PracticeActionMixin, View):
    """Staff enter a student's ranked wishes for the automatic allocation."""

    def context(self, practice: Practice, form: Any) -> dict[str, Any]:
        rows: dict[int, list[PlacementPreference]] = defaultdict(list)
        for pref in (
            PlacementPreference.objects.filter(practice=practice)
            .select_related("student", "base__organization")
            .order_by("student__last_name", "student_id", "rank")[:1000]
        ):
            rows[pref.student_id].append(pref)
        return {
            "practice": practice,
            "form": form,
            "title": _("Students' preferences"),
            "breadcrumbs": self.crumbs(practice, _("Students' preferences")),
            "rows": list(rows.values()),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        form = forms.PreferencesForm(practice=practice, user=request.user)
        return render(request, "practice/preferences.html", self.context(practice, form))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        form = forms.PreferencesForm(request.POST, practice=practice, user=request.user)
        if form.is_valid():
            try:
                services.set_preferences(
                    practice, form.cleaned_data["student"], form.chosen_bases(), acting_user=request.user
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request, _("Preferences saved for {student}.").format(student=form.cleaned_data["student"])
                )
                return HttpResponseRedirect(reverse("practice:practice_preferences", args=[practice.pk]))
        return render(request, "practice/preferences.html", self.context(practice, form), status=400)


class MyPreferencesView(LoginRequiredMixin, View):
    """A student ranks the bases of a practice of their own Major (before placement)."""

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
                _form_errors(form, exc)
            else:
                messages.success(request, _("Your preferences are saved."))
                return HttpResponseRedirect(request.path)
        return self.render_page(request, practice, student, form, status=400)


# ---- Order and package ----------------------------------------------------------------------------------------
class SubmitOrderView(_PracticeActionMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        form = forms.SubmitOrderForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Check the form."))
            return HttpResponseRedirect(practice.get_absolute_url())
        try:
            order = services.submit_order(
                practice,
                acting_user=request.user,
                override_reason=form.cleaned_data.get("override_reason", ""),
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(practice.get_absolute_url() + "#order")
        messages.success(request, _("The submission for the rector's order is recorded."))
        return HttpResponseRedirect(order.get_absolute_url())


class PackageView(_PracticeActionMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        form = forms.PackageForm(request.POST, practice=practice)
        if form.is_valid():
            try:
                services.record_package(
                    practice,
                    form.cleaned_data["base"],
                    acting_user=request.user,
                    sent_on=form.cleaned_data["sent_on"],
                    approved_on=form.cleaned_data["approved_on"],
                )
                messages.success(request, _("Package dates saved."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(practice.get_absolute_url() + "#bases")


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


class RecordOrderView(_ObjectActionMixin, View):
    queryset = PracticeOrder.objects.select_related("practice")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self.object_for_change(pk)
        form = forms.RecordOrderForm(request.POST)
        if form.is_valid():
            try:
                services.record_order(
                    order, form.cleaned_data["order_number"], form.cleaned_data["order_date"], acting_user=request.user
                )
                messages.success(request, _("The order is recorded and linked to the placements."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(order.get_absolute_url())


class PracticeOrderHistoryView(ObjectHistoryView):
    queryset = PracticeOrder.objects.all()
