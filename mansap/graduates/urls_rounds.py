"""URL patterns of the rounds pages, form No. 10 and self-service links (included by graduates/urls.py)."""

from django.urls import URLPattern, path

from mansap.graduates import round_views as views

urlpatterns: list[URLPattern] = [
    path("rounds/", views.RoundListView.as_view(), name="collectionround_list"),
    path("rounds/create/", views.RoundCreateView.as_view(), name="collectionround_create"),
    path("rounds/extra/", views.ExtraRoundCreateView.as_view(), name="collectionround_extra"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="collectionround_detail"),
    path("rounds/<int:pk>/close/", views.RoundCloseView.as_view(), name="collectionround_close"),
    path("rounds/<int:pk>/reopen/", views.RoundReopenView.as_view(), name="collectionround_reopen"),
    path("rounds/<int:pk>/remind/", views.RoundRemindView.as_view(), name="collectionround_remind"),
    path("rounds/<int:pk>/platonus/", views.RoundPlatonusView.as_view(), name="collectionround_platonus"),
    path("rounds/<int:pk>/submit/", views.RoundSubmitView.as_view(), name="round_submit"),
    path(
        "rounds/<int:pk>/departments/<int:department_pk>/",
        views.RoundDepartmentView.as_view(),
        name="round_department",
    ),
    path("rounds/<int:pk>/form10.xlsx", views.Form10ExportView.as_view(), name="form10_export"),
    path("rounds/<int:pk>/selfservice/send/", views.SendLinksView.as_view(), name="selfservice_send"),
    path(
        "rounds/<int:pk>/graduates/<int:graduate_pk>/qr/",
        views.SelfServiceQRView.as_view(),
        name="selfservice_qr",
    ),
    path("form10/columns/", views.Form10ColumnsView.as_view(), name="form10_columns"),
    path("update/<str:token>/", views.SelfServiceView.as_view(), name="selfservice"),
]
