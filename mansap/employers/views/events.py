"""Pages of the career events (URL namespace "events"): list, calendar, detail, .ics, registrations, invitations.

Staff see the events of their institution; students see the public ones and their own registrations
(CareerEventQuerySet.self_filter), so the list, calendar, detail and .ics views admit students too.
State changes go through mansap.employers.services.events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedMixin,
    StaffRequiredMixin,
)
from mansap.core.querysets import VIEW, is_staff_member
from mansap.employers import filtersets as event_filtersets
from mansap.employers import tables as event_tables
from mansap.employers.forms import events as event_forms
from mansap.employers.models import CareerEvent, EventRegistration
from mansap.employers.reports import events as reports_events
from mansap.employers.services import events

EVENT_FIELDS = ["kind", "starts_at", "ends_at", "location", "online_url", "department", "capacity",
                "registration_open", "is_public", "description"]  # fmt: skip


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class EventPagesMixin:
    """Breadcrumbs and links in the "events" namespace (the base views assume <app>:<model>_<action>)."""

    def scoped_model(self) -> type[CareerEvent]:
        return CareerEvent

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(capfirst(str(CareerEvent._meta.verbose_name_plural)), reverse("events:event_list"))]


class EventListView(EventPagesMixin, ScopedListView):
    staff_only = False
    queryset = CareerEvent.objects.with_list_related()
    filterset_class = event_filtersets.CareerEventFilterSet
    table_class = event_tables.CareerEventTable
    template_name = "employers/event_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = reverse("events:event_add") if events.can_add_event(self.request.user) else None
        context["calendar_url"] = reverse("events:calendar")
        return context


class EventDetailView(EventPagesMixin, ScopedDetailView):
    staff_only = False
    queryset = CareerEvent.objects.select_related("department", "institution")
    fields = EVENT_FIELDS
    template_name = "employers/event_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event: CareerEvent = self.object
        user = self.request.user
        staff = is_staff_member(user)
        student = events.student_of(user)
        context.update(
            edit_url=reverse("events:event_edit", args=[event.pk]),
            delete_url=reverse("events:event_delete", args=[event.pk]),
            history_url=reverse("events:event_history", args=[event.pk]) if staff else None,
            ics_url=reverse("events:event_ics", args=[event.pk]),
            is_staff=staff,
            organizations=list(event.organizations.order_by("name_ru")),
            registered_count=events.active_student_count(event),
            places_left=events.places_left(event),
            is_over=event.ends_at <= timezone.now(),
        )
        if staff:
            registrations = list(
                event.registrations.select_related("student__program", "organization").order_by(
                    "organization__name_ru", "student__last_name", "student__first_name", "pk"
                )
            )
            context["company_registrations"] = [r for r in registrations if r.organization_id]
            context["student_registrations"] = [r for r in registrations if r.student_id]
            context["can_manage"] = events.can_manage_participants(user, event)
            if context["can_manage"]:
                context["organization_form"] = event_forms.OrganizationRegistrationForm(event=event)
                context["invite_url"] = reverse("events:event_invite", args=[event.pk])
            context["invitation_count"] = event.invitations.count()
        if student is not None:
            context["own_registration"] = event.registrations.filter(student=student).first()
            context["can_register"] = student.institution_id == event.institution_id
        return context


class EventEditView(EventPagesMixin, ScopedEditView):
    queryset = CareerEvent.objects.all()
    form_class = event_forms.CareerEventForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.object.pk:
            context["cancel_url"] = reverse("events:event_list")
        return context


class EventDeleteView(EventPagesMixin, ScopedDeleteView):
    queryset = CareerEvent.objects.all()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        event = self.get_object()
        label = str(event)
        try:
            event.delete()
        except ProtectedError:
            messages.error(request, _("{object} cannot be deleted: other records refer to it.").format(object=label))
            return HttpResponseRedirect(event.get_absolute_url())
        messages.success(request, _("Deleted {object}.").format(object=label))
        return HttpResponseRedirect(reverse("events:event_list"))


class EventHistoryView(EventPagesMixin, ObjectHistoryView):
    queryset = CareerEvent.objects.all()


class CalendarView(EventPagesMixin, ScopedMixin, TemplateView):
    """A Monday-first month (?month=YYYY-MM) with the events on their days."""

    staff_only = False
    queryset = CareerEvent.objects.all()
    template_name = "employers/event_calendar.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        first, valid = reports_events.parse_month(self.request.GET.get("month"), today)
        weeks = reports_events.month_grid(first, [])
        grid_start = weeks[0][0].date
        grid_end = weeks[-1][-1].date + dt.timedelta(days=1)
        tz = timezone.get_current_timezone()
        found = (
            self.get_queryset()
            .filter(
                starts_at__lt=dt.datetime.combine(grid_end, dt.time.min, tzinfo=tz),
                ends_at__gt=dt.datetime.combine(grid_start, dt.time.min, tzinfo=tz),
            )
            .order_by("starts_at", "pk")
        )
        previous, following = reports_events.shift_month(first, -1), reports_events.shift_month(first, 1)
        title = capfirst(date_format(first, "F Y"))
        context.update(
            title=title,
            month=first,
            month_valid=valid,
            weeks=reports_events.month_grid(first, found),
            weekdays=reports_events.weekday_names(),
            today=today,
            previous_url=reverse("events:calendar") + f"?month={previous:%Y-%m}",
            next_url=reverse("events:calendar") + f"?month={following:%Y-%m}",
            this_month_url=reverse("events:calendar"),
            list_url=reverse("events:event_list"),
            add_url=reverse("events:event_add") if events.can_add_event(self.request.user) else None,
            breadcrumbs=[*self.breadcrumbs(), (title, None)],
        )
        return context


class EventIcsView(ScopedMixin, View):
    """The event as an .ics file (?lang=kk|ru|en; default: the active language)."""

    staff_only = False
    queryset = CareerEvent.objects.all()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = get_object_or_404(self.get_queryset(), pk=pk)
        language = request.GET.get("lang") or get_language() or "kk"
        if language not in events.LANGUAGE_CODES:
            language = "kk"
        text = reports_events.event_ics(event, language, url=request.build_absolute_uri(event.get_absolute_url()))
        response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
        return response


#
# Registrations
#
class RegisterSelfView(LoginRequiredMixin, View):
    """A student or graduate registers for an event they can see."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = get_object_or_404(CareerEvent.objects.for_user(request.user, VIEW), pk=pk)
        student = events.student_of(request.user)
        if student is None:
            raise PermissionDenied
        try:
            events.register_student(event, student)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("You are registered for {event}.").format(event=event))
        return HttpResponseRedirect(event.get_absolute_url())


class CancelRegistrationView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = get_object_or_404(
            EventRegistration.objects.for_user(request.user, VIEW).select_related("event", "student", "organization"),
            pk=pk,
        )
        try:
            events.cancel_registration(registration, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The registration of {who} is cancelled.").format(who=registration.participant))
        return HttpResponseRedirect(registration.event.get_absolute_url())


class RegisterOrganizationView(StaffRequiredMixin, View):
    """The Career Center registers a company for the event, with its booth at a fair."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = get_object_or_404(CareerEvent.objects.for_user(request.user, VIEW), pk=pk)
        if not events.can_manage_participants(request.user, event):
            raise PermissionDenied
        form = event_forms.OrganizationRegistrationForm(request.POST, event=event)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return HttpResponseRedirect(event.get_absolute_url())
        organization = form.cleaned_data["organization"]
        try:
            events.register_organization(
                event, organization, form.cleaned_data["booth_number"], acting_user=request.user
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request, _("{organization} is registered for the event.").format(organization=organization)
            )
        return HttpResponseRedirect(event.get_absolute_url() + "#companies")


class AttendanceToggleView(StaffRequiredMixin, View):
    """Flips a registration's attendance; an htmx request gets the updated table row back."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = get_object_or_404(
            EventRegistration.objects.for_user(request.user, VIEW).select_related(
                "event", "student__program", "organization"
            ),
            pk=pk,
        )
        if not events.can_change_event(request.user, registration.event):
            raise PermissionDenied
        try:
            events.set_attendance(registration, not registration.attended, acting_user=request.user)
        except ValidationError as exc:
            if request.headers.get("HX-Request"):
                return HttpResponse(_error_text(exc), status=400)
            messages.error(request, _error_text(exc))
        if request.headers.get("HX-Request"):
            return render(
                request, "employers/event_registration_row.html", {"registration": registration, "can_change": True}
            )
        return HttpResponseRedirect(registration.event.get_absolute_url())


class InviteView(EventPagesMixin, ScopedMixin, TemplateView):
    """The Career Center invites audiences: students of programs or departments, a graduate cohort, companies."""

    queryset = CareerEvent.objects.all()
    template_name = "employers/event_invite.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.event = get_object_or_404(CareerEvent.objects.for_user(request.user, VIEW), pk=kwargs["pk"])
        if not events.can_manage_participants(request.user, self.event):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event = self.event
        title = _("Invite to {event}").format(event=event)
        context.update(
            event=event,
            title=title,
            form=kwargs.get("form") or event_forms.InvitationForm(event=event),
            invitations=list(
                event.invitations.select_related("student", "organization").order_by("-created_at", "-pk")[:100]
            ),
            invitation_count=event.invitations.count(),
            breadcrumbs=[*self.breadcrumbs(), (str(event), event.get_absolute_url()), (_("Invite"), None)],
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = event_forms.InvitationForm(request.POST, event=self.event)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        result = events.invite(
            self.event,
            acting_user=request.user,
            programs=form.cleaned_data["programs"],
            departments=form.cleaned_data["departments"],
            graduation_year=form.cleaned_data["graduation_year"],
            organizations=form.cleaned_data["organizations"],
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        messages.success(
            request,
            _("{created} invitations created, {sent} e-mailed, {skipped} recipients had been invited before.").format(
                created=result.created, sent=result.sent, skipped=result.already_invited
            ),
        )
        if result.without_email:
            messages.warning(
                request,
                _("No e-mail address for: {names}.").format(names=", ".join(result.without_email[:20])),
            )
        return HttpResponseRedirect(reverse("events:event_invite", args=[self.event.pk]))
