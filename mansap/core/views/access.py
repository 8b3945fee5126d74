"""Access management pages: who has which role, giving, changing and revoking access.

Who may open these pages is core.access's `can_view_access` (read) and `can_manage_access` (change); which
memberships they reach is `Membership.objects.for_user` (a dean: the department memberships of their faculty).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from mansap.common.forms import errors_to_form
from mansap.common.params import parse_id
from mansap.common.typing import AuthedRequest
from mansap.common.views import ScopedActionView, ScopedListView, StaffRequiredMixin
from mansap.core import filtersets, forms, tables
from mansap.core.access import CHANGE, VIEW, can_manage_access, can_view_access
from mansap.core.models import Membership, User
from mansap.core.services import access as services


class AccessMixin(StaffRequiredMixin):
    """Managers (Career Center, deans with edit access, superusers) and management read-only; others 403."""

    manage = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            allowed = can_manage_access if self.manage else can_view_access
            if not allowed(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def list_crumb(self) -> tuple[str, str]:
        return (_("Access management"), reverse("core:access_list"))

    def user_url(self, user_id: int) -> str:
        return reverse("core:access_user", args=[user_id])


class AccessListView(AccessMixin, ScopedListView):
    """Users with the memberships the acting user may see (and, for managers, those whose access they revoked)."""

    request: AuthedRequest  # behind AccessMixin's login check

    queryset = User.objects.all()
    filterset_class = filtersets.AccessUserFilterSet
    table_class = tables.AccessUserTable

    def get_queryset(self) -> QuerySet[Any]:
        # A user is not a scoped row: the list is the users of the memberships in the acting user's reach.
        user = self.request.user
        visible = Membership.objects.for_user(user).select_related("institution", "faculty", "department")
        return (
            services.users_for_access(user)
            .prefetch_related(
                Prefetch("memberships", queryset=visible.order_by("role", "pk"), to_attr="visible_memberships")
            )
            .order_by("last_name", "first_name", "username")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Access management")
        context["breadcrumbs"] = [(context["title"], None)]
        context["export_name"] = context["title"]
        if can_manage_access(self.request.user):
            context["add_url"] = reverse("core:access_grant")
            context["add_label"] = _("Give access")
        else:
            context.pop("add_url", None)
        return context

    def export_xlsx(self) -> HttpResponse:
        self.export_name = str(_("Access management"))
        return super().export_xlsx()


class AccessUserView(AccessMixin, DetailView):
    """A user's memberships (the visible ones), what the acting user may do with them, and their history.

    Not a ScopedDetailView: User has no scoped manager; the users the acting user reaches are
    `users_for_access` (404 for anyone else).
    """

    request: AuthedRequest  # behind AccessMixin's login check

    template_name = "core/access_user.html"
    context_object_name = "person"

    def get_queryset(self) -> QuerySet[User]:
        return services.users_for_access(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        person = self.object
        visible = Membership.objects.for_user(user, VIEW).filter(user=person)
        manageable = set(Membership.objects.for_user(user, CHANGE).filter(user=person).values_list("pk", flat=True))
        memberships = list(visible.select_related("institution", "faculty", "department").order_by("role", "pk"))
        for m in memberships:
            m.can_manage = m.pk in manageable  # type: ignore[attr-defined]
        context["memberships"] = memberships
        context["can_manage"] = can_manage_access(user)
        # The service's own rule decides the button; an already deactivated login has nothing to switch off.
        context["can_deactivate"] = person.is_active and services.can_deactivate_login(person, acting_user=user)
        history = services.membership_history_for(user).filter(user_id=person.pk)
        context["history"] = history.select_related("history_user", "faculty", "department", "institution").order_by(
            "-history_date"
        )[:100]
        context["breadcrumbs"] = [self.list_crumb(), (person.display_name, None)]
        context["grant_url"] = reverse("core:access_grant") + f"?user={person.pk}"
        return context


class AccessGrantView(AccessMixin, FormView):
    """Give a role to an existing user or to a new one invited by e-mail (grant_access: both or neither).

    A creation, not a change of one scoped object: the service checks the role and scope given.
    """

    request: AuthedRequest  # behind AccessMixin's login check

    manage = True
    template_name = "core/access_grant.html"
    form_class = forms.GrantAccessForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        user_id = parse_id(self.request.GET.get("user"))
        if user_id is not None:
            initial["user"] = user_id
        return initial

    def form_valid(self, form: forms.GrantAccessForm) -> HttpResponse:
        invite = form.invitation()
        try:
            membership = services.grant_access(
                form.existing_user(),
                invite=invite,
                acting_user=self.request.user,
                request=self.request,
                **form.membership_fields(),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
            return self.form_invalid(form)
        person = membership.user
        if invite is not None:
            messages.success(
                self.request,
                _("{email} was invited; a link to set the password was e-mailed.").format(email=person.email),
            )
        messages.success(self.request, _("Access given: {membership}.").format(membership=membership))
        return HttpResponseRedirect(self.user_url(person.pk))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Give access")
        context["breadcrumbs"] = [self.list_crumb(), (context["title"], None)]
        context["cancel_url"] = reverse("core:access_list")
        return context


class MembershipActionView(AccessMixin, ScopedActionView):
    """A change of one membership by a manager: outside their reach 404, read-only (management) 403.

    Back to the member's access page afterwards.
    """

    request: AuthedRequest  # behind AccessMixin's login check

    manage = True
    queryset = Membership.objects.select_related("user", "institution", "faculty", "department")

    def get_success_url(self, obj: Membership) -> str:
        return self.user_url(obj.user_id)


class MembershipAccessView(MembershipActionView):
    """Switch a membership between read-only and read-write (POST from the user page)."""

    def act(self, obj: Membership) -> Membership:
        form = forms.ChangeAccessForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose read only or read and write."))
        return services.change_access(obj, form.cleaned_data["access"], acting_user=self.request.user)

    def get_success_message(self, obj: Membership, result: Membership) -> str:
        return _("Access changed: {membership}.").format(membership=obj)


class MembershipRevokeView(MembershipActionView):
    """Confirm (GET), then revoke (POST) a membership; the history keeps it."""

    http_method_names = ["get", "post"]
    template_name = "core/access_revoke.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = self.get_object()
        context = {
            "membership": membership,
            "breadcrumbs": [
                self.list_crumb(),
                (membership.user.display_name, self.user_url(membership.user_id)),
                (_("Revoke"), None),
            ],
            "back_url": self.user_url(membership.user_id),
        }
        return render(request, self.template_name, context)

    def act(self, obj: Membership) -> str:
        label = str(obj)  # the message names the membership after it is gone
        services.revoke_membership(obj, acting_user=self.request.user)
        return label

    def get_success_message(self, obj: Membership, result: str) -> str:
        return _("Access revoked: {membership}.").format(membership=result)


class AccessDeactivateView(AccessMixin, ScopedActionView):
    """Switch off the login of a user who has no membership left (the service's rule: can_deactivate_login)."""

    request: AuthedRequest  # behind AccessMixin's login check

    manage = True
    queryset = User.objects.all()  # names the model only: the object comes from get_object below

    def get_object(self) -> User:
        # A login is not a scoped row (User has no for_user): the access pages reach the users of the
        # memberships in the acting user's reach, a 404 for anyone else.
        return get_object_or_404(services.users_for_access(self.request.user), pk=self.kwargs["pk"])

    def act(self, obj: User) -> User:
        return services.deactivate_login(obj, acting_user=self.request.user)

    def get_success_message(self, obj: User, result: User) -> str:
        return _("The login of {user} was deactivated.").format(user=obj.display_name)

    def get_success_url(self, obj: User) -> str:
        return self.user_url(obj.pk)
