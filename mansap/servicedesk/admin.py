"""The servicedesk app's models in the Django admin (superusers); staff work on the app's own pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mansap.servicedesk.models import CalendarException, Enquiry, EnquiryTopic, WorkingHours


@admin.register(CalendarException)
class CalendarExceptionAdmin(SimpleHistoryAdmin):
    list_display = ("date", "kind", "institution", "note_ru")
    list_filter = ("kind", "institution")
    date_hierarchy = "date"


@admin.register(WorkingHours)
class WorkingHoursAdmin(SimpleHistoryAdmin):
    list_display = ("institution", "opens", "closes")


@admin.register(EnquiryTopic)
class EnquiryTopicAdmin(SimpleHistoryAdmin):
    list_display = ("name_ru", "role", "faculty", "target_hours", "active", "institution")
    list_filter = ("role", "active", "institution")


@admin.register(Enquiry)
class EnquiryAdmin(SimpleHistoryAdmin):
    list_display = ("number", "received_at", "topic", "status", "role", "due_at", "answered_at")
    list_filter = ("status", "role", "institution")
    search_fields = ("number", "name", "email")
    readonly_fields = ("number", "response_seconds", "forward_count")
