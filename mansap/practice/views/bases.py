"""Pages of practice bases (vetting, status) and contracts (scans, annexes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    StaffRequiredMixin,
)
from mansap.core.querysets import VIEW
from mansap.practice import filtersets, tables
from mansap.practice.forms import bases as forms
from mansap.practice.models import (
    BaseVetting,
    Practice,
    PracticeBase,
    PracticeContract,
)
from mansap.practice.services import bases as base_services
from mansap.practice.views.mixins import _form_errors, _ObjectActionMixin, _scan_response


# ---- Bases ----------------------------------------------------------------------------------------------------
class PracticeBaseListView(ScopedListView):
    queryset = PracticeBase.objects.select_related("organization", "department").prefetch_related("programs")
    filterset_class = filtersets.PracticeBaseFilterSet
    table_class = tables.PracticeBaseTable


BASE_FIELDS = [
    "organization",
    "department",
    "statutory_activity",
    "source",
    "proposed_by",
    "capacity",
    "address",
    "status",
    "approved_on",
    "approved_by",
    "note",
]


class PracticeBaseDetailView(ScopedDetailView):
    queryset = PracticeBase.objects.select_related("organization", "department", "proposed_by", "approved_by")
    fields = BASE_FIELDS
    template_name = "practice/practicebase_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        base: PracticeBase = self.object
        today = timezone.localdate()
        contracts = list(base.contracts.select_related("department").order_by("-valid_from"))
        for contract in contracts:
            label, colour = tables.CONTRACT_STATES[base_services.contract_state(contract, today)]
            contract.state_label, contract.state_colour = label, colour  # type: ignore[attr-defined]
        context.update(
            programs=list(base.programs.all()),
            vettings=list(base.vettings.select_related("checked_by")),
            contracts=contracts,
            placements=list(
                base.placements.filter(practice__in=Practice.objects.for_user(self.request.user, VIEW))
                .select_related("student", "practice__program")
                .order_by("-practice__starts_on", "student__last_name")[:100]
            ),
            status_badge=tables.badge(base.status, base.get_status_display()),
            reason_form=forms.ReasonForm(),
            criteria=[
                (c, getattr(BaseVetting._meta.get_field(f"{c}_ok"), "verbose_name", c)) for c in BaseVetting.CRITERIA
            ],
            add_contract_url=reverse("practice:practicecontract_add") + f"?base={base.pk}",
        )
        return context


class PracticeBaseEditView(ScopedEditView):
    queryset = PracticeBase.objects.all()
    form_class = forms.PracticeBaseForm

    def save(self, form: Any) -> Any:
        with transaction.atomic():
            organization = form.organization_to_create()
            if organization is not None:
                organization.full_clean()
                organization.save()
                form.instance.organization = organization
            base = form.save(commit=False)
            return base_services.save_base(base, acting_user=self.request.user, programs=form.cleaned_data["programs"])


class PracticeBaseHistoryView(ObjectHistoryView):
    queryset = PracticeBase.objects.all()


class BaseVetView(_ObjectActionMixin, View):
    """Record a vetting; the decision sets the base's status (the vetting gate)."""

    queryset = PracticeBase.objects.select_related("organization")

    def render_form(self, base: PracticeBase, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": _("Vetting of {base}").format(base=base),
            "cancel_url": base.get_absolute_url(),
            "opts": PracticeBase._meta,
            "breadcrumbs": [
                (capfirst(str(PracticeBase._meta.verbose_name_plural)), reverse("practice:practicebase_list")),
                (str(base), base.get_absolute_url()),
                (_("Vetting"), None),
            ],
            "intro": _(
                "A base is approved only when every criterion is met and the evidence is described or attached."
            ),
        }
        return render(self.request, "practice/vetting_form.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self.object_for_change(pk)
        return self.render_form(
            base, forms.VettingForm(user=request.user, initial={"checked_on": timezone.localdate()})
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self.object_for_change(pk)
        form = forms.VettingForm(request.POST, request.FILES, user=request.user)
        form.instance.base = base
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "evidence_file"}
            try:
                base_services.vet_base(
                    base, data, acting_user=request.user, evidence_file=form.cleaned_data.get("evidence_file") or None
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request, _("Vetting recorded: the base is now {status}.").format(status=base.get_status_display())
                )
                return HttpResponseRedirect(base.get_absolute_url())
        return self.render_form(base, form, status=400)


class BaseStatusView(_ObjectActionMixin, View):
    queryset = PracticeBase.objects.all()
    action_name = "suspend"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self.object_for_change(pk)
        try:
            if self.action_name == "suspend":
                base_services.suspend_base(base, acting_user=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("The base is suspended: it receives no new students."))
            else:
                base_services.reinstate_base(base, acting_user=request.user)
                messages.success(request, _("The base is approved again."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(base.get_absolute_url())


class VettingEvidenceView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        vetting = get_object_or_404(BaseVetting.objects.for_user(request.user, VIEW).exclude(evidence_file=""), pk=pk)
        return _scan_response(vetting.evidence_file)


# ---- Contracts ------------------------------------------------------------------------------------------------
class PracticeContractListView(ScopedListView):
    queryset = PracticeContract.objects.select_related("base__organization", "department")
    filterset_class = filtersets.PracticeContractFilterSet
    table_class = tables.PracticeContractTable


CONTRACT_FIELDS = [
    "base",
    "department",
    "kind",
    "number",
    "signed_on",
    "valid_from",
    "valid_until",
    "custodian",
    "note",
]


class PracticeContractDetailView(ScopedDetailView):
    queryset = PracticeContract.objects.select_related("base__organization", "department")
    fields = CONTRACT_FIELDS
    template_name = "practice/practicecontract_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        contract: PracticeContract = self.object
        label, colour = tables.CONTRACT_STATES[base_services.contract_state(contract, timezone.localdate())]
        context.update(
            state_label=label,
            state_colour=colour,
            annexes=list(contract.annexes.select_related("practice__program")),
            annex_url=reverse("practice:contractannex_add", args=[contract.pk]),
        )
        return context


class PracticeContractEditView(ScopedEditView):
    queryset = PracticeContract.objects.all()
    form_class = forms.PracticeContractForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        base = self.request.GET.get("base", "")
        if base.isdigit():
            initial["base"] = base
            found = PracticeBase.objects.for_user(self.request.user, VIEW).filter(pk=base).first()
            if found is not None:
                initial["department"] = found.department_id
        return initial

    def save(self, form: Any) -> Any:
        return base_services.save_contract(form.save(commit=False), acting_user=self.request.user)


class PracticeContractHistoryView(ObjectHistoryView):
    queryset = PracticeContract.objects.all()


class ContractScanView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        contract = get_object_or_404(PracticeContract.objects.for_user(request.user, VIEW).exclude(scan=""), pk=pk)
        return _scan_response(contract.scan)


class AnnexAddView(_ObjectActionMixin, View):
    queryset = PracticeContract.objects.select_related("base__organization")

    def render_form(self, contract: PracticeContract, form: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "common/object_form.html",
            {
                "form": form,
                "title": _("New annex to {contract}").format(contract=contract),
                "cancel_url": contract.get_absolute_url(),
                "breadcrumbs": [
                    (
                        capfirst(str(PracticeContract._meta.verbose_name_plural)),
                        reverse("practice:practicecontract_list"),
                    ),
                    (str(contract), contract.get_absolute_url()),
                    (_("New annex"), None),
                ],
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        contract = self.object_for_change(pk)
        return self.render_form(contract, forms.AnnexForm(user=request.user, contract=contract))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        contract = self.object_for_change(pk)
        form = forms.AnnexForm(request.POST, request.FILES, user=request.user, contract=contract)
        if form.is_valid():
            try:
                base_services.save_annex(form.save(commit=False), acting_user=request.user)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Annex saved."))
                return HttpResponseRedirect(contract.get_absolute_url())
        return self.render_form(contract, form, status=400)
