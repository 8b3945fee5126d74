"""Background jobs of the studentbody app (huey): orders signed in advance change the student's record on their
effective date (services.states.apply_due; a missed day is caught up within a week)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mansap.studentbody.services.states import apply_due

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="0", minute="20"))
def apply_due_orders() -> int:
    changed = apply_due()
    logger.info("students brought to today's contingent state: %s", changed)
    return changed
