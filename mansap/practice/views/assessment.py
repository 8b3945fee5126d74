"""Pages of a placement's and a practice's assessment: the review of the report, remarks, rules,
uploads, conferences and meetings, the defence commission. Rules live in `mansap.practice.services.assessment`."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    StaffRequiredMixin,
    user_can_change,
)
from mansap.core.querysets import CHANGE, VIEW
from mansap.practice.choices import (
    PlacementStatus,
    PracticeKind,
    ReviewDecision,
)
from mansap.practice.filtersets import DefenceCommissionFilterSet
from mansap.practice.forms.assessment import (
    ConferenceForm,
    DefenceCommissionForm,
    MeetingForm,
    RemarkForm,
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
    Meeting,
    Placement,
    Practice,
)
from mansap.practice.services import assessment as svc
from mansap.practice.services import links as tokens
from mansap.practice.tables import DefenceCommissionTable
from mansap.practice.views.mixins import (
    _apply,
    _back,
    _base_template,
    _file_response,
    _placement_for_change,
    _placement_url,
    _practice_for,
    _practice_url,
)

logger = logging.getLogger(__name__)


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
