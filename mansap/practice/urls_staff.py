"""Routes of the practice app (staff part); included by mansap/practice/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
