"""API base classes: scoped viewsets and serializers that validate like the forms do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from mansap.core.access import VIEW, can_create, is_staff_member, scoped, user_can_change

if TYPE_CHECKING:
    from rest_framework.permissions import _SupportsHasPermission


# An endpoint of an app's api.ROUTES: (prefix, viewset), or (prefix, viewset, basename) for a viewset whose
# queryset does not name its routes (none, or another endpoint's model).
Route = tuple[str, type[viewsets.ViewSetMixin]] | tuple[str, type[viewsets.ViewSetMixin], str]


class IsStaffMember(BasePermission):
    """Staff of the institution (any membership, read-only included) or a superuser; a student's or an
    employer contact's login is not (403)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_member(request.user)


class ValidatedModelSerializer(serializers.ModelSerializer):
    """Runs Model.full_clean() so the API rejects exactly what the forms reject (NetBox's pattern)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        plain = {k: v for k, v in attrs.items() if not isinstance(self.fields.get(k), serializers.ManyRelatedField)}
        model: Any = self.Meta.model
        instance = self.instance if self.instance is not None else model()
        for key, value in plain.items():
            setattr(instance, key, value)
        self.prepare_instance(instance)
        try:
            instance.full_clean(validate_unique=True)
        except DjangoValidationError as exc:
            raise DRFValidationError(serializers.as_serializer_error(exc)) from exc
        # full_clean may normalize values (phone numbers, codes): keep the normalized ones.
        for key in plain:
            attrs[key] = getattr(instance, key)
        return attrs

    def prepare_instance(self, instance: Model) -> None:
        """Fill fields the model derives before validation (hook)."""


class BriefSerializer(serializers.ModelSerializer):
    """The small nested representation of a related object (NetBox's brief fields)."""

    display = serializers.CharField(source="__str__", read_only=True)


class ScopedViewSet(viewsets.ModelViewSet):
    """Applies for_user(): out-of-scope objects are 404, read-only writes are 403.

    `staff_only = True` adds IsStaffMember to the permission classes, as the web pages' `staff_only`
    does. It is False here (unlike the pages) because some endpoints serve students and employer
    contacts through their querysets' self_filter (their own record, diary, grades, vacancies, public
    events); staff-only viewsets say so.
    """

    queryset: QuerySet[Any]
    staff_only = False

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        permissions = list(super().get_permissions())
        if self.staff_only:
            permissions.append(IsStaffMember())
        return permissions

    def get_queryset(self) -> QuerySet[Any]:
        return scoped(self.queryset).for_user(self.request.user, VIEW)

    def check_object_permissions(self, request: Any, obj: Model) -> None:
        super().check_object_permissions(request, obj)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not user_can_change(request.user, obj):
            raise PermissionDenied

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not can_create(request.user, getattr(self.queryset.model, "scope_level", "institution")):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)
