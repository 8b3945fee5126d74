"""The retention schedule and the review and disposal of practice documents.

Nothing is ever deleted: documents past their retention date are flagged for review (the daily
`practice_retention` command) and a disposal is recorded with its act, the row staying on record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from mansap.common.views import (
    ScopedListView,
    ScopedServiceFormView,
    StaffRequiredMixin,
)
from mansap.core.access import VIEW, can_create, institution_for
from mansap.practice.choices import (
    DisposalStatus,
    DocumentKind,
)
from mansap.practice.filtersets import DocumentReviewFilterSet
from mansap.practice.forms.assessment import (
    DisposalForm,
    RetentionForm,
)
from mansap.practice.models import (
    PracticeDocument,
    RetentionRule,
)
from mansap.practice.services import assessment as svc
from mansap.practice.tables import DocumentReviewTable


# ---- Retention ---------------------------------------------------------------------------------------------------
class RetentionRulesView(StaffRequiredMixin, View):
    """The retention schedule per kind of document (R-033, Q19): the Career Center edits it.

    Not a scoped object's page: the schedule is a setting of the user's institution (404 without one).
    """

    def context(self, request: HttpRequest, form: Any = None) -> dict[str, Any]:
        institution = institution_for(request.user, or_raise=Http404)
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
        institution = institution_for(request.user, or_raise=Http404)
        form = RetentionForm(request.POST, initial_years={})
        if not form.is_valid():
            return render(request, "practice/assessment_retention.html", self.context(request, form), status=400)
        years = {kind: form.cleaned_data.get(kind) for kind in DocumentKind.values}
        changed = svc.save_retention_schedule(institution, years, acting_user=request.user)
        messages.success(
            request, _("The retention schedule is saved; {count} documents got a new date.").format(count=changed)
        )
        return HttpResponseRedirect(reverse("practice:retention_rules"))


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


class DocumentDisposeView(ScopedServiceFormView):
    """Record the disposal act of a document due for review (its row and history stay)."""

    queryset = PracticeDocument.objects.select_related("placement__student")
    form_class = DisposalForm
    template_name = "practice/assessment_dispose.html"

    def get_initial(self, obj: PracticeDocument) -> dict[str, Any]:
        return {"disposed_on": timezone.localdate()}

    def get_title(self, obj: PracticeDocument) -> str:
        return _("Record the disposal")

    def get_success_message(self, obj: PracticeDocument, result: PracticeDocument) -> str:
        return _("The disposal is recorded.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["document"] = context["object"]
        context["breadcrumbs"] = [
            (_("Practice documents: disposal review"), reverse("practice:document_review")),
            (_("Record the disposal"), None),
        ]
        return context

    def perform(self, obj: PracticeDocument, form: DisposalForm) -> PracticeDocument:
        return svc.record_disposal(
            obj,
            act_number=form.cleaned_data["disposal_act"],
            disposed_on=form.cleaned_data["disposed_on"],
            acting_user=self.request.user,
        )

    def get_success_url(self, obj: PracticeDocument, result: PracticeDocument) -> str:
        return reverse("practice:document_review")
