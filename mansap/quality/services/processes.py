"""State changes of the process map: preloading document 002's cards and risks, editing a card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mansap.common.history import attributed
from mansap.core.access import is_quality_editor
from mansap.quality import processmap
from mansap.quality.choices import KPISource
from mansap.quality.models import KPIDefinition, Process, Risk
from mansap.quality.models.processes import CARD_FIELDS

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution, User

LANGUAGES = ("kk", "ru", "en")


@dataclass
class LoadResult:
    processes_created: int = 0
    risks_created: int = 0
    kpis_created: int = 0

    def as_counts(self) -> dict[str, int]:
        return {"processes": self.processes_created, "risks": self.risks_created, "KPIs": self.kpis_created}


def _texts(value: Any) -> dict[str, str]:
    """A card value, (kk, ru, en) texts or (kk, ru, en) lists of items, as {"kk": ..., ...}."""
    pairs = zip(LANGUAGES, value, strict=True)
    return {lang: "\n".join(part) if isinstance(part, list) else part for lang, part in pairs}


def card_values(card: dict[str, Any]) -> dict[str, Any]:
    """The model fields of one card of processmap.PROCESSES."""
    values: dict[str, Any] = {"code": card["code"], "id_code": card["id_code"], "category": card["category"]}
    for field in ("name", *CARD_FIELDS):
        for lang, text in _texts(card[field]).items():
            values[f"{field}_{lang}"] = text
    return values


@transaction.atomic
def load_process_map(institution: Institution, *, owner: User, acting_user: MaybeUser) -> LoadResult:
    """Preload the 22 processes of document 002, the seeds' risks (owned by `owner`) and the processes' KPIs
    (declared: one per line of a card's key indicators, and process 17's KPI-17.1…17.8, computed) into the
    institution.

    Idempotent: a process is found by its number, a risk by its key and a KPI by its code, and what exists is
    left as it is (the quality department may have edited it), so running it again adds only what is missing.
    """
    if acting_user is not None and not is_quality_editor(acting_user):
        raise PermissionDenied
    result = LoadResult()
    existing = {p.number: p for p in Process.objects.filter(institution=institution)}
    for card in processmap.PROCESSES:
        if card["number"] not in existing:
            process = Process(institution=institution, number=card["number"], **card_values(card))
            attributed(process, acting_user).save()
            existing[process.number] = process
            result.processes_created += 1
    keys = set(Risk.objects.filter(institution=institution).values_list("key", flat=True))
    for row in processmap.risks():
        if row["key"] in keys:
            continue
        risk = Risk(
            institution=institution, key=row["key"], process=existing[row["process"]], category=row["category"],
            owner=owner, source=row["source"],
            **{f"title_{lang}": text for lang, text in _texts(row["title"]).items()},
            **{f"treatment_{lang}": text for lang, text in _texts(row["treatment"]).items()},
        )  # fmt: skip
        attributed(risk, acting_user).save()
        result.risks_created += 1
    codes = set(KPIDefinition.objects.filter(institution=institution).values_list("code", flat=True))
    for row in processmap.kpis():
        if row["code"] in codes:
            continue
        definition = KPIDefinition(
            institution=institution, process=existing[row["process"]], code=row["code"],
            source=KPISource.COMPUTED if row["indicator"] else KPISource.ENTERED, indicator=row["indicator"],
            unit=row.get("unit", ""), higher_is_better=True if row["indicator"] else None,
            period_kind=row.get("period_kind", ""),
            **{f"name_{lang}": text for lang, text in _texts(row["name"]).items()},
        )  # fmt: skip
        attributed(definition, acting_user).save()
        result.kpis_created += 1
    return result


@transaction.atomic
def save_process(process: Process, *, acting_user: MaybeUser) -> Process:
    """Save an edited card (its form validated it); the quality editors' only."""
    if acting_user is not None and not is_quality_editor(acting_user):
        raise PermissionDenied
    process.full_clean()
    attributed(process, acting_user).save()
    return process
