"""Background jobs of the regulations app (huey): the daily reminders (services.reminders; without a consumer,
cron runs `manage.py regulations_reminders` instead: both send each reminder once a day)."""

from __future__ import annotations

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mansap.regulations.services.reminders import send_reminders

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="7", minute="10"))
def send_regulations_reminders() -> int:
    result = send_reminders(as_of=timezone.localdate())
    logger.info("regulations reminders sent: %s", result["sent"])
    return int(result["sent"])
