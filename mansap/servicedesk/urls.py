"""Pages of the servicedesk app (namespace "servicedesk", under /servicedesk/)."""

from django.urls import URLPattern, URLResolver, path

from mansap.servicedesk.views import (
    calendar,
    catalogue,
    documents,
    enquiries,
    graduate_link,
    information,
    public,
    requests,
    sla,
)

app_name = "servicedesk"

urlpatterns: list[URLPattern | URLResolver] = [
    path("services/", requests.CatalogueView.as_view(), name="catalogue"),
    path("services/<int:pk>/request/", requests.RequestFormView.as_view(), name="request_form"),
    path("my-requests/", requests.MyRequestsView.as_view(), name="my_requests"),
    path("requests/", requests.QueueView.as_view(), name="queue"),
    path("requests/figures/", sla.SlaFiguresView.as_view(), name="sla_figures"),
    path("requests/<int:pk>/", requests.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/<slug:step>/", requests.RequestStepView.as_view(), name="request_step"),
    path("documents/", documents.DocumentListView.as_view(), name="document_list"),
    path("documents/<int:pk>/file/", documents.DocumentFileView.as_view(), name="document_file"),
    path("documents/<int:pk>/revoke/", documents.DocumentRevokeView.as_view(), name="document_revoke"),
    path("catalogue/", catalogue.ServiceListView.as_view(), name="service_list"),
    path("catalogue/<int:pk>/edit/", catalogue.ServiceEditView.as_view(), name="service_edit"),
    path("verify/", public.VerifyStartView.as_view(), name="verify_start"),
    path("verify/<str:code>/", public.VerifyView.as_view(), name="verify"),
    # A graduate without an account, through the desk's signed link (#16)
    path("graduate/from/<str:token>/", graduate_link.GraduateEntryView.as_view(), name="graduate_entry"),
    path("graduate/<str:token>/", graduate_link.GraduateHomeView.as_view(), name="graduate_home"),
    path(
        "graduate/<str:token>/services/<int:pk>/",
        graduate_link.GraduateRequestFormView.as_view(),
        name="graduate_request_form",
    ),
    path(
        "graduate/<str:token>/requests/<int:pk>/",
        graduate_link.GraduateRequestView.as_view(),
        name="graduate_request",
    ),
    path(
        "graduate/<str:token>/documents/<int:pk>/file/",
        graduate_link.GraduateDocumentFileView.as_view(),
        name="graduate_document_file",
    ),
    # The working-day calendar (#16)
    path("calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path("calendar/hours/", calendar.WorkingHoursView.as_view(), name="calendar_hours"),
    path("calendar/exceptions/add/", calendar.CalendarExceptionEditView.as_view(), name="calendarexception_add"),
    path(
        "calendar/exceptions/<int:pk>/edit/",
        calendar.CalendarExceptionEditView.as_view(),
        name="calendarexception_edit",
    ),
    path(
        "calendar/exceptions/<int:pk>/delete/",
        calendar.CalendarExceptionDeleteView.as_view(),
        name="calendarexception_delete",
    ),
    # Public enquiries (#16, R-161)
    path("enquiry/", enquiries.PublicEnquiryView.as_view(), name="enquiry_public"),
    path("enquiry/thanks/", enquiries.EnquiryThanksView.as_view(), name="enquiry_thanks"),
    path("enquiries/", enquiries.EnquiryListView.as_view(), name="enquiry_list"),
    path("enquiries/figures/", enquiries.EnquiryFiguresView.as_view(), name="enquiry_figures"),
    path("enquiries/<int:pk>/", enquiries.EnquiryDetailView.as_view(), name="enquiry_detail"),
    path("enquiries/<int:pk>/take/", enquiries.EnquiryTakeView.as_view(), name="enquiry_take"),
    path("enquiries/<int:pk>/answer/", enquiries.EnquiryAnswerView.as_view(), name="enquiry_answer"),
    path("enquiries/<int:pk>/forward/", enquiries.EnquiryForwardView.as_view(), name="enquiry_forward"),
    path("enquiries/topics/", enquiries.EnquiryTopicListView.as_view(), name="enquirytopic_list"),
    path("enquiries/topics/add/", enquiries.EnquiryTopicEditView.as_view(), name="enquirytopic_add"),
    path("enquiries/topics/<int:pk>/edit/", enquiries.EnquiryTopicEditView.as_view(), name="enquirytopic_edit"),
    # Requests for information to other units (#16, R-131)
    path("information/", information.InfoRequestListView.as_view(), name="inforequest_list"),
    path("information/add/", information.InfoRequestAskView.as_view(), name="inforequest_add"),
    path("information/<int:pk>/", information.InfoRequestDetailView.as_view(), name="inforequest_detail"),
    path("information/<int:pk>/answer/", information.InfoRequestAnswerView.as_view(), name="inforequest_answer"),
    path("information/<int:pk>/cancel/", information.InfoRequestCancelView.as_view(), name="inforequest_cancel"),
    path("information/<int:pk>/file/", information.InfoRequestFileView.as_view(), name="inforequest_file"),
]
