"""manage.py seed_demo: load the KazUTB demo university (see mansap.demo, which runs every app's demo steps)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap import demo
from mansap.core import demo as core_demo


class Command(BaseCommand):
    help = (
        "Create the demo university KazUTB: faculties, departments, programs, calendar, employers, "
        "students, graduates and demo logins (password: mansap-demo). Does nothing if it is already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--graduates",
            type=int,
            default=core_demo.DEFAULT_GRADUATES,
            help="graduates in total (default %(default)s)",
        )
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="random seed (default %(default)s)")
        parser.add_argument(
            "--cohorts",
            type=int,
            default=core_demo.DEFAULT_COHORTS,
            help="graduation years, up to this one (default 4)",
        )
        parser.add_argument(
            "--batch-size", type=int, default=core_demo.DEFAULT_BATCH_SIZE, help="rows per bulk insert (default 5000)"
        )
        parser.add_argument("--flush", action="store_true", help="delete the demo data first, then load it again")
        parser.add_argument(
            "--consortium",
            action="store_true",
            help="also a second, small university and a consortium of both (login: ministry)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        if options["graduates"] < 0 or options["cohorts"] < 1 or options["batch_size"] < 1:
            raise CommandError("--graduates must be 0 or more, --cohorts and --batch-size 1 or more.")
        institution = core_demo.demo_institution()
        if institution is not None:
            if not core_demo.is_demo_institution(institution):
                raise CommandError(
                    f"Institution {institution.code} exists and was not created by seed_demo: left untouched."
                )
            if not options["flush"]:
                if verbosity:
                    self.stdout.write(
                        f"The demo is already loaded (institution {institution.code}); use --flush to rebuild it."
                    )
                return
            if verbosity:
                self.stdout.write(f"Deleting the demo data of {institution.code}…")
            demo.flush_demo(institution)

        def progress(message: str) -> None:
            if verbosity >= 2:
                self.stdout.write(message)

        result = demo.build_demo(
            graduates=options["graduates"],
            seed=options["seed"],
            cohorts=options["cohorts"],
            batch_size=options["batch_size"],
            progress=progress,
            consortium=options["consortium"],
        )
        if verbosity:
            self.print_summary(result)

    def print_summary(self, result: demo.DemoResult) -> None:
        write = self.stdout.write
        write(self.style.SUCCESS(f"Demo university {result.institution.short_name} loaded in {result.seconds:.1f} s:"))
        width = max(len(name) for name in result.counts)
        for name, count in result.counts.items():
            write(f"  {name.replace('_', ' '):<{width}}  {count:>8,}")
        write(f"  {'rows':<{width}}  {result.rows:>8,}  ({result.rows / max(result.seconds, 1e-9):,.0f} rows/s)")
        if result.skipped_users:
            write(self.style.WARNING(f"Existing accounts left unchanged: {', '.join(result.skipped_users)}"))
        if not result.logins:
            return
        write("")
        write(f"Demo logins (password for all: {core_demo.DEMO_PASSWORD}):")
        rows = [("login", "role", "access", "lang", "name", "sees")]
        for login in result.logins:
            role = {"superuser": "superuser", "student": "student", "employer": "employer contact"}.get(
                login.role, login.role
            )
            name = f"{login.last_name} {login.first_name}".strip()
            rows.append((login.username, role, login.access or "-", login.language, name, login.sees))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for n, row in enumerate(rows):
            write("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                write("  " + "  ".join("-" * w for w in widths))
