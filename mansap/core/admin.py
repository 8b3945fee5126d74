"""The Django admin of the core app: the institution tree, people, users with their memberships and API tokens,
imports."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AcademicYear,
    ApiToken,
    CalendarEvent,
    Consortium,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    ImportJob,
    Institution,
    Membership,
    ProgramGroup,
    Student,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["faculty", "department"]


@admin.register(User)
class MansapUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Mansap", {"fields": ("middle_name", "language")}))


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "code", "bin", "city"]


@admin.register(Faculty)
class FacultyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ru", "institution"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ru", "faculty", "is_graduating"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


@admin.register(ProgramGroup)
class ProgramGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ru"]


@admin.register(EducationalProgram)
class EducationalProgramAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ru", "level", "department"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


class CalendarEventInline(admin.TabularInline):
    model = CalendarEvent
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "starts_on", "ends_on", "is_current", "institution"]
    inlines = [CalendarEventInline]


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "department", "position"]
    search_fields = ["last_name", "first_name"]


@admin.register(Student)
class StudentAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "iin", "program", "status", "graduation_date"]
    search_fields = ["iin", "last_name", "first_name"]
    list_select_related = ["program"]
    raw_id_fields = ["program", "minor_program", "advisor", "sponsor", "user"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "institution", "faculty", "department", "access"]
    list_filter = ["role", "access"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "created_by", "created_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Who holds which API token; a superuser may delete (revoke) one here. Tokens are issued on their owner's
    tokens page or by the create_api_token command, which show the key once: the admin never can."""

    list_display = ["name", "user", "prefix", "created", "expiry"]
    search_fields = ["name", "token_key", "user__username"]
    list_select_related = ["user"]
    fields = ["name", "user", "prefix", "created", "expiry"]
    readonly_fields = fields

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Consortium)
class ConsortiumAdmin(admin.ModelAdmin):
    """A ministry or a group of universities: the institutions it sees in aggregate, and its members' logins."""

    list_display = ["name_en", "name_ru", "name_kk"]
    search_fields = ["name_kk", "name_ru", "name_en"]
    filter_horizontal = ["institutions", "members"]
