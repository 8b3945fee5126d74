"""Signals core sends for other apps to follow, without core importing them (the import contract).

`students_written`: students created or changed in bulk (bulk_create/bulk_update send no post_save), e.g. by the
people import; `students` is the list of Student objects written, `created` those of them just inserted (no order
or period can refer to them yet; optional). The student body's contingent keeps each
student's baseline period from it (studentbody.signals)."""

from __future__ import annotations

from django.dispatch import Signal

students_written = Signal()
