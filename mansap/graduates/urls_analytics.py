"""URL patterns of the analytics pages (included by graduates/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
