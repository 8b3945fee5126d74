"""The retention schedule and the review and disposal of practice documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from mansap.common.views import (
    ScopedListView,
    StaffRequiredMixin,
)
from mansap.core.querysets import CHANGE, VIEW, can_create
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
from mansap.practice.views.mixins import _apply, _institution


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
