"""The login's own pages: changing and resetting the password (Django's views, with the site's forms and
templates) and the API tokens page.

The password views keep Django's behaviour: the change keeps the session (and ends the others), the reset
answers the same whether or not the address has a login, its link works once and for PASSWORD_RESET_TIMEOUT.
Who may keep API tokens is core.access's `can_hold_api_tokens`; which tokens a user reaches is
`ApiToken.objects.for_user` (their own: anyone else's answers 404).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.forms import errors_to_form
from mansap.common.throttling import claim_limiter, client_ip, minutes
from mansap.common.typing import AuthedRequest
from mansap.common.views import ScopedActionView
from mansap.core import forms
from mansap.core.access import CHANGE, can_hold_api_tokens, is_staff_member
from mansap.core.models import ApiToken
from mansap.core.services import accounts as services


# ---- Passwords -----------------------------------------------------------------------------------------------
class PasswordChangeView(auth_views.PasswordChangeView):
    """The current password, then the new one twice (AUTH_PASSWORD_VALIDATORS)."""

    form_class = forms.PasswordChangeForm
    template_name = "registration/password_change.html"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """A forgotten password: the e-mail address, then (whatever it was) the page that says to check the mail."""

    form_class = forms.PasswordResetForm
    template_name = "registration/password_reset.html"


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["link_days"] = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The page of the e-mailed link, for an invitation (a first password) and a forgotten password alike."""

    form_class = forms.SetPasswordForm
    template_name = "registration/set_password.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/set_password_done.html"


# ---- A student claims their login -----------------------------------------------------------------------------
class ClaimStudentAccountView(View):
    """The public page where a student opens their login with their IIN and the e-mail on their record.

    Whatever was typed, a valid form answers the same page ("if they match, a link is on its way"): it never
    tells whether an IIN or an address is known. Every attempt counts against the address
    (common.throttling.claim_limiter), found or not.
    """

    template_name = "registration/claim_account.html"
    done_template_name = "registration/claim_account_done.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(forms.ClaimStudentAccountForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.ClaimStudentAccountForm(request.POST)
        limiter = claim_limiter()
        key = "ip:" + client_ip(request)
        seconds = limiter.locked_seconds([key])
        if seconds:
            form.is_valid()
            form.add_error(
                None,
                _("Too many attempts from this address. Try again in {minutes} min.").format(minutes=minutes(seconds)),
            )
            return self.render(form, status=429)
        if not form.is_valid():
            return self.render(form, status=400)
        limiter.fail(key)
        services.claim_student_account(iin=form.cleaned_data["iin"], email=form.cleaned_data["email"], request=request)
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        return render(request, self.done_template_name, {"link_days": days, "title": _("Check your e-mail")})

    def render(self, form: forms.ClaimStudentAccountForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "title": _("Open your student login")}
        return render(self.request, self.template_name, context, status=status)


# ---- API tokens ----------------------------------------------------------------------------------------------
class ApiTokenListView(LoginRequiredMixin, View):
    """The user's API tokens and a form to issue one; the new key is shown once, on the answer to the form.

    Not a Scoped* view: it lists no scoped rows of the institution but the user's own tokens. Students and
    other logins that may not hold tokens (core.access.can_hold_api_tokens) get 403.
    """

    request: AuthedRequest  # behind LoginRequiredMixin
    template_name = "core/apitoken_list.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not can_hold_api_tokens(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(forms.ApiTokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                token, key = services.create_api_token(
                    self.request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                    acting_user=self.request.user,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                # The key is in this answer only (never stored, never redirected with): a fresh form below it.
                return self.render(forms.ApiTokenForm(), created=token, key=key)
        return self.render(form, status=400)

    def render(self, form: forms.ApiTokenForm, status: int = 200, **extra: Any) -> HttpResponse:
        user = self.request.user
        context = {
            "title": _("API tokens"),
            "breadcrumbs": [(_("API tokens"), None)],
            "form": form,
            "tokens": ApiToken.objects.for_user(user).order_by("-created"),
            "api_root": self.request.build_absolute_uri(reverse("api-root")),
            # The schema and its docs are for staff (mansap.api.urls); employer contacts script without them.
            "api_docs": reverse("api-docs") if is_staff_member(user) else None,
            **extra,
        }
        return render(self.request, self.template_name, context, status=status)


class ApiTokenRevokeView(ScopedActionView):
    """Revoke one of one's own tokens (POST); anyone else's answers 404."""

    request: AuthedRequest  # behind the login check of the Scoped* bases

    staff_only = False  # employer contacts have tokens too
    action = CHANGE
    queryset = ApiToken.objects.select_related("user")

    def act(self, obj: ApiToken) -> None:
        services.revoke_api_token(obj, acting_user=self.request.user)

    def get_success_message(self, obj: ApiToken, result: None) -> str:
        return _("The token “{name}” was revoked: the API no longer accepts it.").format(name=obj.name)

    def get_success_url(self, obj: ApiToken) -> str:
        return reverse("apitoken_list")
