"""Remind the invited who have not answered open survey campaigns (for cron: e.g. every Monday).

    manage.py send_survey_reminders [--campaign ID] [--quiet-days 7] [--dry-run]

Each recipient is reminded in their own language, at most once per --quiet-days days; those who
answered (the invitation's has_responded flag) are never reminded, anonymous campaigns included.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mansap.surveys.choices import CampaignStatus
from mansap.surveys.models import Campaign
from mansap.surveys.services import campaigns as services


class Command(BaseCommand):
    help = "E-mail reminders to the invited who have not answered open survey campaigns."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--campaign", type=int, help="only this campaign (id)")
        parser.add_argument("--quiet-days", type=int, default=7, help="skip those e-mailed within N days (7)")
        parser.add_argument("--dry-run", action="store_true", help="count, send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        campaigns = Campaign.objects.filter(launched_at__isnull=False, closed_at__isnull=True)
        if options["campaign"]:
            campaigns = campaigns.filter(pk=options["campaign"])
            if not campaigns.exists():
                raise CommandError(f"No launched, unclosed campaign {options['campaign']}.")
        total = 0
        for campaign in campaigns.select_related("questionnaire").order_by("pk"):
            if campaign.status != CampaignStatus.OPEN:
                continue
            if options["dry_run"]:
                sent = campaign.invitations.filter(has_responded=False, sent_at__isnull=False).exclude(email="").count()
            else:
                sent = services.send_invitations(
                    campaign, acting_user=None, reminder=True, quiet_days=options["quiet_days"]
                )
            total += sent
            self.stdout.write(f"{campaign.pk} {campaign.title_en}: {sent}")
        self.stdout.write(self.style.SUCCESS(f"reminders {'to send' if options['dry_run'] else 'sent'}: {total}"))
