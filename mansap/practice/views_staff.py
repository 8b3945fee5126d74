"""Pages of the practice app (staff part): the plan, bases and vetting, contracts, placements with the
automatic allocation, the rector's order, company packages and the compliance view."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from mansap.common.exports import rows_to_xlsx, xlsx_response
from mansap.common.views import (
    ObjectHistoryView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedMixin,
    StaffRequiredMixin,
    user_can_change,
)
from mansap.core.models import AcademicYear, Department, Student
from mansap.core.querysets import VIEW
from mansap.employers.services.organizations import user_institution
from mansap.graduates.evidence import read_head, sniff_content_type
from mansap.practice import deadlines, filtersets, forms, tables
from mansap.practice.choices import PlacementStatus, PracticeKind, PracticeStatus
from mansap.practice.models import (
    BaseVetting,
    Placement,
    PlacementPreference,
    Practice,
    PracticeBase,
    PracticeContract,
    PracticeOrder,
)
from mansap.practice.services import bases as base_services
from mansap.practice.services import placements as services

ACTIVE = ~Q(status=PlacementStatus.CANCELLED)


def _form_errors(form: Any, exc: ValidationError) -> None:
    forms.errors_to_form(form, exc)


class _ObjectActionMixin(ScopedMixin):
    """POST-only actions on one object: 404 outside the view scope, 403 without change rights."""

    def object_for_change(self, pk: int) -> Any:
        obj = get_object_or_404(self.queryset.all().for_user(self.request.user, VIEW), pk=pk)  # type: ignore[attr-defined]
        if not user_can_change(self.request.user, obj):
            raise PermissionDenied
        return obj


def _scan_response(field_file: Any) -> HttpResponseBase:
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = sniff_content_type(read_head(handle)) or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, filename=(field_file.name or "").rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---- The plan -------------------------------------------------------------------------------------------------
class PracticeListView(ScopedListView):
    queryset = Practice.objects.select_related("program", "department", "academic_year").annotate(
        placed=Count("placements", filter=~Q(placements__status=PlacementStatus.CANCELLED))
    )
    filterset_class = filtersets.PracticeFilterSet
    table_class = tables.PracticeTable
    template_name = "practice/practice_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Practice plan")
        context["breadcrumbs"] = [(context["title"], None)]
        context["can_plan"] = services.is_institution_editor(self.request.user)
        context["plan_url"] = reverse("practice:practice_plan")
        return context


PRACTICE_FIELDS = [
    "academic_year",
    "program",
    "department",
    "kind",
    "course",
    "credits",
    "starts_on",
    "ends_on",
    "special_cycle_ends_on",
    "report_due_on",
    "status",
    "sent_at",
]


class PracticeDetailView(ScopedDetailView):
    queryset = Practice.objects.select_related("program", "department", "academic_year", "institution")
    fields = PRACTICE_FIELDS
    template_name = "practice/practice_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice: Practice = self.object
        today = timezone.localdate()
        compliance = services.compliance_for([practice], today)[practice.pk]
        placements = list(
            practice.placements.select_related("student", "base__organization", "supervisor").order_by(
                "student__last_name", "student__first_name", "pk"
            )[:300]
        )
        active = [p for p in placements if p.status != PlacementStatus.CANCELLED]
        by_base: dict[int, list[Placement]] = defaultdict(list)
        for placement in active:
            by_base[placement.base_id].append(placement)
        packages = {p.base_id: p for p in practice.packages.all()}
        base_rows = []
        contract_items = {i.subject.pk: i for i in compliance.by_kind("contract")}
        for base_id, rows in by_base.items():
            base = rows[0].base
            base_rows.append(
                {
                    "base": base,
                    "count": len(rows),
                    "contract": contract_items.get(base_id),
                    "package": packages.get(base_id),
                }
            )
        base_rows.sort(key=lambda r: str(r["base"]))
        can_change = context["can_change"]
        context.update(
            today=today,
            compliance=compliance,
            contract_deadline=deadlines.contract_deadline(practice.starts_on),
            package_deadline=deadlines.package_deadline(practice.starts_on),
            referral_deadline=deadlines.referral_deadline(practice.starts_on),
            days_to_start=(practice.starts_on - today).days,
            placements=placements,
            active_count=len(active),
            proposed_count=sum(1 for p in active if p.status == PlacementStatus.PROPOSED),
            base_rows=base_rows,
            orders=list(practice.orders.select_related("submitted_by", "override_by")),
            annexes=list(practice.annexes.select_related("contract__base__organization")),
            cycle_debt=list(practice.students_with_cycle_debt.all()[:50])
            if practice.kind == PracticeKind.PRODUCTION
            else [],
            can_plan=services.is_institution_editor(self.request.user),
            can_override=services.is_career_center_editor(self.request.user),
            submit_form=forms.SubmitOrderForm(initial={"language": "kk"})
            if can_change and any(p.order_id is None for p in active)
            else None,
            package_form=forms.PackageForm(practice=practice) if can_change and base_rows else None,
            order_blocked=deadlines.order_blocked_by_date(practice.starts_on, today),
            missing_contracts=services.bases_without_timely_contract(practice) if active else [],
        )
        return context


class PracticeEditView(ScopedEditView):
    queryset = Practice.objects.all()

    def get_form_class(self) -> Any:
        if services.is_institution_editor(self.request.user):
            return forms.PracticeForm
        if self.kwargs.get("pk") is None:
            raise PermissionDenied
        return forms.PracticeDepartmentForm

    def save(self, form: Any) -> Any:
        practice = form.save(commit=False)
        if not practice.pk:
            practice.status = PracticeStatus.DRAFT
        practice.full_clean()
        practice.save()
        form.save_m2m()
        return practice


class PracticeHistoryView(ObjectHistoryView):
    queryset = Practice.objects.all()


class PracticePlanView(StaffRequiredMixin, TemplateView):
    """The Career Center drafts the year's plan from the academic calendar and sends it to departments."""

    template_name = "practice/practice_plan.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not services.is_institution_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def year(self) -> AcademicYear | None:
        institution = user_institution(self.request.user)
        years = AcademicYear.objects.filter(institution=institution)
        value = self.request.POST.get("academic_year") or self.request.GET.get("academic_year")
        if value and str(value).isdigit():
            return years.filter(pk=value).first()
        return years.filter(is_current=True).first() or years.order_by("-start_year").first()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.year()
        drafts = (
            list(
                Practice.objects.filter(academic_year=year, status=PracticeStatus.DRAFT)
                .select_related("program", "department")
                .order_by("department__code", "program__code", "course")
            )
            if year
            else []
        )
        context.update(
            title=_("Annual practice plan"),
            breadcrumbs=[(_("Practice plan"), reverse("practice:practice_list")), (_("Annual practice plan"), None)],
            year=year,
            form=forms.BuildPlanForm(user=self.request.user, initial={"academic_year": year.pk if year else None}),
            drafts=drafts,
            sent_count=Practice.objects.filter(academic_year=year, status=PracticeStatus.SENT).count() if year else 0,
            events=list(year.events.order_by("starts_on")) if year else [],
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = self.year()
        if year is None:
            raise Http404
        if request.POST.get("action") == "send":
            ids = [int(v) for v in request.POST.getlist("practice") if v.isdigit()]
            chosen = Practice.objects.filter(academic_year=year, status=PracticeStatus.DRAFT, pk__in=ids)
            count = services.send_plan(list(chosen), acting_user=request.user)
            messages.success(request, _("Sent {n} practices to their departments.").format(n=count))
        else:
            created = services.build_plan(year, acting_user=request.user)
            if created:
                messages.success(request, _("Drafted {n} practices from the academic calendar.").format(n=len(created)))
            else:
                messages.info(request, _("The plan already has every practice the calendar gives."))
        return HttpResponseRedirect(reverse("practice:practice_plan") + f"?academic_year={year.pk}")


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


# ---- Placements -----------------------------------------------------------------------------------------------
class PlacementListView(ScopedListView):
    queryset = Placement.objects.select_related("student", "practice__program", "base__organization", "supervisor")
    filterset_class = filtersets.PlacementFilterSet
    table_class = tables.PlacementTable

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice_id = self.request.GET.get("practice", "")
        if practice_id.isdigit():
            practice = Practice.objects.for_user(self.request.user, VIEW).filter(pk=practice_id).first()
            if practice is not None:
                context["title"] = f"{context['title']}: {practice}"
                context["breadcrumbs"] = [
                    (_("Practice plan"), reverse("practice:practice_list")),
                    (str(practice), practice.get_absolute_url()),
                    (capfirst(str(Placement._meta.verbose_name_plural)), None),
                ]
                if context.get("add_url"):
                    context["add_url"] += f"?practice={practice.pk}"
        return context


PLACEMENT_FIELDS = [
    "practice",
    "student",
    "base",
    "status",
    "source",
    "supervisor",
    "supervisor_exception",
    "company_supervisor_name",
    "company_supervisor_position",
    "company_supervisor_email",
    "company_supervisor_phone",
    "thesis_topic",
    "order",
]


class PlacementDetailView(ScopedDetailView):
    queryset = Placement.objects.select_related(
        "student__program", "practice__program", "practice__department", "base__organization", "supervisor", "order"
    )
    fields = PLACEMENT_FIELDS
    template_name = "practice/placement_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        placement: Placement = self.object
        context.update(
            practice=placement.practice,
            status_badge=tables.badge(placement.status, placement.get_status_display()),
            contract_warning=services.contract_warning(placement.practice, placement.base)
            if placement.status != PlacementStatus.CANCELLED
            else "",
            supervisor_flag=bool(placement.supervisor and not placement.supervisor.is_senior),
        )
        return context


class PlacementEditView(ScopedEditView):
    queryset = Placement.objects.select_related("practice", "student", "base")
    form_class = forms.PlacementForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        practice = self.request.GET.get("practice", "")
        if practice.isdigit():
            initial["practice"] = practice
        return initial

    def save(self, form: Any) -> Any:
        if form.instance.pk:
            data = form.service_kwargs()
            data["base"] = form.cleaned_data["base"]
            placement = services.update_placement(form.instance, acting_user=self.request.user, **data)
        else:
            placement = services.place_student(
                form.cleaned_data["practice"],
                form.cleaned_data["student"],
                form.cleaned_data["base"],
                acting_user=self.request.user,
                **form.service_kwargs(),
            )
        warning = services.contract_warning(placement.practice, placement.base)
        if warning:
            messages.warning(self.request, warning)
        return placement


class PlacementCancelView(_ObjectActionMixin, View):
    queryset = Placement.objects.all()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = self.object_for_change(pk)
        services.cancel_placement(placement, acting_user=request.user)
        messages.success(request, _("The placement is cancelled."))
        return HttpResponseRedirect(placement.get_absolute_url())


class PlacementHistoryView(ObjectHistoryView):
    queryset = Placement.objects.all()


class _PracticeActionMixin(_ObjectActionMixin):
    queryset = Practice.objects.select_related("program", "department")

    def crumbs(self, practice: Practice, label: str) -> list[tuple[str, str | None]]:
        return [
            (_("Practice plan"), reverse("practice:practice_list")),
            (str(practice), practice.get_absolute_url()),
            (label, None),
        ]


class AllocationView(_PracticeActionMixin, View):
    """Propose an assignment from the students' ranked wishes; staff then adjust and confirm."""

    def context(self, practice: Practice, report: services.AllocationReport | None = None) -> dict[str, Any]:
        students = list(services.practice_students(practice))
        preference_count = PlacementPreference.objects.filter(practice=practice).values("student").distinct().count()
        bases = list(
            services.candidate_bases(practice).annotate(
                taken=Count(
                    "placements",
                    filter=Q(placements__practice=practice) & ~Q(placements__status=PlacementStatus.CANCELLED),
                )
            )
        )
        placements = list(
            Placement.objects.filter(ACTIVE, practice=practice)
            .select_related("student", "base__organization", "supervisor")
            .order_by("status", "student__last_name")
        )
        return {
            "practice": practice,
            "title": _("Automatic allocation"),
            "breadcrumbs": self.crumbs(practice, _("Automatic allocation")),
            "student_count": len(students),
            "preference_count": preference_count,
            "bases": bases,
            "capacity": sum(b.capacity for b in bases),
            "report": report,
            "placements": placements,
            "proposed": [p for p in placements if p.status == PlacementStatus.PROPOSED],
            "distribution": sorted(services.rank_distribution(practice).items()),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        return render(request, "practice/allocation.html", self.context(practice))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        if request.POST.get("action") == "confirm":
            confirmed, problems = services.confirm_placements(practice, acting_user=request.user)
            messages.success(request, _("Confirmed {n} placements.").format(n=confirmed))
            for _pk, found in list(problems.items())[:10]:
                messages.warning(request, " ".join(found))
            return HttpResponseRedirect(reverse("practice:practice_allocate", args=[practice.pk]))
        try:
            report = services.propose_allocation(practice, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("practice:practice_allocate", args=[practice.pk]))
        return render(request, "practice/allocation.html", self.context(practice, report))


class PreferencesView(_PracticeActionMixin, View):
    """Staff enter a student's ranked wishes for the automatic allocation."""

    def context(self, practice: Practice, form: Any) -> dict[str, Any]:
        rows: dict[int, list[PlacementPreference]] = defaultdict(list)
        for pref in (
            PlacementPreference.objects.filter(practice=practice)
            .select_related("student", "base__organization")
            .order_by("student__last_name", "student_id", "rank")[:1000]
        ):
            rows[pref.student_id].append(pref)
        return {
            "practice": practice,
            "form": form,
            "title": _("Students' preferences"),
            "breadcrumbs": self.crumbs(practice, _("Students' preferences")),
            "rows": list(rows.values()),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        form = forms.PreferencesForm(practice=practice, user=request.user)
        return render(request, "practice/preferences.html", self.context(practice, form))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        form = forms.PreferencesForm(request.POST, practice=practice, user=request.user)
        if form.is_valid():
            try:
                services.set_preferences(
                    practice, form.cleaned_data["student"], form.chosen_bases(), acting_user=request.user
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request, _("Preferences saved for {student}.").format(student=form.cleaned_data["student"])
                )
                return HttpResponseRedirect(reverse("practice:practice_preferences", args=[practice.pk]))
        return render(request, "practice/preferences.html", self.context(practice, form), status=400)


class MyPreferencesView(LoginRequiredMixin, View):
    """A student ranks the bases of a practice of their own Major (before placement)."""

    def get_practice(self, request: HttpRequest, pk: int) -> tuple[Practice, Student]:
        student = Student.objects.filter(user=request.user).first()  # type: ignore[misc]
        if student is None:
            raise PermissionDenied
        practice = get_object_or_404(
            Practice.objects.filter(status=PracticeStatus.SENT, program_id=student.program_id), pk=pk
        )
        return practice, student

    def render_page(
        self, request: HttpRequest, practice: Practice, student: Student, form: Any, status: int = 200
    ) -> HttpResponse:
        current = list(
            PlacementPreference.objects.filter(practice=practice, student=student).select_related("base__organization")
        )
        placed = Placement.objects.filter(ACTIVE, practice=practice, student=student).exists()
        return render(
            request,
            "practice/my_preferences.html",
            {
                "practice": practice,
                "form": form,
                "current": current,
                "placed": placed,
                "title": _("My preferences: {practice}").format(practice=practice),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice, student = self.get_practice(request, pk)
        form = forms.PreferencesForm(practice=practice, student=student)
        return self.render_page(request, practice, student, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice, student = self.get_practice(request, pk)
        if Placement.objects.filter(ACTIVE, practice=practice, student=student).exists():
            raise PermissionDenied
        form = forms.PreferencesForm(request.POST, practice=practice, student=student)
        if form.is_valid():
            try:
                services.set_preferences(practice, student, form.chosen_bases(), acting_user=request.user)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Your preferences are saved."))
                return HttpResponseRedirect(request.path)
        return self.render_page(request, practice, student, form, status=400)


# ---- Order and package ----------------------------------------------------------------------------------------
class SubmitOrderView(_PracticeActionMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        form = forms.SubmitOrderForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Check the form."))
            return HttpResponseRedirect(practice.get_absolute_url())
        try:
            order = services.submit_order(
                practice,
                acting_user=request.user,
                override_reason=form.cleaned_data.get("override_reason", ""),
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(practice.get_absolute_url() + "#order")
        messages.success(request, _("The submission for the rector's order is recorded."))
        return HttpResponseRedirect(order.get_absolute_url())


class PackageView(_PracticeActionMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = self.object_for_change(pk)
        form = forms.PackageForm(request.POST, practice=practice)
        if form.is_valid():
            try:
                services.record_package(
                    practice,
                    form.cleaned_data["base"],
                    acting_user=request.user,
                    sent_on=form.cleaned_data["sent_on"],
                    approved_on=form.cleaned_data["approved_on"],
                )
                messages.success(request, _("Package dates saved."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(practice.get_absolute_url() + "#bases")


class PracticeOrderListView(ScopedListView):
    queryset = PracticeOrder.objects.select_related("practice__program", "practice__department")
    filterset_class = filtersets.PracticeOrderFilterSet
    table_class = tables.PracticeOrderTable

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = None  # submissions start from the practice page
        return context


class PracticeOrderDetailView(ScopedDetailView):
    queryset = PracticeOrder.objects.select_related(
        "practice__program", "practice__department", "submitted_by", "override_by"
    )
    fields = [
        "practice",
        "submitted_on",
        "submitted_by",
        "order_number",
        "order_date",
        "override_reason",
        "override_by",
        "language",
    ]
    template_name = "practice/practiceorder_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        order: PracticeOrder = self.object
        context["edit_url"] = None
        context["placements"] = list(
            order.practice.placements.filter(status=PlacementStatus.CONFIRMED)
            .select_related("student", "base__organization", "supervisor")
            .order_by("student__last_name")
        )
        if context["can_change"] and not order.order_number:
            context["record_form"] = forms.RecordOrderForm(initial={"order_date": timezone.localdate()})
        return context


class RecordOrderView(_ObjectActionMixin, View):
    queryset = PracticeOrder.objects.select_related("practice")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self.object_for_change(pk)
        form = forms.RecordOrderForm(request.POST)
        if form.is_valid():
            try:
                services.record_order(
                    order, form.cleaned_data["order_number"], form.cleaned_data["order_date"], acting_user=request.user
                )
                messages.success(request, _("The order is recorded and linked to the placements."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(order.get_absolute_url())


class PracticeOrderHistoryView(ObjectHistoryView):
    queryset = PracticeOrder.objects.all()


# ---- Compliance -----------------------------------------------------------------------------------------------
COMPLIANCE_KINDS = ("contract", "package", "referral", "report")
SHORT_LABELS = {
    "contract": _lazy("Contracts (1 month)"),
    "package": _lazy("Packages (1 month)"),
    "referral": _lazy("Referrals (1 week)"),
    "report": _lazy("Reports on time"),
}


class ComplianceView(StaffRequiredMixin, TemplateView):
    """Per department and practice: deadlines met, late items in red, warnings (R-040, R-025, R-026, R-032)."""

    template_name = "practice/compliance.html"
    limit = 200

    def practices(self) -> tuple[Any, QuerySet[Practice]]:
        user = self.request.user
        filterset = filtersets.PracticeFilterSet(
            self.request.GET or None, queryset=Practice.objects.for_user(user, VIEW), request=self.request
        )
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        if not self.request.GET.get("academic_year"):
            current = AcademicYear.objects.for_user(user).filter(is_current=True).first()
            if current is not None:
                queryset = queryset.filter(academic_year=current)
                filterset.form.initial["academic_year"] = current.pk
        if not self.request.GET.get("all"):
            queryset = queryset.filter(placements__in=Placement.objects.filter(ACTIVE)).distinct()
        return filterset, queryset.select_related("program", "department", "academic_year").order_by(
            "department__code", "starts_on", "program__code"
        )

    def rows(self) -> tuple[Any, list[dict[str, Any]], int]:
        filterset, queryset = self.practices()
        practices = list(queryset[: self.limit + 1])
        total = len(practices) if len(practices) <= self.limit else queryset.count()
        practices = practices[: self.limit]
        today = timezone.localdate()
        results = services.compliance_for(practices, today)
        rows = []
        for practice in practices:
            result = results[practice.pk]
            rows.append(
                {
                    "practice": practice,
                    "result": result,
                    "counts": {kind: result.counts(kind) for kind in COMPLIANCE_KINDS},
                    "red_items": [i for i in result.items if i.is_red][:30],
                    "days_to_start": (practice.starts_on - today).days,
                }
            )
        return filterset, rows, total

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filterset, rows, total = self.rows()
        by_department: dict[Department, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_department[row["practice"].department].append(row)
        query = self.request.GET.copy()
        query["export"] = "xlsx"
        context.update(
            title=_("Deadline compliance"),
            breadcrumbs=[(_("Deadline compliance"), None)],
            filter=filterset,
            departments=sorted(by_department.items(), key=lambda kv: kv[0].code),
            total=total,
            shown=len(rows),
            kinds=[(k, SHORT_LABELS[k], deadlines.ITEM_LABELS[k]) for k in COMPLIANCE_KINDS],
            show_all=bool(self.request.GET.get("all")),
            export_query=query.urlencode(),
            today=timezone.localdate(),
        )
        return context

    def export(self) -> HttpResponse:
        _filterset, rows, _total = self.rows()
        header = [
            _("Department"),
            _("Practice"),
            _("Starts on"),
            _("Deadline"),
            _("Subject"),
            _("Due"),
            _("Done on"),
            _("Status"),
        ]
        out = []
        for row in rows:
            practice = row["practice"]
            for item in row["result"].items:
                out.append(
                    [
                        practice.department.code,
                        str(practice),
                        practice.starts_on,
                        item.label,
                        str(item.subject),
                        item.due,
                        item.done_on or "",
                        item.status_label,
                    ]
                )
        name = _("Deadline compliance")
        return xlsx_response(rows_to_xlsx(name, header, out), f"{name} {timezone.localdate().isoformat()}")
