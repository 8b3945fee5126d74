"""Pages of the catalogue and the grading scale (the Student Service Center edits; every staff member reads)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mansap.academics import filtersets, tables
from mansap.academics.forms import BandFormSet, CourseForm
from mansap.academics.models import Course, GradeScaleBand
from mansap.academics.services import catalogue as services
from mansap.common.views import ObjectHistoryView, ScopedDetailView, ScopedEditView, ScopedListView, ScopedMixin
from mansap.core.access import CHANGE, VIEW, get_for_user_or_404, institution_for, is_academic_records_editor


class CourseListView(ScopedListView):
    queryset = Course.objects.with_list_related()
    filterset_class = filtersets.CourseFilterSet
    table_class = tables.CourseTable
    title = gettext_lazy("Course catalogue")  # type: ignore[assignment]
    export_name = "courses"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = reverse("academics:course_add") if is_academic_records_editor(self.request.user) else None
        return context


class CourseDetailView(ScopedDetailView):
    queryset = Course.objects.select_related("department")
    fields = ["code", "name_kk", "name_ru", "name_en", "credits", "cycle", "component", "department"]


class CourseEditView(ScopedEditView):
    """Add a course (the SSC) or edit one; a course also arrives from its first imported grade row."""

    queryset = Course.objects.all()
    form_class = CourseForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        pk = self.kwargs.get("pk")
        if pk is None:
            if not is_academic_records_editor(self.request.user):
                raise PermissionDenied
            return Course(institution=institution_for(self.request.user, CHANGE, or_raise=PermissionDenied))
        return get_for_user_or_404(Course, self.request.user, pk, CHANGE)

    def save(self, form: CourseForm) -> Course:
        return services.save_course(form.save(commit=False), acting_user=self.request.user)


class CourseHistoryView(ObjectHistoryView):
    queryset = Course.objects.all()


class GradingScaleView(ScopedMixin, TemplateView):
    """The grading scale: letters, numeric equivalents and percent bands. The SSC edits the whole table at
    once (saved only when the bands cover 0–100 without overlapping); until then the default scale applies."""

    queryset = GradeScaleBand.objects.all()
    template_name = "academics/grading_scale.html"

    def institution(self) -> Any:
        return institution_for(self.request.user, VIEW, or_raise=PermissionDenied)

    def formset(self, data: Any = None) -> Any:
        bands = services.current_scale(self.institution())
        initial = [
            {"letter": b.letter, "numeric": b.numeric, "min_percent": b.min_percent, "max_percent": b.max_percent}
            for b in bands
        ]
        return BandFormSet(data, initial=initial, prefix="band")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        institution = self.institution()
        context.update(
            title=_("Grading scale"),
            bands=services.current_scale(institution),
            is_default=not GradeScaleBand.objects.filter(institution=institution).exists(),
            can_edit=is_academic_records_editor(self.request.user),
        )
        if context["can_edit"]:
            context.setdefault("formset", self.formset())
        context["breadcrumbs"] = [(context["title"], None)]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_academic_records_editor(request.user):
            raise PermissionDenied
        formset = self.formset(request.POST)
        errors: list[str] = []
        if formset.is_valid():
            bands = [
                services.Band(f["letter"], f["numeric"], f["min_percent"], f["max_percent"])
                for f in formset.cleaned_data
                if f and not f.get("DELETE")
            ]
            institution = institution_for(request.user, CHANGE, or_raise=PermissionDenied)
            try:
                services.save_scale(institution, bands, acting_user=request.user)
            except ValidationError as exc:
                errors = list(exc.messages)
            else:
                messages.success(request, _("The grading scale is saved."))
                return HttpResponseRedirect(reverse("academics:grading_scale"))
        context = self.get_context_data(formset=formset, scale_errors=errors)
        return self.render_to_response(context, status=400)
