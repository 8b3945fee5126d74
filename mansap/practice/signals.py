"""Signals the practice app sends to the apps above it (it never imports them).

`practice_grade_changed(sender=Placement, placement_id, acting_user)`: a placement's grade was given, changed or
cleared; sent after the commit (a grade rolled back announces nothing). The academics app turns it into the
student's grade row from the source "practice" (issue #14).
"""

from __future__ import annotations

from django.dispatch import Signal

practice_grade_changed = Signal()
