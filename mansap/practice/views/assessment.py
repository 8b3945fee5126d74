"""Pages of a placement's and a practice's assessment: the review of the report, remarks, rules,
uploads, conferences and meetings, the defence commission. Rules live in `mansap.practice.services.assessment`.

The two assessment panels (a placement's, a practice's) are fragments loaded by htmx into the placement and
practice pages; opened directly (a link, no JavaScript) they render as a whole page. The panel's forms post to
the action views below, which come back to `next` (the page the panel was on) when it is given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.files import ScopedFileView
from mansap.common.params import parse_id
from mansap.common.views import (
    ObjectHistoryView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedServiceFormView,
    is_htmx,
    safe_next,
)
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
from mansap.practice.services import links
from mansap.practice.tables import DefenceCommissionTable
from mansap.practice.views.actions import FormActionView


def panel_base_template(request: HttpRequest) -> str:
    """Panels load into the staff pages with htmx; opened directly they get the whole page."""
    return "practice/assessment_fragment.html" if is_htmx(request) else "base.html"


# ---- Staff: the placement panel ----------------------------------------------------------------------------------
class PlacementAssessmentView(ScopedDetailView):
    """The assessment panel of a placement page (loaded by practice/_placement_assessment.html)."""

    queryset = Placement.objects.select_related("practice__institution", "student", "base__organization", "reviewed_by")
    template_name = "practice/assessment_placement_panel.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        del context["breadcrumbs"]  # a panel: the page around it has them (opened alone, its heading links back)
        context.update(placement_panel_context(self.request, self.object, can_change=context["can_change"]))
        return context


def placement_panel_context(
    request: HttpRequest, placement: Placement, *, can_change: bool, **extra: Any
) -> dict[str, Any]:
    """What the placement panel shows: the company's evaluation (or the link to send), the diary, the
    documents, the review, the rules; its forms are posted to the views below."""
    language = translation.get_language()[:2]
    link = None
    # A link is offered only to who may send it, and only while the company can still use it.
    if can_change and placement.company_submitted_at is None and placement.status != PlacementStatus.CANCELLED:
        link = request.build_absolute_uri(links.link_path(placement, language))
    documents = list(placement.documents.select_related("uploaded_by").order_by("kind", "-created_at"))
    review_initial = {
        # A resubmitted report is reviewed afresh: the decision is chosen again.
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
        "expires_on": links.expiry_for(placement),
        "base_template": panel_base_template(request),
        "placement_url": placement.get_absolute_url(),
    }
    context.update(extra)
    return context


class ReviewView(ScopedServiceFormView):
    """The department head of practice records the review of the report (R-027, R-045 step 1).

    Posted from the placement panel: a refused review shows the whole panel again with the form's errors.
    """

    queryset = Placement.objects.select_related("practice__institution", "student", "base__organization", "reviewed_by")
    form_class = ReviewForm
    http_method_names = ["post"]  # the form lives in the panel

    def get_form_kwargs(self, obj: Placement) -> dict[str, Any]:
        return {"prefix": "review"}

    def perform(self, obj: Placement, form: ReviewForm) -> Placement:
        return svc.review_report(
            obj,
            text=form.cleaned_data["review_text"],
            decision=form.cleaned_data["review_decision"],
            reviewed_on=form.cleaned_data["reviewed_on"],
            acting_user=self.request.user,
        )

    def form_invalid(self, obj: Placement, form: ReviewForm) -> HttpResponse:
        obj.refresh_from_db()  # the service may have changed it in memory before refusing
        context = placement_panel_context(
            self.request, obj, can_change=True, review_form=form, base_template="base.html"
        )
        return render(self.request, "practice/assessment_placement_panel.html", context, status=400)

    def form_done(self, obj: Placement, form: ReviewForm, result: Placement) -> HttpResponse:
        messages.success(self.request, _("The review of the report is saved."))
        back = safe_next(self.request, obj.get_absolute_url(), paths_only=True)
        return HttpResponseRedirect(back + "#panel-review")


class RemarkView(FormActionView):
    """Staff write the supervisor's remark on a diary entry (in the change scope of its placement)."""

    queryset = DiaryEntry.objects.select_related("placement")
    form_class = RemarkForm
    success_message = gettext_lazy("The remark is saved.")

    def perform(self, obj: DiaryEntry, form: RemarkForm) -> DiaryEntry:
        return svc.set_supervisor_remark(obj, form.cleaned_data["supervisor_remark"], acting_user=self.request.user)

    def get_success_url(self, obj: DiaryEntry) -> str:
        return obj.placement.get_absolute_url()


class StaffRulesView(FormActionView):
    """Staff record a student's acknowledgement of the rules (one placement)."""

    queryset = Placement.objects.select_related("practice", "student")
    form_class = RulesForm
    invalid_message = gettext_lazy("Give the date.")
    success_message = gettext_lazy("The acknowledgement of the rules is recorded.")

    def perform(self, obj: Placement, form: RulesForm) -> Placement:
        return svc.acknowledge_rules(obj, on=form.cleaned_data["on"], acting_user=self.request.user)


class StaffUploadView(FormActionView):
    """Staff upload a document of any kind for the student (the signed scans brought on paper)."""

    queryset = Placement.objects.select_related("practice", "student")
    success_message = gettext_lazy("The file is uploaded.")

    def get_form(self, obj: Placement) -> UploadForm:
        return UploadForm(self.request.POST, self.request.FILES, staff=True)

    def perform(self, obj: Placement, form: UploadForm) -> Any:
        return svc.upload_document(
            obj, kind=form.cleaned_data["kind"], file=form.cleaned_data["file"], acting_user=self.request.user
        )


# ---- Practice section: conferences, meetings, rules, alerts ------------------------------------------------------
class PracticeAssessmentView(ScopedDetailView):
    """The assessment section of a practice page (loaded by practice/assessment_practice_section.html)."""

    queryset = Practice.objects.select_related("program", "department", "academic_year")
    template_name = "practice/assessment_practice_panel.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        del context["breadcrumbs"]  # a panel: the practice page around it has them
        practice: Practice = self.object
        placements = Placement.objects.filter(practice=practice).exclude(status=PlacementStatus.CANCELLED)
        today = timezone.localdate()
        # One query for every count of the panel.
        stats = placements.aggregate(
            total=Count("pk"),
            reports=Count("pk", filter=Q(report_submitted_on__isnull=False)),
            company=Count("pk", filter=Q(company_submitted_at__isnull=False)),
            graded=Count("pk", filter=Q(score__isnull=False)),
            rules=Count("pk", filter=Q(rules_acknowledged_on__isnull=False)),
            late=Count("pk", filter=_late_q(practice, today)),
        )
        commission = (
            DefenceCommission.objects.filter(practice=practice)
            .select_related("chair")
            .prefetch_related("members")
            .first()
        )
        context.update(
            practice=practice,
            stats=stats,
            conferences=list(Conference.objects.filter(practice=practice).order_by("held_on")),
            meetings=list(Meeting.objects.filter(practice=practice).select_related("held_by").order_by("held_on")),
            commission=commission,
            alert=svc.admissions_alert(practice, today),
            reports_due=practice.reports_due,
            today=today,
            base_template=panel_base_template(self.request),
            practice_url=practice.get_absolute_url(),
        )
        return context


def _late_q(practice: Practice, today: dt.date) -> Q:
    """Reports submitted after the due date, and, once it has passed, reports not submitted at all."""
    due = practice.reports_due
    late_submitted = Q(report_submitted_on__gt=due)
    missing = Q(report_submitted_on__isnull=True) if today > due else Q(pk__in=[])
    return late_submitted | missing


class RulesBulkView(ScopedServiceFormView):
    """Record one acknowledgement date for a list of students of a practice (the rules read out at a meeting)."""

    queryset = Practice.objects.select_related("program", "department", "academic_year")
    form_class = RulesBulkForm
    template_name = "practice/assessment_rules_bulk.html"

    def placements(self, practice: Practice) -> QuerySet[Placement]:
        return (
            Placement.objects.filter(practice=practice)
            .exclude(status=PlacementStatus.CANCELLED)
            .select_related("student")
            .order_by("student__last_name", "student__first_name")
        )

    def get_form_kwargs(self, obj: Practice) -> dict[str, Any]:
        return {"placements": self.placements(obj), "initial": {"on": timezone.localdate()}}

    def get_title(self, obj: Practice) -> str:
        return _("Acknowledgement of the practice rules")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice: Practice = context["object"]
        context.update(
            practice=practice,
            rows=list(self.placements(practice)),
            practice_url=practice.get_absolute_url(),
            breadcrumbs=[(str(practice), practice.get_absolute_url()), (_("Practice rules"), None)],
        )
        return context

    def perform(self, obj: Practice, form: RulesBulkForm) -> int:
        return svc.acknowledge_rules_for(
            form.cleaned_data["placements"], on=form.cleaned_data["on"], acting_user=self.request.user
        )

    def get_success_message(self, obj: Practice, result: int) -> str:
        return _("Acknowledgement recorded for {count} students.").format(count=result)


class _PracticeChildEditView(ScopedEditView):
    """Conference and meeting forms: ?practice= preselects the practice; saved → the practice page."""

    initial_from_query = ("practice",)

    def get_success_url(self) -> str:
        return self.object.practice.get_absolute_url()

    def practice(self) -> Practice | None:
        if self.object is not None and self.object.practice_id:
            return self.object.practice
        pk = parse_id(self.request.GET.get("practice"))
        return Practice.objects.for_user(self.request.user).filter(pk=pk).first() if pk is not None else None

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        practice = self.practice()
        return [(str(practice), practice.get_absolute_url())] if practice else []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice = self.practice()
        if practice is not None:
            context["cancel_url"] = practice.get_absolute_url()
        return context


class ConferenceEditView(_PracticeChildEditView):
    queryset = Conference.objects.select_related("practice")
    form_class = ConferenceForm


class ConferenceMinutesView(ScopedFileView):
    """The signed minutes of a conference, downloaded under their stored name."""

    queryset = Conference.objects.all()
    file_field = "minutes_file"
    attachment = True


class MeetingEditView(_PracticeChildEditView):
    queryset = Meeting.objects.select_related("practice")
    form_class = MeetingForm


class _PracticeChildDeleteView(ScopedDeleteView):
    """Delete a conference or meeting: 404 outside the view scope, 403 read-only; the history keeps the
    record (simple-history); back to the practice page."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        url = self.object.practice.get_absolute_url()
        context["object_url"] = url
        context["breadcrumbs"] = [(str(self.object.practice), url), (str(self.object), None), (_("Delete"), None)]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        url = obj.practice.get_absolute_url()
        label = str(obj)
        obj.delete()
        messages.success(request, _("Deleted {object}.").format(object=label))
        return HttpResponseRedirect(url)


class ConferenceDeleteView(_PracticeChildDeleteView):
    queryset = Conference.objects.select_related("practice")


class MeetingDeleteView(_PracticeChildDeleteView):
    queryset = Meeting.objects.select_related("practice")


def _commissions() -> QuerySet[DefenceCommission]:
    """Commissions with their counts of members, placements and grades (one query for the list)."""
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
        context["practice_url"] = self.object.practice.get_absolute_url()
        return context


class DefenceCommissionEditView(ScopedEditView):
    template_name = "practice/assessment_commission_form.html"
    queryset = DefenceCommission.objects.select_related("practice")
    form_class = DefenceCommissionForm
    initial_from_query = ("practice",)

    def save(self, form: Any) -> DefenceCommission:
        commission = form.save(commit=False)
        return svc.save_commission(commission, form.cleaned_data.get("members") or [], acting_user=self.request.user)


class DefenceCommissionHistoryView(ObjectHistoryView):
    queryset = DefenceCommission.objects.all()
