"""URLs of the practice app, mounted at /practice/ (namespace "practice").

/practice/documents/practice/<pk>/<doc>.<docx|pdf>?lang=kk     all students of a practice
/practice/documents/practice/<pk>/package/<base>.<docx|pdf>      package for one practice base
/practice/documents/order/<pk>/submission.<docx|pdf>             submission of one rector's order
/practice/documents/placement/<pk>/<doc>.<docx|pdf>              one student's form
/practice/documents/practice/<pk>/issue/, .../placement/<pk>/issue/   POST: issue referrals and notices
"""

from django.urls import path, re_path

from mansap.common.urls import crud_urls
from mansap.practice.views import (
    assessment,
    bases,
    company,
    compliance,
    documents,
    grades,
    placements,
    plan,
    programmes,
    retention,
    student,
)

app_name = "practice"

FMT = r"(?P<fmt>docx|pdf)"

urlpatterns = [
    # Plan, bases, contracts, placements, orders, compliance (staff)
    *crud_urls(
        "plan",
        "practice",
        list=plan.PracticeListView,
        add=plan.PracticeEditView,
        detail=plan.PracticeDetailView,
        edit=plan.PracticeEditView,
        history=plan.PracticeHistoryView,
    ),
    path("plan/build/", plan.PracticePlanView.as_view(), name="practice_plan"),
    path("plan/<int:pk>/programme-file/", plan.ProgrammeFileView.as_view(), name="practice_programme_file"),
    path("plan/<int:pk>/allocate/", placements.AllocationView.as_view(), name="practice_allocate"),
    path("plan/<int:pk>/preferences/", placements.PreferencesView.as_view(), name="practice_preferences"),
    path("plan/<int:pk>/submit-order/", placements.SubmitOrderView.as_view(), name="practice_submit_order"),
    path("plan/<int:pk>/package/", placements.PackageView.as_view(), name="practice_package"),
    path("plan/<int:pk>/my-preferences/", placements.MyPreferencesView.as_view(), name="my_preferences"),
    *crud_urls(
        "bases",
        "practicebase",
        list=bases.PracticeBaseListView,
        add=bases.PracticeBaseEditView,
        detail=bases.PracticeBaseDetailView,
        edit=bases.PracticeBaseEditView,
        history=bases.PracticeBaseHistoryView,
    ),
    path("bases/<int:pk>/vet/", bases.BaseVetView.as_view(), name="practicebase_vet"),
    path("bases/<int:pk>/suspend/", bases.BaseStatusView.as_view(action_name="suspend"), name="practicebase_suspend"),
    path(
        "bases/<int:pk>/reinstate/",
        bases.BaseStatusView.as_view(action_name="reinstate"),
        name="practicebase_reinstate",
    ),
    path("vettings/<int:pk>/evidence/", bases.VettingEvidenceView.as_view(), name="basevetting_evidence"),
    *crud_urls(
        "contracts",
        "practicecontract",
        list=bases.PracticeContractListView,
        add=bases.PracticeContractEditView,
        detail=bases.PracticeContractDetailView,
        edit=bases.PracticeContractEditView,
        history=bases.PracticeContractHistoryView,
    ),
    path("contracts/<int:pk>/scan/", bases.ContractScanView.as_view(), name="practicecontract_scan"),
    path("contracts/<int:pk>/annex/", bases.AnnexAddView.as_view(), name="contractannex_add"),
    *crud_urls(
        "placements",
        "placement",
        list=placements.PlacementListView,
        add=placements.PlacementEditView,
        detail=placements.PlacementDetailView,
        edit=placements.PlacementEditView,
        history=placements.PlacementHistoryView,
    ),
    path("placements/<int:pk>/cancel/", placements.PlacementCancelView.as_view(), name="placement_cancel"),
    *crud_urls(
        "orders",
        "practiceorder",
        list=placements.PracticeOrderListView,
        detail=placements.PracticeOrderDetailView,
        history=placements.PracticeOrderHistoryView,
    ),
    path("orders/<int:pk>/record/", placements.RecordOrderView.as_view(), name="practiceorder_record"),
    path("compliance/", compliance.ComplianceView.as_view(), name="compliance"),
    path("programmes/", programmes.ProgrammeListView.as_view(), name="practiceprogramme_list"),
    path("programmes/<int:pk>/unlink/", programmes.ProgrammeUnlinkView.as_view(), name="practiceprogramme_unlink"),
    # The student, the company supervisor, assessment, defence, grades, retention
    # The student
    path("my/", student.MyPracticeView.as_view(), name="my_practice"),
    path("my/<int:pk>/", student.MyPracticeView.as_view(), name="my_placement"),
    path("my/<int:pk>/diary/", student.StudentDiaryView.as_view(), name="student_diary_add"),
    path("my/diary/<int:pk>/", student.StudentDiaryEntryView.as_view(), name="student_diary_entry"),
    path("my/<int:pk>/rules/", student.StudentRulesView.as_view(), name="student_rules"),
    path("my/<int:pk>/upload/", student.StudentUploadView.as_view(), name="student_upload"),
    path("documents/<int:pk>/file/", student.DocumentFileView.as_view(), name="document_file"),
    path("documents/<int:pk>/delete/", student.DocumentDeleteView.as_view(), name="document_delete"),
    # The company supervisor (no account)
    path("company/<str:token>/", company.CompanyFormView.as_view(), name="company_form"),
    path("company/<str:token>/files/<int:pk>/", company.CompanyDocumentView.as_view(), name="company_document"),
    # Staff: a placement's assessment panel and its actions
    path("placements/<int:pk>/assessment/", assessment.PlacementAssessmentView.as_view(), name="placement_assessment"),
    path("placements/<int:pk>/company-link/send/", company.SendCompanyLinkView.as_view(), name="company_link_send"),
    path("placements/<int:pk>/company-link/qr/", company.CompanyLinkQRView.as_view(), name="company_link_qr"),
    path("placements/<int:pk>/rules/", assessment.StaffRulesView.as_view(), name="placement_rules"),
    path("placements/<int:pk>/upload/", assessment.StaffUploadView.as_view(), name="placement_upload"),
    path("placements/<int:pk>/review/", assessment.ReviewView.as_view(), name="placement_review"),
    path("placements/<int:pk>/grade/", grades.GradeRowView.as_view(), name="grade_row"),
    path("diary/<int:pk>/remark/", assessment.RemarkView.as_view(), name="diary_remark"),
    # Staff: a practice's conferences, meetings, rules, grade sheet
    path("practices/<int:pk>/assessment/", assessment.PracticeAssessmentView.as_view(), name="practice_assessment"),
    path("practices/<int:pk>/rules/", assessment.RulesBulkView.as_view(), name="rules_bulk"),
    path("practices/<int:pk>/grades/", grades.GradeSheetView.as_view(), name="grade_sheet"),
    path("conferences/add/", assessment.ConferenceEditView.as_view(), name="conference_add"),
    path("conferences/<int:pk>/edit/", assessment.ConferenceEditView.as_view(), name="conference_edit"),
    path("conferences/<int:pk>/delete/", assessment.ConferenceDeleteView.as_view(), name="conference_delete"),
    path("conferences/<int:pk>/minutes/", assessment.ConferenceMinutesView.as_view(), name="conference_minutes"),
    path("meetings/add/", assessment.MeetingEditView.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/edit/", assessment.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/delete/", assessment.MeetingDeleteView.as_view(), name="meeting_delete"),
    # Defence commissions
    *crud_urls(
        "commissions",
        "defencecommission",
        list=assessment.DefenceCommissionListView,
        add=assessment.DefenceCommissionEditView,
        detail=assessment.DefenceCommissionDetailView,
        edit=assessment.DefenceCommissionEditView,
        history=assessment.DefenceCommissionHistoryView,
    ),
    # Institution settings and retention
    path("grade-table/", grades.GradeTableView.as_view(), name="grade_table"),
    path("retention/", retention.RetentionRulesView.as_view(), name="retention_rules"),
    path("retention/review/", retention.DocumentReviewListView.as_view(), name="document_review"),
    path("documents/<int:pk>/dispose/", retention.DocumentDisposeView.as_view(), name="document_dispose"),
    # Documents (DOCX/PDF)
    re_path(
        rf"^documents/practice/(?P<pk>\d+)/(?P<doc>submission|referral|notice|diary|report)\.{FMT}$",
        documents.PracticeDocumentView.as_view(),
        name="practice_document",
    ),
    re_path(
        rf"^documents/practice/(?P<pk>\d+)/package/(?P<base_pk>\d+)\.{FMT}$",
        documents.PackageDocumentView.as_view(),
        name="package_document",
    ),
    re_path(
        rf"^documents/order/(?P<pk>\d+)/submission\.{FMT}$",
        documents.OrderSubmissionView.as_view(),
        name="order_submission",
    ),
    re_path(
        rf"^documents/placement/(?P<pk>\d+)/(?P<doc>referral|notice|diary|report)\.{FMT}$",
        documents.PlacementDocumentView.as_view(),
        name="placement_document",
    ),
    path("documents/practice/<int:pk>/", documents.PracticeDocumentsPanelView.as_view(), name="practice_documents"),
    path("documents/practice/<int:pk>/issue/", documents.PracticeIssueView.as_view(), name="practice_issue_referrals"),
    path(
        "documents/placement/<int:pk>/issue/", documents.PlacementIssueView.as_view(), name="placement_issue_referrals"
    ),
]
