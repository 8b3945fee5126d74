"""Core models: the institution's structure, its people and who may see what."""

from .access import ApiToken, Membership, User
from .consortium import Consortium
from .imports import ImportJob
from .org import AcademicYear, CalendarEvent, Department, EducationalProgram, Faculty, Institution, ProgramGroup
from .people import Employee, Student

__all__ = [
    "AcademicYear",
    "ApiToken",
    "CalendarEvent",
    "Consortium",
    "Department",
    "EducationalProgram",
    "Employee",
    "Faculty",
    "ImportJob",
    "Institution",
    "Membership",
    "ProgramGroup",
    "Student",
    "User",
]
