"""The registrar's annual report (R-130): the list of the years' reports with the form that generates a draft, the
report's page (figures, the texts edited per section, regenerate, issue) and its DOCX/PDF in kk/ru/en.

The Student Service Center alone (core.access.CONTINGENT_EDITORS): everyone else gets 404, as for an object outside
their scope. Every change goes through services.annual."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from mansap.common.forms import BootstrapForm
from mansap.common.views import StaffRequiredMixin
from mansap.core.access import VIEW, get_for_user_or_404, institution_for, is_contingent_editor
from mansap.practice.reports.documents import file_response
from mansap.studentbody.models import AnnualReport
from mansap.studentbody.models.annual import ReportLanguage, SectionCode
from mansap.studentbody.reports import annual as documents
from mansap.studentbody.reports.documents import FORMATS
from mansap.studentbody.services import annual as services
from mansap.studentbody.views.documents import document_language


def _require_registrar(request: HttpRequest) -> None:
    if not is_contingent_editor(request.user):
        raise Http404


class RegistrarOnlyMixin(StaffRequiredMixin):
    """The SSC alone: anyone else signed in gets 404 (students included), as for an object outside their scope."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            _require_registrar(request)
        return super().dispatch(request, *args, **kwargs)


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


class GenerateForm(BootstrapForm):
    start_year = forms.TypedChoiceField(label=gettext_lazy("Academic year"), coerce=int)
    language = forms.ChoiceField(label=gettext_lazy("Language of the report"), choices=ReportLanguage.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        current = today.year if today.month >= 9 else today.year - 1
        years = range(current, services.FIRST_YEAR - 1, -1)
        field = self.fields["start_year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, f"{y}-{y + 1}") for y in years]
        self.fields["start_year"].initial = current - 1 if today.month >= 9 else current
        self.fields["language"].initial = (translation.get_language() or "kk")[:2]


class AnnualReportListView(RegistrarOnlyMixin, TemplateView):
    template_name = "studentbody/annual/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        title = _("The registrar's annual report")
        context.update(
            title=title, form=kwargs.get("form") or GenerateForm(),
            reports=AnnualReport.objects.for_user(self.request.user, VIEW).order_by("-start_year"),
            breadcrumbs=[(title, None)],
        )  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = GenerateForm(request.POST)
        if form.is_valid():
            institution = institution_for(request.user)
            if institution is None:
                raise Http404
            try:
                report = services.generate(
                    institution, form.cleaned_data["start_year"], acting_user=request.user,
                    language=form.cleaned_data["language"],
                )  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(
                    request, _("The draft of {report} is generated from the year's data.").format(report=report)
                )
                return HttpResponseRedirect(report.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SectionsForm(BootstrapForm):
    language = forms.ChoiceField(label=gettext_lazy("Language of the report"), choices=ReportLanguage.choices)

    def __init__(self, *args: Any, report: AnnualReport, sections: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = report.language
        for section in sections:
            self.fields[section.code] = forms.CharField(
                label=gettext_lazy("Text of the section"), required=False, initial=section.text,
                widget=forms.Textarea(attrs={"rows": 4}), max_length=20000,
            )  # fmt: skip
        from mansap.common.forms import style_fields

        style_fields(self)


class AnnualReportView(RegistrarOnlyMixin, TemplateView):
    template_name = "studentbody/annual/detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and is_contingent_editor(request.user):
            self.report: AnnualReport = get_for_user_or_404(AnnualReport, request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def sections(self) -> list[Any]:
        return list(self.report.sections.order_by("position", "pk"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report, sections = self.report, self.sections()
        form = kwargs.get("form") or SectionsForm(report=report, sections=sections)
        tables = documents.section_tables(report)
        first_day, last_day = services.year_bounds(report.start_year)
        context.update(
            title=str(report), object=report, form=form, tables=tables, first_day=first_day, last_day=last_day,
            parts=[(s, form[s.code] if s.code in form.fields else None, tables.get(s.code)) for s in sections],
            breadcrumbs=[(_("The registrar's annual report"), "studentbody:annual_reports"), (str(report), None)],
        )  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report, sections = self.report, self.sections()
        form = SectionsForm(request.POST, report=report, sections=sections)
        if form.is_valid():
            texts = {code: form.cleaned_data[code] for code in SectionCode.values if code in form.cleaned_data}
            try:
                services.save_texts(report, texts, acting_user=request.user, language=form.cleaned_data["language"])
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                messages.success(request, _("The texts of the report are saved."))
            return HttpResponseRedirect(report.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class _ReportAction(RegistrarOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report: AnnualReport = get_for_user_or_404(AnnualReport, request.user, kwargs["pk"])
        try:
            self.act(report)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return HttpResponseRedirect(report.get_absolute_url())

    def act(self, report: AnnualReport) -> None:
        raise NotImplementedError


class AnnualReportRegenerateView(_ReportAction):
    def act(self, report: AnnualReport) -> None:
        services.generate(report.institution, report.start_year, acting_user=self.request.user)
        messages.success(self.request, _("The figures are regenerated; the texts you edited are kept."))


class AnnualReportIssueView(_ReportAction):
    def act(self, report: AnnualReport) -> None:
        services.issue(report, acting_user=self.request.user)
        messages.success(self.request, _("The report is issued: it can no longer be changed."))


class AnnualReportDocumentView(RegistrarOnlyMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if kwargs["fmt"] not in FORMATS:
            raise Http404
        report: AnnualReport = get_for_user_or_404(
            AnnualReport.objects.select_related("institution"),  # type: ignore[arg-type]
            request.user,
            kwargs["pk"],
        )
        sections = list(report.sections.order_by("position", "pk"))
        with translation.override(document_language(request)):
            return file_response(documents.annual_document(report, sections), kwargs["fmt"])
