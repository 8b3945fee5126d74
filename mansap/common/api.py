"""API base classes: scoped viewsets and serializers that validate like the forms do."""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Model, QuerySet
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from mansap.common.params import validate_date_range
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


class DateField(serializers.DateField):
    """A date within the bounds forms accept too (common.params): no year 1 or 9999 reaches a service."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["validators"] = [*kwargs.get("validators", []), validate_date_range]
        super().__init__(**kwargs)


class ModelSerializer(serializers.ModelSerializer):
    """The base of every model serializer of the API (issue #11):

    - a model's date and date-time fields accept what the forms accept (common.params): a year 1 or 9999 is
      a 400, not an overflow in a service, and no moment is written with Almaty's +05:07:48 of before 1924;
    - a read-only choice field of a model field that may be blank keeps "" among its documented values
      (DRF drops allow_blank from read-only fields, so the schema said "" could not be).
    """

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type, dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.DateField) and not kwargs.get("read_only"):
            kwargs["validators"] = [*kwargs.get("validators", []), validate_date_range]
        return field_class, kwargs

    def include_extra_kwargs(
        self, kwargs: MutableMapping[str, Any], extra_kwargs: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank and kwargs.get("read_only") and "choices" in kwargs:
            kwargs["allow_blank"] = True
        return kwargs


class ValidatedModelSerializer(ModelSerializer):
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


class BriefSerializer(ModelSerializer):
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
