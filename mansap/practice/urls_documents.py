"""Routes of the practice app (documents part); included by mansap/practice/urls.py.

/practice/documents/practice/<pk>/<doc>.<docx|pdf>?lang=kk     all students of a practice
/practice/documents/practice/<pk>/package/<base>.<docx|pdf>      package for one practice base
/practice/documents/order/<pk>/submission.<docx|pdf>             submission of one rector's order
/practice/documents/placement/<pk>/<doc>.<docx|pdf>              one student's form
/practice/documents/practice/<pk>/issue/, .../placement/<pk>/issue/   POST: issue referrals and notices
"""

from django.urls import path, re_path

from mansap.practice import views_documents as views

FMT = r"(?P<fmt>docx|pdf)"

urlpatterns = [
    re_path(
        rf"^documents/practice/(?P<pk>\d+)/(?P<doc>submission|referral|notice|diary|report)\.{FMT}$",
        views.PracticeDocumentView.as_view(),
        name="practice_document",
    ),
    re_path(
        rf"^documents/practice/(?P<pk>\d+)/package/(?P<base_pk>\d+)\.{FMT}$",
        views.PackageDocumentView.as_view(),
        name="package_document",
    ),
    re_path(
        rf"^documents/order/(?P<pk>\d+)/submission\.{FMT}$",
        views.OrderSubmissionView.as_view(),
        name="order_submission",
    ),
    re_path(
        rf"^documents/placement/(?P<pk>\d+)/(?P<doc>referral|notice|diary|report)\.{FMT}$",
        views.PlacementDocumentView.as_view(),
        name="placement_document",
    ),
    path("documents/practice/<int:pk>/", views.PracticeDocumentsPanelView.as_view(), name="practice_documents"),
    path("documents/practice/<int:pk>/issue/", views.PracticeIssueView.as_view(), name="practice_issue_referrals"),
    path("documents/placement/<int:pk>/issue/", views.PlacementIssueView.as_view(), name="placement_issue_referrals"),
]
