"""Import pages: upload → background check → preview → confirm → background import.

The pipeline itself lives in mansap.core.imports (rules) and mansap.core.tasks (jobs);
these views only create jobs, show their progress and hand out reports.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView

from mansap.common.exports import xlsx_response
from mansap.common.typing import AuthedRequest
from mansap.common.views import ScopedActionView, ScopedListView, ScopedMixin, StaffRequiredMixin
from mansap.core import filtersets, tables
from mansap.core.access import VIEW, can_create, institution_for, scoped, user_can_change
from mansap.core.choices import ImportStatus
from mansap.core.forms import ImportUploadForm
from mansap.core.models import ImportJob
from mansap.core.services import imports
from mansap.core.services import imports as services


class ImportJobListView(ScopedListView):
    queryset = ImportJob.objects.select_related("created_by")
    filterset_class = filtersets.ImportJobFilterSet
    table_class = tables.ImportJobTable
    title = None

    def get_queryset(self) -> Any:
        # A kind with its own pages (an official extract's upload) is listed there, in its own words.
        return super().get_queryset().exclude(kind__in=services.kinds_with_own_pages())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Imports of students and graduates")
        context["breadcrumbs"] = [(context["title"], None)]
        if can_create(self.request.user, "department"):
            context["add_url"] = reverse("core:import_add")
            context["add_label"] = _("Import a file")
        return context


class ImportUploadView(StaffRequiredMixin, FormView):
    """Upload a file: a new job, not a change of one scoped object (who may import is can_create)."""

    form_class = ImportUploadForm
    template_name = "core/import_upload.html"
    request: AuthedRequest  # behind StaffRequiredMixin's login check

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not can_create(request.user, "department"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        # The import goes to the institution of the user's first membership (a superuser's: the default one).
        institution = institution_for(self.request.user, or_raise=PermissionDenied)
        job = services.start_import(upload, institution=institution, acting_user=self.request.user)
        return HttpResponseRedirect(job.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["columns"] = imports.column_help()
        context["breadcrumbs"] = [
            (_("Imports of students and graduates"), reverse("core:import_list")),
            (_("New"), None),
        ]
        return context


class KindImportView(StaffRequiredMixin, FormView):
    """The upload page of an app's import kind (core.services.imports.IMPORT_KINDS: grades, orders...): a job of
    that kind, checked in the background and confirmed on core's job pages. A subclass names the kind, who may
    import (`may_import`), the columns (`column_help`), its title and the list it belongs to."""

    form_class = ImportUploadForm
    kind: str
    title: Any = ""
    list_url_name = ""
    list_title: Any = ""
    request: AuthedRequest

    def may_import(self, user: Any) -> bool:
        raise NotImplementedError

    def column_help(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not self.may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        institution = institution_for(self.request.user, or_raise=PermissionDenied)
        job = services.start_import(
            form.cleaned_data["file"], institution=institution, acting_user=self.request.user, kind=self.kind
        )
        return HttpResponseRedirect(job.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = str(self.title)
        context["columns"] = self.column_help()
        context["recent"] = (
            scoped(ImportJob).for_user(self.request.user, VIEW).filter(kind=self.kind).select_related("created_by")
        )[:10]
        context["breadcrumbs"] = [(str(self.list_title), reverse(self.list_url_name)), (context["title"], None)]
        return context


class ImportJobDetailView(ScopedMixin, DetailView):
    queryset = ImportJob.objects.select_related("created_by", "institution")
    template_name = "core/import_detail.html"

    def get_object(self, queryset: Any = None) -> ImportJob:
        job: ImportJob = super().get_object(queryset)
        services.reap(job)  # a job whose worker stopped is failed here, so the page stops waiting for it
        return job

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        page = services.own_page(self.object)
        if page is not None:  # a kind with its own pages (an official extract's upload): shown there
            response: HttpResponse = HttpResponseRedirect(page)
            if request.headers.get("HX-Request"):
                response = HttpResponse(headers={"HX-Redirect": page})
            return response
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job = self.object
        context["progress"] = services.live_progress(job)
        context["report"] = imports.report_for_display(job.report, job.kind)
        context["can_confirm"] = (
            job.status == ImportStatus.VALID
            and user_can_change(self.request.user, job)
            and services.may_import(job, self.request.user)
        )
        context["can_retry"] = services.can_retry(job) and user_can_change(self.request.user, job)
        kind = imports.IMPORT_KINDS.get(job.kind)
        if kind is not None and kind.title and kind.url_name:  # another app's import: back to its page
            back = (str(kind.title), reverse(kind.url_name))
        else:
            back = (_("Imports of students and graduates"), reverse("core:import_list"))
        context["breadcrumbs"] = [back, (job.original_name, None)]
        return context


class ImportJobStatusView(ImportJobDetailView):
    """The status card alone; htmx polls it every second while the job runs."""

    template_name = "core/_import_status.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if not self.object.is_running and request.headers.get("HX-Request"):
            # Finished: reload the whole page so the preview or the result shows.
            response["HX-Refresh"] = "true"
        return response


class ImportConfirmView(ScopedActionView):
    """Import a checked file (POST); a file not checked without errors stays as it is, with a message."""

    queryset = ImportJob.objects.all()
    request: AuthedRequest  # behind StaffRequiredMixin's login check

    def act(self, obj: ImportJob) -> None:
        services.confirm_import(obj, acting_user=self.request.user)


class ImportRetryView(ScopedActionView):
    """Check again a file whose background worker stopped (POST)."""

    queryset = ImportJob.objects.all()
    request: AuthedRequest  # behind StaffRequiredMixin's login check

    def act(self, obj: ImportJob) -> None:
        services.retry_import(obj, acting_user=self.request.user)


class ImportErrorReportView(ScopedMixin, DetailView):
    queryset = ImportJob.objects.all()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.get_object()
        name = _("errors") + " " + job.original_name.rsplit(".", 1)[0]
        return xlsx_response(imports.error_report_xlsx(job.report, job.kind), name)


class ImportTemplateView(StaffRequiredMixin, View):
    """The empty spreadsheet to fill in: the same for everyone, about no object."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_response(imports.template_xlsx(), _("graduates import template"))
