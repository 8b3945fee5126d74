"""Pages of the academics app (namespace "academics", under /academics/)."""

from django.urls import path

from mansap.academics.views import catalogue, curricula, grades, session
from mansap.common.urls import crud_urls

app_name = "academics"

urlpatterns = [
    *crud_urls(
        "courses",
        "course",
        list=catalogue.CourseListView,
        add=catalogue.CourseEditView,
        detail=catalogue.CourseDetailView,
        edit=catalogue.CourseEditView,
        history=catalogue.CourseHistoryView,
    ),
    path("scale/", catalogue.GradingScaleView.as_view(), name="grading_scale"),
    path("grades/", grades.GradeListView.as_view(), name="grade_list"),
    path("grades/import/", grades.GradeImportView.as_view(), name="grade_import"),
    path("grades/import/template.xlsx", grades.GradeImportTemplateView.as_view(), name="grade_import_template"),
    path("records/<int:pk>/", grades.StudentRecordView.as_view(), name="record"),
    path("my-record/", grades.MyRecordView.as_view(), name="my_record"),
    path("records/<int:pk>/transcript/", grades.TranscriptView.as_view(), name="transcript"),
    path("records/<int:pk>/transcript.xlsx", grades.TranscriptExportView.as_view(), name="transcript_xlsx"),
    path("my-transcript/", grades.MyRecordView.as_view(url_name="academics:transcript"), name="my_transcript"),
    path("session/", session.SessionResultsView.as_view(), name="session_results"),
    path("session/results.xlsx", session.SessionExportView.as_view(), name="session_xlsx"),
    path("session/results.pdf", session.SessionExportView.as_view(report_format="pdf"), name="session_pdf"),
    path("session/debts.xlsx", session.SessionExportView.as_view(report_format="debts"), name="session_debts_xlsx"),
    path("summary-sheet/", session.SummarySheetView.as_view(), name="summary_sheet"),
    path("summary-sheet/sheet.xlsx", session.SummarySheetExportView.as_view(), name="summary_sheet_xlsx"),
    path(
        "summary-sheet/sheet.pdf", session.SummarySheetExportView.as_view(report_format="pdf"), name="summary_sheet_pdf"
    ),
    # Curricula
    *crud_urls(
        "curricula",
        "modelcurriculum",
        list=curricula.ModelCurriculumListView,
        add=curricula.ModelCurriculumEditView,
        detail=curricula.ModelCurriculumDetailView,
        edit=curricula.ModelCurriculumEditView,
        history=curricula.ModelCurriculumHistoryView,
    ),
    path("curricula/<int:pk>/rows/add/", curricula.RowAddView.as_view(), name="curriculum_row_add"),
    path("curricula/rows/<int:pk>/delete/", curricula.RowDeleteView.as_view(), name="curriculum_row_delete"),
    path("curricula/<int:pk>/groups/add/", curricula.GroupAddView.as_view(), name="curriculum_group_add"),
    path("curricula/groups/<int:pk>/delete/", curricula.GroupDeleteView.as_view(), name="curriculum_group_delete"),
    path("curricula/<int:pk>/copy/", curricula.CopyView.as_view(), name="curriculum_copy"),
    path("curricula/gaps/", curricula.GapsView.as_view(), name="curriculum_gaps"),
    path("curricula/credits/", curricula.CreditRangeView.as_view(), name="credit_range"),
    path("individual-curricula/", curricula.IndividualListView.as_view(), name="individualcurriculum_list"),
    path(
        "individual-curricula/<int:pk>/", curricula.IndividualDetailView.as_view(), name="individualcurriculum_detail"
    ),
    path("individual-curricula/<int:pk>/submit/", curricula.SubmitView.as_view(), name="curriculum_submit"),
    path("individual-curricula/<int:pk>/approve/", curricula.ApproveView.as_view(), name="curriculum_approve"),
    path("individual-curricula/<int:pk>/return/", curricula.ReturnView.as_view(), name="curriculum_return"),
    path("individual-curricula/<int:pk>/courses/add/", curricula.ItemAddView.as_view(), name="curriculum_item_add"),
    path(
        "individual-curricula/courses/<int:pk>/remove/",
        curricula.ItemRemoveView.as_view(),
        name="curriculum_item_remove",
    ),
    path("students/<int:pk>/draw-up-curriculum/", curricula.DrawUpView.as_view(), name="curriculum_draw_up"),
    path("my-curriculum/", curricula.MyCurriculumView.as_view(), name="my_curriculum"),
]
