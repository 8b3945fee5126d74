"""The contingent on a chosen date (counts by faculty, department, program, year, form, funding, language, sex and
citizenship), and a student's contingent history."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from mansap.common.exports import sheets_to_xlsx, xlsx_response
from mansap.common.views import StaffRequiredMixin
from mansap.core.access import VIEW, institution_for
from mansap.core.choices import Funding, Sex, StudyForm, StudyLanguage
from mansap.core.countries import country_name
from mansap.core.models import Department, EducationalProgram, Faculty, Student
from mansap.studentbody.choices import Breakdown
from mansap.studentbody.forms import ContingentForm
from mansap.studentbody.models import OrderItem, StudentPeriod
from mansap.studentbody.reports.contingent import contingent


def _labels(key: str, codes: list[str], institution: Any, everything: bool = False) -> dict[str, str]:
    """What each grouped value is called on the page (a code's name in the active language, in the user's own
    institution: another university may use the same code; a superuser without one reads any)."""
    paths: dict[str, tuple[Any, str]] = {
        Breakdown.FACULTY: (Faculty, "institution"),
        Breakdown.DEPARTMENT: (Department, "faculty__institution"),
        Breakdown.PROGRAM: (EducationalProgram, "department__faculty__institution"),
    }
    if key in paths:
        model, path = paths[Breakdown(key)]
        units = model._default_manager.all() if everything else model._default_manager.filter(code__in=codes)
        if institution is not None:
            units = units.filter(**{path: institution})
        return {unit.code: f"{unit.code} · {unit.name}" for unit in units}
    enum = {Breakdown.FORM: StudyForm, Breakdown.FUNDING: Funding, Breakdown.LANGUAGE: StudyLanguage,
            Breakdown.SEX: Sex}.get(Breakdown(key))  # fmt: skip
    if enum is not None:
        return {value: str(label) for value, label in enum.choices}
    if key == Breakdown.CITIZENSHIP:
        return {code: f"{code} · {country_name(code)}" for code in codes}
    return {}


def breakdowns(user: Any, day: Any) -> tuple[Any, list[dict[str, Any]]]:
    institution = institution_for(user)
    periods = StudentPeriod.objects.for_user(user, VIEW)
    total = contingent(periods, day)
    tables = []
    for key, title in Breakdown.choices:
        result = contingent(periods, day, key)
        values = sorted(set(result.by) | set(result.leave_by), key=lambda v: (v == "", v))
        names = _labels(key, values, institution)
        rows = [
            {"key": value, "label": names.get(value) or value or _("not known"), "studying": result.by.get(value, 0),
             "on_leave": result.leave_by.get(value, 0)}
            for value in values
        ]  # fmt: skip
        tables.append({"key": key, "title": title, "rows": rows})
    return total, tables


class ContingentView(StaffRequiredMixin, TemplateView):
    template_name = "studentbody/contingent.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = ContingentForm(self.request.GET or None)
        day = form.day()
        total, tables = breakdowns(self.request.user, day)
        context.update(form=form, day=day, total=total, tables=tables, title=_("Contingent on a date"))
        context["breadcrumbs"] = [(context["title"], None)]
        return context

    def export(self) -> HttpResponse:
        day = ContingentForm(self.request.GET).day()
        total, tables = breakdowns(self.request.user, day)
        header = [_("Value"), _("Studying"), _("On academic leave")]
        sheets = [
            (str(table["title"]), [str(table["title"]), *header[1:]],
             [[row["label"], row["studying"], row["on_leave"]] for row in table["rows"]])
            for table in tables
        ]  # fmt: skip
        summary = (
            _("Total"),
            [_("On the date"), *header[1:]],
            [[day.strftime("%d.%m.%Y"), total.total, total.on_leave]],
        )
        return xlsx_response(sheets_to_xlsx([summary, *sheets]), _("contingent {date}").format(date=day.isoformat()))


def history_students(user: Any) -> Any:
    """The students whose contingent history the user reads: those in their scope, a student themself."""
    return Student.objects.filter(Q(pk__in=Student.objects.for_user(user, VIEW).values("pk")))


class StudentHistoryView(LoginRequiredMixin, TemplateView):
    """A student's contingent history: their states over time and every order in force about them."""

    template_name = "studentbody/student_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        student = get_object_or_404(history_students(user).select_related("program"), pk=self.kwargs["pk"])
        periods = (
            StudentPeriod.objects.filter(student=student)
            .select_related("program", "item__order")
            .order_by("-valid_from")
        )
        items = (
            OrderItem.objects.for_user(user, VIEW)
            .filter(student=student)
            .select_related("order", "program")
            .order_by("-effective_date", "-pk")
        )
        own = student.user_id == user.pk
        context.update(student=student, periods=periods, items=items, own=own, title=_("Contingent history"))
        if own:
            context["breadcrumbs"] = [(context["title"], None)]
        else:
            context["breadcrumbs"] = [
                (student.full_name, reverse("core:student_detail", args=[student.pk])), (context["title"], None),
            ]  # fmt: skip
        return context


class MyHistoryView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = getattr(request.user, "student", None)
        if student is None:
            raise Http404
        return HttpResponseRedirect(reverse("studentbody:student_history", args=[student.pk]))
