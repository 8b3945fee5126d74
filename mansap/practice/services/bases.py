"""The practice-base registry, the vetting gate, contracts and annexes (R-035…R-041, 001 §8, §12).

A base is usable (may receive placements) only while APPROVED, and it becomes approved only
through a vetting where every criterion passed with evidence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.core.querysets import CHANGE
from mansap.practice.choices import BaseSource, BaseStatus, VettingDecision
from mansap.practice.models import BaseVetting, ContractAnnex, PracticeBase, PracticeContract


def _require_change(user: Any, obj: Any) -> None:
    if user is None:
        return
    manager = type(obj)._default_manager
    if obj.pk and not manager.for_user(user, CHANGE).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied


def check_base(base: PracticeBase) -> None:
    """Rules of one base beyond its fields: the source "student" names the student (of the institution)."""
    errors: dict[str, Any] = {}
    if base.source == BaseSource.STUDENT and not base.proposed_by_id:
        errors["proposed_by"] = _("Name the student who proposed the base.")
    if base.proposed_by is not None and base.proposed_by.institution_id != base.institution_id:
        errors["proposed_by"] = _("The student belongs to another institution.")
    if base.department_id and base.institution_id and base.department.faculty.institution_id != base.institution_id:
        errors["department"] = _("The department belongs to another institution.")
    if errors:
        raise ValidationError(errors)


def save_base(base: PracticeBase, *, acting_user: Any, programs: Any = None) -> PracticeBase:
    """Create or update a base. A new base is a candidate; its status changes only by vetting,
    suspension or reinstatement."""
    _require_change(acting_user, base)
    if base.pk is None:
        base.status = BaseStatus.CANDIDATE
        base.approved_on = None
        base.approved_by = None
    check_base(base)
    base.full_clean(exclude=["programs"])
    with transaction.atomic():
        base.save()
        if programs is not None:
            base.programs.set(programs)
    return base


def vet_base(
    base: PracticeBase, vetting_data: dict[str, Any], *, acting_user: Any, evidence_file: Any = None
) -> BaseVetting:
    """Record a vetting and apply its decision: APPROVED only when every criterion passed with
    evidence (a note or a file); a rejection makes the base REJECTED."""
    _require_change(acting_user, base)
    allowed = {f"{c}_ok" for c in BaseVetting.CRITERIA} | {f"{c}_note" for c in BaseVetting.CRITERIA}
    allowed |= {"checked_on", "legal_review", "decision"}
    unknown = set(vetting_data) - allowed
    if unknown:
        raise ValueError(f"unknown vetting fields: {sorted(unknown)}")
    vetting = BaseVetting(base=base, checked_by=acting_user if getattr(acting_user, "pk", None) else None)
    vetting.checked_on = vetting_data.get("checked_on") or timezone.localdate()
    for name, value in vetting_data.items():
        if name != "checked_on":
            setattr(vetting, name, value)
    if evidence_file is not None:
        vetting.evidence_file = evidence_file
    if not vetting.decision:
        raise ValidationError({"decision": _("Choose a decision.")})
    vetting.full_clean(exclude=["base"])
    with transaction.atomic():
        vetting.save()
        if vetting.decision == VettingDecision.APPROVED:
            base.status = BaseStatus.APPROVED
            base.approved_on = vetting.checked_on
            base.approved_by = acting_user if getattr(acting_user, "pk", None) else None
        else:
            base.status = BaseStatus.REJECTED
        base.save(update_fields=["status", "approved_on", "approved_by", "updated_at"])
    return vetting


def suspend_base(base: PracticeBase, *, acting_user: Any, reason: str) -> PracticeBase:
    """Stop using an approved base (no new placements); existing placements stay."""
    _require_change(acting_user, base)
    if base.status != BaseStatus.APPROVED:
        raise ValidationError({"status": _("Only an approved base can be suspended.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the suspension.")})
    base.status = BaseStatus.SUSPENDED
    stamp = timezone.localdate().strftime("%d.%m.%Y")
    base.note = f"{base.note}\n{stamp}: {reason.strip()}".strip()
    base.save(update_fields=["status", "note", "updated_at"])
    return base


def reinstate_base(base: PracticeBase, *, acting_user: Any) -> PracticeBase:
    """A suspended base becomes approved again (its last vetting approved it)."""
    _require_change(acting_user, base)
    if base.status != BaseStatus.SUSPENDED:
        raise ValidationError({"status": _("Only a suspended base can be reinstated.")})
    last = base.vettings.order_by("-checked_on", "-pk").first()
    if last is None or last.decision != VettingDecision.APPROVED:
        raise ValidationError({"status": _("The last vetting did not approve the base: vet it again.")})
    base.status = BaseStatus.APPROVED
    base.save(update_fields=["status", "updated_at"])
    return base


# ---- Contracts ------------------------------------------------------------------------------------------------
def check_contract(contract: PracticeContract) -> None:
    errors: dict[str, Any] = {}
    if contract.base_id and contract.department_id:
        institution_id = contract.base.institution_id
        if contract.department.faculty.institution_id != institution_id:
            errors["department"] = _("The department belongs to another institution.")
    if contract.signed_on and contract.valid_until and contract.signed_on > contract.valid_until:
        errors["signed_on"] = _("A contract cannot be signed after it expires.")
    if errors:
        raise ValidationError(errors)


def save_contract(contract: PracticeContract, *, acting_user: Any) -> PracticeContract:
    _require_change(acting_user, contract)
    contract.full_clean()
    check_contract(contract)
    contract.save()
    return contract


def save_annex(annex: ContractAnnex, *, acting_user: Any) -> ContractAnnex:
    """An annex ties a framework contract to one practice of the same base's programs."""
    _require_change(acting_user, annex.contract)
    annex.full_clean()
    errors: dict[str, Any] = {}
    practice = annex.practice
    if practice.institution_id != annex.contract.base.institution_id:
        errors["practice"] = _("The practice belongs to another institution.")
    elif not annex.contract.base.programs.filter(pk=practice.program_id).exists():
        errors["practice"] = _("The base is not approved for the program of this practice.")
    if errors:
        raise ValidationError(errors)
    annex.save()
    return annex


def contract_state(contract: PracticeContract, today: dt.date, expiring_days: int = 60) -> str:
    """unsigned / expired / expiring / not_yet / valid."""
    if not contract.signed_on:
        return "unsigned"
    if contract.valid_until < today:
        return "expired"
    if contract.valid_from > today:
        return "not_yet"
    if (contract.valid_until - today).days <= expiring_days:
        return "expiring"
    return "valid"
