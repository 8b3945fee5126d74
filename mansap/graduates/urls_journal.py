"""URL patterns of the journal pages (included by graduates/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
