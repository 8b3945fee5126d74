"""The Django admin of employment monitoring: records, contacts, assistance, obligations, rounds (with history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AssistanceAction,
    CollectionRound,
    ContactAttempt,
    EmploymentRecord,
    Form10Column,
    GrantObligation,
    RoundReminder,
    RoundRule,
    RoundSubmission,
    SelfReport,
    SelfServiceCheck,
)


@admin.register(EmploymentRecord)
class EmploymentRecordAdmin(SimpleHistoryAdmin):
    list_display = ["graduate", "status", "employer_name", "started_on", "ended_on", "channel"]
    list_filter = ["status", "channel"]
    raw_id_fields = ["graduate", "organization", "collection_round", "recorded_by"]


@admin.register(CollectionRound)
class CollectionRoundAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "deadline", "platonus_deadline", "closed_at", "platonus_registered_at"]


@admin.register(RoundReminder)
class RoundReminderAdmin(admin.ModelAdmin):
    list_display = ["collection_round", "department", "recipient", "sent_on", "kind"]
    list_filter = ["kind", "sent_on"]
    list_select_related = ["collection_round__academic_year", "department", "recipient"]
    raw_id_fields = ["collection_round", "department", "recipient"]


@admin.register(SelfServiceCheck)
class SelfServiceCheckAdmin(SimpleHistoryAdmin):
    list_display = ["graduate", "collection_round", "issue", "failures", "locked_at", "renewed_at"]
    list_select_related = ["graduate", "collection_round__academic_year"]
    raw_id_fields = ["graduate", "collection_round", "renewed_by"]


for model in (AssistanceAction, ContactAttempt, Form10Column, GrantObligation, RoundRule, RoundSubmission, SelfReport):
    admin.site.register(model, SimpleHistoryAdmin if hasattr(model, "history") else admin.ModelAdmin)
