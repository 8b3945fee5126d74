"""Tables of the surveys lists; the XLSX exports reuse them."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mansap.core.tables import ATTRS
from mansap.surveys.choices import CampaignStatus, UnitResponseStatus
from mansap.surveys.models import Campaign, Invitation, Questionnaire, ResultsResponse

STATUS_COLOURS: dict[str, str] = {
    CampaignStatus.DRAFT: "secondary",
    CampaignStatus.SCHEDULED: "info",
    CampaignStatus.OPEN: "success",
    CampaignStatus.CLOSED: "dark",
}


class QuestionnaireTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), accessor="title", order_by="title_ru", linkify=True)
    kind = tables.Column(verbose_name=_("Audience"))
    version = tables.Column(verbose_name=_("Version"))
    question_count = tables.Column(verbose_name=_("Questions"))
    campaign_count = tables.Column(verbose_name=_("Campaigns"))
    updated_at = tables.DateColumn(verbose_name=_("Updated"), format="d.m.Y")

    class Meta:
        model = Questionnaire
        fields = ("title", "kind", "version", "question_count", "campaign_count", "updated_at")
        attrs = ATTRS
        empty_text = _("No questionnaires yet.")


class CampaignTable(tables.Table):
    title = tables.Column(verbose_name=_("Campaign"), accessor="title", order_by="title_ru", linkify=True)
    kind = tables.Column(verbose_name=_("Audience"))
    opens_on = tables.DateColumn(verbose_name=_("Opens"), format="d.m.Y")
    closes_on = tables.DateColumn(verbose_name=_("Closes"), format="d.m.Y")
    status = tables.Column(verbose_name=_("Status"), accessor="pk", orderable=False)
    department = tables.Column(verbose_name=_("Department"), accessor="department__code")
    invited = tables.Column(verbose_name=_("Invited"))
    responded = tables.Column(verbose_name=_("Responded"))
    submitted = tables.Column(verbose_name=_("Answers"))
    anonymous = tables.BooleanColumn(verbose_name=_("Anonymous"))

    class Meta:
        model = Campaign
        fields = ("title", "kind", "opens_on", "closes_on", "status", "department", "invited", "responded",
                  "submitted", "anonymous")  # fmt: skip
        attrs = ATTRS
        empty_text = _("No campaigns yet.")

    def render_status(self, record: Campaign) -> Any:
        status = record.status
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', STATUS_COLOURS[status], CampaignStatus(status).label
        )

    def value_status(self, record: Campaign) -> str:
        return str(CampaignStatus(record.status).label)


class InvitationTable(tables.Table):
    recipient = tables.Column(verbose_name=_("Recipient"), accessor="pk", orderable=False)
    program = tables.Column(verbose_name=_("Program"), accessor="program__code")
    email = tables.Column(verbose_name=_("E-mail"))
    language = tables.Column(verbose_name=_("Language"))
    sent_at = tables.DateTimeColumn(verbose_name=_("Sent"), format="d.m.Y")
    reminders_sent = tables.Column(verbose_name=_("Reminders"))
    has_responded = tables.BooleanColumn(verbose_name=_("Responded"))
    link = tables.Column(verbose_name=_("Link"), accessor="pk", orderable=False, exclude_from_export=True)

    class Meta:
        model = Invitation
        fields = ("recipient", "program", "email", "language", "sent_at", "reminders_sent", "has_responded", "link")
        attrs = ATTRS
        empty_text = _("No invitations: launch the campaign to invite its audience.")

    def __init__(self, *args: Any, link_base: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.link_base = link_base  # "" hides the links (the campaign is not open)

    def render_link(self, record: Invitation) -> Any:
        """The personal link, to copy into an SMS or a messenger (the same link the e-mail carries)."""
        if record.has_responded or not self.link_base:
            return "—"
        from mansap.surveys.services.links import link_path

        return format_html(
            '<button type="button" class="btn btn-sm btn-outline-secondary py-0" data-copy-link="{}" title="{}">'
            '<i class="bi bi-link-45deg"></i></button>',
            self.link_base + link_path(record),
            gettext("Copy the personal link (for an SMS or a messenger)"),
        )

    def render_recipient(self, record: Invitation) -> str:
        return record.recipient_name

    def value_recipient(self, record: Invitation) -> str:
        return record.recipient_name


UNIT_RESPONSE_COLOURS: dict[str, str] = {
    UnitResponseStatus.DRAFT: "secondary",
    UnitResponseStatus.SUBMITTED: "info",
    UnitResponseStatus.REVIEWED: "primary",
    UnitResponseStatus.PUBLISHED: "success",
}


class ResultsResponseTable(tables.Table):
    campaign = tables.Column(verbose_name=_("Campaign"), accessor="campaign__title", order_by="campaign__title_ru")
    department = tables.Column(verbose_name=_("Unit"), accessor="department__code")
    status = tables.Column(verbose_name=_("Status"))
    due_on = tables.DateColumn(verbose_name=_("Due"), format="d.m.Y")
    submitted_on = tables.DateColumn(verbose_name=_("Presented on"), format="d.m.Y")
    published_on = tables.DateColumn(verbose_name=_("Published on"), format="d.m.Y")
    author = tables.Column(verbose_name=_("Author"), accessor="author__display_name", orderable=False)

    class Meta:
        model = ResultsResponse
        fields = ("campaign", "department", "status", "due_on", "submitted_on", "published_on", "author")
        attrs = ATTRS
        empty_text = _("No unit has responded to survey results yet.")

    def render_campaign(self, record: ResultsResponse) -> Any:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.campaign.title)

    def render_status(self, record: ResultsResponse) -> Any:
        late = (
            format_html(' <span class="badge text-bg-danger">{}</span>', gettext("overdue"))
            if record.is_overdue and record.status == UnitResponseStatus.DRAFT
            else ""
        )
        return format_html(
            '<span class="badge text-bg-{}">{}</span>{}',
            UNIT_RESPONSE_COLOURS[record.status],
            record.get_status_display(),
            late,
        )

    def value_status(self, record: ResultsResponse) -> str:
        return str(record.get_status_display())
