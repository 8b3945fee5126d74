"""URLs of the practice app, mounted at /practice/."""

from django.urls import path  # noqa: F401

app_name = "practice"

urlpatterns: list = []
