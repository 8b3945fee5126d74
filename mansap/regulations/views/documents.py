"""Pages of the register (issue #17): the list (filters, search, XLSX), a document (versions, approval,
agreements, files per language, lineage, reviews, the next review date), its forms and transitions, the
downloads and the register import; and the public register of public documents in force.

The quality department (core.access.is_regulation_editor) edits; every staff member reads (querysets). A file of
an internal-only document is served only to staff, through `VersionDownloadView`, and every such download is
logged (DownloadLog); anonymous visitors, students, graduates and employer contacts get 404 (or the login page).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from mansap.common.exports import sheets_to_xlsx, xlsx_response
from mansap.common.files import private_file_response
from mansap.common.views import (
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedMixin,
    ScopedServiceFormView,
    StaffRequiredMixin,
)
from mansap.core.access import VIEW, get_for_user_or_404, institution_for, is_regulation_editor, scoped
from mansap.core.views.imports import KindImportView
from mansap.regulations import filtersets, tables
from mansap.regulations.choices import LANGUAGES, LIVE, TRANSITIONS, Language
from mansap.regulations.forms import AgreementForm, DocumentForm, ReviewForm, TransitionForm, VersionForm
from mansap.regulations.models import (
    Acknowledgement,
    Agreement,
    Assignment,
    ChangeRecord,
    Document,
    DocumentTemplate,
    DocumentVersion,
    DownloadLog,
    Review,
    WorkingCopy,
)
from mansap.regulations.reports.sheets import FORMATS, KINDS, sheet_title
from mansap.regulations.services import documents as services
from mansap.regulations.services import downloads, familiarization, imports
from mansap.regulations.services.reviews import record_review
from mansap.regulations.services.templates import may_revise as may_revise_template


class RegisterCrumbs:
    """Every page of a document leads back to the register (not to a list of its versions or reviews)."""

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(_("Register of regulations"), reverse("regulations:document_list"))]


class DocumentListView(ScopedListView):
    queryset = Document.objects.with_list_related()
    filterset_class = filtersets.DocumentFilterSet
    table_class = tables.DocumentTable
    title = gettext_lazy("Register of regulations")  # type: ignore[assignment]
    export_name = "regulations"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        editor = is_regulation_editor(self.request.user)
        context["add_url"] = reverse("regulations:document_add") if editor else None
        context["add_label"] = _("Register a document") if editor else None
        return context


class DocumentEditView(RegisterCrumbs, ScopedEditView):
    queryset = Document.objects.all()
    form_class = DocumentForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        if not is_regulation_editor(self.request.user):
            if self.kwargs.get("pk") is not None:
                super().get_object(queryset)  # 404 outside the scope first
            raise PermissionDenied
        return super().get_object(queryset)

    def save(self, form: Any) -> Document:
        values = form.values()
        if form.instance.pk:
            return services.update_document(form.instance, acting_user=self.request.user, **values)
        institution = institution_for(self.request.user, or_raise=PermissionDenied)
        return services.create_document(institution=institution, acting_user=self.request.user, **values)


class DocumentDetailView(RegisterCrumbs, ScopedDetailView):
    queryset = Document.objects.with_list_related().select_related("replaces")
    fields = ["code", "type", "classification", "edms_number", "review_interval_years"]
    template_name = "regulations/document_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        document: Document = self.object
        user = self.request.user
        editor = is_regulation_editor(user) and context["can_change"]
        versions = list(
            DocumentVersion.objects.for_user(user, VIEW)
            .filter(document=document)
            .prefetch_related(Prefetch("agreements", queryset=Agreement.objects.order_by("pk")))
            .order_by("-major", "-minor")
        )
        for version in versions:
            version.files = [  # type: ignore[attr-defined]
                (code, Language(code).label, reverse("regulations:version_download", args=[version.pk, code]))
                for code in LANGUAGES
                if version.file_of(code)
            ]
            version.can_move = editor and bool(TRANSITIONS.get(version.status))  # type: ignore[attr-defined]
        today = timezone.localdate()
        live = next((v for v in versions if v.status in LIVE), None)
        assignments = list(Assignment.objects.filter(document=document).select_related("department"))
        reached = live is not None and live in familiarization.pending_versions(user)
        context.update(
            live=live,
            assignments=assignments,
            to_acknowledge=live if reached else None,
            acknowledged=live is not None and familiarization.has_acknowledged(user, live),
            acknowledgements=(
                Acknowledgement.objects.filter(version__document=document).select_related("user", "version")[:50]
                if editor else []
            ),
        )  # fmt: skip
        context.update(
            document=document,
            versions=versions,
            reviews=Review.objects.for_user(user, VIEW).filter(document=document).order_by("-reviewed_on", "-pk"),
            successors=Document.objects.for_user(user, VIEW).filter(replaces=document).order_by("code"),
            overdue=bool(document.next_review_on and document.next_review_on < today),
            template_editable=DocumentTemplate.objects.filter(document=document).exists()
            and may_revise_template(user, document),
            changes=ChangeRecord.objects.for_user(user, VIEW).filter(document=document).order_by("number"),
            copies=WorkingCopy.objects.for_user(user, VIEW).filter(document=document)
            .select_related("department", "withdrawn_by", "version").order_by("number"),
            sheets=[
                (kind, sheet_title(kind), [
                    (code, fmt, reverse("regulations:control_sheet", args=[document.pk, kind, code, fmt]))
                    for fmt in FORMATS for code in LANGUAGES
                ])
                for kind in KINDS
            ],
            editor=editor,
            downloads=(
                DownloadLog.objects.for_user(user, VIEW).filter(version__document=document)
                .select_related("user", "version")[:20]
                if editor else []
            ),
        )  # fmt: skip
        return context


class VersionAddView(RegisterCrumbs, ScopedServiceFormView):
    queryset = Document.objects.all()
    form_class = VersionForm
    title = gettext_lazy("New version")  # type: ignore[assignment]
    success_message = gettext_lazy("The version is drafted.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "user": self.request.user}

    def get_initial(self, obj: Document) -> dict[str, Any]:
        latest = obj.versions.order_by("-major", "-minor").first()
        return {"major": latest.major + 1 if latest else 1, "minor": 0}

    def perform(self, obj: Document, form: VersionForm) -> DocumentVersion:
        return services.add_version(obj, acting_user=self.request.user, **form.values())


class VersionEditView(RegisterCrumbs, ScopedServiceFormView):
    queryset = DocumentVersion.objects.select_related("document")
    form_class = VersionForm
    title = gettext_lazy("Edit version {object}")  # type: ignore[assignment]
    success_message = gettext_lazy("The version is saved.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "user": self.request.user, "instance": obj}

    def perform(self, obj: DocumentVersion, form: VersionForm) -> DocumentVersion:
        fresh = DocumentVersion.objects.get(pk=obj.pk)  # the form wrote into obj: the service compares with stored
        return services.update_version(fresh, acting_user=self.request.user, **form.values())


class VersionTransitionView(RegisterCrumbs, ScopedServiceFormView):
    queryset = DocumentVersion.objects.select_related("document")
    form_class = TransitionForm
    title = gettext_lazy("Change the status of {object}")  # type: ignore[assignment]
    success_message = gettext_lazy("The status is changed.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "version": obj}

    def perform(self, obj: DocumentVersion, form: TransitionForm) -> DocumentVersion:
        return services.transition(
            obj, form.cleaned_data["target"], acting_user=self.request.user, on=form.cleaned_data["on"]
        )


class AgreementAddView(RegisterCrumbs, ScopedServiceFormView):
    queryset = DocumentVersion.objects.select_related("document")
    form_class = AgreementForm
    title = gettext_lazy("Agreement of {object}")  # type: ignore[assignment]
    success_message = gettext_lazy("The agreement is recorded.")  # type: ignore[assignment]

    def perform(self, obj: DocumentVersion, form: AgreementForm) -> Agreement:
        return services.add_agreement(obj, acting_user=self.request.user, **form.cleaned_data)


class ReviewAddView(RegisterCrumbs, ScopedServiceFormView):
    queryset = Document.objects.all()
    form_class = ReviewForm
    title = gettext_lazy("Record a review")  # type: ignore[assignment]
    success_message = gettext_lazy("The review is recorded.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "user": self.request.user}

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {"reviewed_on": timezone.localdate(), "reviewer": getattr(self.request.user, "display_name", "")}

    def perform(self, obj: Document, form: ReviewForm) -> Review:
        return record_review(obj, acting_user=self.request.user, **form.cleaned_data)


def _language(kwargs: dict[str, Any]) -> str:
    language = kwargs["language"]
    if language not in LANGUAGES:
        raise Http404
    return str(language)


class VersionDownloadView(ScopedMixin, View):
    """A version's file in one language, for staff who may see the version (anyone else: 404 or the login page).
    A download of an internal-only document is logged."""

    queryset = DocumentVersion.objects.select_related("document")
    staff_only = False  # students, graduates and employer contacts reach no version: 404, as for a missing file
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        version: DocumentVersion = get_for_user_or_404(scoped(DocumentVersion), request.user, kwargs["pk"])
        return downloads.download(version, _language(kwargs), acting_user=request.user)


class DocumentImportView(KindImportView):
    """Upload an existing register: an import job, checked in the background, then confirmed."""

    template_name = "regulations/document_import.html"
    kind = imports.KIND
    title = gettext_lazy("Import documents")
    list_url_name = "regulations:document_list"
    list_title = gettext_lazy("Register of regulations")

    def may_import(self, user: Any) -> bool:
        return is_regulation_editor(user)

    def column_help(self) -> list[dict[str, Any]]:
        return imports.column_help()


class DocumentImportTemplateView(StaffRequiredMixin, View):
    """The empty spreadsheet to fill in (the columns of the import)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = [c.name for c in imports.columns()]
        example = ["ПСП 11-02.112-2022", "unit_regulation", "Білім алушыларға қызмет көрсету орталығы туралы ереже",
                   "Положение о центре обслуживания обучающихся", "Regulation on the Student Service Center",
                   "Центр обслуживания обучающихся", "4.0", "29.02.2024", "29.02.2024", "", 3, "internal",
                   "ПСП 11-02.112.-2023"]  # fmt: skip
        workbook = sheets_to_xlsx([(_("Documents"), header, []), (_("Example (not imported)"), header, [example])])
        return xlsx_response(workbook, _("documents import template"))


# ---- The public register: public documents in force, for everyone -------------------------------------------
class PublicRegisterView(ListView):
    template_name = "regulations/public_register.html"
    paginate_by = 25

    def get_queryset(self) -> QuerySet[Any]:
        self.filterset = filtersets.PublicDocumentFilterSet(
            self.request.GET or None, queryset=Document.objects.public().order_by("code")
        )
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else (
            Document.objects.public().order_by("code") if not self.filterset.is_bound else Document.objects.none()
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        documents = list(context["object_list"])
        versions = {
            v.document_id: v
            for v in DocumentVersion.objects.public().filter(document__in=documents).order_by("-major", "-minor")
        }
        context["rows"] = [(d, versions.get(d.pk)) for d in documents]
        context["filter"] = self.filterset
        context["languages"] = [(code, Language(code).label) for code in LANGUAGES]
        return context


class PublicDownloadView(View):
    """A public document's version in force, in one language, for anyone; nothing else is found here."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        language = _language(kwargs)
        version = get_object_or_404(DocumentVersion.objects.public().select_related("document"), pk=kwargs["pk"])
        field_file = version.file_of(language)
        if not field_file:
            raise Http404
        return private_file_response(field_file, filename=downloads.file_name(version, language, field_file.name))
