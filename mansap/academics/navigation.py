"""The academics app's menu entries: the catalogue, the scale and the grades (staff); a student's own record."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import menu_url
from mansap.core.access import is_academic_records_editor
from mansap.core.models import Student

ICON = "journal-bookmark"  # the menu's icon; the wiring puts the contingent's entries under it


def staff_menu(user: Any) -> list[dict[str, Any]]:
    children: list[dict[str, Any]] = [
        {"label": _("Grades"), "url": menu_url("academics:grade_list")},
        {"label": _("Session results"), "url": menu_url("academics:session_results")},
        {"label": _("Summary record sheet"), "url": menu_url("academics:summary_sheet")},
        {"label": _("Course catalogue"), "url": menu_url("academics:course_list")},
        {"label": _("Grading scale"), "url": menu_url("academics:grading_scale")},
        {"label": _("Model curricula"), "url": menu_url("academics:modelcurriculum_list")},
        {"label": _("Individual curricula"), "url": menu_url("academics:individualcurriculum_list")},
        {"label": _("Curriculum gaps"), "url": menu_url("academics:curriculum_gaps")},
    ]
    if is_academic_records_editor(user):
        children.insert(1, {"label": _("Import grades"), "url": menu_url("academics:grade_import")})
    return [{"label": _("Academics"), "icon": ICON, "children": children}]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    if not hasattr(user, "student"):
        return _advisor_menu(user)
    children = [
        {"label": _("My grades"), "url": menu_url("academics:my_record")},
        {"label": _("My transcript"), "url": menu_url("academics:my_transcript")},
        {"label": _("My curriculum"), "url": menu_url("academics:my_curriculum")},
    ]
    return [{"label": _("My studies"), "icon": ICON, "children": children}]


def _advisor_menu(user: Any) -> list[dict[str, Any]]:
    """A teacher who advises students but holds no staff role finds their advisees' individual curricula here (they
    approve them): one query, only for signed-in users who are neither staff nor students."""
    if not Student.objects.filter(advisor__user_id=user.pk).exists():
        return []
    url = menu_url("academics:individualcurriculum_list") + "?advisees=true"
    return [{"label": _("My advisees' curricula"), "url": url, "icon": "list-check"}]
