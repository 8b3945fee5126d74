from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from mansap.common import health
from mansap.common.sessions import keep_alive
from mansap.core.views import accounts, home

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    # Probes for nginx, systemd and monitoring (no login, no cookie, JSON): mansap/common/health.py.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/session/keep-alive/", keep_alive, name="session_keepalive"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/changed/", accounts.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/forgotten/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/forgotten/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    # The e-mailed link of a forgotten password, and of an invitation (staff and employer contacts set their
    # first password here).
    path(
        "accounts/reset/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("accounts/reset/done/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # A student opens their own login with their IIN and the e-mail on their record (public, rate-limited).
    path("accounts/claim/", accounts.ClaimStudentAccountView.as_view(), name="claim_account"),
    path("accounts/tokens/", accounts.ApiTokenListView.as_view(), name="apitoken_list"),
    path("accounts/tokens/<str:pk>/revoke/", accounts.ApiTokenRevokeView.as_view(), name="apitoken_revoke"),
    path("i18n/setlang/", home.SetLanguageView.as_view(), name="set_language"),
    path("org/", include("mansap.core.urls")),
    path("employment/", include("mansap.graduates.urls")),
    path("employers/", include("mansap.employers.urls.employers")),
    path("vacancies/", include("mansap.employers.urls.vacancies")),
    path("events/", include("mansap.employers.urls.events")),
    path("practice/", include("mansap.practice.urls")),
    path("surveys/", include("mansap.surveys.urls")),
    path("quality/", include("mansap.quality.urls")),
    path("academics/", include("mansap.academics.urls")),
    path("studentbody/", include("mansap.studentbody.urls")),
    path("servicedesk/", include("mansap.servicedesk.urls")),
    path("regulations/", include("mansap.regulations.urls")),
    path("api/v1/", include("mansap.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "mansap.common.errors.bad_request"
handler403 = "mansap.common.errors.permission_denied"
handler404 = "mansap.common.errors.page_not_found"
handler500 = "mansap.common.errors.server_error"
