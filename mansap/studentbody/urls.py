"""Pages of the studentbody app (namespace "studentbody", under /studentbody/)."""

from django.urls import path

from mansap.studentbody.views import contingent, documents, orders, reports

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
    path("contingent/", contingent.ContingentView.as_view(), name="contingent"),
    path("students/<int:pk>/history/", contingent.StudentHistoryView.as_view(), name="student_history"),
    path("my-history/", contingent.MyHistoryView.as_view(), name="my_history"),
]
