"""Pages of the assessment part: the student's practice and diary, the company supervisor's link,
conferences and meetings, the defence commission, the grade sheet, the letter-grade table and the
retention schedule. Rules live in `mansap.practice.services.assessment`."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from mansap.common.exports import rows_to_xlsx, xlsx_response
from mansap.common.forms import FilterForm
from mansap.common.links import private_link_response, use_link_language
from mansap.common.views import (
    ObjectHistoryView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    StaffRequiredMixin,
    try_reverse,
    user_can_change,
)
from mansap.core.models import Student
from mansap.core.querysets import CHANGE, VIEW, can_create, is_staff_member
from mansap.core.services import user_institution
from mansap.core.tables import ATTRS
from mansap.graduates.evidence import read_head, sniff_content_type
from mansap.practice import grades, tokens
from mansap.practice.choices import (
    DisposalStatus,
    DocumentKind,
    PlacementStatus,
    PracticeKind,
    PracticeStatus,
    ReviewDecision,
)
from mansap.practice.forms_assessment import (
    CompanyEvaluationForm,
    ConferenceForm,
    DefenceCommissionForm,
    DiaryEntryForm,
    DisposalForm,
    GradeBandFormSet,
    GradeRowForm,
    MeetingForm,
    RemarkForm,
    RetentionForm,
    ReviewForm,
    RulesBulkForm,
    RulesForm,
    SendLinkForm,
    UploadForm,
)
from mansap.practice.models import (
    Conference,
    DefenceCommission,
    DiaryEntry,
    GradeBand,
    Meeting,
    Placement,
    Practice,
    PracticeDocument,
    RetentionRule,
)
from mansap.practice.services import assessment as svc

logger = logging.getLogger(__name__)


def _back(request: HttpRequest, default: str) -> str:
    """The ?next= address when it is a path of this site (no open redirect), else `default`."""
    from django.utils.http import url_has_allowed_host_and_scheme

    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
    return url if safe else default


def _placement_url(placement: Placement) -> str:
    """The staff page of a placement (the assessment panel until the placement page exists)."""
    return try_reverse("practice:placement_detail", placement.pk) or reverse(
        "practice:placement_assessment", args=[placement.pk]
    )


def _practice_url(practice: Practice) -> str:
    return try_reverse("practice:practice_detail", practice.pk) or reverse(
        "practice:practice_assessment", args=[practice.pk]
    )


def _placement_for_change(request: HttpRequest, pk: int) -> Placement:
    """A placement in the user's view scope (else 404) that they may change (else 403)."""
    placement = get_object_or_404(
        Placement.objects.for_user(request.user, VIEW).select_related("practice", "student"), pk=pk
    )
    if not user_can_change(request.user, placement):
        raise PermissionDenied
    return placement


def _practice_for(request: HttpRequest, pk: int, action: str = VIEW) -> Practice:
    practice = get_object_or_404(
        Practice.objects.for_user(request.user, VIEW).select_related("program", "department", "academic_year"), pk=pk
    )
    if action == CHANGE and not user_can_change(request.user, practice):
        raise PermissionDenied
    return practice


def _file_response(field: Any, filename: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    content_type = sniff_content_type(read_head(handle)) or "application/octet-stream"
    if content_type == "application/octet-stream":
        head = read_head(handle, 4)
        if head.startswith(b"PK"):
            content_type = "application/zip"
    response = FileResponse(handle, content_type=content_type, filename=filename, as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---- Student ---------------------------------------------------------------------------------------------------
def _practices_open_for_wishes(user: Any) -> list[Practice]:
    """Practices of the student's Major and course, sent to the department, not started, where the
    student is not placed yet: they may rank bases for the automatic allocation."""
    student = Student.objects.filter(user_id=user.pk).only("program_id", "course").first()
    if student is None or student.course is None:
        return []
    return list(
        Practice.objects.filter(
            status=PracticeStatus.SENT,
            program_id=student.program_id,
            course=student.course,
            starts_on__gt=timezone.localdate(),
        )
        .exclude(
            placements__student=student, placements__status__in=[PlacementStatus.PROPOSED, PlacementStatus.CONFIRMED]
        )
        .select_related("program")
        .order_by("starts_on")
    )


def _own_placements(user: Any) -> QuerySet[Placement]:
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

    def own_placement(self, pk: int) -> Placement:
        return get_object_or_404(_own_placements(self.request.user), pk=pk)  # type: ignore[attr-defined]


class MyPracticeView(StudentMixin, View):
    """The student's practice: placement, supervisors, documents, diary, rules, uploads, grade."""

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
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

    def render_diary(self, request: HttpRequest, placement: Placement, **extra: Any) -> HttpResponse:
        context = student_context(request, placement, **extra)
        status = 400 if extra.get("diary_errors") or (extra.get("diary_form") and extra["diary_form"].errors) else 200
        if request.htmx:  # type: ignore[attr-defined]
            # htmx swaps only 2xx answers: errors come back as 200 with the form showing them.
            return render(request, "practice/student_diary.html", context)
        if status == 200:
            return HttpResponseRedirect(reverse("practice:my_placement", args=[placement.pk]) + "#diary")
        context.update(placements=list(_own_placements(request.user)), title=_("My practice"))
        return render(request, "practice/student_practice.html", context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
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
                _apply(form, exc)
                return self.render_diary(request, placement, diary_form=form)
            return self.render_diary(request, placement)
        return self.render_diary(request, placement, diary_form=form)


def _apply(form: Any, exc: ValidationError) -> None:
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for name, found in errors.items():
        form.add_error(name if name in form.fields else None, found)


def _own_entry(request: HttpRequest, pk: int) -> DiaryEntry:
    return get_object_or_404(
        DiaryEntry.objects.for_user(request.user, CHANGE)
        .filter(placement__student__user_id=request.user.pk or 0)
        .select_related("placement__practice", "placement__student"),
        pk=pk,
    )


class StudentDiaryEntryView(StudentMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = _own_entry(request, pk)
        if request.GET.get("cancel"):
            return render(request, "practice/student_diary_entry.html", {"entry": entry, "diary_open": True})
        form = DiaryEntryForm(instance=entry, prefix=f"e{entry.pk}")
        return render(request, "practice/student_diary_entry_form.html", {"entry": entry, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = _own_entry(request, pk)
        placement = entry.placement
        if request.POST.get("action") == "delete":
            try:
                svc.delete_diary_entry(entry, acting_user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            if request.htmx:  # type: ignore[attr-defined]
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
                _apply(form, exc)
        if form.errors:
            status = 200 if request.htmx else 400  # type: ignore[attr-defined]
            return render(
                request, "practice/student_diary_entry_form.html", {"entry": entry, "form": form}, status=status
            )
        if request.htmx:  # type: ignore[attr-defined]
            response = render(request, "practice/student_diary.html", student_context(request, placement))
            response["HX-Retarget"] = "#diary"
            response["HX-Reswap"] = "outerHTML"
            return response
        return HttpResponseRedirect(reverse("practice:my_placement", args=[placement.pk]) + "#diary")


class StudentRulesView(StudentMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = self.own_placement(pk)
        if not placement.rules_acknowledged_on:
            svc.acknowledge_rules(placement, acting_user=request.user)
            messages.success(request, _("Thank you: your acknowledgement of the practice rules is recorded."))
        return HttpResponseRedirect(reverse("practice:my_placement", args=[placement.pk]))


class StudentUploadView(StudentMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = self.own_placement(pk)
        form = UploadForm(request.POST, request.FILES, report=svc.may_replace_report(placement))
        if form.is_valid():
            try:
                svc.upload_document(
                    placement, kind=form.cleaned_data["kind"], file=form.cleaned_data["file"], acting_user=request.user
                )
            except ValidationError as exc:
                _apply(form, exc)
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


class DocumentFileView(LoginRequiredMixin, View):
    """A placement document for its student or staff who may see the placement (never a public media URL)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        document = get_object_or_404(PracticeDocument.objects.for_user(request.user, VIEW), pk=pk)
        name = document.original_name or (document.file.name or "").rsplit("/", 1)[-1]
        return _file_response(document.file, name)


class DocumentDeleteView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = get_object_or_404(
            PracticeDocument.objects.for_user(request.user, VIEW).select_related("placement__student"), pk=pk
        )
        placement = document.placement
        own = svc.is_own_placement(request.user, placement)
        if not own and not user_can_change(request.user, placement):
            raise PermissionDenied
        try:
            svc.delete_document(document, acting_user=request.user)
            messages.success(request, _("The file is removed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        default = reverse("practice:my_placement", args=[placement.pk]) if own else _placement_url(placement)
        return HttpResponseRedirect(_back(request, default))


# ---- Staff: the placement panel ----------------------------------------------------------------------------------
def _base_template(request: HttpRequest) -> str:
    """Panels load into the staff pages with htmx; opened directly they get the whole page."""
    return "practice/assessment_fragment.html" if request.htmx else "base.html"  # type: ignore[attr-defined]


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


class PlacementAssessmentView(StaffRequiredMixin, View):
    """The assessment panel of a placement page (loaded by practice/_placement_assessment.html)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = get_object_or_404(
            Placement.objects.for_user(request.user, VIEW).select_related(
                "practice__institution", "student", "base__organization", "reviewed_by"
            ),
            pk=pk,
        )
        return render(request, "practice/assessment_placement_panel.html", placement_panel_context(request, placement))


def placement_panel_context(request: HttpRequest, placement: Placement, **extra: Any) -> dict[str, Any]:
    can_change = user_can_change(request.user, placement)
    language = translation.get_language()[:2]
    link = None
    if can_change and placement.company_submitted_at is None and placement.status != PlacementStatus.CANCELLED:
        link = request.build_absolute_uri(tokens.link_path(placement, language))
    documents = list(placement.documents.select_related("uploaded_by").order_by("kind", "-created_at"))
    review_initial = {
        "review_text": placement.review_text,
        "review_decision": placement.review_decision if placement.review_decision != ReviewDecision.RESUBMITTED else "",
        "reviewed_on": timezone.localdate(),
    }
    context = {
        "placement": placement,
        "practice": placement.practice,
        "can_change": can_change,
        "entries": list(placement.diary.order_by("day", "pk")),
        "documents": documents,
        "company_link": link,
        "send_form": SendLinkForm(initial={"language": language}),
        "upload_form": UploadForm(staff=True),
        "rules_form": RulesForm(initial={"on": timezone.localdate()}),
        "review_form": ReviewForm(initial=review_initial, prefix="review"),
        "review_open": can_change and placement.score is None and placement.report_submitted_on is not None,
        "report_late": svc.is_report_late(placement),
        "missing": svc.missing_admission_requirements(placement, [d.kind for d in documents]),
        "is_pre_graduate": placement.practice.kind == PracticeKind.PRE_GRADUATE,
        "expires_on": tokens.expiry_for(placement),
        "base_template": _base_template(request),
        "placement_url": _placement_url(placement),
    }
    context.update(extra)
    return context


class ReviewView(StaffRequiredMixin, View):
    """The department head of practice records the review of the report (R-027, R-045 step 1)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = _placement_for_change(request, pk)
        form = ReviewForm(request.POST, prefix="review")
        if form.is_valid():
            try:
                svc.review_report(
                    placement,
                    text=form.cleaned_data["review_text"],
                    decision=form.cleaned_data["review_decision"],
                    reviewed_on=form.cleaned_data["reviewed_on"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                _apply(form, exc)
        if form.errors:
            placement.refresh_from_db()
            context = placement_panel_context(request, placement, review_form=form, base_template="base.html")
            return render(request, "practice/assessment_placement_panel.html", context, status=400)
        messages.success(request, _("The review of the report is saved."))
        return HttpResponseRedirect(_back(request, _placement_url(placement)) + "#panel-review")


class RemarkView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = get_object_or_404(DiaryEntry.objects.for_user(request.user, VIEW).select_related("placement"), pk=pk)
        if not user_can_change(request.user, entry.placement):
            raise PermissionDenied
        form = RemarkForm(request.POST)
        if form.is_valid():
            svc.set_supervisor_remark(entry, form.cleaned_data["supervisor_remark"], acting_user=request.user)
            messages.success(request, _("The remark is saved."))
        return HttpResponseRedirect(_back(request, _placement_url(entry.placement)))


class SendCompanyLinkView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = _placement_for_change(request, pk)
        form = SendLinkForm(request.POST)
        back = _back(request, _placement_url(placement))
        if not form.is_valid():
            messages.error(request, _("Choose the language of the page and the e-mail."))
            return HttpResponseRedirect(back)
        try:
            svc.send_company_link(
                placement, language=form.cleaned_data["language"], site_url=_site_url(request), acting_user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(back)
        messages.success(
            request,
            _("The link was sent to {email}.").format(email=placement.company_supervisor_email),
        )
        return HttpResponseRedirect(back)


class CompanyLinkQRView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from mansap.graduates.services.selfservice import qr_image

        placement = _placement_for_change(request, pk)
        language = request.GET.get("lang") or translation.get_language()[:2]
        url = request.build_absolute_uri(tokens.link_path(placement, language))
        content, content_type = qr_image(url, "svg" if request.GET.get("format") == "svg" else "png")
        response = HttpResponse(content, content_type=content_type)
        response["Cache-Control"] = "private, no-store"
        return response


class StaffRulesView(StaffRequiredMixin, View):
    """Staff record a student's acknowledgement of the rules (one placement)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = _placement_for_change(request, pk)
        form = RulesForm(request.POST)
        if form.is_valid():
            try:
                svc.acknowledge_rules(placement, on=form.cleaned_data["on"], acting_user=request.user)
                messages.success(request, _("The acknowledgement of the rules is recorded."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Give the date."))
        return HttpResponseRedirect(_back(request, _placement_url(placement)))


class StaffUploadView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = _placement_for_change(request, pk)
        form = UploadForm(request.POST, request.FILES, staff=True)
        if form.is_valid():
            try:
                svc.upload_document(
                    placement, kind=form.cleaned_data["kind"], file=form.cleaned_data["file"], acting_user=request.user
                )
                messages.success(request, _("The file is uploaded."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(_back(request, _placement_url(placement)))


# ---- The company supervisor (no account) -------------------------------------------------------------------------
LINK_ERROR_STATUS = {"invalid": 400, "expired": 410, "used": 200}


@method_decorator(never_cache, name="dispatch")
class CompanyFormView(View):
    """The company supervisor's page: safety briefing, characterization, report assessment (R-030)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.link = tokens.read_token(kwargs["token"])
        except tokens.LinkError as exc:
            self.use_language(request, exc.language)
            response = render(
                request,
                "practice/company_error.html",
                {"reason": exc.reason, "placement": exc.placement, "title": _("Practice evaluation")},
                status=LINK_ERROR_STATUS[exc.reason],
            )
            return self.private(response)
        self.use_language(request, self.link.language)
        if request.method not in ("GET", "POST"):
            return self.private(HttpResponse(status=405))
        return self.private(super().dispatch(request, *args, **kwargs))  # type: ignore[return-value]

    use_language = staticmethod(use_link_language)
    private = staticmethod(private_link_response)

    def render_form(self, request: HttpRequest, form: CompanyEvaluationForm, status: int = 200) -> HttpResponse:
        placement = self.link.placement
        context = {
            "documents": list(company_documents(placement)),
            "token": self.kwargs["token"],
            "form": form,
            "placement": placement,
            "practice": placement.practice,
            "expires_on": self.link.expires_on,
            "title": _("Practice evaluation"),
        }
        return render(request, "practice/company_form.html", context, status=status)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self.render_form(request, CompanyEvaluationForm())

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        form = CompanyEvaluationForm(request.POST)
        if form.is_valid():
            try:
                placement = svc.submit_company_evaluation(
                    self.link.placement,
                    safety_briefing_on=form.cleaned_data["safety_briefing_on"],
                    characterization=form.cleaned_data["characterization"],
                    report_score=form.cleaned_data["company_report_score"],
                    report_comment=form.cleaned_data.get("company_report_comment") or "",
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) == "used":
                    return render(
                        request,
                        "practice/company_error.html",
                        {"reason": "used", "placement": self.link.placement, "title": _("Practice evaluation")},
                    )
                _apply(form, exc)
            else:
                try:
                    svc.notify_supervisor(placement, _site_url(request))
                except Exception:
                    logger.exception("could not notify the head of practice of placement %s", placement.pk)
                return render(
                    request,
                    "practice/company_done.html",
                    {"placement": placement, "title": _("Thank you")},
                )
        return self.render_form(request, form, status=400)


def company_documents(placement: Placement) -> QuerySet[PracticeDocument]:
    """What the company supervisor may read through the link: the report and the student's scans."""
    return (
        placement.documents.filter(kind__in=COMPANY_KINDS)
        .exclude(disposal_status=DisposalStatus.DISPOSED)
        .order_by("kind", "-created_at")
    )


COMPANY_KINDS = (DocumentKind.REPORT, DocumentKind.REPORT_SCAN, DocumentKind.DIARY_SCAN)


@method_decorator(never_cache, name="dispatch")
class CompanyDocumentView(View):
    """The student's report or scan for the company supervisor, through the same (unused, unexpired) link."""

    def get(self, request: HttpRequest, token: str, pk: int) -> HttpResponseBase:
        try:
            link = tokens.read_token(token)
        except tokens.LinkError as exc:
            raise Http404 from exc
        document = get_object_or_404(company_documents(link.placement), pk=pk)
        response = _file_response(
            document.file, document.original_name or (document.file.name or "").rsplit("/", 1)[-1]
        )
        return private_link_response(response)


# ---- Practice section: conferences, meetings, rules, alerts ------------------------------------------------------
class PracticeAssessmentView(StaffRequiredMixin, View):
    """The assessment section of a practice page (loaded by practice/assessment_practice_section.html)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = _practice_for(request, pk)
        placements = Placement.objects.filter(practice=practice).exclude(status=PlacementStatus.CANCELLED)
        today = timezone.localdate()
        stats = placements.aggregate(
            total=Count("pk"),
            reports=Count("pk", filter=~_q_null("report_submitted_on")),
            company=Count("pk", filter=~_q_null("company_submitted_at")),
            graded=Count("pk", filter=~_q_null("score")),
            rules=Count("pk", filter=~_q_null("rules_acknowledged_on")),
            late=Count("pk", filter=_late_q(practice, today)),
        )
        commission = (
            DefenceCommission.objects.filter(practice=practice)
            .select_related("chair")
            .prefetch_related("members")
            .first()
        )
        context = {
            "practice": practice,
            "stats": stats,
            "conferences": list(Conference.objects.filter(practice=practice).order_by("held_on")),
            "meetings": list(Meeting.objects.filter(practice=practice).select_related("held_by").order_by("held_on")),
            "commission": commission,
            "alert": svc.admissions_alert(practice, today),
            "can_change": user_can_change(request.user, practice),
            "reports_due": practice.reports_due,
            "today": today,
            "base_template": _base_template(request),
            "practice_url": _practice_url(practice),
        }
        return render(request, "practice/assessment_practice_panel.html", context)


def _q_null(name: str) -> Any:
    from django.db.models import Q

    return Q(**{f"{name}__isnull": True})


def _late_q(practice: Practice, today: dt.date) -> Any:
    from django.db.models import Q

    due = practice.reports_due
    late_submitted = Q(report_submitted_on__gt=due)
    missing = Q(report_submitted_on__isnull=True) if today > due else Q(pk__in=[])
    return late_submitted | missing


class RulesBulkView(StaffRequiredMixin, View):
    """Record one acknowledgement date for a list of students of a practice."""

    def placements(self, practice: Practice) -> QuerySet[Placement]:
        return (
            Placement.objects.filter(practice=practice)
            .exclude(status=PlacementStatus.CANCELLED)
            .select_related("student")
            .order_by("student__last_name", "student__first_name")
        )

    def render_page(self, request: HttpRequest, practice: Practice, form: RulesBulkForm, status: int = 200) -> Any:
        return render(
            request,
            "practice/assessment_rules_bulk.html",
            {
                "practice": practice,
                "form": form,
                "rows": list(self.placements(practice)),
                "practice_url": _practice_url(practice),
                "title": _("Acknowledgement of the practice rules"),
                "breadcrumbs": [(str(practice), _practice_url(practice)), (_("Practice rules"), None)],
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = _practice_for(request, pk, CHANGE)
        form = RulesBulkForm(placements=self.placements(practice), initial={"on": timezone.localdate()})
        return self.render_page(request, practice, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = _practice_for(request, pk, CHANGE)
        form = RulesBulkForm(request.POST, placements=self.placements(practice))
        if not form.is_valid():
            return self.render_page(request, practice, form, status=400)
        try:
            count = svc.acknowledge_rules_for(
                form.cleaned_data["placements"], on=form.cleaned_data["on"], acting_user=request.user
            )
        except ValidationError as exc:
            _apply(form, exc)
            return self.render_page(request, practice, form, status=400)
        messages.success(request, _("Acknowledgement recorded for {count} students.").format(count=count))
        return HttpResponseRedirect(_practice_url(practice))


class _PracticeChildEditView(ScopedEditView):
    """Conference and meeting forms: ?practice= preselects the practice; saved → the practice page."""

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        practice = self.request.GET.get("practice", "")
        if practice.isdigit():
            initial["practice"] = int(practice)
        return initial

    def get_success_url(self) -> str:
        return _practice_url(self.object.practice)

    def practice(self) -> Practice | None:
        if self.object is not None and self.object.practice_id:
            return self.object.practice
        pk = self.request.GET.get("practice", "")
        return Practice.objects.for_user(self.request.user).filter(pk=int(pk)).first() if pk.isdigit() else None

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        practice = self.practice()
        return [(str(practice), _practice_url(practice))] if practice else []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice = self.practice()
        if practice is not None:
            context["cancel_url"] = _practice_url(practice)
        return context


class ConferenceEditView(_PracticeChildEditView):
    queryset = Conference.objects.select_related("practice")
    form_class = ConferenceForm


class ConferenceMinutesView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        conference = get_object_or_404(Conference.objects.for_user(request.user, VIEW).exclude(minutes_file=""), pk=pk)
        return _file_response(conference.minutes_file, (conference.minutes_file.name or "").rsplit("/", 1)[-1])


class MeetingEditView(_PracticeChildEditView):
    queryset = Meeting.objects.select_related("practice")
    form_class = MeetingForm


class _PracticeChildDeleteView(ScopedDeleteView):
    """Delete a conference or meeting: 404 outside the view scope, 403 read-only; the history keeps the
    record (simple-history); back to the practice page."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        url = _practice_url(self.object.practice)
        context["object_url"] = url
        context["breadcrumbs"] = [(str(self.object.practice), url), (str(self.object), None), (_("Delete"), None)]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        url = _practice_url(obj.practice)
        label = str(obj)
        obj.delete()
        messages.success(request, _("Deleted {object}.").format(object=label))
        return HttpResponseRedirect(url)


class ConferenceDeleteView(_PracticeChildDeleteView):
    queryset = Conference.objects.select_related("practice")


class MeetingDeleteView(_PracticeChildDeleteView):
    queryset = Meeting.objects.select_related("practice")


# ---- Defence commissions ------------------------------------------------------------------------------------------
class DefenceCommissionFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        field_name="practice__academic_year__start_year", label=gettext_lazy("Academic year (first calendar year)")
    )

    class Meta:
        model = DefenceCommission
        fields = ["year"]
        form = FilterForm


class DefenceCommissionTable(tables.Table):
    practice = tables.Column(verbose_name=gettext_lazy("Practice"), linkify=lambda record: reverse(
        "practice:defencecommission_detail", args=[record.pk]), order_by=("practice__program__code",))  # fmt: skip
    department = tables.Column(verbose_name=gettext_lazy("Department"), accessor="practice__department__code")
    order = tables.Column(verbose_name=gettext_lazy("Order"), accessor="order_number", order_by=("order_date",))
    chair = tables.Column(verbose_name=gettext_lazy("Chair"), order_by=("chair__last_name",))
    member_count = tables.Column(verbose_name=gettext_lazy("Members"))
    defence_date = tables.DateColumn(verbose_name=gettext_lazy("Defence date"), format="d.m.Y")
    graded = tables.Column(verbose_name=gettext_lazy("Graded"), accessor="graded_count", orderable=False)

    class Meta:
        model = DefenceCommission
        fields = ("practice", "department", "order", "chair", "member_count", "defence_date", "graded")
        attrs = ATTRS

    def render_order(self, record: DefenceCommission) -> str:
        return _("No. {number} of {date}").format(number=record.order_number, date=f"{record.order_date:%d.%m.%Y}")

    def render_graded(self, record: Any) -> str:
        return f"{record.graded_count} / {record.placement_count}"


def _commissions() -> QuerySet[DefenceCommission]:
    from django.db.models import Q

    return DefenceCommission.objects.select_related("practice__program", "practice__department", "chair").annotate(
        member_count=Count("members", distinct=True),
        placement_count=Count(
            "practice__placements", filter=~Q(practice__placements__status=PlacementStatus.CANCELLED), distinct=True
        ),
        graded_count=Count(
            "practice__placements",
            filter=Q(practice__placements__score__isnull=False)
            & ~Q(practice__placements__status=PlacementStatus.CANCELLED),
            distinct=True,
        ),
    )


class DefenceCommissionListView(ScopedListView):
    template_name = "practice/assessment_commission_list.html"
    queryset = _commissions()
    table_class = DefenceCommissionTable
    filterset_class = DefenceCommissionFilterSet

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().order_by("-practice__starts_on", "pk")


class DefenceCommissionDetailView(ScopedDetailView):
    queryset = DefenceCommission.objects.select_related("practice__program", "practice__department", "chair")
    template_name = "practice/assessment_commission_detail.html"
    fields = ["practice", "order_number", "order_date", "defence_date", "chair"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["members"] = list(self.object.members.order_by("last_name", "first_name"))
        context["sheet_url"] = reverse("practice:grade_sheet", args=[self.object.practice_id])
        context["practice_url"] = _practice_url(self.object.practice)
        return context


class DefenceCommissionEditView(ScopedEditView):
    template_name = "practice/assessment_commission_form.html"
    queryset = DefenceCommission.objects.select_related("practice")
    form_class = DefenceCommissionForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        practice = self.request.GET.get("practice", "")
        if practice.isdigit():
            initial["practice"] = int(practice)
        return initial

    def save(self, form: Any) -> DefenceCommission:
        commission = form.save(commit=False)
        return svc.save_commission(commission, form.cleaned_data.get("members") or [], acting_user=self.request.user)


class DefenceCommissionHistoryView(ObjectHistoryView):
    queryset = DefenceCommission.objects.all()


# ---- Grade sheet -------------------------------------------------------------------------------------------------
def _sheet_rows(practice: Practice) -> list[Placement]:
    scans = PracticeDocument.objects.filter(placement=OuterRef("pk"))
    rows: list[Placement] = list(
        svc.placements_for_sheet(practice).annotate(
            has_report_scan=Exists(scans.filter(kind=DocumentKind.REPORT_SCAN)),
            has_diary_scan=Exists(scans.filter(kind=DocumentKind.DIARY_SCAN)),
        )
    )
    for row in rows:
        row.page_url = _placement_url(row)  # type: ignore[attr-defined]
    return rows


def _row_form(placement: Placement, data: Any = None) -> GradeRowForm:
    admission = {True: "yes", False: "no"}.get(placement.admitted_to_defence, "")  # type: ignore[arg-type]
    form = GradeRowForm(
        data,
        prefix=f"p{placement.pk}",
        initial={"admission": admission, "defence_date": placement.defence_date, "score": placement.score},
    )
    for field in form.fields.values():  # the row's inputs sit in other cells than its <form>
        field.widget.attrs["form"] = f"row-{placement.pk}"
    return form


class GradeSheetView(StaffRequiredMixin, View):
    """Admission, defence dates and scores of a whole practice, entered row by row (htmx), with an XLSX export."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = _practice_for(request, pk)
        rows = _sheet_rows(practice)
        if request.GET.get("export") == "xlsx":
            return self.export(practice, rows)
        can_change = user_can_change(request.user, practice)
        context = {
            "practice": practice,
            "rows": [(p, _row_form(p)) for p in rows],
            "can_change": can_change,
            "is_pre_graduate": practice.kind == PracticeKind.PRE_GRADUATE,
            "table": grades.table_for(practice.institution_id),
            "alert": svc.admissions_alert(practice),
            "commission": DefenceCommission.objects.filter(practice=practice).first(),
            "title": _("Grade sheet"),
            "breadcrumbs": [(str(practice), _practice_url(practice)), (_("Grade sheet"), None)],
        }
        return render(request, "practice/assessment_grade_sheet.html", context)

    def export(self, practice: Practice, rows: list[Placement]) -> HttpResponse:
        header = [
            _("Student"), _("Practice base"), _("Report submitted on"), _("Company evaluation"),
            _("Admission"), _("Defence date"), _("Score"), _("Letter grade"), _("Grade points"),
        ]  # fmt: skip
        data = []
        for p in rows:
            admission = {True: _("admitted"), False: _("not admitted")}.get(p.admitted_to_defence, "")  # type: ignore[arg-type]
            data.append(
                [
                    str(p.student),
                    str(p.base),
                    p.report_submitted_on,
                    p.company_report_score if p.company_submitted_at else "",
                    admission,
                    p.defence_date,
                    p.score,
                    p.letter_grade,
                    p.grade_points,
                ]
            )
        content = rows_to_xlsx(_("Grade sheet"), header, data)
        return xlsx_response(content, f"grades-{practice.program.code}-{practice.kind}")


class GradeRowView(StaffRequiredMixin, View):
    """htmx: save one row of the grade sheet (admission → defence date → score, through the services)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = _placement_for_change(request, pk)
        form = _row_form(placement, request.POST)
        result = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                with_transaction(lambda: self.apply(placement, data, request.user))
                result = self.result
            except ValidationError as exc:
                _apply(form, exc)
        row = next(p for p in _sheet_rows(placement.practice) if p.pk == placement.pk)
        if not form.errors:
            form = _row_form(row)
        warnings: list[str] = result.warnings if result else []
        context = {
            "p": row,
            "form": form,
            "can_change": True,
            "is_pre_graduate": row.practice.kind == PracticeKind.PRE_GRADUATE,
            "warnings": warnings,
            "saved": not form.errors,
        }
        if not request.htmx:  # type: ignore[attr-defined]
            for w in warnings:
                messages.warning(request, w)
            if form.errors:
                messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
            return HttpResponseRedirect(reverse("practice:grade_sheet", args=[row.practice_id]))
        return render(request, "practice/assessment_grade_row.html", context)

    result: svc.GradeResult | None = None

    def apply(self, placement: Placement, data: dict[str, Any], user: Any) -> None:
        admission = {"yes": True, "no": False}.get(data.get("admission") or "")
        is_pre = placement.practice.kind == PracticeKind.PRE_GRADUATE
        if is_pre and admission != placement.admitted_to_defence:
            svc.decide_admission(placement, admitted=admission, acting_user=user)
        if data.get("defence_date") != placement.defence_date:
            svc.set_defence_date(placement, data.get("defence_date"), acting_user=user)
        if data.get("score") != placement.score:
            self.result = svc.record_grade(placement, data.get("score"), acting_user=user)


def with_transaction(fn: Any) -> Any:
    from django.db import transaction

    with transaction.atomic():
        return fn()


# ---- Letter-grade table -------------------------------------------------------------------------------------------
def _institution(request: HttpRequest) -> Any:
    institution = user_institution(request.user)
    if institution is None:
        raise Http404
    return institution


class GradeTableView(StaffRequiredMixin, View):
    """The institution's letter-grade table: the Career Center edits it, others read it."""

    def context(self, request: HttpRequest, formset: Any = None) -> dict[str, Any]:
        institution = _institution(request)
        rows = grades.table_for(institution)
        configured = GradeBand.objects.filter(institution=institution).exists()
        can_edit = can_create(request.user, "institution")
        if formset is None and can_edit:
            formset = GradeBandFormSet(
                initial=[{"letter": r[0], "min_score": r[1], "max_score": r[2], "points": r[3]} for r in rows],
                prefix="bands",
            )
        return {
            "rows": rows,
            "configured": configured,
            "can_edit": can_edit,
            "formset": formset,
            "title": _("Letter-grade table"),
            "breadcrumbs": [(_("Letter-grade table"), None)],
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "practice/assessment_grade_table.html", self.context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can_create(request.user, "institution"):
            raise PermissionDenied
        institution = _institution(request)
        if request.POST.get("action") == "reset":
            svc.reset_grade_table(institution, acting_user=request.user)
            messages.success(request, _("The default letter-grade table applies again."))
            return HttpResponseRedirect(reverse("practice:grade_table"))
        formset = GradeBandFormSet(request.POST, prefix="bands")
        if formset.is_valid():
            rows = [
                (f.cleaned_data["letter"], f.cleaned_data["min_score"], f.cleaned_data["max_score"],
                 Decimal(f.cleaned_data["points"]))
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]  # fmt: skip
            try:
                svc.save_grade_table(institution, rows, acting_user=request.user)
            except ValidationError as exc:
                context = self.context(request, formset)
                context["table_errors"] = exc.messages
                return render(request, "practice/assessment_grade_table.html", context, status=400)
            messages.success(request, _("The letter-grade table is saved."))
            return HttpResponseRedirect(reverse("practice:grade_table"))
        return render(request, "practice/assessment_grade_table.html", self.context(request, formset), status=400)


# ---- Retention ---------------------------------------------------------------------------------------------------
class RetentionRulesView(StaffRequiredMixin, View):
    """The retention schedule per kind of document (R-033, Q19): the Career Center edits it."""

    def context(self, request: HttpRequest, form: Any = None) -> dict[str, Any]:
        institution = _institution(request)
        years = dict(RetentionRule.objects.filter(institution=institution).values_list("kind", "years"))
        initial = {k: years.get(k, svc.DEFAULT_RETENTION_YEARS.get(k)) for k in DocumentKind.values}
        can_edit = can_create(request.user, "institution")
        return {
            "form": form or RetentionForm(initial_years=initial),
            "years": [(label, initial.get(kind)) for kind, label in DocumentKind.choices],
            "can_edit": can_edit,
            "review_count": PracticeDocument.objects.for_user(request.user, VIEW)
            .filter(disposal_status=DisposalStatus.REVIEW)
            .count(),
            "title": _("Retention of practice documents"),
            "breadcrumbs": [(_("Retention of practice documents"), None)],
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "practice/assessment_retention.html", self.context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can_create(request.user, "institution"):
            raise PermissionDenied
        institution = _institution(request)
        form = RetentionForm(request.POST, initial_years={})
        if not form.is_valid():
            return render(request, "practice/assessment_retention.html", self.context(request, form), status=400)
        years = {kind: form.cleaned_data.get(kind) for kind in DocumentKind.values}
        changed = svc.save_retention_schedule(institution, years, acting_user=request.user)
        messages.success(
            request, _("The retention schedule is saved; {count} documents got a new date.").format(count=changed)
        )
        return HttpResponseRedirect(reverse("practice:retention_rules"))


class DocumentReviewFilterSet(django_filters.FilterSet):
    disposal_status = django_filters.ChoiceFilter(
        choices=DisposalStatus.choices, label=gettext_lazy("disposal status"), empty_label=gettext_lazy("all")
    )
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=gettext_lazy("kind"))

    class Meta:
        model = PracticeDocument
        fields = ["disposal_status", "kind"]
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.get("disposal_status") and "disposal_status" not in data:
            data = data.copy()
            data["disposal_status"] = DisposalStatus.REVIEW
        super().__init__(data, *args, **kwargs)


class DocumentReviewTable(tables.Table):
    document = tables.Column(verbose_name=gettext_lazy("Document"), accessor="kind", order_by=("kind",))
    student = tables.Column(verbose_name=gettext_lazy("Student"), accessor="placement__student",
                            order_by=("placement__student__last_name",))  # fmt: skip
    practice = tables.Column(verbose_name=gettext_lazy("Practice"), accessor="placement__practice",
                             order_by=("placement__practice__starts_on",))  # fmt: skip
    custodian = tables.Column(verbose_name=gettext_lazy("Custodian"))
    retain_until = tables.DateColumn(verbose_name=gettext_lazy("Keep until"), format="d.m.Y")
    disposal_status = tables.Column(verbose_name=gettext_lazy("Disposal status"))
    disposal_act = tables.Column(verbose_name=gettext_lazy("Disposal act"), orderable=False)
    actions = tables.TemplateColumn(
        template_name="practice/assessment_document_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = PracticeDocument
        fields = ("document", "student", "practice", "custodian", "retain_until", "disposal_status", "disposal_act")
        attrs = ATTRS

    def render_document(self, record: PracticeDocument) -> Any:
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>', reverse("practice:document_file", args=[record.pk]), record.get_kind_display()
        )

    def value_document(self, record: PracticeDocument) -> str:
        return str(record.get_kind_display())

    def render_disposal_act(self, record: PracticeDocument) -> str:
        if not record.disposal_act:
            return "—"
        return f"{record.disposal_act}, {record.disposed_on:%d.%m.%Y}" if record.disposed_on else record.disposal_act


class DocumentReviewListView(ScopedListView):
    """Practice documents due for disposal review (and, by filter, kept or disposed ones)."""

    queryset = PracticeDocument.objects.select_related("placement__student", "placement__practice__program").order_by(
        "retain_until", "pk"
    )
    table_class = DocumentReviewTable
    filterset_class = DocumentReviewFilterSet
    title = gettext_lazy("Practice documents: disposal review")  # type: ignore[assignment]

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        if kwargs.get("data") is None:
            kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.pop("add_url", None)
        return context


class DocumentDisposeView(StaffRequiredMixin, View):
    def get_document(self, request: HttpRequest, pk: int) -> PracticeDocument:
        document = get_object_or_404(
            PracticeDocument.objects.for_user(request.user, VIEW).select_related("placement__student"), pk=pk
        )
        if not PracticeDocument.objects.for_user(request.user, CHANGE).filter(pk=pk).exists():
            raise PermissionDenied
        return document

    def render_page(
        self, request: HttpRequest, document: PracticeDocument, form: DisposalForm, status: int = 200
    ) -> Any:
        return render(
            request,
            "practice/assessment_dispose.html",
            {
                "document": document,
                "form": form,
                "title": _("Record the disposal"),
                "breadcrumbs": [
                    (_("Practice documents: disposal review"), reverse("practice:document_review")),
                    (_("Record the disposal"), None),
                ],
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self.get_document(request, pk)
        return self.render_page(request, document, DisposalForm(initial={"disposed_on": timezone.localdate()}))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self.get_document(request, pk)
        form = DisposalForm(request.POST)
        if form.is_valid():
            try:
                svc.record_disposal(
                    document,
                    act_number=form.cleaned_data["disposal_act"],
                    disposed_on=form.cleaned_data["disposed_on"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                _apply(form, exc)
        if form.errors:
            return self.render_page(request, document, form, status=400)
        messages.success(request, _("The disposal is recorded."))
        return HttpResponseRedirect(reverse("practice:document_review"))
