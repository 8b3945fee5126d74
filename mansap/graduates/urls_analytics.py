"""URL patterns of the analytics pages (included by graduates/urls.py)."""

from django.urls import URLPattern, path

from mansap.graduates import analytics_views

urlpatterns: list[URLPattern] = [
    path("analytics/", analytics_views.AnalyticsView.as_view(), name="analytics"),
    path("analytics/trend/", analytics_views.AnalyticsTrendView.as_view(), name="analytics_trend"),
    path(
        "analytics/export.xlsx",
        analytics_views.AnalyticsExportView.as_view(report_format="xlsx"),
        name="analytics_xlsx",
    ),
    path(
        "analytics/report.pdf",
        analytics_views.AnalyticsExportView.as_view(report_format="pdf"),
        name="analytics_pdf",
    ),
]
