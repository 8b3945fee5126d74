"""Official extracts (#20): the list, upload → column mapping with a preview → check → confirm, an extract's rows,
its file and its deletion; a graduate's consent to official checks. The Career Center uploads; the
institution-wide offices read; departments and deans reach none of these pages (404), except the consent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from mansap.common.files import ScopedFileView
from mansap.common.importing import UnreadableFile
from mansap.common.typing import AuthedRequest
from mansap.common.views import StaffRequiredMixin
from mansap.core.access import CHANGE, VIEW, get_for_user_or_404, institution_for, user_can_change
from mansap.core.choices import ImportStatus
from mansap.core.models import Student
from mansap.core.services import imports as core_imports
from mansap.graduates.choices import ExtractKind
from mansap.graduates.forms.extracts import ConsentForm, ExtractUploadForm, MappingForm
from mansap.graduates.models import (
    ExtractUpload,
    OfficialContract,
    OfficialContribution,
    OfficialExtract,
)
from mansap.graduates.services import extracts as services

ROWS_PER_PAGE = 50


def list_title() -> str:
    return _("Official extracts")


def list_crumb() -> tuple[str, str]:
    return (list_title(), reverse("graduates:extract_list"))


def _get(source: Any, user: Any, pk: Any, action: str = VIEW) -> Any:
    """get_for_user_or_404 on a scoped queryset of this app (its custom queryset types are not the stubs')."""
    return get_for_user_or_404(source, user, pk, action)


class ExtractListView(StaffRequiredMixin, TemplateView):
    template_name = "graduates/extracts/list.html"
    request: AuthedRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        queryset = OfficialExtract.objects.for_user(user, VIEW)
        kind = self.request.GET.get("kind", "")
        if kind in ExtractKind.values:
            queryset = queryset.filter(kind=kind)
        queryset = services.with_counts(queryset.select_related("uploaded_by").prefetch_related("cohorts"))
        page = Paginator(queryset.order_by("-created_at", "-pk"), ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        waiting = (
            ExtractUpload.objects.for_user(user, CHANGE)
            .filter(extract__isnull=True)
            .exclude(job__status__in=[ImportStatus.DONE, ImportStatus.FAILED])
            .select_related("job")[:10]
        )
        # An upload left unmapped or unconfirmed too long expires here (services.expire), as core's jobs are reaped.
        pending = [upload for upload in waiting if not services.expire(upload)]
        if not _sees_extracts(user):
            raise Http404  # a department or a dean: the institution's extracts are not theirs to see
        context.update(
            title=list_title(),
            breadcrumbs=[(list_title(), None)],
            page=page,
            extracts=page.object_list,
            kinds=ExtractKind.choices,
            kind=kind,
            pending=pending,
            can_upload=services.may_upload(user),
        )
        return context


def _sees_extracts(user: Any) -> bool:
    """Whether the user reaches the institution's extracts at all (institution-wide offices); a department no."""
    from mansap.core.access import INSTITUTION_WIDE_ROLES, memberships_for

    return bool(user.is_superuser or any(m.role in INSTITUTION_WIDE_ROLES for m in memberships_for(user, VIEW)))


class CareerCenterMixin(StaffRequiredMixin):
    """Pages that write extracts: the Career Center (and superusers); others 403, as KindImportView does."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not services.may_upload(request.user):
            if not _sees_extracts(request.user):
                raise Http404
            raise PermissionDenied(str(services.REFUSAL))
        return super().dispatch(request, *args, **kwargs)


class ExtractUploadView(CareerCenterMixin, View):
    request: AuthedRequest
    template_name = "graduates/extracts/upload.html"

    def form(self, data: Any = None, files: Any = None) -> ExtractUploadForm:
        institution = institution_for(self.request.user, CHANGE, or_raise=PermissionDenied)
        years = Student.objects.filter(institution=institution).cohort_years()
        return ExtractUploadForm(data, files, institution=institution, years=years)

    def render_form(self, form: ExtractUploadForm, status: int = 200) -> HttpResponse:
        title = _("Upload an official extract")
        context = {"form": form, "title": title, "breadcrumbs": [list_crumb(), (title, None)]}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            institution = institution_for(self.request.user, CHANGE, or_raise=PermissionDenied)
            try:
                upload = services.start_upload(
                    data["file"],
                    institution=institution,
                    acting_user=self.request.user,
                    kind=data["kind"],
                    source=data["source"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    consent_basis=data["consent_basis"],
                    cohorts=data["cohorts"],
                    profile=data["profile"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("graduates:extract_mapping", upload.pk)
        return self.render_form(form, status=400)


class ExtractMappingView(CareerCenterMixin, View):
    """The file's columns against the extract's fields: the guess (or the profile), corrected by the user, with
    the first rows under it; "Check" keeps the mapping (and the profile, when named) and queues the check."""

    request: AuthedRequest

    template_name = "graduates/extracts/mapping.html"

    def upload(self) -> ExtractUpload:
        queryset = ExtractUpload.objects.select_related("job", "profile")
        return _get(queryset, self.request.user, self.kwargs["pk"], CHANGE)

    def read(self, upload: ExtractUpload) -> tuple[list[str], list[list[Any]]]:
        with upload.job.file.open("rb") as handle:
            return services.read_header(handle, upload.job.original_name)

    def render_page(self, upload: ExtractUpload, form: MappingForm | None, header: list[str], rows: Any,
                    mapping: dict[str, str], *, error: str = "", status: int = 200) -> HttpResponse:  # fmt: skip
        title = _("Map the columns of {name}").format(name=upload.job.original_name)
        columns = services.columns_for(upload.kind)
        context = {
            "title": title,
            "breadcrumbs": [list_crumb(), (upload.job.original_name, None)],
            "upload": upload,
            "form": form,
            "fields": [(c, form[f"map_{c.name}"]) for c in columns] if form is not None else [],
            "columns": columns,
            "preview": services.preview(header, rows, mapping, upload.kind) if header else [],
            "messages_by_code": services.MESSAGES,
            "error": error,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        upload = self.upload()
        if upload.mapped or services.expire(upload) or upload.job.status != ImportStatus.PENDING:
            return redirect("graduates:extract_upload", upload.pk)
        try:
            header, rows = self.read(upload)
        except UnreadableFile as exc:
            return self.render_page(upload, None, [], [], {}, error=exc.message, status=400)
        if upload.mapping:
            mapping = dict(upload.mapping)
        elif upload.profile is not None:
            mapping = dict(upload.profile.mapping)
        else:
            mapping = services.guess_mapping(header, upload.kind)
        form = MappingForm(kind=upload.kind, header=header, initial_mapping=mapping)
        return self.render_page(upload, form, header, rows, mapping)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        upload = self.upload()
        if upload.mapped:
            return redirect("graduates:extract_upload", upload.pk)
        try:
            header, rows = self.read(upload)
        except UnreadableFile as exc:
            return self.render_page(upload, None, [], [], {}, error=exc.message, status=400)
        form = MappingForm(request.POST, kind=upload.kind, header=header, initial_mapping={})
        valid = form.is_valid()
        mapping = form.mapping()
        if valid and request.POST.get("action") == "check":
            try:
                services.set_mapping(
                    upload, mapping, acting_user=self.request.user, profile_name=form.cleaned_data["profile_name"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("graduates:extract_upload", upload.pk)
        return self.render_page(upload, form, header, rows, mapping, status=200 if valid else 400)


class ExtractUploadDetailView(CareerCenterMixin, TemplateView):
    """The check's result (as the import jobs show it), the confirmation, then a link to the extract."""

    request: AuthedRequest

    template_name = "graduates/extracts/upload_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        upload = _get(
            ExtractUpload.objects.select_related("job", "profile", "extract"), self.request.user, self.kwargs["pk"]
        )
        job = upload.job
        core_imports.reap(job)
        services.expire(upload)
        report = core_imports.report_for_display(job.report, job.kind)
        context.update(
            title=job.original_name,
            breadcrumbs=[list_crumb(), (job.original_name, None)],
            upload=upload,
            job=job,
            report=report,
            progress=core_imports.live_progress(job),
            can_confirm=job.status == ImportStatus.VALID and user_can_change(self.request.user, upload),
            already=any(w.get("code") == "already_imported" for w in report["warnings"]),
        )
        return context


class ExtractConfirmView(CareerCenterMixin, View):
    request: AuthedRequest
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        upload = _get(ExtractUpload.objects.select_related("job"), request.user, kwargs["pk"], CHANGE)
        try:
            core_imports.confirm_import(upload.job, acting_user=self.request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("graduates:extract_upload", upload.pk)


class ExtractDetailView(StaffRequiredMixin, TemplateView):
    template_name = "graduates/extracts/detail.html"
    request: AuthedRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        queryset = OfficialExtract.objects.select_related("uploaded_by", "profile").prefetch_related("cohorts")
        extract = _get(services.with_counts(queryset), self.request.user, self.kwargs["pk"])
        model = OfficialContract if extract.kind == ExtractKind.CONTRACTS else OfficialContribution
        rows = model.objects.filter(extract=extract).select_related("graduate").order_by("row_number")
        only = self.request.GET.get("only", "")
        if only == "unknown":
            rows = rows.filter(graduate__isnull=True)
        page = Paginator(rows, ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        upload = ExtractUpload.objects.filter(extract=extract).select_related("job").first()
        title = str(extract)
        context.update(
            title=title,
            breadcrumbs=[list_crumb(), (extract.original_name, None)],
            extract=extract,
            page=page,
            rows=page.object_list,
            only=only,
            contracts=extract.kind == ExtractKind.CONTRACTS,
            upload=upload,
            can_delete=user_can_change(self.request.user, extract),
        )
        return context


class ExtractDeleteView(CareerCenterMixin, View):
    request: AuthedRequest
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        extract = _get(OfficialExtract, request.user, kwargs["pk"], CHANGE)
        name = extract.original_name
        services.delete_extract(extract, acting_user=self.request.user)
        messages.success(request, _("The extract {name} and its rows were deleted.").format(name=name))
        return redirect("graduates:extract_list")


class ExtractFileView(ScopedFileView):
    """The extract's file as uploaded, for those who may see the extract (never a public media URL)."""

    queryset = OfficialExtract.objects.all()
    file_field = "file"
    attachment = True

    def get_filename(self, obj: Any) -> str | None:
        return obj.original_name or None


class ConsentView(StaffRequiredMixin, View):
    """Record a graduate's consent to official checks (given / refused): whoever records their employment."""

    http_method_names = ["post"]
    request: AuthedRequest

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        graduate = _get(Student.objects.graduates(), request.user, kwargs["pk"])
        form = ConsentForm(request.POST)
        url = reverse("graduates:graduate_detail", args=[graduate.pk])
        if not form.is_valid():
            messages.error(request, _("Choose given or refused."))
            return HttpResponseRedirect(url)
        services.record_consent(
            graduate, status=form.cleaned_data["status"], note=form.cleaned_data["note"], acting_user=self.request.user
        )
        messages.success(request, _("The consent to official checks is recorded."))
        return HttpResponseRedirect(url + "#official-consent")


__all__ = [
    "ConsentView",
    "ExtractConfirmView",
    "ExtractDeleteView",
    "ExtractDetailView",
    "ExtractFileView",
    "ExtractListView",
    "ExtractMappingView",
    "ExtractUploadDetailView",
    "ExtractUploadView",
]
