from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Agreement,
    CodePattern,
    Document,
    DocumentTemplate,
    DocumentVersion,
    DownloadLog,
    Review,
    TemplateText,
)


@admin.register(CodePattern)
class CodePatternAdmin(admin.ModelAdmin):
    """The institution's document code formats (services.codes: the three observed ones apply until any is set)."""

    list_display = ["name", "regex", "example", "institution"]
    list_filter = ["institution"]


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


@admin.register(DocumentVersion)
class DocumentVersionAdmin(SimpleHistoryAdmin):
    list_display = ["document", "major", "minor", "status", "approved_on", "effective_on"]
    list_filter = ["status"]
    inlines = [AgreementInline]
    raw_id_fields = ["document"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title_ru", "type", "classification", "status", "next_review_on", "institution"]
    list_filter = ["institution", "type", "classification", "status"]
    search_fields = ["code", "aliases", "title_kk", "title_ru", "title_en"]
    raw_id_fields = ["owner", "replaces"]
    readonly_fields = ["status", "next_review_on"]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["document", "reviewed_on", "reviewer", "result"]


@admin.register(DownloadLog)
class DownloadLogAdmin(admin.ModelAdmin):
    list_display = ["version", "language", "user", "at"]
    readonly_fields = ["version", "language", "user", "at"]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ["key", "document"]
    raw_id_fields = ["document"]


@admin.register(TemplateText)
class TemplateTextAdmin(SimpleHistoryAdmin):
    list_display = ["version", "language"]
    raw_id_fields = ["version"]
