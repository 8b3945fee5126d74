"""KPI-17.4's criteria: the cohorts with their rules (staff read them), and the page where the Career Center sets
the rules of one cohort (reports/success.py says how they are read)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from mansap.common.params import parse_year
from mansap.common.views import StaffRequiredMixin
from mansap.core.access import VIEW, institution_for, is_career_center
from mansap.core.models import Student
from mansap.graduates.forms.success import CriteriaNoteForm, SuccessRuleFormSet
from mansap.graduates.models import SuccessCriteria
from mansap.graduates.services import success as services


def _cohorts(institution: Any) -> list[int]:
    """Cohorts with graduates or with criteria, newest first (and the coming one)."""
    years = set(Student.objects.filter(institution=institution).cohort_years())
    years |= set(SuccessCriteria.objects.filter(institution=institution).values_list("cohort", flat=True))
    return sorted(years, reverse=True)


class CriteriaListView(StaffRequiredMixin, TemplateView):
    template_name = "graduates/success_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        institution = institution_for(self.request.user, VIEW, or_raise=Http404)
        criteria = {
            c.cohort: c
            for c in SuccessCriteria.objects.for_user(self.request.user)
            .filter(institution=institution)
            .prefetch_related("rules")
        }
        title = _("Successful graduates: criteria")
        context.update(
            title=title,
            breadcrumbs=[(title, None)],
            rows=[(cohort, criteria.get(cohort)) for cohort in _cohorts(institution)],
            can_edit=is_career_center(self.request.user, institution),
        )
        return context


class CriteriaEditView(StaffRequiredMixin, View):
    """The rules of one cohort: alternatives, each a set of conditions that must all hold. Career Center only."""

    template_name = "graduates/success_form.html"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.cohort = parse_year(kwargs.get("cohort"))

    def institution(self) -> Any:
        if self.cohort is None or not 1900 <= self.cohort <= 2999:
            raise Http404
        self.year: int = self.cohort
        institution = institution_for(self.request.user, VIEW, or_raise=Http404)
        if not is_career_center(self.request.user, institution):
            raise PermissionDenied
        return institution

    def render_forms(self, formset: Any, note: Any, status: int = 200) -> HttpResponse:
        title = _("Successful graduates of {cohort}").format(cohort=self.cohort)
        list_title = _("Successful graduates: criteria")
        context = {
            "title": title,
            "breadcrumbs": [(list_title, reverse("graduates:success_list")), (str(self.cohort), None)],
            "formset": formset,
            "note_form": note,
            "cohort": self.cohort,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        institution = self.institution()
        criteria = SuccessCriteria.objects.filter(institution=institution, cohort=self.year).first()
        initial = []
        if criteria is not None:
            initial = [{name: getattr(rule, name) for name in services.RULE_FIELDS} for rule in criteria.rules.all()]
        formset = SuccessRuleFormSet(initial=initial, prefix="rule")
        note = CriteriaNoteForm(initial={"note": criteria.note if criteria else ""})
        return self.render_forms(formset, note)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        institution = self.institution()
        formset = SuccessRuleFormSet(request.POST, prefix="rule")
        note = CriteriaNoteForm(request.POST)
        if formset.is_valid() and note.is_valid():
            rules = [rule for form in formset.forms if (rule := form.rule()) is not None]
            try:
                services.set_success_criteria(
                    institution, self.year, acting_user=request.user, rules=rules, note=note.cleaned_data["note"]
                )
            except ValidationError as error:
                errors = formset.error_class([*formset.non_form_errors(), *error.messages])
                formset._non_form_errors = errors  # type: ignore[attr-defined]
            else:
                messages.success(
                    request, _("The criteria of the cohort {cohort} are saved.").format(cohort=self.cohort)
                )
                return redirect("graduates:success_list")
        return self.render_forms(formset, note, status=400)
