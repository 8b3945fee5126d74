"""Pages of the studentbody app (namespace "studentbody", under /studentbody/)."""

from django.urls import path

from mansap.studentbody.views import annual, contingent, documents, files, orders, reports

app_name = "studentbody"

urlpatterns = [
    path("orders/", orders.OrderListView.as_view(), name="order_list"),
    path("orders/add/", orders.OrderEditView.as_view(), name="order_add"),
    path("orders/import/", orders.OrderImportView.as_view(), name="order_import"),
    path("orders/import/template.xlsx", orders.OrderImportTemplateView.as_view(), name="order_import_template"),
    path("orders/<int:pk>/", orders.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/edit/", orders.OrderEditView.as_view(), name="order_edit"),
    path("orders/<int:pk>/items/add/", orders.OrderItemAddView.as_view(), name="order_item_add"),
    path("orders/<int:pk>/sign/", orders.OrderSignView.as_view(), name="order_sign"),
    path("orders/<int:pk>/enter/", orders.OrderEnterView.as_view(), name="order_enter"),
    path("orders/<int:pk>/cancel/", orders.OrderCancelView.as_view(), name="order_cancel"),
    path("items/<int:pk>/remove/", orders.OrderItemRemoveView.as_view(), name="order_item_remove"),
    path("orders/<int:pk>/document.<str:fmt>", documents.OrderDocumentView.as_view(), name="order_document"),
    path("items/<int:pk>/extract.<str:fmt>", documents.ExtractView.as_view(), name="item_extract"),
    path("reports/movement/", reports.MovementReportView.as_view(), name="movement_report"),
    path("reports/vacated-grants/", reports.VacatedGrantsView.as_view(), name="vacated_grants"),
    path("reports/statistics/", reports.LayoutReportView.as_view(), name="layout_report"),
    path("reports/layouts/add/", reports.LayoutEditView.as_view(), name="layout_add"),
    path("reports/layouts/<int:pk>/edit/", reports.LayoutEditView.as_view(), name="layout_edit"),
    path("reports/annual/", annual.AnnualReportListView.as_view(), name="annual_reports"),
    path("reports/annual/<int:pk>/", annual.AnnualReportView.as_view(), name="annual_report"),
    path("reports/annual/<int:pk>/regenerate/", annual.AnnualReportRegenerateView.as_view(), name="annual_regenerate"),
    path("reports/annual/<int:pk>/issue/", annual.AnnualReportIssueView.as_view(), name="annual_issue"),
    path(
        "reports/annual/<int:pk>/document.<str:fmt>", annual.AnnualReportDocumentView.as_view(), name="annual_document"
    ),
    path("contingent/", contingent.ContingentView.as_view(), name="contingent"),
    path("students/<int:pk>/history/", contingent.StudentHistoryView.as_view(), name="student_history"),
    path("my-history/", contingent.MyHistoryView.as_view(), name="my_history"),
    path("files/", files.FileListView.as_view(), name="file_list"),
    path("files/checklist/", files.DocumentKindListView.as_view(), name="document_kinds"),
    path("files/checklist/add/", files.DocumentKindEditView.as_view(), name="document_kind_add"),
    path("files/checklist/<int:pk>/", files.DocumentKindEditView.as_view(), name="document_kind_edit"),
    path("files/<int:pk>/", files.FileDetailView.as_view(), name="file_detail"),
    path("files/<int:pk>/received/", files.FileReceivedView.as_view(), name="file_received"),
    path("files/<int:pk>/documents/<int:kind_pk>/", files.FileItemView.as_view(), name="file_item"),
    path("files/<int:pk>/location/", files.FileLocationView.as_view(), name="file_location"),
    path("files/<int:pk>/return/", files.ReturnOriginalsView.as_view(), name="file_return"),
    path("returns/<int:pk>/", files.ReturnActView.as_view(), name="return_act_detail"),
    path("returns/<int:pk>/signature/", files.ReturnSignatureView.as_view(), name="return_act_signature"),
    path("my-file/", files.MyFileView.as_view(), name="my_file"),
    path("archive/", files.ArchiveView.as_view(), name="archive"),
    path("archive/acts/add/", files.TransferActAddView.as_view(), name="transfer_act_add"),
    path("archive/acts/<int:pk>/", files.TransferActView.as_view(), name="transfer_act_detail"),
]
