"""The IIN check of self-service links: the failed checks each graduate's link of a round has used."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.partitioning import InstitutionFromParent, InstitutionRowQuerySet
from mansap.graduates.models.rounds import CollectionRound


class SelfServiceCheck(InstitutionFromParent, models.Model):
    """The IIN checks of one graduate's self-service links in one round.

    `issue` numbers the links the department has issued to the graduate for the round: a link carries the
    issue it was made for (links made before issues existed carry none, which is issue 0). `failures` counts
    the wrong IIN digits typed on the current issue's links, in all and for good: once it reaches
    MANSAP_SELFSERVICE_MAX_FAILURES those links are dead (`locked_at` says since when), as are the links of
    every earlier issue. The department's next link starts issue + 1 with no failures (`renewed_at`, `renewed_by`).

    A row exists once a link has been checked or renewed; no row means issue 0 with no failures. The counts
    live here rather than in the shared throttle cache because a dead link must stay dead: the cache can be
    flushed, and culls its oldest entries when full.
    """

    institution_from = ("graduate", "institution_id")
    # Its institution, the same as its graduate's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    graduate = models.ForeignKey(
        "core.Student", models.CASCADE, related_name="selfservice_checks", verbose_name=_("graduate")
    )
    collection_round = models.ForeignKey(
        CollectionRound, models.CASCADE, related_name="selfservice_checks", verbose_name=_("collection round")
    )
    issue = models.PositiveIntegerField(_("link issue"), default=0)
    failures = models.PositiveSmallIntegerField(_("wrong IIN checks"), default=0)
    last_failed_at = models.DateTimeField(_("last wrong check"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    renewed_at = models.DateTimeField(_("new link issued"), null=True, blank=True)
    renewed_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("new link issued by")
    )

    history = HistoricalRecords(excluded_fields=["failures", "last_failed_at"])

    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-service link check")
        verbose_name_plural = _("self-service link checks")
        ordering = ["collection_round", "graduate"]
        indexes = [models.Index(fields=["institution", "collection_round"], name="graduates_sscheck_inst_round")]
        constraints = [
            models.UniqueConstraint(
                fields=["graduate", "collection_round"],
                name="graduates_selfservicecheck_once",
                violation_error_message=_("The graduate's links of this round are already counted."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.graduate} · {self.collection_round} · {self.issue}"
