"""The practice-base registry, the vetting gate, contracts and annexes (R-035…R-041, 001 §8, §12).

A base is usable (may receive placements) only while APPROVED, and it becomes approved only
through a vetting where every criterion passed with evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import require_change
from mansap.core.models import EducationalProgram, User
from mansap.employers.models import Organization
from mansap.practice.choices import BaseSource, BaseStatus, VettingDecision
from mansap.practice.models import BaseVetting, ContractAnnex, PracticeBase, PracticeContract

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser


def _user(acting_user: MaybeUser) -> User | None:
    """The acting user as a row's "by" field (approved_by, checked_by): None for nobody or an anonymous visitor."""
    return acting_user if isinstance(acting_user, User) else None


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


@transaction.atomic
def save_base(
    base: PracticeBase,
    *,
    acting_user: MaybeUser,
    programs: Iterable[EducationalProgram] | None = None,
    new_organization: Organization | None = None,
) -> PracticeBase:
    """Create or update a base. A new base is a candidate; its status changes only by vetting,
    suspension or reinstatement.

    `new_organization` (unsaved) is added to the employers registry first and becomes the base's
    organization: the form offers to create one when the registry lacks it, and both are saved or neither.
    """
    require_change(acting_user, base)
    if new_organization is not None:
        new_organization.full_clean()
        attributed(new_organization, acting_user).save()
        base.organization = new_organization
    if base.pk is None:
        base.status = BaseStatus.CANDIDATE
        base.approved_on = None
        base.approved_by = None
    check_base(base)
    base.full_clean(exclude=["programs"])
    attributed(base, acting_user).save()
    if programs is not None:
        base.programs.set(programs)
    return base


@transaction.atomic
def vet_base(
    base: PracticeBase,
    vetting_data: dict[str, Any],
    *,
    acting_user: MaybeUser,
    evidence_file: File[Any] | None = None,
) -> BaseVetting:
    """Record a vetting and apply its decision: APPROVED only when every criterion passed with
    evidence (a note or a file); a rejection makes the base REJECTED.

    `vetting_data` holds the checklist (`<criterion>_ok`, `<criterion>_note`), `checked_on`, `legal_review`
    and `decision`, as the vetting form cleans them; another key is a programming error (ValueError).
    """
    require_change(acting_user, base)
    allowed = {f"{c}_ok" for c in BaseVetting.CRITERIA} | {f"{c}_note" for c in BaseVetting.CRITERIA}
    allowed |= {"checked_on", "legal_review", "decision"}
    unknown = set(vetting_data) - allowed
    if unknown:
        raise ValueError(f"unknown vetting fields: {sorted(unknown)}")
    vetting = BaseVetting(base=base, checked_by=_user(acting_user))
    vetting.checked_on = vetting_data.get("checked_on") or timezone.localdate()
    for name, value in vetting_data.items():
        if name != "checked_on":
            setattr(vetting, name, value)
    if evidence_file is not None:
        vetting.evidence_file = evidence_file
    if not vetting.decision:
        raise ValidationError({"decision": _("Choose a decision.")})
    # The model's clean() refuses an approval without every criterion and its evidence.
    vetting.full_clean(exclude=["base"])
    attributed(vetting, acting_user).save()
    if vetting.decision == VettingDecision.APPROVED:
        base.status = BaseStatus.APPROVED
        base.approved_on = vetting.checked_on
        base.approved_by = _user(acting_user)
    else:
        base.status = BaseStatus.REJECTED
    attributed(base, acting_user).save(update_fields=["status", "approved_on", "approved_by", "updated_at"])
    return vetting


@transaction.atomic
def suspend_base(base: PracticeBase, *, acting_user: MaybeUser, reason: str) -> PracticeBase:
    """Stop using an approved base (no new placements); existing placements stay. The reason is appended
    to the base's note with the date."""
    require_change(acting_user, base)
    if base.status != BaseStatus.APPROVED:
        raise ValidationError({"status": _("Only an approved base can be suspended.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the suspension.")})
    base.status = BaseStatus.SUSPENDED
    stamp = timezone.localdate().strftime("%d.%m.%Y")
    base.note = f"{base.note}\n{stamp}: {reason.strip()}".strip()
    attributed(base, acting_user).save(update_fields=["status", "note", "updated_at"])
    return base


@transaction.atomic
def reinstate_base(base: PracticeBase, *, acting_user: MaybeUser) -> PracticeBase:
    """A suspended base becomes approved again (its last vetting approved it)."""
    require_change(acting_user, base)
    if base.status != BaseStatus.SUSPENDED:
        raise ValidationError({"status": _("Only a suspended base can be reinstated.")})
    last = base.vettings.order_by("-checked_on", "-pk").first()
    if last is None or last.decision != VettingDecision.APPROVED:
        raise ValidationError({"status": _("The last vetting did not approve the base: vet it again.")})
    base.status = BaseStatus.APPROVED
    attributed(base, acting_user).save(update_fields=["status", "updated_at"])
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


@transaction.atomic
def save_contract(contract: PracticeContract, *, acting_user: MaybeUser) -> PracticeContract:
    """Create or update a contract with a base (its fields and `check_contract`)."""
    require_change(acting_user, contract)
    contract.full_clean()
    check_contract(contract)
    attributed(contract, acting_user).save()
    return contract


@transaction.atomic
def save_annex(annex: ContractAnnex, *, acting_user: MaybeUser) -> ContractAnnex:
    """An annex ties a framework contract to one practice of the same base's programs.

    ContractAnnex has no scoped manager: the user needs the change scope of its contract."""
    require_change(acting_user, annex.contract)
    annex.full_clean()
    errors: dict[str, Any] = {}
    practice = annex.practice
    if practice.institution_id != annex.contract.base.institution_id:
        errors["practice"] = _("The practice belongs to another institution.")
    elif not annex.contract.base.programs.filter(pk=practice.program_id).exists():
        errors["practice"] = _("The base is not approved for the program of this practice.")
    if errors:
        raise ValidationError(errors)
    attributed(annex, acting_user).save()
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
