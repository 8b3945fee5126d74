"""URLs of graduate employment monitoring (namespace "graduates")."""

from django.urls import path

from mansap.graduates.views import (
    analytics,
    consortium,
    extracts,
    journal,
    records,
    rounds,
    selfservice,
    success,
    verification,
)

app_name = "graduates"

urlpatterns = [
    # The consortium's aggregate page (#18)
    path("consortium/", consortium.ConsortiumView.as_view(), name="consortium"),
    path("consortium/export.xlsx", consortium.ConsortiumExportView.as_view(), name="consortium_export"),
    # The journal and a graduate's records
    path("journal/", journal.JournalView.as_view(), name="journal"),
    path("journal/<int:pk>/record/", journal.JournalRecordView.as_view(), name="journal_record"),
    path("journal/employers/", journal.EmployerOptionsView.as_view(), name="employer_options"),
    path("graduates/<int:pk>/", records.GraduateDetailView.as_view(), name="graduate_detail"),
    path("graduates/<int:pk>/records/add/", records.RecordAddView.as_view(), name="record_add"),
    path("graduates/<int:pk>/contacts/add/", records.ContactAddView.as_view(), name="contact_add"),
    path("graduates/<int:pk>/assistance/add/", records.AssistanceAddView.as_view(), name="assistance_add"),
    path("graduates/<int:pk>/obligation/", records.ObligationEditView.as_view(), name="obligation_edit"),
    path("records/<int:pk>/evidence/", records.RecordEvidenceView.as_view(), name="record_evidence"),
    path("records/<int:pk>/void/", records.RecordVoidView.as_view(), name="record_void"),
    path("records/<int:pk>/correct/", records.RecordCorrectView.as_view(), name="record_correct"),
    path("records/<int:pk>/history/", records.EmploymentRecordHistoryView.as_view(), name="employmentrecord_history"),
    path("obligations/<int:pk>/history/", records.GrantObligationHistoryView.as_view(), name="grantobligation_history"),
    path(
        "self-reports/<int:pk>/confirm/",
        journal.SelfReportReviewView.as_view(decision="confirm"),
        name="selfreport_confirm",
    ),
    path(
        "self-reports/<int:pk>/reject/",
        journal.SelfReportReviewView.as_view(decision="reject"),
        name="selfreport_reject",
    ),
    # Collection rounds, form No. 10 and self-service links
    path("rounds/", rounds.RoundListView.as_view(), name="collectionround_list"),
    path("rounds/calendar/", rounds.RoundCalendarView.as_view(), name="round_calendar"),
    path("rounds/create/", rounds.RoundCreateView.as_view(), name="collectionround_create"),
    path("rounds/extra/", rounds.ExtraRoundCreateView.as_view(), name="collectionround_extra"),
    path("rounds/<int:pk>/", rounds.RoundDetailView.as_view(), name="collectionround_detail"),
    path("rounds/<int:pk>/close/", rounds.RoundCloseView.as_view(), name="collectionround_close"),
    path("rounds/<int:pk>/reopen/", rounds.RoundReopenView.as_view(), name="collectionround_reopen"),
    path("rounds/<int:pk>/remind/", rounds.RoundRemindView.as_view(), name="collectionround_remind"),
    path("rounds/<int:pk>/platonus/", rounds.RoundPlatonusView.as_view(), name="collectionround_platonus"),
    path("rounds/<int:pk>/submit/", rounds.RoundSubmitView.as_view(), name="round_submit"),
    path(
        "rounds/<int:pk>/departments/<int:department_pk>/",
        rounds.RoundDepartmentView.as_view(),
        name="round_department",
    ),
    path("rounds/<int:pk>/form10.xlsx", rounds.Form10ExportView.as_view(), name="form10_export"),
    path("rounds/<int:pk>/selfservice/send/", selfservice.SendLinksView.as_view(), name="selfservice_send"),
    path(
        "rounds/<int:pk>/graduates/<int:graduate_pk>/qr/",
        selfservice.SelfServiceQRView.as_view(),
        name="selfservice_qr",
    ),
    path(
        "rounds/<int:pk>/graduates/<int:graduate_pk>/renew/",
        selfservice.SelfServiceRenewView.as_view(),
        name="selfservice_renew",
    ),
    path("form10/columns/", rounds.Form10ColumnsView.as_view(), name="form10_columns"),
    path("update/<str:token>/", selfservice.SelfServiceView.as_view(), name="selfservice"),
    # Verified employment (#20): official extracts and the consent to official checks
    path("extracts/", extracts.ExtractListView.as_view(), name="extract_list"),
    path("extracts/upload/", extracts.ExtractUploadView.as_view(), name="extract_add"),
    path("extracts/uploads/<int:pk>/mapping/", extracts.ExtractMappingView.as_view(), name="extract_mapping"),
    path("extracts/uploads/<int:pk>/", extracts.ExtractUploadDetailView.as_view(), name="extract_upload"),
    path("extracts/uploads/<int:pk>/confirm/", extracts.ExtractConfirmView.as_view(), name="extract_confirm"),
    path("extracts/<int:pk>/", extracts.ExtractDetailView.as_view(), name="extract_detail"),
    path("extracts/<int:pk>/delete/", extracts.ExtractDeleteView.as_view(), name="extract_delete"),
    path("extracts/<int:pk>/file/", extracts.ExtractFileView.as_view(), name="extract_file"),
    path("graduates/<int:pk>/consent/", extracts.ConsentView.as_view(), name="official_consent"),
    # KPI-17.4: the criteria of successful graduates
    path("successful/", success.CriteriaListView.as_view(), name="success_list"),
    path("successful/<str:cohort>/", success.CriteriaEditView.as_view(), name="success_criteria"),
    # Verified employment (#20): reconciliation with official extracts, the departments' discrepancy tasks
    path("verification/", verification.ReconciliationListView.as_view(), name="reconciliation_list"),
    path("verification/<int:pk>/", verification.ReconciliationDetailView.as_view(), name="reconciliation_detail"),
    path(
        "verification/<int:pk>/recompute/",
        verification.ReconciliationActionView.as_view(action="recompute"),
        name="reconciliation_recompute",
    ),
    path(
        "verification/<int:pk>/freeze/",
        verification.ReconciliationActionView.as_view(action="freeze"),
        name="reconciliation_freeze",
    ),
    path(
        "verification/<int:pk>/discrepancies.xlsx",
        verification.DiscrepancyReportView.as_view(),
        name="reconciliation_report",
    ),
    path(
        "verification/<int:pk>/discrepancies.pdf",
        verification.DiscrepancyPdfView.as_view(),
        name="reconciliation_report_pdf",
    ),
    path("journal/discrepancies/", verification.TaskListView.as_view(), name="discrepancy_tasks"),
    path(
        "journal/discrepancies/<int:pk>/accept/",
        verification.TaskDecisionView.as_view(decision="accept"),
        name="discrepancy_accept",
    ),
    path(
        "journal/discrepancies/<int:pk>/keep/",
        verification.TaskDecisionView.as_view(decision="keep"),
        name="discrepancy_keep",
    ),
    # Analytics
    path("analytics/", analytics.AnalyticsView.as_view(), name="analytics"),
    path("analytics/trend/", analytics.AnalyticsTrendView.as_view(), name="analytics_trend"),
    path("analytics/verified/", analytics.AnalyticsVerifiedView.as_view(), name="analytics_verified"),
    path("analytics/breakdown/", analytics.AnalyticsBreakdownView.as_view(), name="analytics_breakdown"),
    path("analytics/rounds/", analytics.AnalyticsRoundsView.as_view(), name="analytics_rounds"),
    path(
        "analytics/export.xlsx",
        analytics.AnalyticsExportView.as_view(report_format="xlsx"),
        name="analytics_xlsx",
    ),
    path(
        "analytics/report.pdf",
        analytics.AnalyticsExportView.as_view(report_format="pdf"),
        name="analytics_pdf",
    ),
]
