"""Access management pages: who has which role, giving, changing and revoking access."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from mansap.common.views import (
    ScopedListView,
    StaffRequiredMixin,
)
from mansap.core import filtersets, forms, tables
from mansap.core.models import (
    Membership,
    User,
)
from mansap.core.services import access as services
from mansap.core.services import accounts


#
# Access management: who may see and change which part of the institution
#
class AccessMixin(StaffRequiredMixin):
    """Managers (Career Center, deans with edit access, superusers) and management read-only; others 403."""

    manage = False
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            allowed = services.can_manage_access if self.manage else services.can_view_access
            if not allowed(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def list_crumb(self) -> tuple[str, str]:
        return (_("Access management"), reverse("core:access_list"))


class AccessListView(AccessMixin, ScopedListView):
    queryset = User.objects.all()
    filterset_class = filtersets.AccessUserFilterSet
    table_class = tables.AccessUserTable

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        visible = services.memberships_for_access(user).select_related("institution", "faculty", "department")
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
        if services.can_manage_access(self.request.user):
            context["add_url"] = reverse("core:access_grant")
            context["add_label"] = _("Give access")
        else:
            context.pop("add_url", None)
        return context

    def export_xlsx(self) -> HttpResponse:
        self.export_name = str(_("Access management"))
        return super().export_xlsx()


class AccessUserView(AccessMixin, DetailView):
    """A user's memberships (the visible ones), what the acting user may do with them, and their history."""

    template_name = "core/access_user.html"
    context_object_name = "person"

    def get_queryset(self) -> QuerySet[Any]:
        return services.users_for_access(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        person = self.object
        visible = services.memberships_for_access(user).filter(user=person)
        manageable = set(
            services.memberships_for_access(user, manage=True).filter(user=person).values_list("pk", flat=True)
        )
        memberships = list(visible.select_related("institution", "faculty", "department").order_by("role", "pk"))
        for m in memberships:
            m.can_manage = m.pk in manageable  # type: ignore[attr-defined]
        context["memberships"] = memberships
        context["can_manage"] = services.can_manage_access(user)
        context["can_deactivate"] = (
            context["can_manage"]
            and person.is_active
            and not memberships
            and person.pk != user.pk
            and not person.is_superuser
            and not person.memberships.exists()
        )
        history = services.membership_history_for(user).filter(user_id=person.pk)
        context["history"] = history.select_related("history_user", "faculty", "department", "institution").order_by(
            "-history_date"
        )[:100]
        context["breadcrumbs"] = [self.list_crumb(), (person.display_name, None)]
        context["grant_url"] = reverse("core:access_grant") + f"?user={person.pk}"
        return context


class AccessGrantView(AccessMixin, FormView):
    manage = True
    template_name = "core/access_grant.html"
    form_class = forms.GrantAccessForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        user_id = self.request.GET.get("user", "")
        if user_id.isdigit():
            initial["user"] = int(user_id)
        return initial

    def form_valid(self, form: forms.GrantAccessForm) -> HttpResponse:
        data = form.cleaned_data
        acting = self.request.user
        try:
            with transaction.atomic():
                if data["who"] == form.EXISTING:
                    person = data["user"]
                else:
                    person = accounts.invite_staff_user(
                        email=data["email"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        language=data["language"],
                        acting_user=acting,
                        request=self.request,
                    )
                membership = services.grant_membership(person, acting_user=acting, **form.membership_fields())
        except ValidationError as exc:
            errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
            for field, found in errors.items():
                form.add_error(field if field in form.fields else None, found)
            return self.form_invalid(form)
        if data["who"] == form.INVITE:
            messages.success(
                self.request,
                _("{email} was invited; a link to set the password was e-mailed.").format(email=person.email),
            )
        messages.success(self.request, _("Access given: {membership}.").format(membership=membership))
        return HttpResponseRedirect(reverse("core:access_user", args=[person.pk]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Give access")
        context["breadcrumbs"] = [self.list_crumb(), (context["title"], None)]
        context["cancel_url"] = reverse("core:access_list")
        return context


class MembershipActionMixin(AccessMixin):
    manage = True
    kwargs: dict[str, Any]

    def get_membership(self) -> Membership:
        user = self.request.user
        membership = get_object_or_404(
            services.memberships_for_access(user).select_related("user", "institution", "faculty", "department"),
            pk=self.kwargs["pk"],
        )
        if not services.memberships_for_access(user, manage=True).filter(pk=membership.pk).exists():
            raise PermissionDenied
        return membership

    def back(self, membership: Membership) -> HttpResponse:
        return HttpResponseRedirect(reverse("core:access_user", args=[membership.user_id]))

    def crumbs(self, membership: Membership, label: str) -> list[tuple[str, str | None]]:
        return [
            self.list_crumb(),
            (membership.user.display_name, reverse("core:access_user", args=[membership.user_id])),
            (label, None),
        ]


class MembershipAccessView(MembershipActionMixin, View):
    """Switch a membership between read-only and read-write (POST from the user page)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = self.get_membership()
        form = forms.ChangeAccessForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose read only or read and write."))
            return self.back(membership)
        try:
            services.change_access(membership, form.cleaned_data["access"], acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.back(membership)
        messages.success(request, _("Access changed: {membership}.").format(membership=membership))
        return self.back(membership)


class MembershipRevokeView(MembershipActionMixin, TemplateView):
    """Confirm, then revoke a membership; the history keeps it."""

    template_name = "core/access_revoke.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        membership = self.get_membership()
        context["membership"] = membership
        context["breadcrumbs"] = self.crumbs(membership, _("Revoke"))
        context["back_url"] = reverse("core:access_user", args=[membership.user_id])
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = self.get_membership()
        label = str(membership)
        try:
            services.revoke_membership(membership, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.back(membership)
        messages.success(request, _("Access revoked: {membership}.").format(membership=label))
        return self.back(membership)


class AccessDeactivateView(AccessMixin, View):
    """Switch off the login of a user who has no membership left."""

    manage = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(services.users_for_access(request.user), pk=pk)
        try:
            accounts.deactivate_login(person, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The login of {user} was deactivated.").format(user=person.display_name))
        return HttpResponseRedirect(reverse("core:access_user", args=[person.pk]))
