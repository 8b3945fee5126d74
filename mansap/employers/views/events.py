"""Pages of the career events (URL namespace "events"): list, calendar, detail, .ics, registrations, invitations.

Staff see the events of their institution; students see the public ones and their own registrations
(CareerEventQuerySet.self_filter), so the list, calendar, detail and .ics views admit students too.
State changes go through mansap.employers.services.events, from actions on the scoped bases: the event or
registration is fetched in the user's view scope and the service (or `act`) decides who may act.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from mansap.common.links import LANGUAGE_CODES
from mansap.common.views import (
    ObjectHistoryView,
    ScopedActionView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedMixin,
    ScopedServiceFormView,
)
from mansap.core.access import VIEW, can_create, get_for_user_or_404, is_career_center, is_staff_member, user_can_change
from mansap.employers import filtersets as event_filtersets
from mansap.employers import tables as event_tables
from mansap.employers.forms import events as event_forms
from mansap.employers.models import CareerEvent, EventRegistration
from mansap.employers.reports import events as reports_events
from mansap.employers.services import events, student_of

if TYPE_CHECKING:
    from mansap.common.typing import AuthedRequest

EVENT_FIELDS = ["kind", "starts_at", "ends_at", "location", "online_url", "department", "capacity",
                "registration_open", "is_public", "description"]  # fmt: skip


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
        # Institution-wide editors, and department editors for their own department, add events.
        context["add_url"] = (
            reverse("events:event_add") if can_create(self.request.user, CareerEvent.scope_level) else None
        )
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
        student = student_of(user)
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
            context["can_manage"] = is_career_center(user, event)
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
            add_url=reverse("events:event_add") if can_create(self.request.user, CareerEvent.scope_level) else None,
            breadcrumbs=[*self.breadcrumbs(), (title, None)],
        )
        return context


class EventIcsView(ScopedMixin, View):
    """The event as an .ics file (?lang=kk|ru|en; default: the active language)."""

    staff_only = False
    queryset = CareerEvent.objects.all()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = get_for_user_or_404(CareerEvent, request.user, pk, VIEW)
        language = request.GET.get("lang") or get_language() or "kk"
        if language not in LANGUAGE_CODES:
            language = "kk"
        text = reports_events.event_ics(event, language, url=request.build_absolute_uri(event.get_absolute_url()))
        response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
        return response


#
# Registrations
#
class EventActionView(EventPagesMixin, ScopedActionView):
    """An action on an event or a registration, back to the event's page.

    Fetched in the view scope (`action = VIEW`): the rule is not "may change the event" for all of them (a
    student registers for an event they only see), so each `act` or its service decides (else 403).
    """

    action = VIEW
    request: AuthedRequest

    def get_success_url(self, obj: CareerEvent | EventRegistration) -> str:
        event = obj.event if isinstance(obj, EventRegistration) else obj
        return event.get_absolute_url()


class RegisterSelfView(EventActionView):
    """A student or graduate registers for an event they can see."""

    staff_only = False
    queryset = CareerEvent.objects.all()

    def act(self, obj: CareerEvent) -> object:
        student = student_of(self.request.user)
        if student is None:  # staff and employer contacts have no student record to register
            raise PermissionDenied
        return events.register_student(obj, student, acting_user=self.request.user)

    def get_success_message(self, obj: CareerEvent, result: object) -> str:
        return _("You are registered for {event}.").format(event=obj)


class CancelRegistrationView(EventActionView):
    """The student cancels their registration, or an editor of the event cancels anyone's (the service decides)."""

    staff_only = False
    queryset = EventRegistration.objects.select_related("event", "student", "organization")

    def act(self, obj: EventRegistration) -> object:
        return events.cancel_registration(obj, acting_user=self.request.user)

    def get_success_message(self, obj: EventRegistration, result: object) -> str:
        return _("The registration of {who} is cancelled.").format(who=obj.participant)


class RegisterOrganizationView(EventActionView):
    """The Career Center registers a company for the event, with its booth at a fair (the form on the event page)."""

    queryset = CareerEvent.objects.all()

    def act(self, obj: CareerEvent) -> object:
        if not is_career_center(self.request.user, obj):  # before the form: a 403 whatever was posted
            raise PermissionDenied
        form = event_forms.OrganizationRegistrationForm(self.request.POST, event=obj)
        if not form.is_valid():
            self.form_rejected = True
            raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
        self.organization = form.cleaned_data["organization"]
        return events.register_organization(
            obj, self.organization, form.cleaned_data["booth_number"], acting_user=self.request.user
        )

    def get_success_message(self, obj: CareerEvent, result: object) -> str:
        return _("{organization} is registered for the event.").format(organization=self.organization)

    def get_success_url(self, obj: CareerEvent | EventRegistration) -> str:
        # Back to the companies' section, where the form is; an invalid form goes back to the page's top.
        anchor = "" if getattr(self, "form_rejected", False) else "#companies"
        return super().get_success_url(obj) + anchor


class AttendanceToggleView(EventActionView):
    """Flips a registration's attendance; an htmx request gets the updated table row back (an error as text)."""

    queryset = EventRegistration.objects.select_related("event", "student__program", "organization")
    partial_template_name = "employers/event_registration_row.html"

    def act(self, obj: EventRegistration) -> object:
        if not user_can_change(self.request.user, obj.event):  # before the service: a 403, not a message
            raise PermissionDenied
        return events.set_attendance(obj, not obj.attended, acting_user=self.request.user)

    def get_partial_context(self, obj: EventRegistration, result: object) -> dict[str, Any]:
        return {"registration": obj, "can_change": True}


class InviteView(EventPagesMixin, ScopedServiceFormView):
    """The Career Center invites audiences: students of programs or departments, a graduate cohort, companies."""

    queryset = CareerEvent.objects.all()
    action = VIEW  # in the view scope, then the Career Center's (get_object): a department editor gets 403
    form_class = event_forms.InvitationForm
    template_name = "employers/event_invite.html"
    request: AuthedRequest

    def get_object(self) -> CareerEvent:
        event: CareerEvent = super().get_object()
        if not is_career_center(self.request.user, event):
            raise PermissionDenied
        return event

    def get_form_kwargs(self, obj: CareerEvent) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "event": obj}

    def get_title(self, obj: CareerEvent) -> str:
        return _("Invite to {event}").format(event=obj)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event: CareerEvent = context["object"]
        context.update(
            event=event,
            invitations=list(
                event.invitations.select_related("student", "organization").order_by("-created_at", "-pk")[:100]
            ),
            invitation_count=event.invitations.count(),
            breadcrumbs=[*self.breadcrumbs(), (str(event), event.get_absolute_url()), (_("Invite"), None)],
        )
        return context

    def perform(self, obj: CareerEvent, form: event_forms.InvitationForm) -> events.InvitationResult:
        return events.invite(
            obj,
            acting_user=self.request.user,
            programs=form.cleaned_data["programs"],
            departments=form.cleaned_data["departments"],
            graduation_year=form.cleaned_data["graduation_year"],
            organizations=form.cleaned_data["organizations"],
            base_url=self.request.build_absolute_uri("/").rstrip("/"),
        )

    def get_success_message(self, obj: CareerEvent, result: events.InvitationResult) -> str:
        return _(
            "{created} invitations created, {sent} e-mailed, {skipped} recipients had been invited before."
        ).format(created=result.created, sent=result.sent, skipped=result.already_invited)

    def form_done(
        self, obj: CareerEvent, form: event_forms.InvitationForm, result: events.InvitationResult
    ) -> HttpResponse:
        response = super().form_done(obj, form, result)
        if result.without_email:
            messages.warning(
                self.request,
                _("No e-mail address for: {names}.").format(names=", ".join(result.without_email[:20])),
            )
        return response

    def get_success_url(self, obj: CareerEvent, result: events.InvitationResult) -> str:
        return reverse("events:event_invite", args=[obj.pk])
