"""Pages of personal files (R-101, R-102, R-104, R-122, R-127), the return of originals (R-103) and the archive.

The SSC (core.access.is_contingent_editor) keeps the files: ticks documents, records the location, gives
originals back, hands files to the archive and searches it. A dean and a department read the files of their
students (everyone else: 404); a student reads their own checklist (my-file/). A file in the archive is
read-only and names its transfer act.
"""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mansap.common.exports import pdf_response, sheets_to_xlsx, xlsx_response
from mansap.common.forms import errors_to_form
from mansap.common.views import ScopedListView, ScopedServiceFormView, StaffRequiredMixin
from mansap.core.access import VIEW, get_for_user_or_404, institution_for, is_contingent_editor, read_only_message
from mansap.core.choices import Funding, StudentStatus
from mansap.core.filtersets import SearchFilterSet, StudentFilterSet
from mansap.core.models import EducationalProgram, Student
from mansap.core.tables import ATTRS
from mansap.studentbody.forms.files import (
    ArchiveSearchForm,
    DocumentKindForm,
    FileItemForm,
    LocationForm,
    ReceivedForm,
    ReturnForm,
    SignatureForm,
    TransferActForm,
)
from mansap.studentbody.models import DocumentKind, FileItem, ReturnAct, TransferAct
from mansap.studentbody.services import files as services

FILES_TITLE = gettext_lazy("Personal files")
ARCHIVE_TITLE = gettext_lazy("Archive of personal files")


def request_language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "")
    return language if language in ("kk", "ru", "en") else (translation.get_language() or "kk")[:2]


def _require_editor(user: Any) -> None:
    if not is_contingent_editor(user):
        raise PermissionDenied(read_only_message())


def _file_url(student: Student) -> str:
    return reverse("studentbody:file_detail", args=[student.pk])


# ---- The list of files -----------------------------------------------------------------------------------------


class FileFilterSet(SearchFilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Name or IIN"), method="search")
    completeness = django_filters.ChoiceFilter(
        label=gettext_lazy("Completeness"), method="filter_completeness",
        choices=[("incomplete", gettext_lazy("incomplete")), ("complete", gettext_lazy("complete"))],
    )  # fmt: skip
    program = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Program"),
        queryset=lambda request: EducationalProgram.objects.with_people_for(request.user, VIEW),
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=StudentStatus.choices)
    funding = django_filters.ChoiceFilter(label=gettext_lazy("Funding"), choices=Funding.choices)
    archived = django_filters.BooleanFilter(
        label=gettext_lazy("In the archive"), field_name="personal_file__transfer_act", lookup_expr="isnull",
        exclude=True,
    )  # fmt: skip

    class Meta(SearchFilterSet.Meta):
        model = Student
        fields = ["q", "completeness", "program", "status", "funding", "archived"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return StudentFilterSet.search(StudentFilterSet(), queryset, name, value)

    def filter_completeness(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "incomplete":
            return queryset.filter(missing_kinds__gt=0)
        if value == "complete":
            return queryset.filter(missing_kinds__lte=0)
        return queryset


class FileTable(tables.Table):
    full_name = tables.Column(
        verbose_name=gettext_lazy("Student"), order_by=("last_name", "first_name"),
        linkify=lambda record: _file_url(record),
    )  # fmt: skip
    iin = tables.Column(verbose_name=gettext_lazy("IIN"))
    program = tables.Column(verbose_name=gettext_lazy("Program"), accessor="program__code")
    status = tables.Column(verbose_name=gettext_lazy("Status"))
    documents = tables.Column(
        verbose_name=gettext_lazy("Required documents"), accessor="received_kinds", order_by=("missing_kinds",),
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}},
    )  # fmt: skip
    location = tables.Column(verbose_name=gettext_lazy("Storage place"), accessor="pk", orderable=False)

    class Meta:
        model = Student
        fields = ("full_name", "iin", "program", "status", "documents", "location")
        attrs = ATTRS
        empty_text = gettext_lazy("No personal files match the filters.")

    def render_documents(self, record: Any) -> str:
        css = "success" if record.missing_kinds <= 0 else "warning"
        return format_html(
            '<span class="badge text-bg-{}">{} / {}</span>', css, record.received_kinds, record.required_kinds
        )

    def value_documents(self, record: Any) -> str:
        return f"{record.received_kinds} / {record.required_kinds}"

    def _location(self, record: Student) -> str:
        file = getattr(record, "personal_file", None)
        if file is None:
            return ""
        if file.transfer_act_id:
            return str(file.transfer_act)
        return file.location

    def render_location(self, record: Student) -> str:
        return self._location(record) or "—"

    def value_location(self, record: Student) -> str:
        return self._location(record)


class FileListView(ScopedListView):
    queryset = Student.objects.all()
    filterset_class = FileFilterSet
    table_class = FileTable
    title = FILES_TITLE  # type: ignore[assignment]
    export_name = "personal files"

    def get_queryset(self) -> QuerySet[Any]:
        students = super().get_queryset().select_related("program", "personal_file__transfer_act")
        return services.incomplete_annotations(students).order_by("last_name", "first_name", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = None
        return context


# ---- One file --------------------------------------------------------------------------------------------------


def file_context(student: Student, user: Any) -> dict[str, Any]:
    checklist = services.checklist(student)
    file = checklist.file
    editor = is_contingent_editor(user)
    archived = file is not None and file.archived
    return {
        "student": student, "checklist": checklist, "file": file, "archived": archived,
        "can_edit": editor and not archived, "editor": editor,
        "return_acts": list(file.return_acts.select_related("handed_over_by").order_by("-date", "-pk")) if file else [],
        "may_return": editor and not archived and student.status in services.RETURN_STATUSES,
    }  # fmt: skip


class FileDetailView(StaffRequiredMixin, TemplateView):
    model = Student  # what the pk names (the fuzz walk reads it)
    template_name = "studentbody/files/file_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        students: Any = Student.objects.select_related("program", "institution")
        student: Student = get_for_user_or_404(students, user, self.kwargs["pk"])
        context.update(file_context(student, user))
        if context["can_edit"]:
            context["received_form"] = ReceivedForm(student=student)
        context["title"] = _("Personal file")
        context["breadcrumbs"] = [(FILES_TITLE, reverse("studentbody:file_list")), (student.full_name, None)]
        return context


class MyFileView(LoginRequiredMixin, TemplateView):
    """A student's own checklist: what the file holds and what is still missing (390 px)."""

    template_name = "studentbody/files/my_file.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        student = getattr(self.request.user, "student", None)
        if student is None:
            raise Http404
        context.update(file_context(student, None))
        context["title"] = _("My personal file")
        context["breadcrumbs"] = [(context["title"], None)]
        return context


class _FileFormView(ScopedServiceFormView):
    """A form about one student's file: the student in the user's view scope (else 404), the SSC only (else
    403), never a file in the archive (the service refuses it)."""

    queryset = Student.objects.select_related("program", "institution")
    action = VIEW

    def get_object(self) -> Any:
        student = super().get_object()
        _require_editor(self.request.user)
        return student

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(str(FILES_TITLE), reverse("studentbody:file_list"))]

    def get_success_url(self, obj: Any, result: Any) -> str:
        return _file_url(obj)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = context["object"]
        context["cancel_url"] = _file_url(obj)
        context["breadcrumbs"] = [*self.breadcrumbs(), (obj.full_name, _file_url(obj)), (context["title"], None)]
        return context


class FileReceivedView(_FileFormView):
    """The file page's ticks: the chosen lines received today."""

    form_class = ReceivedForm
    title = gettext_lazy("Documents received")  # type: ignore[assignment]
    success_message = gettext_lazy("The documents are marked received.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "student": obj}

    def perform(self, obj: Student, form: ReceivedForm) -> Any:
        for kind in form.cleaned_data["kinds"]:
            services.record_item(obj, kind, acting_user=self.request.user)


class FileItemView(_FileFormView):
    form_class = FileItemForm
    template_name = "studentbody/files/item_form.html"

    def kind(self, student: Student) -> DocumentKind:
        return get_object_or_404(DocumentKind, pk=self.kwargs["kind_pk"], institution_id=student.institution_id)

    def get_title(self, obj: Any) -> str:
        return str(self.kind(obj))

    def get_initial(self, obj: Any) -> dict[str, Any]:
        item = FileItem.objects.filter(file__student=obj, kind=self.kind(obj)).first()
        if item is None:
            return {"is_original": self.kind(obj).original}
        return {"received_on": item.received_on, "checked_on": item.checked_on, "is_original": item.is_original,
                "note": item.note}  # fmt: skip

    def perform(self, obj: Student, form: FileItemForm) -> Any:
        data = form.cleaned_data
        if self.request.POST.get("clear"):
            return services.clear_item(obj, self.kind(obj), acting_user=self.request.user)
        return services.record_item(
            obj, self.kind(obj), acting_user=self.request.user, received_on=data["received_on"],
            checked_on=data["checked_on"], is_original=data["is_original"], note=data["note"],
        )  # fmt: skip

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("Saved {object}.").format(object=self.kind(obj))


class FileLocationView(_FileFormView):
    form_class = LocationForm
    title = gettext_lazy("Where the file lies")  # type: ignore[assignment]
    success_message = gettext_lazy("The file's location is saved.")  # type: ignore[assignment]

    def get_initial(self, obj: Any) -> dict[str, Any]:
        file = getattr(obj, "personal_file", None)
        if file is None:
            return {}
        return {"room": file.room, "shelf": file.shelf, "box": file.box, "note": file.note}

    def perform(self, obj: Student, form: LocationForm) -> Any:
        return services.update_location(obj, acting_user=self.request.user, **form.cleaned_data)


class ReturnOriginalsView(_FileFormView):
    form_class = ReturnForm
    title = gettext_lazy("Return of originals")  # type: ignore[assignment]
    template_name = "studentbody/files/return_form.html"

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "student": obj}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            services.refuse_unless_left(obj)
        except ValidationError as exc:
            context = self.get_context_data(object=obj, form=None, refusal=" ".join(exc.messages))
            return render(request, "studentbody/files/return_refused.html", context)
        return self.render_form(obj, self.get_form(obj))

    def perform(self, obj: Student, form: ReturnForm) -> ReturnAct:
        data = form.cleaned_data
        return services.return_originals(
            obj, list(data["kinds"]), acting_user=self.request.user, date=data["date"], signed_on=data["signed_on"],
            note=data["note"],
        )  # fmt: skip

    def get_success_url(self, obj: Any, result: Any) -> str:
        return result.get_absolute_url()

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("The return act is recorded: print it for the student to sign.")


class ReturnActView(StaffRequiredMixin, TemplateView):
    model = ReturnAct
    template_name = "studentbody/files/return_act.html"

    def act(self) -> ReturnAct:
        act = get_object_or_404(
            ReturnAct.objects.select_related("file__student", "handed_over_by"), pk=self.kwargs["pk"]
        )
        get_for_user_or_404(Student, self.request.user, act.file.student_id)  # 404 outside the scope
        return act

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "pdf":
            act = self.act()
            language = request_language(request)
            with translation.override(language):
                html = render_to_string("studentbody/files/pdf/return_act.html", act_context(act, language))
                return pdf_response(_pdf(html), _("return act {name}").format(name=act.file.student.full_name))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        act = self.act()
        student = act.file.student
        context.update(act_context(act, None))
        context["can_sign"] = is_contingent_editor(self.request.user) and act.signed_on is None
        context["signature_form"] = SignatureForm() if context["can_sign"] else None
        context["title"] = str(act)
        context["breadcrumbs"] = [
            (FILES_TITLE, reverse("studentbody:file_list")), (student.full_name, _file_url(student)), (str(act), None),
        ]  # fmt: skip
        return context


class ReturnSignatureView(StaffRequiredMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        act = get_object_or_404(ReturnAct.objects.select_related("file__student"), pk=kwargs["pk"])
        get_for_user_or_404(Student, request.user, act.file.student_id)
        _require_editor(request.user)
        form = SignatureForm(request.POST)
        if form.is_valid():
            try:
                services.record_signature(act, acting_user=request.user, signed_on=form.cleaned_data["signed_on"])
                messages.success(request, _("The student's signature is recorded."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Give the date the student signed."))
        return HttpResponseRedirect(act.get_absolute_url())


def act_context(act: ReturnAct, language: str | None) -> dict[str, Any]:
    student = act.file.student
    return {
        "act": act, "student": student, "language": language,
        "items": list(act.items.select_related("kind").order_by("kind__position", "kind_id")),
        "handed_over": act.handed_over_by.display_name if act.handed_over_by else "",
    }  # fmt: skip


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


# ---- The archive -----------------------------------------------------------------------------------------------


class ArchiveMixin(StaffRequiredMixin):
    """The archive is the SSC's (the archive role, for now): everyone else 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not (request.user.is_superuser or is_contingent_editor(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ArchiveView(ArchiveMixin, TemplateView):
    """Search the files by name or IIN (students of any status) and the transfer acts."""

    template_name = "studentbody/files/archive.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = ArchiveSearchForm(self.request.GET or None)
        query = form.data.get("q", "") if form.is_bound else ""
        students = Student.objects.for_user(user, VIEW).select_related("program", "personal_file__transfer_act")
        found = services.archive_search(students, query).order_by("last_name", "first_name", "pk")[:50]
        acts = TransferAct.objects.for_user(user).annotate_files()[:20]
        context.update(form=form, query=query, found=found, acts=acts, title=ARCHIVE_TITLE)
        context["breadcrumbs"] = [(ARCHIVE_TITLE, None)]
        return context


class TransferActAddView(ArchiveMixin, TemplateView):
    template_name = "common/object_form.html"

    def form(self) -> TransferActForm:
        students = Student.objects.for_user(self.request.user, VIEW)
        return TransferActForm(self.request.POST or None, students=students)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        context["title"] = _("New archive transfer act")
        context["cancel_url"] = reverse("studentbody:archive")
        context["breadcrumbs"] = [(ARCHIVE_TITLE, reverse("studentbody:archive")), (context["title"], None)]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form()
        if form.is_valid():
            data = form.cleaned_data
            try:
                act = services.transfer_to_archive(
                    institution_for(request.user, or_raise=PermissionDenied), data["iins"], acting_user=request.user,
                    number=data["number"], date=data["date"], handed_over_by=data["handed_over_by"],
                    received_by=data["received_by"], note=data["note"],
                )  # fmt: skip
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The files are handed over to the archive."))
                return HttpResponseRedirect(act.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TransferActView(ArchiveMixin, TemplateView):
    model = TransferAct
    template_name = "studentbody/files/transfer_act.html"

    def act(self) -> TransferAct:
        return get_for_user_or_404(TransferAct, self.request.user, self.kwargs["pk"])

    def files(self, act: TransferAct) -> list[Any]:
        return list(act.files.select_related("student__program").order_by("student__last_name", "student__first_name"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export = request.GET.get("format")
        if export in ("pdf", "xlsx"):
            act = self.act()
            language = request_language(request)
            with translation.override(language):
                files = self.files(act)
                name = str(act)
                if export == "xlsx":
                    header = ["№", _("Student"), _("IIN"), _("Program"), _("Status"), _("Storage place")]
                    rows = [
                        [n, f.student.full_name, f.student.iin, f.student.program.code,
                         str(f.student.get_status_display()), f.location]
                        for n, f in enumerate(files, 1)
                    ]  # fmt: skip
                    return xlsx_response(sheets_to_xlsx([(_("Personal files"), header, rows)]), name)
                html = render_to_string(
                    "studentbody/files/pdf/transfer_act.html", {"act": act, "files": files, "language": language}
                )
                return pdf_response(_pdf(html), name)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        act = self.act()
        context.update(act=act, files=self.files(act), title=str(act))
        context["breadcrumbs"] = [(ARCHIVE_TITLE, reverse("studentbody:archive")), (str(act), None)]
        return context


# ---- The checklist of document kinds ---------------------------------------------------------------------------


class DocumentKindTable(tables.Table):
    name = tables.Column(
        verbose_name=gettext_lazy("Document"), order_by=("name_ru",),
        linkify=lambda record: reverse("studentbody:document_kind_edit", args=[record.pk]),
    )  # fmt: skip
    code = tables.Column(verbose_name=gettext_lazy("Code"))
    required = tables.BooleanColumn(verbose_name=gettext_lazy("Required"))
    grant_only = tables.BooleanColumn(verbose_name=gettext_lazy("State grant holders only"))
    original = tables.BooleanColumn(verbose_name=gettext_lazy("Original expected"))
    position = tables.Column(verbose_name=gettext_lazy("Order in the list"))

    class Meta:
        model = DocumentKind
        fields = ("position", "name", "code", "required", "grant_only", "original")
        attrs = ATTRS


class DocumentKindFilterSet(SearchFilterSet):
    search_fields = ("code", "name_kk", "name_ru", "name_en")

    class Meta(SearchFilterSet.Meta):
        model = DocumentKind
        fields = ["q"]


class DocumentKindListView(ScopedListView):
    queryset = DocumentKind.objects.all()
    table_class = DocumentKindTable
    filterset_class = DocumentKindFilterSet
    title = gettext_lazy("Personal file checklist")  # type: ignore[assignment]
    export_name = "personal file checklist"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().order_by("position", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        editor = is_contingent_editor(self.request.user)
        context["add_url"] = reverse("studentbody:document_kind_add") if editor else None
        return context


class DocumentKindEditView(StaffRequiredMixin, TemplateView):
    """A new kind (no pk) or a kind's names and rules: the SSC only."""

    model = DocumentKind
    template_name = "common/object_form.html"

    def kind(self) -> DocumentKind:
        _require_editor(self.request.user)
        if self.kwargs.get("pk") is None:
            return DocumentKind(institution=institution_for(self.request.user, or_raise=PermissionDenied))
        return get_for_user_or_404(DocumentKind, self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kind = kwargs.get("kind") or self.kind()
        context.setdefault("form", DocumentKindForm(instance=kind, user=self.request.user))
        context["title"] = _("Edit {object}").format(object=kind) if kind.pk else _("New document kind")
        context["cancel_url"] = reverse("studentbody:document_kinds")
        context["breadcrumbs"] = [
            (_("Personal file checklist"), reverse("studentbody:document_kinds")), (context["title"], None),
        ]  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = self.kind()
        form = DocumentKindForm(request.POST, instance=kind, user=request.user)
        if form.is_valid():
            try:
                services.save_kind(form.instance, acting_user=request.user)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Saved {object}.").format(object=form.instance))
                return HttpResponseRedirect(reverse("studentbody:document_kinds"))
        return self.render_to_response(self.get_context_data(form=form, kind=kind), status=400)
