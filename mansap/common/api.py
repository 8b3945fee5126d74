"""API base classes: scoped viewsets and serializers that validate like the forms do."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError

from mansap.core.querysets import CHANGE, VIEW, can_create


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
    """Applies for_user(): out-of-scope objects are 404, read-only writes are 403."""

    queryset: QuerySet[Any]

    def get_queryset(self) -> QuerySet[Any]:
        return self.queryset.all().for_user(self.request.user, VIEW)  # type: ignore[attr-defined]

    def check_object_permissions(self, request: Any, obj: Model) -> None:
        super().check_object_permissions(request, obj)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            manager = type(obj)._default_manager
            if not manager.for_user(request.user, CHANGE).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
                raise PermissionDenied

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not can_create(request.user, getattr(self.queryset.model, "scope_level", "institution")):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)
