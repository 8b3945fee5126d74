"""Pages of the management review (process 5): the list, prepare (a draft), the review's page (the live figures
of a draft, the frozen snapshot of an issued one), issue, the stored files, decisions, close, a new version;
and the decisions as tracked actions (their list, overdue ones first)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.views import (
    ObjectHistoryView,
    ScopedActionView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedMixin,
    ScopedServiceFormView,
)
from mansap.core.access import CHANGE, VIEW, get_for_user_or_404, institution_for, is_quality_editor
from mansap.quality import filtersets, tables
from mansap.quality.choices import ReviewStatus
from mansap.quality.forms import DecisionForm, ReviewForm
from mansap.quality.models import ManagementReview, ReviewDecision, ReviewDocument
from mansap.quality.reports import reviews as reports
from mansap.quality.services import reviews as services
from mansap.quality.views.risks import ActionDoneView

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReviewListView(ScopedListView):
    queryset = ManagementReview.objects.select_related("supersedes").annotate(
        decision_count=Count("decisions", distinct=True)
    )
    table_class = tables.ReviewTable
    filterset_class = filtersets.ReviewFilterSet
    template_name = "quality/review_list.html"
    title = gettext_lazy("Management reviews")  # type: ignore[assignment]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = reverse("quality:review_add") if is_quality_editor(self.request.user) else None
        context["decisions_url"] = reverse("quality:decision_list")
        return context


class ReviewEditView(ScopedEditView):
    """Prepare a review (the quality editors): its period and summary; edit a draft's summary."""

    queryset = ManagementReview.objects.all()
    form_class = ReviewForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        if not is_quality_editor(self.request.user):
            raise PermissionDenied
        pk = self.kwargs.get("pk")
        if pk is None:
            return ManagementReview(institution=institution_for(self.request.user, VIEW, or_raise=PermissionDenied))
        return get_for_user_or_404(ManagementReview, self.request.user, pk, CHANGE)

    def save(self, form: ReviewForm) -> ManagementReview:
        review: ManagementReview = form.instance
        if review.pk is None:
            data = form.cleaned_data
            return services.prepare_review(
                review.institution, period_start=data["period_start"], period_end=data["period_end"],
                notes=data["notes"], acting_user=self.request.user,
            )  # fmt: skip
        return services.update_notes(review, notes=form.cleaned_data["notes"], acting_user=self.request.user)


class ReviewDetailView(ScopedDetailView):
    queryset = ManagementReview.objects.select_related("institution", "supersedes", "issued_by", "prepared_by")
    template_name = "quality/review_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        review: ManagementReview = self.object
        language = (get_language() or "ru")[:2]
        snapshot = review.snapshot
        if snapshot is None:  # a draft shows the figures as they are now
            snapshot = reports.gather(review.institution, review.period_start, review.period_end)
        today = timezone.localdate()
        decisions = list(review.decisions.select_related("owner"))
        for decision in decisions:
            decision.overdue = decision.is_overdue(today)  # type: ignore[attr-defined]
        editor = is_quality_editor(self.request.user)
        superseded_by = ManagementReview.objects.filter(supersedes=review).only("pk", "version").first()
        context.update(
            review=review,
            data=reports.presented(snapshot, language, services.meta(review, language)),
            decisions=decisions,
            editor=editor,
            superseded_by=superseded_by,
            documents=[
                (code, name, kind)
                for code, name in (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))
                for kind in ("pdf", "xlsx")
            ]
            if review.status != ReviewStatus.DRAFT
            else [],
        )
        return context


class ReviewHistoryView(ObjectHistoryView):
    queryset = ManagementReview.objects.all()


class ReviewActionView(ScopedActionView):
    queryset = ManagementReview.objects.select_related("institution")


class ReviewIssueView(ReviewActionView):
    def act(self, obj: ManagementReview) -> ManagementReview:
        return services.issue_review(obj, acting_user=self.request.user)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("The review is issued: its figures and files are frozen.")


class ReviewCloseView(ReviewActionView):
    def act(self, obj: ManagementReview) -> ManagementReview:
        return services.close_review(obj, acting_user=self.request.user)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("The review is closed.")


class ReviewNewVersionView(ReviewActionView):
    def act(self, obj: ManagementReview) -> ManagementReview:
        return services.new_version(obj, acting_user=self.request.user)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("Version {version} prepared as a draft.").format(version=result.version)

    def act_done(self, obj: Any, result: Any) -> HttpResponse:
        self.kwargs["_new"] = result
        return super().act_done(obj, result)

    def get_success_url(self, obj: Any) -> str:
        new = self.kwargs.get("_new")
        return new.get_absolute_url() if new is not None else obj.get_absolute_url()


class ReviewDownloadView(ScopedMixin, View):
    """A file stored at issue, byte for byte (never regenerated)."""

    queryset = ManagementReview.objects.all()

    def get(self, request: HttpRequest, pk: int, language: str, kind: str) -> HttpResponse:
        review = get_for_user_or_404(ManagementReview, request.user, pk, VIEW)
        document = ReviewDocument.objects.filter(review=review, language=language, kind=kind).first()
        if document is None:
            raise Http404
        response = HttpResponse(bytes(document.content), content_type=CONTENT_TYPES[kind])
        name = f"management-review-{review.period_start:%Y%m%d}-{review.period_end:%Y%m%d}-v{review.version}-{language}"
        response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        response["Cache-Control"] = "private, no-store"
        return response


class DecisionAddView(ScopedServiceFormView):
    """Record a decision of the collegiate body on an issued review."""

    queryset = ManagementReview.objects.select_related("institution")
    form_class = DecisionForm
    title = gettext_lazy("New decision")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: ManagementReview) -> dict[str, Any]:
        return {"institution": obj.institution, "initial": self.get_initial(obj)}

    def get_initial(self, obj: ManagementReview) -> dict[str, Any]:
        last = obj.decisions.order_by("-pk").first()
        if last is None:
            return {}
        return {"body": last.body, "protocol_number": last.protocol_number, "protocol_date": last.protocol_date}

    def get_title(self, obj: Any) -> str:
        return str(self.title)

    def perform(self, obj: ManagementReview, form: DecisionForm) -> ReviewDecision:
        return services.record_decision(obj, acting_user=self.request.user, **form.cleaned_data)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("Decision recorded.")


class DecisionEditView(ScopedServiceFormView):
    queryset = ReviewDecision.objects.select_related("review__institution", "owner")
    form_class = DecisionForm
    title = gettext_lazy("Edit the decision")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: ReviewDecision) -> dict[str, Any]:
        initial = {name: getattr(obj, name) for name in services.DECISION_FIELDS}
        return {"institution": obj.review.institution, "initial": initial}

    def get_title(self, obj: Any) -> str:
        return str(self.title)

    def perform(self, obj: ReviewDecision, form: DecisionForm) -> ReviewDecision:
        return services.update_decision(obj, dict(form.cleaned_data), acting_user=self.request.user)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("Decision saved.")


class DecisionDoneView(ActionDoneView):
    queryset = ReviewDecision.objects.select_related("review")
    complete = staticmethod(services.complete_decision)


class DecisionListView(ScopedListView):
    """The decisions of every review as tracked actions: status, owner, due and done dates; overdue ones."""

    queryset = ReviewDecision.objects.with_list_related().exclude(review__status=ReviewStatus.DRAFT)
    table_class = tables.DecisionTable
    filterset_class = filtersets.DecisionFilterSet
    title = gettext_lazy("Management review decisions")  # type: ignore[assignment]
    export_name = "management-review-decisions"
