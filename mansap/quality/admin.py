from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import KPIDefinition, KPITarget, KPIValue, Process, Risk, RiskAction, RiskAssessment


@admin.register(Process)
class ProcessAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name_kk", "category", "code", "institution"]
    list_filter = ["institution", "category"]
    raw_id_fields = ["owner_user"]


class RiskAssessmentInline(admin.TabularInline):
    model = RiskAssessment
    extra = 0
    readonly_fields = ["score"]


class RiskActionInline(admin.TabularInline):
    model = RiskAction
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["key", "title_ru", "process", "category", "owner"]
    list_filter = ["institution", "category"]
    search_fields = ["key", "title_kk", "title_ru", "title_en"]
    raw_id_fields = ["owner"]
    inlines = [RiskAssessmentInline, RiskActionInline]


class KPITargetInline(admin.TabularInline):
    model = KPITarget
    extra = 0
    raw_id_fields = ["set_by"]


class KPIValueInline(admin.TabularInline):
    model = KPIValue
    extra = 0
    raw_id_fields = ["entered_by"]


@admin.register(KPIDefinition)
class KPIDefinitionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ru", "process", "status", "source", "indicator"]
    list_filter = ["institution", "status", "source"]
    search_fields = ["code", "name_kk", "name_ru", "name_en", "indicator"]
    readonly_fields = ["status"]
    inlines = [KPITargetInline, KPIValueInline]
