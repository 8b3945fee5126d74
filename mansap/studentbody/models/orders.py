"""Contingent orders (приказы по контингенту): an order with one item per student (issue #15).

An order is drafted by the Student Service Center, signed by the rector (its signatory) and then entered in AIS
Platonus: draft → signed → entered, each step with who recorded it and when (R-095, R-105). A draft may be
cancelled; a signed order is never edited. Only orders in force (signed or entered) change a student's state,
from each item's effective date (services.states replays them into StudentPeriod rows).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.partitioning import InstitutionFromParent
from mansap.core.choices import Funding, StudyForm, StudyLanguage
from mansap.core.models.base import TimeStampedModel
from mansap.studentbody.choices import ALL_GROUNDS, GROUNDS, NEEDS_PROGRAM, OrderStatus, OrderType
from mansap.studentbody.querysets import OrderItemQuerySet, OrderQuerySet


class Order(TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="contingent_orders", verbose_name=_("institution")
    )
    number = models.CharField(_("order number"), max_length=32)
    date = models.DateField(_("order date"))
    type = models.CharField(_("order type"), max_length=24, choices=OrderType.choices)
    signatory = models.CharField(
        _("signatory"), max_length=200, blank=True, help_text=_("Who signs the order, e.g. the rector.")
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    signed_at = models.DateTimeField(_("signed (recorded at)"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("signing recorded by"),
    )  # fmt: skip
    entered_at = models.DateTimeField(_("entered in Platonus at"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("entered in Platonus by"),
    )  # fmt: skip
    imported = models.BooleanField(_("imported"), default=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = OrderQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("contingent order")
        verbose_name_plural = _("contingent orders")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number", "date"],
                name="studentbody_order_number_unique",
                violation_error_message=_("An order with this number and date already exists."),
            ),
        ]
        indexes = [models.Index(fields=["status", "date"], name="studentbody_order_status")]

    def __str__(self) -> str:
        return _("Order No. {number} of {date}").format(number=self.number, date=self.date.strftime("%d.%m.%Y"))

    def get_absolute_url(self) -> str:
        return reverse("studentbody:order_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == OrderStatus.DRAFT

    @property
    def in_force(self) -> bool:
        return self.status in (OrderStatus.SIGNED, OrderStatus.ENTERED)


class OrderItem(InstitutionFromParent, TimeStampedModel):
    """One student of an order: what changes for them and from when."""

    institution_from = ("order", "institution_id")
    # Its institution, the same as its order's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    order = models.ForeignKey(Order, models.CASCADE, related_name="items", verbose_name=_("order"))
    student = models.ForeignKey(
        "core.Student", models.PROTECT, related_name="contingent_items", verbose_name=_("student")
    )
    effective_date = models.DateField(_("effective date"))
    ground = models.CharField(_("ground"), max_length=24, choices=ALL_GROUNDS, blank=True)
    program = models.ForeignKey(
        "core.EducationalProgram", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("new program"),
    )  # fmt: skip
    study_form = models.CharField(_("new study form"), max_length=16, choices=StudyForm.choices, blank=True)
    study_language = models.CharField(
        _("new language of instruction"), max_length=2, choices=StudyLanguage.choices, blank=True
    )
    funding = models.CharField(_("new funding"), max_length=16, choices=Funding.choices, blank=True)
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    leave_end_date = models.DateField(_("leave ends"), null=True, blank=True)
    new_last_name = models.CharField(_("new last name"), max_length=100, blank=True)
    new_first_name = models.CharField(_("new first name"), max_length=100, blank=True)
    new_middle_name = models.CharField(_("new middle name"), max_length=100, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = OrderItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["effective_date", "pk"]
        indexes = [models.Index(fields=["institution", "effective_date"], name="studentbody_item_inst_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "student"],
                name="studentbody_item_one_per_student",
                violation_error_message=_("The student is already in this order."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}: {self.student}"

    def get_absolute_url(self) -> str:
        return reverse("studentbody:order_detail", args=[self.order_id])

    def clean(self) -> None:
        """The rules an item keeps whatever the student's state (the state is checked on signing)."""
        super().clean()
        errors: dict[str, object] = {}
        order_type = OrderType(self.order.type)
        grounds = GROUNDS.get(order_type)
        if grounds is not None and self.ground not in grounds.values:
            errors["ground"] = _("Choose the ground of the {type}: {choices}.").format(
                type=order_type.label, choices=", ".join(str(label) for label in grounds.labels)
            )
        elif grounds is None and self.ground:
            errors["ground"] = _("Only an expulsion or an academic leave has a ground.")
        if order_type in NEEDS_PROGRAM and not self.program_id:
            errors["program"] = _("Name the program the student studies in from the effective date.")
        if order_type == OrderType.NAME_CHANGE and not (self.new_last_name and self.new_first_name):
            errors["new_last_name"] = _("A change of name gives the new last and first names.")
        if order_type == OrderType.REPEAT_YEAR and not self.year_of_study:
            errors["year_of_study"] = _("A repeat of a year names the year the student repeats.")
        if self.leave_end_date and order_type != OrderType.ACADEMIC_LEAVE:
            errors["leave_end_date"] = _("Only an academic leave has an end date.")
        if self.leave_end_date and self.effective_date and self.leave_end_date <= self.effective_date:
            errors["leave_end_date"] = _("The leave ends after it begins.")
        if errors:
            raise ValidationError(errors)
