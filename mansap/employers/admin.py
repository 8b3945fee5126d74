from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name_ru", "bin", "region", "institution"]
    search_fields = ["name_kk", "name_ru", "name_en", "short_name", "bin"]
    list_filter = ["institution"]
