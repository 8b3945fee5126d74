from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mansap.api"
    label = "api"
    verbose_name = "API"
