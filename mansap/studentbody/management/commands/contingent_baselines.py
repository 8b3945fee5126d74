"""Make the missing baseline periods once (a database from before baselines were kept on every write).

    python manage.py contingent_baselines

The contingent's readers (the pages, `contingent`, `movement_report`) never write; a student created or changed
since has their baseline from the post_save or the people import's students_written signal."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mansap.studentbody.services.states import ensure_baselines


class Command(BaseCommand):
    help = "Make the baseline contingent periods of the students who have none."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{ensure_baselines()} baseline periods made")
