from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Process, Risk, RiskAction, RiskAssessment


@admin.register(Process)
class ProcessAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name_kk", "category", "code", "institution"]
    list_filter = ["institution", "category"]


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
