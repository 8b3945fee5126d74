"""The working-day calendar's pages: a year of the institution's calendar (every member of staff reads it), its
exceptions added, changed and deleted, and the working hours set, by the desk (services.calendar.keeps_calendar)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.forms import errors_to_form
from mansap.common.params import parse_int
from mansap.common.views import ScopedDeleteView, ScopedEditView, StaffRequiredMixin
from mansap.core.access import institution_for
from mansap.servicedesk.forms.calendar import CalendarExceptionForm, WorkingHoursForm
from mansap.servicedesk.models.calendar import CalendarException
from mansap.servicedesk.services import calendar as services

MIN_YEAR, MAX_YEAR = 2000, 2100


def calendar_url(year: int) -> str:
    return f"{reverse('servicedesk:calendar')}?year={year}"


class CalendarView(StaffRequiredMixin, View):
    template_name = "servicedesk/calendar/year.html"

    def context(self, request: HttpRequest, hours_form: WorkingHoursForm | None = None) -> dict[str, Any]:
        institution = institution_for(request.user, or_raise=PermissionDenied)
        year = parse_int(request.GET.get("year")) or timezone.localdate().year
        year = min(max(year, MIN_YEAR), MAX_YEAR)
        language = (translation.get_language() or "kk")[:2]
        opens, closes = services.working_hours(institution)
        editor = services.keeps_calendar(request.user, institution)
        exceptions = CalendarException.objects.filter(institution=institution, date__year=year)
        return {
            "title": _("Working-day calendar {year}").format(year=year),
            "breadcrumbs": [(_("Working-day calendar"), None)],
            "year": year,
            "previous_year": year - 1 if year > MIN_YEAR else None,
            "next_year": year + 1 if year < MAX_YEAR else None,
            "months": services.year_calendar(year, institution, language),
            "exceptions": exceptions,
            "holidays": sorted(services.public_holidays(year, language).items()),
            "opens": opens,
            "closes": closes,
            "editor": editor,
            "hours_form": hours_form or WorkingHoursForm(initial={"opens": opens, "closes": closes}),
            "institution": institution,
            "weekday_labels": [WEEKDAYS_ABBR[i] for i in range(7)],
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self.context(request))


class WorkingHoursView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        institution = institution_for(request.user, or_raise=PermissionDenied)
        if not services.keeps_calendar(request.user, institution):
            raise PermissionDenied
        form = WorkingHoursForm(request.POST)
        if form.is_valid():
            try:
                services.save_working_hours(institution, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The working hours are saved."))
                return HttpResponseRedirect(reverse("servicedesk:calendar"))
        page = CalendarView()
        return render(request, page.template_name, page.context(request, hours_form=form), status=400)


class CalendarExceptionMixin:
    request: HttpRequest

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(_("Working-day calendar"), reverse("servicedesk:calendar"))]

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        obj = super().get_object(queryset)  # type: ignore[misc]
        institution = obj.institution if obj.pk else institution_for(self.request.user)
        if institution is None or not services.keeps_calendar(self.request.user, institution):
            raise PermissionDenied
        if obj.pk is None:
            obj.institution = institution
            day = self.request.GET.get("date")
            if day:
                try:
                    obj.date = dt.date.fromisoformat(day)
                except ValueError:
                    pass
        return obj


class CalendarExceptionEditView(CalendarExceptionMixin, ScopedEditView):
    queryset = CalendarException.objects.all()
    form_class = CalendarExceptionForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.object is not None and self.object.pk is None and self.object.date:
            initial["date"] = self.object.date
        return initial

    def save(self, form: Any) -> CalendarException:
        values = {name: form.cleaned_data[name] for name in services.EXCEPTION_FIELDS}
        return services.save_exception(form.instance, acting_user=self.request.user, **values)


class CalendarExceptionDeleteView(CalendarExceptionMixin, ScopedDeleteView):
    queryset = CalendarException.objects.all()

    def delete(self, obj: Any) -> None:
        services.delete_exception(obj, acting_user=self.request.user)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        year, label = obj.date.year, str(obj)
        self.delete(obj)
        messages.success(request, _("Deleted {object}.").format(object=label))
        return HttpResponseRedirect(calendar_url(year))
