"""Pages of the servicedesk app (namespace "servicedesk", under /servicedesk/)."""

from django.urls import URLPattern, URLResolver, path

from mansap.servicedesk.views import catalogue, documents, public, requests

app_name = "servicedesk"

urlpatterns: list[URLPattern | URLResolver] = [
    path("services/", requests.CatalogueView.as_view(), name="catalogue"),
    path("services/<int:pk>/request/", requests.RequestFormView.as_view(), name="request_form"),
    path("my-requests/", requests.MyRequestsView.as_view(), name="my_requests"),
    path("requests/", requests.QueueView.as_view(), name="queue"),
    path("requests/<int:pk>/", requests.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/<slug:step>/", requests.RequestStepView.as_view(), name="request_step"),
    path("documents/", documents.DocumentListView.as_view(), name="document_list"),
    path("documents/<int:pk>/file/", documents.DocumentFileView.as_view(), name="document_file"),
    path("documents/<int:pk>/revoke/", documents.DocumentRevokeView.as_view(), name="document_revoke"),
    path("catalogue/", catalogue.ServiceListView.as_view(), name="service_list"),
    path("catalogue/<int:pk>/edit/", catalogue.ServiceEditView.as_view(), name="service_edit"),
    path("verify/", public.VerifyStartView.as_view(), name="verify_start"),
    path("verify/<str:code>/", public.VerifyView.as_view(), name="verify"),
]
