"""Import pages: upload → background check → preview → confirm → background import.

The pipeline itself lives in mansap.core.imports (rules) and mansap.core.tasks (jobs);
these views only create jobs, show their progress and hand out reports.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from mansap.common.exports import xlsx_response
from mansap.common.views import ScopedListView, ScopedMixin, StaffRequiredMixin
from mansap.core import filtersets, tables
from mansap.core.choices import ImportStatus
from mansap.core.forms import ImportUploadForm
from mansap.core.models import ImportJob, Institution
from mansap.core.querysets import CHANGE, VIEW, can_create, user_memberships
from mansap.core.services import imports
from mansap.core.services import imports as services


def institution_for(user: Any) -> Institution:
    """The institution a user's import goes to (their membership's; a superuser's default)."""
    found = user_memberships(user)
    if found:
        return found[0].institution
    institution = Institution.objects.filter(code=settings.MANSAP_DEFAULT_INSTITUTION_CODE).first()
    institution = institution or Institution.objects.order_by("pk").first()
    if institution is None:
        raise PermissionDenied
    return institution


class ImportJobListView(ScopedListView):
    queryset = ImportJob.objects.select_related("created_by")
    filterset_class = filtersets.ImportJobFilterSet
    table_class = tables.ImportJobTable
    title = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Imports of students and graduates")
        context["breadcrumbs"] = [(context["title"], None)]
        if can_create(self.request.user, "department"):
            context["add_url"] = reverse("core:import_add")
            context["add_label"] = _("Import a file")
        return context


class ImportUploadView(StaffRequiredMixin, FormView):
    form_class = ImportUploadForm
    template_name = "core/import_upload.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not can_create(request.user, "department"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        job = services.start_import(
            upload, institution=institution_for(self.request.user), acting_user=self.request.user
        )
        return HttpResponseRedirect(job.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["columns"] = imports.column_help()
        context["breadcrumbs"] = [
            (_("Imports of students and graduates"), reverse("core:import_list")),
            (_("New"), None),
        ]
        return context


class ImportJobDetailView(ScopedMixin, DetailView):
    queryset = ImportJob.objects.select_related("created_by", "institution")
    template_name = "core/import_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job = self.object
        context["report"] = imports.report_for_display(job.report)
        context["can_confirm"] = (
            job.status == ImportStatus.VALID
            and ImportJob.objects.for_user(self.request.user, CHANGE).filter(pk=job.pk).exists()
        )
        context["breadcrumbs"] = [
            (_("Imports of students and graduates"), reverse("core:import_list")),
            (job.original_name, None),
        ]
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


class ImportConfirmView(ScopedMixin, DetailView):
    queryset = ImportJob.objects.all()
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        visible = ImportJob.objects.for_user(request.user, VIEW)
        job = get_object_or_404(visible, pk=kwargs["pk"])
        if not ImportJob.objects.for_user(request.user, CHANGE).filter(pk=job.pk).exists():
            raise PermissionDenied
        if job.status != ImportStatus.VALID:
            messages.error(request, _("Only a checked file without errors can be imported."))
        else:
            services.confirm_import(job, acting_user=request.user)
        return HttpResponseRedirect(job.get_absolute_url())


class ImportErrorReportView(ScopedMixin, DetailView):
    queryset = ImportJob.objects.all()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.get_object()
        name = _("errors") + " " + job.original_name.rsplit(".", 1)[0]
        return xlsx_response(imports.error_report_xlsx(job.report), name)


class ImportTemplateView(StaffRequiredMixin, DetailView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_response(imports.template_xlsx(), _("graduates import template"))
