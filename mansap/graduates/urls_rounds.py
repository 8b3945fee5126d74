"""URL patterns of the rounds pages (included by graduates/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
