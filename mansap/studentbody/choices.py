"""Choice lists of the studentbody app: order types, their grounds and statuses, a student's contingent state
(issue #15). The type codes are the issue's interface: kept exactly."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrderType(models.TextChoices):
    ENROLMENT = "enrolment", _("enrolment")
    TRANSFER_IN = "transfer_in", _("transfer from another university")
    TRANSFER_OUT = "transfer_out", _("transfer to another university")
    TRANSFER_INTERNAL = "transfer_internal", _("transfer within the university")
    REINSTATEMENT = "reinstatement", _("reinstatement")
    EXPULSION = "expulsion", _("expulsion")
    ACADEMIC_LEAVE = "academic_leave", pgettext_lazy("order type", "academic leave")
    LEAVE_RETURN = "leave_return", _("return from academic leave")
    REPEAT_YEAR = "repeat_year", _("repeat of a year")
    STATE_GRANT = "state_grant", _("transfer to a state grant")
    SCHOLARSHIP = "scholarship", _("scholarship award")
    MOBILITY_OUT = "mobility_out", _("academic mobility (outgoing)")
    MOBILITY_IN = "mobility_in", _("academic mobility (incoming)")
    NAME_CHANGE = "name_change", _("change of name")
    GRADUATION = "graduation", _("graduation")


# The movement: arrivals to the studying contingent and departures from it (transfer_internal is both,
# into its new program and out of its old one). The other types change no count.
ARRIVALS = (OrderType.ENROLMENT, OrderType.TRANSFER_IN, OrderType.REINSTATEMENT, OrderType.LEAVE_RETURN)
DEPARTURES = (OrderType.EXPULSION, OrderType.TRANSFER_OUT, OrderType.ACADEMIC_LEAVE, OrderType.GRADUATION)
# Types whose item names the program the student studies in from its effective date.
NEEDS_PROGRAM = (OrderType.ENROLMENT, OrderType.TRANSFER_IN, OrderType.TRANSFER_INTERNAL)


class ExpulsionGround(models.TextChoices):
    OWN_WISH = "own_wish", _("own wish")
    ACADEMIC_FAILURE = "academic_failure", _("academic failure")
    NON_PAYMENT = "non_payment", _("non-payment")
    RULES_VIOLATION = "rules_violation", _("violation of the rules")
    TRANSFER = "transfer", pgettext_lazy("expulsion ground", "transfer")
    DEATH = "death", _("death")


class LeaveGround(models.TextChoices):
    ILLNESS = "illness", _("illness (6–12 months)")
    MILITARY = "military", _("military service")
    CHILDCARE = "childcare", _("childbirth and child care (up to 3 years)")


GROUNDS = {OrderType.EXPULSION: ExpulsionGround, OrderType.ACADEMIC_LEAVE: LeaveGround}
ALL_GROUNDS = [*ExpulsionGround.choices, *LeaveGround.choices]


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", pgettext_lazy("order status", "signed")
    ENTERED = "entered", _("entered in Platonus")
    CANCELLED = "cancelled", pgettext_lazy("order status", "cancelled")


# Orders in force: their items shape the students' states.
IN_FORCE = (OrderStatus.SIGNED, OrderStatus.ENTERED)


class State(models.TextChoices):
    """A student's place in the contingent during a period (StudentPeriod.state)."""

    STUDYING = "studying", _("studying")
    ACADEMIC_LEAVE = "academic_leave", _("on academic leave")
    EXPELLED = "expelled", pgettext_lazy("contingent state", "expelled")
    TRANSFERRED_OUT = "transferred_out", _("transferred to another university")
    GRADUATED = "graduated", pgettext_lazy("contingent state", "graduated")


# The contingent page's and the command's groupings (the command's --by keys are the issue's).
class Breakdown(models.TextChoices):
    FACULTY = "faculty", _("faculty")
    DEPARTMENT = "department", _("department")
    PROGRAM = "program", _("program")
    YEAR = "year", _("year of study")
    FORM = "form", _("study form")
    FUNDING = "funding", _("funding")
    LANGUAGE = "language", _("language of instruction")
    SEX = "sex", _("sex")
    CITIZENSHIP = "citizenship", _("citizenship")
