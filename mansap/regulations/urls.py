"""Pages of the regulations app (namespace "regulations", under /regulations/)."""

from django.urls import path

from mansap.regulations.views import documents, familiarization, records, sheets, templates

app_name = "regulations"

urlpatterns = [
    path("", documents.DocumentListView.as_view(), name="document_list"),
    path("add/", documents.DocumentEditView.as_view(), name="document_add"),
    path("import/", documents.DocumentImportView.as_view(), name="document_import"),
    path("import/template.xlsx", documents.DocumentImportTemplateView.as_view(), name="document_import_template"),
    path("to-read/", familiarization.ToReadView.as_view(), name="to_read"),
    path("familiarization/", familiarization.FamiliarizationStatusView.as_view(), name="familiarization_status"),
    path("public/", documents.PublicRegisterView.as_view(), name="public_register"),
    path("public/versions/<int:pk>/<str:language>/", documents.PublicDownloadView.as_view(), name="public_download"),
    path("<int:pk>/", documents.DocumentDetailView.as_view(), name="document_detail"),
    path("<int:pk>/edit/", documents.DocumentEditView.as_view(), name="document_edit"),
    path("<int:pk>/versions/add/", documents.VersionAddView.as_view(), name="version_add"),
    path("<int:pk>/reviews/add/", documents.ReviewAddView.as_view(), name="review_add"),
    path("<int:pk>/template/", templates.TemplateEditView.as_view(), name="template_edit"),
    path("<int:pk>/assign/", familiarization.AssignView.as_view(), name="document_assign"),
    path("<int:pk>/changes/add/", records.ChangeAddView.as_view(), name="change_add"),
    path("<int:pk>/copies/add/", records.CopyAddView.as_view(), name="copy_add"),
    path("copies/<int:pk>/withdraw/", records.CopyWithdrawView.as_view(), name="copy_withdraw"),
    path(
        "<int:pk>/sheets/<str:sheet>/<str:language>/<str:fmt>/",
        sheets.ControlSheetView.as_view(),
        name="control_sheet",
    ),
    path("versions/<int:pk>/acknowledge/", familiarization.AcknowledgeView.as_view(), name="version_acknowledge"),
    path("versions/<int:pk>/edit/", documents.VersionEditView.as_view(), name="version_edit"),
    path("versions/<int:pk>/status/", documents.VersionTransitionView.as_view(), name="version_transition"),
    path("versions/<int:pk>/agreements/add/", documents.AgreementAddView.as_view(), name="agreement_add"),
    path("versions/<int:pk>/<str:language>/", documents.VersionDownloadView.as_view(), name="version_download"),
]
