"""Django admin of the practice app: a read-mostly window for superusers (the pages hold the rules)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    BaseVetting,
    CompanyPackage,
    ContractAnnex,
    GradeBand,
    Placement,
    PlacementPreference,
    Practice,
    PracticeBase,
    PracticeContract,
    PracticeOrder,
    PracticeProgramme,
    RetentionRule,
)


@admin.register(Practice)
class PracticeAdmin(SimpleHistoryAdmin):
    list_display = ["program", "kind", "course", "academic_year", "starts_on", "ends_on", "status"]
    list_filter = ["kind", "status", "academic_year"]
    search_fields = ["program__code", "program__name_ru"]
    raw_id_fields = ["program", "department", "students_with_cycle_debt"]


@admin.register(PracticeBase)
class PracticeBaseAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "department", "status", "source", "capacity", "approved_on"]
    list_filter = ["status", "source"]
    search_fields = ["organization__name_ru", "organization__bin"]
    raw_id_fields = ["organization", "proposed_by"]
    readonly_fields = ["status", "approved_on", "approved_by"]  # changed by vetting only


@admin.register(BaseVetting)
class BaseVettingAdmin(SimpleHistoryAdmin):
    list_display = ["base", "checked_on", "decision"]
    list_filter = ["decision"]
    raw_id_fields = ["base"]


@admin.register(PracticeContract)
class PracticeContractAdmin(SimpleHistoryAdmin):
    list_display = ["number", "base", "department", "signed_on", "valid_from", "valid_until", "custodian"]
    search_fields = ["number", "base__organization__name_ru"]
    raw_id_fields = ["base"]


@admin.register(ContractAnnex)
class ContractAnnexAdmin(SimpleHistoryAdmin):
    list_display = ["contract", "practice", "number", "signed_on"]
    raw_id_fields = ["contract", "practice"]


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = ["student", "practice", "base", "status", "source", "supervisor"]
    list_filter = ["status", "source"]
    search_fields = ["student__last_name", "student__iin", "base__organization__name_ru"]
    raw_id_fields = ["practice", "student", "base", "supervisor", "order"]


@admin.register(PlacementPreference)
class PlacementPreferenceAdmin(admin.ModelAdmin):
    list_display = ["student", "practice", "base", "rank"]
    raw_id_fields = ["practice", "student", "base"]


@admin.register(PracticeOrder)
class PracticeOrderAdmin(SimpleHistoryAdmin):
    list_display = ["practice", "submitted_on", "order_number", "order_date", "override_by"]
    raw_id_fields = ["practice"]


@admin.register(CompanyPackage)
class CompanyPackageAdmin(SimpleHistoryAdmin):
    list_display = ["practice", "base", "sent_on", "approved_on"]
    raw_id_fields = ["practice", "base"]


@admin.register(GradeBand)
class GradeBandAdmin(admin.ModelAdmin):
    list_display = ["institution", "letter", "min_score", "max_score", "points"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["institution", "kind", "years"]


@admin.register(PracticeProgramme)
class PracticeProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["program", "kind", "role", "document"]
    raw_id_fields = ["program", "document"]
