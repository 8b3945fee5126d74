"""Pages of practice bases (vetting, status) and contracts (scans, annexes).

A base becomes usable only through a vetting (`BaseVetView`), recorded from the base's page; its status
changes otherwise only by suspension and reinstatement. Rules live in `mansap.practice.services.bases`.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.files import ScopedFileView
from mansap.common.views import (
    ObjectHistoryView,
    ScopedActionView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedServiceFormView,
)
from mansap.core.access import VIEW
from mansap.practice import filtersets, tables
from mansap.practice.forms import bases as forms
from mansap.practice.models import (
    BaseVetting,
    ContractAnnex,
    Practice,
    PracticeBase,
    PracticeContract,
)
from mansap.practice.services import bases as base_services


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

    def save(self, form: forms.PracticeBaseForm) -> PracticeBase:
        return base_services.save_base(
            form.save(commit=False),
            acting_user=self.request.user,
            programs=form.cleaned_data["programs"],
            new_organization=form.organization_to_create(),
        )


class PracticeBaseHistoryView(ObjectHistoryView):
    queryset = PracticeBase.objects.all()


class BaseVetView(ScopedServiceFormView):
    """Record a vetting; the decision sets the base's status (the vetting gate)."""

    queryset = PracticeBase.objects.select_related("organization")
    form_class = forms.VettingForm
    template_name = "practice/vetting_form.html"

    def get_form_kwargs(self, obj: PracticeBase) -> dict[str, Any]:
        return {"user": self.request.user, "initial": {"checked_on": timezone.localdate()}}

    def get_form(self, obj: PracticeBase) -> forms.VettingForm:
        form = super().get_form(obj)
        form.instance.base = obj  # the model's clean() reads the base
        return form

    def get_title(self, obj: PracticeBase) -> str:
        return _("Vetting of {base}").format(base=obj)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"][-1] = (_("Vetting"), None)
        context["intro"] = _(
            "A base is approved only when every criterion is met and the evidence is described or attached."
        )
        return context

    def perform(self, obj: PracticeBase, form: forms.VettingForm) -> BaseVetting:
        data = {k: v for k, v in form.cleaned_data.items() if k != "evidence_file"}
        return base_services.vet_base(
            obj, data, acting_user=self.request.user, evidence_file=form.cleaned_data.get("evidence_file") or None
        )

    def get_success_message(self, obj: PracticeBase, result: BaseVetting) -> str:
        return _("Vetting recorded: the base is now {status}.").format(status=obj.get_status_display())


class BaseStatusView(ScopedActionView):
    """Suspend an approved base (with a reason) or reinstate a suspended one (`action_name`)."""

    queryset = PracticeBase.objects.all()
    action_name = "suspend"

    def act(self, obj: PracticeBase) -> PracticeBase:
        if self.action_name == "suspend":
            return base_services.suspend_base(
                obj, acting_user=self.request.user, reason=self.request.POST.get("reason", "")
            )
        return base_services.reinstate_base(obj, acting_user=self.request.user)

    def get_success_message(self, obj: PracticeBase, result: PracticeBase) -> str:
        if self.action_name == "suspend":
            return _("The base is suspended: it receives no new students.")
        return _("The base is approved again.")


class VettingEvidenceView(ScopedFileView):
    """The evidence file of a vetting, shown in the browser (a scan)."""

    queryset = BaseVetting.objects.all()
    file_field = "evidence_file"


# ---- Contracts ------------------------------------------------------------------------------------------------
class PracticeContractListView(ScopedListView):
    queryset = PracticeContract.objects.select_related("base__organization", "department")
    filterset_class = filtersets.PracticeContractFilterSet
    table_class = tables.PracticeContractTable


# What the contract's form edits, but the scan: the page links it above the fields.
CONTRACT_FIELDS = [name for name in forms.PracticeContractForm.Meta.fields if name != "scan"]


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
    initial_from_query = ("base",)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if "base" in initial:  # the base's department keeps the contract
            found = PracticeBase.objects.for_user(self.request.user, VIEW).filter(pk=initial["base"]).first()
            if found is not None:
                initial["department"] = found.department_id
        return initial

    def save(self, form: Any) -> Any:
        return base_services.save_contract(form.save(commit=False), acting_user=self.request.user)


class PracticeContractHistoryView(ObjectHistoryView):
    queryset = PracticeContract.objects.all()


class ContractScanView(ScopedFileView):
    """The signed scan of a contract, shown in the browser."""

    queryset = PracticeContract.objects.all()
    file_field = "scan"


class AnnexAddView(ScopedServiceFormView):
    """A new annex to a contract (ContractAnnex has no scoped manager: the contract's change scope decides)."""

    queryset = PracticeContract.objects.select_related("base__organization")
    form_class = forms.AnnexForm

    def get_form_kwargs(self, obj: PracticeContract) -> dict[str, Any]:
        return {"user": self.request.user, "contract": obj, "initial": {}}

    def get_title(self, obj: PracticeContract) -> str:
        return _("New annex to {contract}").format(contract=obj)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"][-1] = (_("New annex"), None)
        return context

    def perform(self, obj: PracticeContract, form: forms.AnnexForm) -> ContractAnnex:
        return base_services.save_annex(form.save(commit=False), acting_user=self.request.user)

    def get_success_message(self, obj: PracticeContract, result: ContractAnnex) -> str:
        return _("Annex saved.")
