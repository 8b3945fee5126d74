"""Pages of the servicedesk app (namespace "servicedesk", under /servicedesk/)."""

from django.urls import URLPattern, URLResolver

app_name = "servicedesk"

urlpatterns: list[URLPattern | URLResolver] = []
