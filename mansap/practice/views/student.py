"""The student's practice pages: placement, diary, rules, uploads; and a placement document's file and removal
(for its student and for staff).

The student's pages are not the staff's scoped views: a student reaches only their own placements
(`own_placement`: the scoped queryset, which lets a student see their own rows, narrowed to them), and a
staff login is shown where its pages are instead of a 403.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.files import ScopedFileView
from mansap.common.forms import errors_to_form
from mansap.common.typing import AuthedRequest
from mansap.common.views import ScopedActionView, is_htmx
from mansap.core import contingent
from mansap.core.access import CHANGE, VIEW, is_staff_member, user_can_change
from mansap.core.models import Student, User
from mansap.practice.choices import (
    DocumentKind,
    PlacementStatus,
    PracticeStatus,
)
from mansap.practice.forms.assessment import (
    DiaryEntryForm,
    UploadForm,
)
from mansap.practice.models import (
    DiaryEntry,
    Placement,
    Practice,
    PracticeDocument,
)
from mansap.practice.services import assessment as svc
from mansap.practice.services.programmes import programmes_for


# ---- Student ---------------------------------------------------------------------------------------------------
def _practices_open_for_wishes(user: User) -> list[Practice]:
    """Practices of the student's Major and course, sent to the department, not started, where the
    student is not placed yet: they may rank bases for the automatic allocation."""
    student = Student.objects.filter(user_id=user.pk).only("program_id", "course").first()
    if student is None:
        return []
    practices = list(
        Practice.objects.filter(
            status=PracticeStatus.SENT,
            program_id=student.program_id,
            starts_on__gt=timezone.localdate(),
        )
        .exclude(
            placements__student=student, placements__status__in=[PlacementStatus.PROPOSED, PlacementStatus.CONFIRMED]
        )
        .select_related("program")
        .order_by("starts_on")
    )
    # the year of study on the practice's first day, as the contingent says (core.contingent: the student body's
    # orders; practice may not import it)
    me = Student.objects.filter(pk=student.pk)
    reader = contingent.reader()
    return [p for p in practices
            if reader.studying(me, p.starts_on, program_id=p.program_id, year_of_study=p.course).exists()]  # fmt: skip


def _own_placements(user: User) -> QuerySet[Placement]:
    return (
        Placement.objects.for_user(user, VIEW)
        .filter(student__user_id=user.pk)
        .exclude(status=PlacementStatus.CANCELLED)
        .select_related(
            "practice__program",
            "practice__academic_year",
            "practice__institution",
            "base__organization",
            "supervisor",
            "order",
            "student",
            "reviewed_by",
        )
        .order_by("-practice__starts_on", "-pk")
    )


def student_context(request: HttpRequest, placement: Placement, **extra: Any) -> dict[str, Any]:
    documents = list(placement.documents.order_by("kind", "-created_at"))
    entries = list(placement.diary.order_by("day", "pk"))
    first, last = svc.diary_window(placement)
    open_ = svc.diary_open(placement)
    context = {
        "placement": placement,
        "practice": placement.practice,
        "entries": entries,
        "documents": documents,
        "diary_open": open_,
        "diary_not_yet": timezone.localdate() < first,
        "diary_first": first,
        "diary_last": min(last, timezone.localdate()),
        "diary_form": extra.pop("diary_form", None) or DiaryEntryForm(initial={"day": timezone.localdate()}),
        "upload_form": extra.pop("upload_form", None) or UploadForm(report=svc.may_replace_report(placement)),
        "report_late": svc.is_report_late(placement),
        "grace_days": svc.DIARY_GRACE_DAYS,
        "programmes": programmes_for(placement.practice, request.user),
        "missing_scans": [DocumentKind(k).label for k in svc.ADMISSION_SCANS if k not in {d.kind for d in documents}],
    }
    context.update(extra)
    return context


class StudentMixin(LoginRequiredMixin):
    """Pages of a student's own practice; staff are told where their pages are, others get 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not hasattr(request.user, "student"):
            if is_staff_member(request.user) and request.method == "GET":
                return render(request, "practice/student_none.html", {"title": _("My practice"), "staff": True})
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    request: HttpRequest

    def own_placement(self, pk: int) -> Placement:
        user = cast(User, self.request.user)  # dispatch let only logged-in students through
        return get_object_or_404(_own_placements(user), pk=pk)


class MyPracticeView(StudentMixin, View):
    """The student's practice: placement, supervisors, documents, diary, rules, uploads, grade."""

    def get(self, request: AuthedRequest, pk: int | None = None) -> HttpResponse:
        placements = list(_own_placements(request.user))
        wishes = _practices_open_for_wishes(request.user)
        if not placements:
            return render(request, "practice/student_none.html", {"title": _("My practice"), "wish_practices": wishes})
        found = placements[0] if pk is None else next((p for p in placements if p.pk == pk), None)
        if found is None:
            raise Http404
        placement = found
        context = student_context(request, placement, placements=placements, title=_("My practice"))
        context["wish_practices"] = wishes
        return render(request, "practice/student_practice.html", context)


class StudentDiaryView(StudentMixin, View):
    """htmx: add (POST to the placement), edit (GET form / POST) and delete diary entries."""

    def render_diary(self, request: AuthedRequest, placement: Placement, **extra: Any) -> HttpResponse:
        context = student_context(request, placement, **extra)
        status = 400 if extra.get("diary_errors") or (extra.get("diary_form") and extra["diary_form"].errors) else 200
        if is_htmx(request):
            # htmx swaps only 2xx answers: errors come back as 200 with the form showing them.
            return render(request, "practice/student_diary.html", context)
        if status == 200:
            return HttpResponseRedirect(reverse("practice:my_placement", args=[placement.pk]) + "#diary")
        context.update(placements=list(_own_placements(request.user)), title=_("My practice"))
        return render(request, "practice/student_practice.html", context, status=status)

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        placement = self.own_placement(pk)
        form = DiaryEntryForm(request.POST)
        if form.is_valid():
            try:
                svc.add_diary_entry(
                    placement,
                    day=form.cleaned_data["day"],
                    work_done=form.cleaned_data["work_done"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
                return self.render_diary(request, placement, diary_form=form)
            return self.render_diary(request, placement)
        return self.render_diary(request, placement, diary_form=form)


def _own_entry(request: HttpRequest, pk: int) -> DiaryEntry:
    return get_object_or_404(
        DiaryEntry.objects.for_user(request.user, CHANGE)
        .filter(placement__student__user_id=request.user.pk or 0)
        .select_related("placement__practice", "placement__student"),
        pk=pk,
    )


class StudentDiaryEntryView(StudentMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        entry = _own_entry(request, pk)
        if request.GET.get("cancel"):
            return render(request, "practice/student_diary_entry.html", {"entry": entry, "diary_open": True})
        form = DiaryEntryForm(instance=entry, prefix=f"e{entry.pk}")
        return render(request, "practice/student_diary_entry_form.html", {"entry": entry, "form": form})

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        entry = _own_entry(request, pk)
        placement = entry.placement
        if request.POST.get("action") == "delete":
            try:
                svc.delete_diary_entry(entry, acting_user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            if is_htmx(request):
                return render(request, "practice/student_diary.html", student_context(request, placement))
            return HttpResponseRedirect(reverse("practice:my_placement", args=[placement.pk]) + "#diary")
        form = DiaryEntryForm(request.POST, instance=entry, prefix=f"e{entry.pk}")
        if form.is_valid():
            try:
                svc.update_diary_entry(
                    DiaryEntry.objects.get(pk=entry.pk),
                    day=form.cleaned_data["day"],
                    work_done=form.cleaned_data["work_done"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
        if form.errors:
            status = 200 if is_htmx(request) else 400  # htmx swaps only 2xx answers
            return render(
                request, "practice/student_diary_entry_form.html", {"entry": entry, "form": form}, status=status
            )
        if is_htmx(request):
            # The edit form sat in the entry's place: the whole diary is replaced (dates may have changed order).
            response = render(request, "practice/student_diary.html", student_context(request, placement))
            response["HX-Retarget"] = "#diary"
            response["HX-Reswap"] = "outerHTML"
            return response
        return HttpResponseRedirect(reverse("practice:my_placement", args=[placement.pk]) + "#diary")


class StudentRulesView(StudentMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        placement = self.own_placement(pk)
        if not placement.rules_acknowledged_on:
            svc.acknowledge_rules(placement, acting_user=request.user)
            messages.success(request, _("Thank you: your acknowledgement of the practice rules is recorded."))
        return HttpResponseRedirect(reverse("practice:my_placement", args=[placement.pk]))


class StudentUploadView(StudentMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        placement = self.own_placement(pk)
        form = UploadForm(request.POST, request.FILES, report=svc.may_replace_report(placement))
        if form.is_valid():
            try:
                svc.upload_document(
                    placement, kind=form.cleaned_data["kind"], file=form.cleaned_data["file"], acting_user=request.user
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
        if form.errors:
            context = student_context(
                request, placement, upload_form=form, placements=list(_own_placements(request.user))
            )
            context["title"] = _("My practice")
            return render(request, "practice/student_practice.html", context, status=400)
        if form.cleaned_data["kind"] == DocumentKind.REPORT:
            placement.refresh_from_db()
            if svc.is_report_late(placement):
                messages.warning(
                    request,
                    _("The report is uploaded, after the due date {date}.").format(
                        date=f"{placement.practice.reports_due:%d.%m.%Y}"
                    ),
                )
            else:
                messages.success(request, _("The report is uploaded."))
        else:
            messages.success(request, _("The file is uploaded."))
        return HttpResponseRedirect(reverse("practice:my_placement", args=[placement.pk]) + "#documents")


class DocumentFileView(ScopedFileView):
    """A placement document for its student or staff who may see the placement (never a public media URL),
    downloaded under the name it was uploaded with."""

    queryset = PracticeDocument.objects.all()
    file_field = "file"
    attachment = True
    staff_only = False  # the student's own documents (the queryset's self_filter)

    def get_filename(self, obj: PracticeDocument) -> str | None:
        return obj.original_name or None


class DocumentDeleteView(ScopedActionView):
    """Remove a document: its student (their own uploads, while the practice is not graded) or staff who may
    change the placement. Fetched in the view scope; who may remove it is decided in act()."""

    queryset = PracticeDocument.objects.select_related("placement__student")
    action = VIEW
    staff_only = False

    def act(self, obj: PracticeDocument) -> None:
        placement = obj.placement
        if not svc.is_own_placement(self.request.user, placement) and not user_can_change(self.request.user, placement):
            raise PermissionDenied
        svc.delete_document(obj, acting_user=self.request.user)

    def get_success_message(self, obj: PracticeDocument, result: None) -> str:
        return _("The file is removed.")

    def get_success_url(self, obj: PracticeDocument) -> str:
        placement = obj.placement
        if svc.is_own_placement(self.request.user, placement):
            return reverse("practice:my_placement", args=[placement.pk])
        return placement.get_absolute_url()
