"""State changes of the KPIs (#13): the lifecycle of a definition, targets, entered and measured values.

Who may act: the quality editors (core.access.is_quality_editor) do everything in their institution; a process's
owner (Process.owner_user) sets the targets and enters the values of their process's KPIs (the querysets'
self_filter, asked by require_change). Definitions (texts, formula, unit, direction, period, source) are the
quality editors' only. A command or a task (acting_user None) acts for the institution.

The status moves forward only, here: declared → formula agreed (agree_formula: a formula, a unit, a direction
and a period kind) → target set (a target exists) → measured (a value exists, with a target).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.common.indicators import WHOLE, Breakdown, Measurement
from mansap.core.access import is_quality_editor, user_can_change
from mansap.quality.choices import KPI_STATUS_ORDER, KPISource, KPIStatus
from mansap.quality.models import KPIDefinition, KPITarget, KPIValue
from mansap.quality.models.kpis import checked_period
from mansap.quality.reports.kpis import scorecard

if TYPE_CHECKING:
    from django.core.files import File

    from mansap.common.indicators import Period
    from mansap.core.access import MaybeUser
    from mansap.core.models import User

__all__ = [
    "agree_formula", "can_edit_definition", "can_manage_kpi", "enter_value", "measure", "record_measurement",
    "save_definition", "scorecard", "set_target",
]  # fmt: skip


def _user(acting_user: MaybeUser) -> User | None:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


def can_edit_definition(user: MaybeUser, definition: KPIDefinition | None = None) -> bool:
    """Edits and agrees definitions: the quality editors (of the definition's institution)."""
    if user is None:
        return True
    if not is_quality_editor(user):
        return False
    return definition is None or definition.pk is None or user_can_change(user, definition)


def can_manage_kpi(user: MaybeUser, definition: KPIDefinition) -> bool:
    """Sets targets and enters values: the quality editors, and the owner of the KPI's process."""
    return user is None or user_can_change(user, definition)


def _require_editor(acting_user: MaybeUser, definition: KPIDefinition) -> None:
    if not can_edit_definition(acting_user, definition):
        raise PermissionDenied


def _advance(definition: KPIDefinition, acting_user: MaybeUser) -> None:
    """Move the status to what the definition's targets and values now justify (never backwards)."""
    if definition.status == KPIStatus.DECLARED:
        return
    reached = KPIStatus.FORMULA_AGREED
    if definition.targets.exists():
        reached = KPIStatus.MEASURED if definition.values.exists() else KPIStatus.TARGET_SET
    if KPI_STATUS_ORDER.index(reached) > KPI_STATUS_ORDER.index(KPIStatus(definition.status)):
        definition.status = reached
        attributed(definition, acting_user).save(update_fields=["status", "updated_at"])


@transaction.atomic
def save_definition(definition: KPIDefinition, *, acting_user: MaybeUser) -> KPIDefinition:
    """Add a KPI to a process or save a changed one (the quality editors). An agreed definition keeps its
    status; its formula, unit, direction and period must stay complete."""
    _require_editor(acting_user, definition)
    if definition.process_id and not definition.institution_id:
        definition.institution_id = definition.process.institution_id
    definition.full_clean()
    if definition.status != KPIStatus.DECLARED and (errors := definition.agreement_errors()):
        raise ValidationError(errors)
    attributed(definition, acting_user).save()
    return definition


@transaction.atomic
def agree_formula(definition: KPIDefinition, *, acting_user: MaybeUser) -> KPIDefinition:
    """Agree a declared KPI's formula (the quality editors): it needs a formula, a unit, a direction and a period
    kind, and a computed KPI a registered indicator."""
    _require_editor(acting_user, definition)
    if definition.status != KPIStatus.DECLARED:
        raise ValidationError(_("The KPI's formula is already agreed."))
    if errors := definition.agreement_errors():
        raise ValidationError(errors)
    definition.full_clean()
    definition.status = KPIStatus.FORMULA_AGREED
    definition.formula_agreed_by = _user(acting_user)
    definition.formula_agreed_at = timezone.now()
    attributed(definition, acting_user).save()
    _advance(definition, acting_user)
    return definition


@transaction.atomic
def set_target(
    definition: KPIDefinition,
    *,
    period: str,
    target: Decimal,
    amber_threshold: Decimal | None = None,
    red_threshold: Decimal | None = None,
    acting_user: MaybeUser,
    reason: str | None = None,
) -> KPITarget:
    """Set (or change) the KPI's target for a period with its bands (see KPITarget); a missing threshold is the
    target itself (no tolerance). The process owner or the quality editors; the formula must be agreed."""
    if not can_manage_kpi(acting_user, definition):
        raise PermissionDenied
    if definition.status == KPIStatus.DECLARED:
        raise ValidationError(_("Agree the KPI's formula before setting a target."))
    label = checked_period(definition, period)
    item = KPITarget.objects.filter(definition=definition, period=label).first() or KPITarget(
        definition=definition, period=label
    )
    item.target = target
    item.amber_threshold = target if amber_threshold is None else amber_threshold
    item.red_threshold = item.amber_threshold if red_threshold is None else red_threshold
    item.set_by = _user(acting_user)
    item.set_at = timezone.now()
    item.full_clean()
    attributed(item, acting_user, reason=reason).save()
    _advance(definition, acting_user)
    return item


@transaction.atomic
def enter_value(
    definition: KPIDefinition,
    *,
    period: str,
    value: Decimal,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    evidence: File[Any] | None = None,
    evidence_url: str = "",
    note: str = "",
    acting_user: MaybeUser,
    reason: str | None = None,
) -> KPIValue:
    """Enter the value of an entered KPI for a period, with its evidence (a file or a link); entering it again
    corrects it (the history keeps the previous value and `reason`). The process owner or the quality editors;
    the formula must be agreed."""
    if not can_manage_kpi(acting_user, definition):
        raise PermissionDenied
    if definition.source != KPISource.ENTERED:
        raise ValidationError(_("A computed KPI is measured by its indicator, not entered."))
    if definition.status == KPIStatus.DECLARED:
        raise ValidationError(_("Agree the KPI's formula before entering a value."))
    label = checked_period(definition, period)
    item = KPIValue.objects.filter(definition=definition, period=label).first() or KPIValue(
        definition=definition, period=label
    )
    if item.pk is not None and item.source != KPISource.ENTERED:
        raise ValidationError(_("This period's value was measured by the indicator; it cannot be entered."))
    item.value, item.numerator, item.denominator, item.note = value, numerator, denominator, note
    if evidence:
        item.evidence = evidence
    if evidence_url:
        item.evidence_url = evidence_url
    if not item.evidence and not item.evidence_url:
        raise ValidationError({"evidence": _("Attach the evidence: a file or a link.")})
    item.source = KPISource.ENTERED
    item.entered_by = _user(acting_user)
    item.entered_at = timezone.now()
    item.full_clean()
    attributed(item, acting_user, reason=reason).save()
    _advance(definition, acting_user)
    return item


def measure(definition: KPIDefinition, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
    """The figure of a computed KPI from its indicator (no write); ValidationError when it has none."""
    provider = definition.provider
    if provider is None:
        raise ValidationError(
            _("The indicator %(code)s is not available: the app that provides it is not installed yet.")
            % {"code": definition.indicator or "—"}
        )
    return provider.measure(definition.institution, period, breakdown)


@transaction.atomic
def record_measurement(definition: KPIDefinition, *, period: str, acting_user: MaybeUser) -> KPIValue:
    """Measure a computed KPI for a period (the whole institution) and keep the figure as the period's value, so
    the trend and a frozen review read it later. The process owner or the quality editors."""
    if not can_manage_kpi(acting_user, definition):
        raise PermissionDenied
    if definition.source != KPISource.COMPUTED:
        raise ValidationError(_("An entered KPI has no indicator to measure it."))
    if definition.status == KPIStatus.DECLARED:
        raise ValidationError(_("Agree the KPI's formula before measuring it."))
    label = checked_period(definition, period)
    result = measure(definition, definition.parse_period(label))  # type: ignore[arg-type]
    if result.value is None:
        raise ValidationError(_("The indicator has no figure for %(period)s.") % {"period": label})
    item = KPIValue.objects.filter(definition=definition, period=label).first() or KPIValue(
        definition=definition, period=label
    )
    item.value = Decimal(result.value)
    item.numerator = None if result.numerator is None else Decimal(result.numerator)
    item.denominator = None if result.denominator is None else Decimal(result.denominator)
    item.source = KPISource.COMPUTED
    item.entered_by = _user(acting_user)
    item.entered_at = timezone.now()
    item.full_clean()
    attributed(item, acting_user).save()
    _advance(definition, acting_user)
    return item
