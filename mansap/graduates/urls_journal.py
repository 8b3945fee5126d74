"""URL patterns of the journal pages (included by graduates/urls.py)."""

from django.urls import URLPattern, path

from mansap.graduates import views

urlpatterns: list[URLPattern] = [
    path("journal/", views.JournalView.as_view(), name="journal"),
    path("journal/<int:pk>/record/", views.JournalRecordView.as_view(), name="journal_record"),
    path("graduates/<int:pk>/", views.GraduateDetailView.as_view(), name="graduate_detail"),
    path("graduates/<int:pk>/records/add/", views.RecordAddView.as_view(), name="record_add"),
    path("graduates/<int:pk>/contacts/add/", views.ContactAddView.as_view(), name="contact_add"),
    path("graduates/<int:pk>/assistance/add/", views.AssistanceAddView.as_view(), name="assistance_add"),
    path("graduates/<int:pk>/obligation/", views.ObligationEditView.as_view(), name="obligation_edit"),
    path("records/<int:pk>/evidence/", views.RecordEvidenceView.as_view(), name="record_evidence"),
    path("records/<int:pk>/history/", views.EmploymentRecordHistoryView.as_view(), name="employmentrecord_history"),
    path("obligations/<int:pk>/history/", views.GrantObligationHistoryView.as_view(), name="grantobligation_history"),
    path(
        "self-reports/<int:pk>/confirm/",
        views.SelfReportReviewView.as_view(decision="confirm"),
        name="selfreport_confirm",
    ),
    path(
        "self-reports/<int:pk>/reject/", views.SelfReportReviewView.as_view(decision="reject"), name="selfreport_reject"
    ),
]
