"""Background jobs of the quality app (huey): the daily reminders (services.reminders).

The consumer (`manage.py run_huey`) runs the periodic task every morning; without a consumer, cron can run
`manage.py send_quality_reminders` instead: both send each reminder once (the sent ones are recorded).
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mansap.quality.services.reminders import send_due_reminders

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="7", minute="0"))
def send_quality_reminders() -> int:
    sent = send_due_reminders()
    logger.info("quality reminders sent: %s", len(sent))
    return len(sent)
