"""/api/v1/: the routers of every app, the OpenAPI schema and its browsable docs (for staff only)."""

from csp.decorators import csp_exempt
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from mansap.common.api import IsStaffMember
from mansap.core.api import register as register_core
from mansap.employers.api import register as register_employers
from mansap.graduates.api import register as register_graduates
from mansap.practice.api import register as register_practice
from mansap.quality.api import register as register_quality
from mansap.surveys.api import register as register_surveys

router = DefaultRouter()
register_core(router)
register_employers(router)
register_graduates(router)
register_practice(router)
register_surveys(router)
register_quality(router)

# The schema lists every endpoint and field: a map for staff who script against the API, not for visitors.
STAFF = [IsAuthenticated, IsStaffMember]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=STAFF), name="api-schema"),
    # Swagger UI and ReDoc start from inline scripts of their own: the only pages without the site's CSP.
    path(
        "docs/",
        csp_exempt()(SpectacularSwaggerView.as_view(url_name="api-schema", permission_classes=STAFF)),
        name="api-docs",
    ),
    path(
        "redoc/",
        csp_exempt()(SpectacularRedocView.as_view(url_name="api-schema", permission_classes=STAFF)),
        name="api-redoc",
    ),
    path("", include(router.urls)),
]
