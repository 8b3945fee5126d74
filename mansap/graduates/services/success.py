"""KPI-17.4: the Career Center sets the criteria of successful graduates of a cohort (models/success.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import is_career_center
from mansap.core.models import Institution
from mansap.graduates.models import SuccessCriteria, SuccessRule

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

RULE_FIELDS = ("outcome", "within_months", "min_salary", "abroad", "study_level")


@transaction.atomic
def set_success_criteria(
    institution: Institution,
    cohort: int,
    *,
    acting_user: MaybeUser,
    rules: Iterable[Mapping[str, Any]],
    note: str = "",
) -> SuccessCriteria:
    """Replace the criteria of the cohort with `rules` (dicts of RULE_FIELDS), in order; all or nothing.

    Every rule needs a condition; an error names the rule (1-based) and its field. No rules: the cohort has
    no criteria, and KPI-17.4 shows no figure for it.
    """
    if not is_career_center(acting_user, institution):
        raise PermissionDenied
    built: list[SuccessRule] = []
    for number, fields in enumerate(rules, start=1):
        rule = SuccessRule(position=number, **{name: fields.get(name) for name in RULE_FIELDS if name in fields})
        rule.outcome = rule.outcome or ""
        rule.study_level = rule.study_level or ""
        rule.abroad = bool(rule.abroad)
        try:
            rule.full_clean(exclude=["criteria"])
        except ValidationError as error:
            prefix = _("Rule {number}").format(number=number)
            raise ValidationError(
                {
                    name if name in RULE_FIELDS else "__all__": [f"{prefix}: {message}" for message in messages]
                    for name, messages in error.message_dict.items()
                }
            ) from None
        built.append(rule)
    criteria = SuccessCriteria.objects.select_for_update().filter(institution=institution, cohort=cohort).first()
    if criteria is None:
        criteria = SuccessCriteria(institution=institution, cohort=cohort)
    criteria.note = note
    criteria.full_clean(validate_constraints=False)
    attributed(criteria, acting_user).save()
    for old in criteria.rules.all():
        attributed(old, acting_user).delete()
    for rule in built:
        rule.criteria = criteria
        attributed(rule, acting_user).save()
    return criteria
