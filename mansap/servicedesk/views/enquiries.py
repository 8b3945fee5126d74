"""Pages of the public enquiries.

The public (no login): the form and its thank-you page. Spam is refused here, before the service runs, with nothing
saved: a filled honeypot field (answered like a success, so a robot learns nothing), a form sent faster than a
person could fill it in (MIN_FORM_SECONDS) and a form left open too long (shown again with a fresh stamp), and more
than MANSAP_ENQUIRY_MAX_PER_HOUR enquiries an hour from one address (429, common.throttling.AttemptLimiter).

Staff: the enquiries of their unit (the queryset's scope: another unit's enquiry answers 404), one enquiry with
its take / answer / forward actions, the monthly figures (page + XLSX) and the topics (the desk keeps them).
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from mansap.common.exports import sheets_to_xlsx, xlsx_response
from mansap.common.forms import errors_to_form
from mansap.common.links import LANGUAGE_CODES
from mansap.common.params import parse_int
from mansap.common.throttling import AttemptLimiter, client_ip, minutes
from mansap.common.views import (
    ScopedActionView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedServiceFormView,
    StaffRequiredMixin,
    mark_refused,
)
from mansap.core.access import VIEW, default_institution, institution_for, is_service_desk_staff
from mansap.core.tables import ATTRS
from mansap.servicedesk.forms.enquiries import (
    HONEYPOT_FIELD,
    MAX_FORM_SECONDS,
    MIN_FORM_SECONDS,
    AnswerForm,
    EnquiryFilterSet,
    EnquiryForm,
    EnquiryTopicFilterSet,
    EnquiryTopicForm,
    ForwardForm,
    form_stamp,
    stamp_age,
)
from mansap.servicedesk.models.enquiries import Enquiry, EnquiryTopic
from mansap.servicedesk.reports import enquiries as reports
from mansap.servicedesk.services import enquiries as services

THANKS_SESSION_KEY = "servicedesk_enquiry_number"


def enquiry_limiter() -> AttemptLimiter:
    """Every enquiry sent counts against its address; MANSAP_ENQUIRY_MAX_PER_HOUR of them lock it for an hour."""
    return AttemptLimiter(
        "enquiry", limit=int(getattr(settings, "MANSAP_ENQUIRY_MAX_PER_HOUR", 5)), window=3600, lockout=3600
    )


# ---- The public form -------------------------------------------------------------------------------------------
@method_decorator(never_cache, name="dispatch")
class PublicEnquiryView(View):
    template_name = "servicedesk/enquiries/public_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.institution = default_institution()
        if self.institution is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def render_form(self, request: HttpRequest, form: EnquiryForm, status: int = 200, notice: str = "") -> HttpResponse:
        if form.is_bound:
            data = request.POST.copy()
            data["stamp"] = form_stamp()  # a fresh stamp: the next try is timed from now
            form.data = data
        context = {
            "form": form,
            "title": _("Ask the university"),
            "institution": self.institution,
            "notice": notice,
            "honeypot": HONEYPOT_FIELD,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_form(request, EnquiryForm(institution=self.institution, initial={"stamp": form_stamp()}))

    def post(self, request: HttpRequest) -> HttpResponse:
        address = "ip:" + client_ip(request)
        limiter = enquiry_limiter()
        seconds = limiter.locked_seconds([address])
        if seconds:
            mark_refused(request)
            context = {"title": _("Too many enquiries"), "minutes": minutes(seconds)}
            return render(request, "servicedesk/enquiries/public_limit.html", context, status=429)
        form = EnquiryForm(request.POST, institution=self.institution)
        if request.POST.get(HONEYPOT_FIELD):
            return HttpResponseRedirect(reverse("servicedesk:enquiry_thanks"))  # a robot: nothing saved
        age = stamp_age(request.POST.get("stamp", ""))
        if age is None or age > MAX_FORM_SECONDS:
            mark_refused(request)
            form.is_valid()  # the fields' own errors are shown too
            notice = _("The form was open for a long time. Please check your message and send it again.")
            return self.render_form(request, form, status=400, notice=notice)
        if age < int(getattr(settings, "MANSAP_ENQUIRY_MIN_SECONDS", MIN_FORM_SECONDS)):
            mark_refused(request)
            form.is_valid()
            notice = _("The form was sent too quickly. Please check it and send it again.")
            return self.render_form(request, form, status=400, notice=notice)
        if not form.is_valid():
            mark_refused(request)
            return self.render_form(request, form, status=400)
        language = (translation.get_language() or "kk")[:2]
        data = form.cleaned_data
        try:
            enquiry = services.submit_enquiry(
                topic=data["topic"], name=data["name"], email=data["email"], phone=data["phone"],
                message=data["message"], language=language if language in LANGUAGE_CODES else "kk",
            )  # fmt: skip
        except ValidationError as exc:
            errors_to_form(form, exc)
            mark_refused(request)
            return self.render_form(request, form, status=400)
        limiter.fail(address)
        request.session[THANKS_SESSION_KEY] = enquiry.number
        return HttpResponseRedirect(reverse("servicedesk:enquiry_thanks"))


@method_decorator(never_cache, name="dispatch")
class EnquiryThanksView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        number = request.session.get(THANKS_SESSION_KEY)
        enquiry = Enquiry.objects.select_related("topic").filter(number=number).first() if number else None
        context = {"title": _("Thank you"), "enquiry": enquiry}
        return render(request, "servicedesk/enquiries/public_thanks.html", context)


# ---- Staff: the list -------------------------------------------------------------------------------------------
def status_badge(enquiry: Enquiry) -> str:
    css = {"new": "primary", "in_progress": "warning", "answered": "success"}.get(enquiry.status, "secondary")
    return format_html('<span class="badge text-bg-{}">{}</span>', css, enquiry.get_status_display())


class EnquiryTable(tables.Table):
    number = tables.Column(verbose_name=gettext_lazy("No."), linkify=True, attrs={"td": {"class": "text-nowrap"}})
    received_at = tables.DateTimeColumn(verbose_name=gettext_lazy("Received"), format="d.m.Y H:i")
    topic = tables.Column(verbose_name=gettext_lazy("Topic"), order_by=("topic__position",))
    name = tables.Column(verbose_name=gettext_lazy("Enquirer"))
    unit = tables.Column(verbose_name=gettext_lazy("Unit"), accessor="role", order_by=("role", "faculty__code"))
    due_at = tables.DateTimeColumn(verbose_name=gettext_lazy("Answer due"), format="d.m.Y H:i")
    response = tables.Column(
        verbose_name=gettext_lazy("Response, working hours"), accessor="response_seconds",
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}},
    )  # fmt: skip
    status = tables.Column(verbose_name=gettext_lazy("Status"))

    class Meta:
        model = Enquiry
        fields = ("number", "received_at", "topic", "name", "unit", "due_at", "response", "status")
        attrs = ATTRS
        row_attrs = {"class": lambda record: "table-danger" if record.is_overdue() else ""}
        empty_text = gettext_lazy("No enquiries match the filters.")

    def render_unit(self, record: Enquiry) -> str:
        return record.unit_label()

    def value_unit(self, record: Enquiry) -> str:
        return record.unit_label()

    def render_due_at(self, record: Enquiry, value: Any) -> str:
        text = timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
        if record.is_overdue():
            return format_html('<span class="text-danger fw-semibold"><i class="bi bi-alarm me-1"></i>{}</span>', text)
        return text

    def render_response(self, record: Enquiry) -> Any:
        return record.response_hours

    def value_response(self, record: Enquiry) -> Any:
        return record.response_hours

    def render_status(self, record: Enquiry) -> str:
        return status_badge(record)

    def value_status(self, record: Enquiry) -> str:
        return str(record.get_status_display())


class EnquiryListView(ScopedListView):
    queryset = Enquiry.objects.with_list_related()
    filterset_class = EnquiryFilterSet
    table_class = EnquiryTable
    title = gettext_lazy("Enquiries")  # type: ignore[assignment]
    export_name = "enquiries"

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs.pop("request", None)
        kwargs["institution"] = institution_for(self.request.user)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = None
        context["list_actions"] = [
            {"url": reverse("servicedesk:enquiry_figures"), "icon": "bar-chart", "label": _("Monthly figures")},
            {"url": reverse("servicedesk:enquiry_public"), "icon": "box-arrow-up-right", "label": _("Public form")},
        ]
        return context


# ---- Staff: one enquiry and its actions ------------------------------------------------------------------------
class EnquiryDetailView(ScopedDetailView):
    queryset = Enquiry.objects.select_related("topic", "faculty", "taken_by", "answered_by", "institution")
    template_name = "servicedesk/enquiries/detail.html"

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(_("Enquiries"), reverse("servicedesk:enquiry_list"))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        enquiry: Enquiry = self.object
        can_act = enquiry.is_open and context["can_change"]
        context["can_act"] = can_act
        context["title"] = _("Enquiry {number}").format(number=enquiry.number)
        if can_act:
            context["answer_form"] = AnswerForm()
            choices = services.unit_choices(enquiry.institution_id)
            context["forward_form"] = ForwardForm(choices=choices)
        context["overdue"] = enquiry.is_overdue()
        context["elapsed_hours"] = None
        if enquiry.is_open:
            from mansap.servicedesk.services.calendar import working_time_between

            spent = working_time_between(enquiry.received_at, timezone.now(), institution=enquiry.institution_id)
            context["elapsed_hours"] = round(spent.total_seconds() / 3600, 2)
        return context


class EnquiryTakeView(ScopedActionView):
    queryset = Enquiry.objects.all()

    def act(self, obj: Enquiry) -> Enquiry:
        return services.take_enquiry(obj, acting_user=self.request.user)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("You have taken enquiry {number}.").format(number=obj.number)


class EnquiryAnswerView(ScopedServiceFormView):
    queryset = Enquiry.objects.all()
    form_class = AnswerForm
    title = gettext_lazy("Answer")  # type: ignore[assignment]

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(_("Enquiries"), reverse("servicedesk:enquiry_list"))]

    def perform(self, obj: Enquiry, form: Any) -> Enquiry:
        return services.answer_enquiry(obj, acting_user=self.request.user, answer=form.cleaned_data["answer"])

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("The answer to {number} has been sent to {email}.").format(number=obj.number, email=obj.email)


class EnquiryForwardView(ScopedServiceFormView):
    queryset = Enquiry.objects.all()
    form_class = ForwardForm
    title = gettext_lazy("Forward")  # type: ignore[assignment]

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(_("Enquiries"), reverse("servicedesk:enquiry_list"))]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(obj)
        kwargs["choices"] = services.unit_choices(obj.institution_id)
        return kwargs

    def perform(self, obj: Enquiry, form: Any) -> Enquiry:
        return services.forward_enquiry(obj, acting_user=self.request.user, unit=form.cleaned_data["unit"])

    def get_success_message(self, obj: Any, result: Enquiry) -> str:
        return _("Enquiry {number} has been forwarded to: {unit}.").format(number=obj.number, unit=result.unit_label())

    def get_success_url(self, obj: Any, result: Any) -> str:
        # The enquiry may now be out of the user's scope: back to the list.
        return reverse("servicedesk:enquiry_list")


# ---- Staff: the monthly figures --------------------------------------------------------------------------------
class EnquiryFiguresView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        year = parse_int(request.GET.get("year")) or timezone.localdate().year
        year = min(max(year, 2000), 2100)
        enquiries = Enquiry.objects.for_user(request.user, VIEW)
        figures = reports.monthly(enquiries, year)
        if request.GET.get("export") == "xlsx":
            header = [_("Month"), _("Received"), _("Answered"), _("Median response, working hours"),
                      _("Answered within the target"), _("Share within the target")]  # fmt: skip
            rows = [
                [month_label(f.month), f.received, f.answered, f.median_hours, f.within, f.share_within]
                for f in figures
            ]
            return xlsx_response(sheets_to_xlsx([(_("Enquiries"), header, rows)]), f"enquiries-{year}")
        context = {
            "title": _("Enquiries: monthly figures {year}").format(year=year),
            "breadcrumbs": [(_("Enquiries"), reverse("servicedesk:enquiry_list")), (_("Monthly figures"), None)],
            "figures": [(month_label(f.month), f) for f in figures],
            "year": year,
        }
        return render(request, "servicedesk/enquiries/figures.html", context)


def month_label(number: int) -> str:
    from django.utils.dates import MONTHS

    return str(MONTHS[number]) if number else _("Year")


# ---- Staff: the topics -----------------------------------------------------------------------------------------
class TopicTable(tables.Table):
    name = tables.Column(verbose_name=gettext_lazy("Topic"), linkify=lambda record: record.get_edit_url(),
                         order_by=("name_ru",))  # fmt: skip
    role = tables.Column(verbose_name=gettext_lazy("Responsible unit"))
    faculty = tables.Column(verbose_name=gettext_lazy("Faculty"))
    target_hours = tables.Column(verbose_name=gettext_lazy("Target, working hours"))
    active = tables.BooleanColumn(verbose_name=gettext_lazy("On the form"))

    class Meta:
        model = EnquiryTopic
        fields = ("name", "role", "faculty", "target_hours", "active")
        attrs = ATTRS

    def render_target_hours(self, value: Any) -> str:
        return floatformat(value, -2)


class EnquiryTopicListView(ScopedListView):
    queryset = EnquiryTopic.objects.select_related("faculty")
    filterset_class = EnquiryTopicFilterSet
    table_class = TopicTable
    title = gettext_lazy("Enquiry topics")  # type: ignore[assignment]
    export_name = "enquiry-topics"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = (
            reverse("servicedesk:enquirytopic_add") if is_service_desk_staff(self.request.user) else None
        )
        return context


class EnquiryTopicEditView(ScopedEditView):
    queryset = EnquiryTopic.objects.all()
    form_class = EnquiryTopicForm

    def get_object(self, queryset: Any = None) -> Any:
        if not is_service_desk_staff(self.request.user):
            if self.kwargs.get("pk") is not None:
                super().get_object(queryset)  # 404 outside the scope first
            raise PermissionDenied
        obj = super().get_object(queryset)
        if obj.pk is None:
            obj.institution = institution_for(self.request.user, or_raise=PermissionDenied)
        return obj

    def get_success_url(self) -> str:
        return reverse("servicedesk:enquirytopic_list")

    def save(self, form: Any) -> EnquiryTopic:
        topic = form.save(commit=False)
        services.save_topic(topic, acting_user=self.request.user)
        return topic
