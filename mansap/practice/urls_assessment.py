"""Routes of the practice app (assessment part); included by mansap/practice/urls.py."""

from django.urls import URLPattern, path

from mansap.common.urls import crud_urls
from mansap.practice import views_assessment as views

urlpatterns: list[URLPattern] = [
    # The student
    path("my/", views.MyPracticeView.as_view(), name="my_practice"),
    path("my/<int:pk>/", views.MyPracticeView.as_view(), name="my_placement"),
    path("my/<int:pk>/diary/", views.StudentDiaryView.as_view(), name="student_diary_add"),
    path("my/diary/<int:pk>/", views.StudentDiaryEntryView.as_view(), name="student_diary_entry"),
    path("my/<int:pk>/rules/", views.StudentRulesView.as_view(), name="student_rules"),
    path("my/<int:pk>/upload/", views.StudentUploadView.as_view(), name="student_upload"),
    path("documents/<int:pk>/file/", views.DocumentFileView.as_view(), name="document_file"),
    path("documents/<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
    # The company supervisor (no account)
    path("company/<str:token>/", views.CompanyFormView.as_view(), name="company_form"),
    path("company/<str:token>/files/<int:pk>/", views.CompanyDocumentView.as_view(), name="company_document"),
    # Staff: a placement's assessment panel and its actions
    path("placements/<int:pk>/assessment/", views.PlacementAssessmentView.as_view(), name="placement_assessment"),
    path("placements/<int:pk>/company-link/send/", views.SendCompanyLinkView.as_view(), name="company_link_send"),
    path("placements/<int:pk>/company-link/qr/", views.CompanyLinkQRView.as_view(), name="company_link_qr"),
    path("placements/<int:pk>/rules/", views.StaffRulesView.as_view(), name="placement_rules"),
    path("placements/<int:pk>/upload/", views.StaffUploadView.as_view(), name="placement_upload"),
    path("placements/<int:pk>/review/", views.ReviewView.as_view(), name="placement_review"),
    path("placements/<int:pk>/grade/", views.GradeRowView.as_view(), name="grade_row"),
    path("diary/<int:pk>/remark/", views.RemarkView.as_view(), name="diary_remark"),
    # Staff: a practice's conferences, meetings, rules, grade sheet
    path("practices/<int:pk>/assessment/", views.PracticeAssessmentView.as_view(), name="practice_assessment"),
    path("practices/<int:pk>/rules/", views.RulesBulkView.as_view(), name="rules_bulk"),
    path("practices/<int:pk>/grades/", views.GradeSheetView.as_view(), name="grade_sheet"),
    path("conferences/add/", views.ConferenceEditView.as_view(), name="conference_add"),
    path("conferences/<int:pk>/edit/", views.ConferenceEditView.as_view(), name="conference_edit"),
    path("conferences/<int:pk>/delete/", views.ConferenceDeleteView.as_view(), name="conference_delete"),
    path("conferences/<int:pk>/minutes/", views.ConferenceMinutesView.as_view(), name="conference_minutes"),
    path("meetings/add/", views.MeetingEditView.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    # Defence commissions
    *crud_urls(
        "commissions",
        "defencecommission",
        list=views.DefenceCommissionListView,
        add=views.DefenceCommissionEditView,
        detail=views.DefenceCommissionDetailView,
        edit=views.DefenceCommissionEditView,
        history=views.DefenceCommissionHistoryView,
    ),
    # Institution settings and retention
    path("grade-table/", views.GradeTableView.as_view(), name="grade_table"),
    path("retention/", views.RetentionRulesView.as_view(), name="retention_rules"),
    path("retention/review/", views.DocumentReviewListView.as_view(), name="document_review"),
    path("documents/<int:pk>/dispose/", views.DocumentDisposeView.as_view(), name="document_dispose"),
]
