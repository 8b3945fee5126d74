from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Application,
    CareerEvent,
    EmployerContact,
    EventInvitation,
    EventRegistration,
    JointUnit,
    Organization,
    OrganizationMerge,
    PartnershipAgreement,
    Shortlist,
    ShortlistEntry,
    StudentProfile,
    Vacancy,
)


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name_ru", "bin", "region", "size", "institution"]
    search_fields = ["name_kk", "name_ru", "name_en", "short_name", "bin"]
    list_filter = ["institution", "region", "size"]


@admin.register(PartnershipAgreement)
class PartnershipAgreementAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "kind", "number", "valid_from", "valid_until", "department"]
    list_filter = ["kind"]
    search_fields = ["number", "organization__name_ru", "organization__bin"]
    raw_id_fields = ["organization"]


@admin.register(JointUnit)
class JointUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name_ru", "kind", "department", "organization", "opened_on", "closed_on"]
    list_filter = ["kind"]
    raw_id_fields = ["organization", "agreement"]


@admin.register(OrganizationMerge)
class OrganizationMergeAdmin(admin.ModelAdmin):
    """Merges are done on the merge page; the admin only shows the log."""

    list_display = ["merged_at", "survivor_name", "merged_by"]
    readonly_fields = ["institution", "survivor", "survivor_name", "merged", "relinked", "filled_fields", "merged_by",
                       "merged_at"]  # fmt: skip

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


# ---- Vacancies, applications, shortlists (R-053…R-057) ----------------------------------------------------------
@admin.register(EmployerContact)
class EmployerContactAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "position", "phone", "invited_at"]
    search_fields = ["user__username", "user__email", "user__last_name", "organization__name_ru",
                     "organization__short_name"]  # fmt: skip
    raw_id_fields = ["user", "organization", "invited_by"]
    list_select_related = ["user", "organization"]


@admin.register(Vacancy)
class VacancyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organization", "kind", "status", "published_on", "expires_on"]
    list_filter = ["status", "kind", "employment_type", "institution"]
    search_fields = ["title", "description", "organization__name_ru", "organization__short_name"]
    raw_id_fields = ["institution", "organization", "created_by", "approved_by"]
    filter_horizontal = ["programs"]
    date_hierarchy = "published_on"
    list_select_related = ["organization"]


@admin.register(StudentProfile)
class StudentProfileAdmin(admin.ModelAdmin):
    list_display = ["student", "languages", "share_contacts", "share_gpa", "share_cv"]
    list_filter = ["share_contacts", "share_gpa", "share_cv"]
    search_fields = ["student__last_name", "student__first_name", "student__iin", "skills"]
    raw_id_fields = ["student"]
    list_select_related = ["student"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["student", "vacancy", "created_at"]
    search_fields = ["student__last_name", "student__first_name", "student__iin", "vacancy__title"]
    raw_id_fields = ["vacancy", "student"]
    list_select_related = ["student", "vacancy"]


class ShortlistEntryInline(admin.TabularInline):
    model = ShortlistEntry
    raw_id_fields = ["student"]
    extra = 0


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    list_display = ["vacancy", "created_by", "created_at", "sent_at"]
    search_fields = ["vacancy__title", "vacancy__organization__name_ru"]
    raw_id_fields = ["vacancy", "created_by"]
    inlines = [ShortlistEntryInline]
    list_select_related = ["vacancy"]


# ---- Career events (R-053, R-056) ---------------------------------------------------------------------------------
class EventRegistrationInline(admin.TabularInline):
    model = EventRegistration
    fields = ["student", "organization", "booth_number", "status", "attended", "registered_at"]
    raw_id_fields = ["student", "organization"]
    extra = 0


@admin.register(CareerEvent)
class CareerEventAdmin(SimpleHistoryAdmin):
    list_display = ["title_ru", "kind", "starts_at", "department", "capacity", "registration_open", "is_public"]
    list_filter = ["kind", "is_public", "registration_open", "institution"]
    search_fields = ["title_kk", "title_ru", "title_en", "location"]
    raw_id_fields = ["institution", "department"]
    filter_horizontal = ["organizations"]
    date_hierarchy = "starts_at"
    inlines = [EventRegistrationInline]


@admin.register(EventInvitation)
class EventInvitationAdmin(admin.ModelAdmin):
    list_display = ["event", "student", "organization", "email", "language", "sent_at"]
    list_filter = ["language"]
    search_fields = ["email", "event__title_ru", "student__last_name", "organization__name_ru"]
    raw_id_fields = ["event", "student", "organization"]
