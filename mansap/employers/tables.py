"""Tables of the employers lists; the XLSX exports reuse them."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from mansap.core.tables import ATTRS
from mansap.employers.choices import ORGANIZATION_LABEL
from mansap.employers.filtersets import DEFAULT_EXPIRING_DAYS
from mansap.employers.models import CareerEvent, JointUnit, Organization, PartnershipAgreement, Vacancy


class OrganizationTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), accessor="name", order_by="name_ru", linkify=True)
    short_name = tables.Column(verbose_name=_("Short name"))
    bin = tables.Column(verbose_name=_("BIN"))
    region = tables.Column(verbose_name=_("Region"))
    size = tables.Column(verbose_name=_("Size"))
    agreement_count = tables.Column(verbose_name=_("Agreements"))
    phone = tables.Column(verbose_name=_("Phone"))
    email = tables.EmailColumn(verbose_name=_("E-mail"))

    class Meta:
        model = Organization
        fields = ("name", "short_name", "bin", "region", "size", "agreement_count", "phone", "email")
        attrs = ATTRS
        empty_text = _("No organizations match the filters.")


def agreement_status(agreement: PartnershipAgreement) -> tuple[str, str]:
    """(label, Bootstrap colour) of an agreement today."""
    today = timezone.localdate()
    if agreement.valid_from > today:
        return gettext("not yet in force"), "secondary"
    days = agreement.days_left(today)
    if days is None:
        return gettext("in force, indefinite"), "success"
    if days < 0:
        return gettext("expired"), "danger"
    if days <= DEFAULT_EXPIRING_DAYS:
        return ngettext("expires in {n} day", "expires in {n} days", days).format(n=days), "warning"
    return gettext("in force"), "success"


class PartnershipAgreementTable(tables.Table):
    agreement = tables.Column(verbose_name=_("Agreement"), accessor="pk", linkify=True, order_by=("kind", "number"))
    organization = tables.Column(verbose_name=ORGANIZATION_LABEL, linkify=True, order_by="organization__name_ru")
    signed_on = tables.DateColumn(verbose_name=_("Signed on"), short=True)
    valid_from = tables.DateColumn(verbose_name=_("Valid from"), short=True)
    valid_until = tables.DateColumn(verbose_name=_("Valid until"), short=True, default=_("indefinite"))
    department = tables.Column(verbose_name=_("Department"), accessor="department__code")
    status = tables.Column(verbose_name=_("Status"), accessor="pk", orderable=False)

    class Meta:
        model = PartnershipAgreement
        fields = ("agreement", "organization", "signed_on", "valid_from", "valid_until", "department", "status")
        attrs = ATTRS
        empty_text = _("No agreements match the filters.")

    def render_agreement(self, record: PartnershipAgreement) -> str:
        return str(record)

    def value_agreement(self, record: PartnershipAgreement) -> str:
        return str(record)

    def render_status(self, record: PartnershipAgreement) -> str:
        label, colour = agreement_status(record)
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)

    def value_status(self, record: PartnershipAgreement) -> str:
        return agreement_status(record)[0]


class JointUnitTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), accessor="name", order_by="name_ru", linkify=True)
    kind = tables.Column(verbose_name=_("Kind"))
    department = tables.Column(verbose_name=_("Department"), accessor="department__code")
    organization = tables.Column(verbose_name=ORGANIZATION_LABEL, linkify=True, order_by="organization__name_ru")
    opened_on = tables.DateColumn(verbose_name=_("Opened on"), short=True)
    closed_on = tables.DateColumn(verbose_name=_("Closed on"), short=True)

    class Meta:
        model = JointUnit
        fields = ("name", "kind", "department", "organization", "opened_on", "closed_on")
        attrs = ATTRS
        empty_text = _("No joint units match the filters.")


# ---- Tables --------------------------------------------------------------------------------------------------
STATUS_COLOURS = {"draft": "secondary", "submitted": "warning", "approved": "success", "rejected": "danger"}


def vacancy_badge(vacancy: Vacancy) -> tuple[str, str]:
    if vacancy.expired:
        return str(_("Expired")), "dark"
    return vacancy.get_status_display(), STATUS_COLOURS.get(vacancy.status, "secondary")


class VacancyTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), linkify=True)
    organization = tables.Column(verbose_name=ORGANIZATION_LABEL, order_by="organization__name_ru")
    kind = tables.Column(verbose_name=_("Kind"))
    region = tables.Column(verbose_name=_("Region"))
    status = tables.Column(verbose_name=_("Status"))
    published_on = tables.DateColumn(verbose_name=_("Published on"), short=True)
    expires_on = tables.DateColumn(verbose_name=_("Expires on"), short=True)

    class Meta:
        model = Vacancy
        fields = ("title", "organization", "kind", "region", "status", "published_on", "expires_on")
        attrs = ATTRS
        empty_text = _("No vacancies match the filters.")

    def render_status(self, record: Vacancy) -> str:
        label, colour = vacancy_badge(record)
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)

    def value_status(self, record: Vacancy) -> str:
        return vacancy_badge(record)[0]


class CareerEventTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), accessor="title", order_by="title_ru", linkify=True)
    kind = tables.Column(verbose_name=_("Kind"))
    starts_at = tables.DateTimeColumn(verbose_name=_("Starts at"), format="d.m.Y H:i")
    location = tables.Column(verbose_name=_("Location"))
    department = tables.Column(verbose_name=_("Department"), accessor="department__code", default="—")
    registered_count = tables.Column(verbose_name=_("Registered"))
    capacity = tables.Column(verbose_name=_("Capacity"), default="—")

    class Meta:
        model = CareerEvent
        fields = ("title", "kind", "starts_at", "location", "department", "registered_count", "capacity")
        attrs = ATTRS
        empty_text = _("No events match the filters.")
