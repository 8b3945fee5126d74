"""Pages of the academics app (namespace "academics", under /academics/)."""

from django.urls import path

from mansap.academics.views import catalogue, grades, session
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
    path("session/", session.SessionResultsView.as_view(), name="session_results"),
    path("session/results.xlsx", session.SessionExportView.as_view(), name="session_xlsx"),
    path("session/results.pdf", session.SessionExportView.as_view(report_format="pdf"), name="session_pdf"),
    path("session/debts.xlsx", session.SessionExportView.as_view(report_format="debts"), name="session_debts_xlsx"),
    path("summary-sheet/", session.SummarySheetView.as_view(), name="summary_sheet"),
    path("summary-sheet/sheet.xlsx", session.SummarySheetExportView.as_view(), name="summary_sheet_xlsx"),
    path(
        "summary-sheet/sheet.pdf", session.SummarySheetExportView.as_view(report_format="pdf"), name="summary_sheet_pdf"
    ),
]
