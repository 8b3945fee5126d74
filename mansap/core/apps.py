"""The core app: the institution tree, users and their memberships, employees, students and graduates, imports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mansap.core"
    label = "core"
    verbose_name = _("Organization and people")

    def ready(self) -> None:
        from mansap.core import backends  # noqa: F401, I001  (forgets a cached user when it or its memberships change)
        from mansap.core import middleware  # noqa: F401  (remembers a consortium-only login at login)
        from mansap.core.api import schema  # noqa: F401  (registers the API token's OpenAPI scheme)
