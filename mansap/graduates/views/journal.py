"""The department's electronic journal: the list of graduates and recording a status in place."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from mansap.common.params import parse_year
from mansap.common.views import ScopedListView, ScopedServiceFormView, StaffRequiredMixin, is_htmx, safe_next
from mansap.core.access import can_record_employment
from mansap.core.models import Student
from mansap.graduates import filtersets, tables
from mansap.graduates.forms import records as forms
from mansap.graduates.models import CollectionRound, EmploymentRecord, SelfReport
from mansap.graduates.reports.journal import current_round, graduate_cohorts, journal_rows
from mansap.graduates.services import records as services

JOURNAL_TITLE = gettext_lazy("Electronic journal")

# The record's fields behind the journal row's one employer box.
EMPLOYER_FIELDS = ("organization", "employer_name", "employer_bin")


# The student fields behind the journal export's columns (name, IIN, program); the rest are annotations.
JOURNAL_EXPORT_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "iin",
    "program__code",
    "program__name_kk",
    "program__name_ru",
    "program__name_en",
    "program__department_id",
)


def open_round_for(graduate: Student) -> CollectionRound | None:
    """The round a record entered today belongs to: an open round of the graduate's cohort running today."""
    cohort = graduate.cohort
    if cohort is None:  # not a graduate: no round is theirs
        return None
    today = timezone.localdate()
    return (
        CollectionRound.objects.filter(
            institution_id=graduate.institution_id,
            cohort=cohort,
            closed_at__isnull=True,
            opens_on__lte=today,
            deadline__gte=today,
        )
        .order_by("deadline")
        .first()
    )


#
# The electronic journal
#
class JournalView(ScopedListView):
    """A cohort's graduates with their current status; each row records a new status in place (htmx)."""

    queryset = Student.objects.graduates()
    filterset_class = filtersets.JournalFilterSet
    table_class = tables.JournalTable
    template_name = "graduates/journal.html"
    export_exclude = ("record",)
    table_pagination = {"per_page": 50}

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self._cohorts: list[int] | None = None
        self._round: Any = ...
        self._rows: QuerySet[Student] | None = None

    @property
    def export_name(self) -> str:  # type: ignore[override]
        return _("Journal {cohort}").format(cohort=self.cohort() or "")

    def cohorts(self) -> list[int]:
        if self._cohorts is None:
            self._cohorts = graduate_cohorts(self.request.user)
        return self._cohorts

    def cohort(self) -> int | None:
        """The cohort asked for, else the most recent cohort with graduates in scope."""
        asked = parse_year(self.request.GET.get("cohort"))
        if asked is not None:
            return asked
        return self.cohorts()[0] if self.cohorts() else None

    def collection_round(self) -> CollectionRound | None:
        if self._round is ...:
            self._round = current_round(self.request.user, self.cohort())
        return self._round

    def get_queryset(self) -> QuerySet[Any]:
        if self._rows is None:
            self._rows = journal_rows(self.request.user, self.collection_round())
        rows = self._rows
        if self.request.GET.get("export") == "xlsx":
            # Only what the exported columns show: loading every student field of thousands of
            # rows was about a fifth of the export's time (bench/bench_journal.py).
            rows = rows.only(*JOURNAL_EXPORT_FIELDS).prefetch_related(None)  # no self-reports in the file
        return rows

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        cohort = self.cohort()
        if "cohort" not in data and cohort is not None:
            data["cohort"] = str(cohort)
        kwargs["data"] = data
        cohorts = self.cohorts()
        kwargs["cohorts"] = cohorts if cohort is None or cohort in cohorts else [*cohorts, cohort]
        kwargs["has_round"] = self.collection_round() is not None
        return kwargs

    def get_table_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "inline_form": forms.JournalStatusForm(user=self.request.user),
            "compact": True,
            "annotated": self.get_queryset(),  # a page's rows are looked up by id in the unfiltered rows
        }
        if not can_record_employment(self.request.user):
            kwargs["exclude"] = ("record",)  # who records no statuses (read-only, the registrar) gets no form column
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = JOURNAL_TITLE
        context["breadcrumbs"] = [(str(JOURNAL_TITLE), None)]
        context["add_url"] = None
        context["cohort"] = self.cohort()
        context["collection_round"] = self.collection_round()
        context["today"] = timezone.localdate()
        return context


def journal_url(graduate: Student) -> str:
    return reverse("graduates:journal") + f"?cohort={graduate.cohort}"


def render_journal_row(
    request: HttpRequest,
    graduate: Student,
    form: forms.JournalStatusForm,
    *,
    saved: bool,
    notice: str = "",
    error: str = "",
) -> HttpResponse:
    """The graduate's journal row again, as htmx swaps it in: the form with its errors, or saved."""
    collection_round = current_round(request.user, graduate.cohort)
    rows = journal_rows(request.user, collection_round).filter(pk=graduate.pk)
    html = tables.journal_rows_html(
        rows, request, inline_fields=tables.inline_fields_html(form), form=form, saved=saved, notice=notice, error=error
    )
    return HttpResponse(html)


class JournalRecordView(ScopedServiceFormView):
    """The journal row's inline form: records a status and answers with the re-rendered row (htmx).

    The graduate is fetched for change (another department's: 404; read-only: 403). Without JavaScript the
    form posts normally: back to the journal with a message, whether it was saved or not.
    """

    queryset = Student.objects.graduates()
    form_class = forms.JournalStatusForm
    http_method_names = ["post"]

    def get_form_kwargs(self, obj: Student) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "user": self.request.user}

    def perform(self, obj: Student, form: forms.JournalStatusForm) -> EmploymentRecord:
        try:
            return services.record_employment(
                obj, acting_user=self.request.user, collection_round=open_round_for(obj), **form.record_fields()
            )
        except ValidationError as exc:
            # The row has one employer box for the record's organization, name and BIN: its errors go there.
            if hasattr(exc, "error_dict"):
                errors = dict(exc.error_dict)
                moved = [e for name in EMPLOYER_FIELDS for e in errors.pop(name, [])]
                if moved:
                    errors["employer"] = moved
                raise ValidationError(errors) from exc
            raise

    def form_done(self, obj: Student, form: forms.JournalStatusForm, result: EmploymentRecord) -> HttpResponse:
        if is_htmx(self.request):
            return render_journal_row(self.request, obj, forms.JournalStatusForm(user=self.request.user), saved=True)
        messages.success(self.request, _("Recorded a new status for {name}.").format(name=obj.full_name))
        return HttpResponseRedirect(journal_url(obj))

    def form_invalid(self, obj: Student, form: forms.JournalStatusForm) -> HttpResponse:
        if is_htmx(self.request):
            return render_journal_row(self.request, obj, form, saved=False)  # 200: htmx swaps only successes
        messages.error(self.request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(journal_url(obj))


class EmployerOptionsView(StaffRequiredMixin, View):
    """The registered organizations matching what is typed in a journal row's employer box (htmx, <option>s).

    Only organizations the user may see (their institution's registry); at most EMPLOYER_OPTIONS_LIMIT.
    """

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        text = request.GET.get("employer", "").strip()
        found = forms.organizations_matching(request.user, text)[: forms.EMPLOYER_OPTIONS_LIMIT] if text else []
        return render(request, "graduates/employer_options.html", {"organizations": found})


class SelfReportReviewView(ScopedServiceFormView):
    """Confirm a graduate's pending self-report (it becomes a record of the department) or reject it (reason).

    The report is fetched for change: its scope is its graduate's. From the journal (htmx) the answer is the
    graduate's row again; otherwise a redirect to a safe `next`, else the graduate's page, with a message.
    """

    queryset = SelfReport.objects.select_related("graduate")
    form_class = forms.SelfReportReviewForm
    http_method_names = ["post"]
    decision = "confirm"

    def get_form_kwargs(self, obj: SelfReport) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "reject": self.decision == "reject"}

    def perform(self, obj: SelfReport, form: forms.SelfReportReviewForm) -> Any:
        if self.decision == "confirm":
            return services.confirm_self_report(obj, acting_user=self.request.user)
        return services.reject_self_report(obj, acting_user=self.request.user, reason=form.cleaned_data["reason"])

    def message(self, obj: SelfReport) -> str:
        text = (
            _("Confirmed the self-report of {name}.")
            if self.decision == "confirm"
            else _("Rejected the self-report of {name}.")
        )
        return text.format(name=obj.graduate.full_name)

    def back(self, obj: SelfReport) -> str:
        return safe_next(self.request, reverse("graduates:graduate_detail", args=[obj.graduate_id]))

    def form_done(self, obj: SelfReport, form: forms.SelfReportReviewForm, result: Any) -> HttpResponse:
        if is_htmx(self.request):
            row_form = forms.JournalStatusForm(user=self.request.user)
            return render_journal_row(self.request, obj.graduate, row_form, saved=True, notice=self.message(obj))
        messages.success(self.request, self.message(obj))
        return HttpResponseRedirect(self.back(obj))

    def form_invalid(self, obj: SelfReport, form: forms.SelfReportReviewForm) -> HttpResponse:
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        if is_htmx(self.request):
            row_form = forms.JournalStatusForm(user=self.request.user)
            return render_journal_row(self.request, obj.graduate, row_form, saved=False, error=errors)
        messages.error(self.request, errors)
        return HttpResponseRedirect(self.back(obj))
