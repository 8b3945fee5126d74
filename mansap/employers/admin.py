from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import JointUnit, Organization, OrganizationMerge, PartnershipAgreement


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
