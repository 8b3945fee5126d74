"""/api/v1/: the routers of every app, the OpenAPI schema and its browsable docs (for staff only)."""

from csp.decorators import csp_exempt
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from mansap.academics import api as academics
from mansap.common.api import IsStaffMember
from mansap.core import api as core
from mansap.employers import api as employers
from mansap.graduates import api as graduates
from mansap.practice import api as practice
from mansap.quality import api as quality
from mansap.regulations import api as regulations
from mansap.servicedesk import api as servicedesk
from mansap.studentbody import api as studentbody
from mansap.surveys import api as surveys

router = DefaultRouter()
for app in (core, employers, graduates, practice, surveys, quality, academics, studentbody, servicedesk, regulations):
    for prefix, viewset, *basename in app.ROUTES:
        router.register(prefix, viewset, *basename)

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
