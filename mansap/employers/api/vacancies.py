"""API of vacancies (scoped; workflow actions as POST), applications and the public board.

- vacancies: staff by institution scope, employer contacts their organization's only;
  POST vacancies/{id}/submit/, approve/, reject/ {"reason": "..."} call the same services as the pages.
- applications: list for staff and employer contacts (scoped); create for students (multipart: vacancy, cv,
  cover_letter; or use_profile_cv=true instead of cv: a copy of the profile's CV).
- public-vacancies: anonymous, read only: approved and unexpired vacancies of the institution.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from mansap.common.api import ScopedViewSet, ValidatedModelSerializer
from mansap.core.models import EducationalProgram
from mansap.core.querysets import VIEW, is_staff_member
from mansap.employers import vacancy_services as services
from mansap.employers.api.serializers import BriefOrganizationSerializer
from mansap.employers.models import Organization
from mansap.employers.vacancy_forms import PublicVacancyFilterSet, VacancyFilterSet
from mansap.employers.vacancy_models import Application, Vacancy, employer_organization_id, validate_pdf
from mansap.employers.vacancy_views import public_vacancies

PROGRAMS = Prefetch("programs", queryset=EducationalProgram.objects.order_by("code").only("pk", "code"))


class VacancySerializer(ValidatedModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none(), required=False)
    organization_detail = BriefOrganizationSerializer(source="organization", read_only=True)
    programs = serializers.PrimaryKeyRelatedField(many=True, queryset=EducationalProgram.objects.all(), required=False)
    expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Vacancy
        fields = [
            "id", "organization", "organization_detail", "kind", "title", "description", "requirements", "programs",
            "region", "city", "employment_type", "salary_from", "salary_to", "contact_email", "status",
            "published_on", "expires_on", "rejection_reason", "expired",
        ]  # fmt: skip
        read_only_fields = ["status", "published_on", "rejection_reason"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["organization"].queryset = Organization.objects.for_user(request.user, VIEW)  # type: ignore[attr-defined]
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        organization = employer_organization_id(user)
        if organization:  # an employer contact: always their organization; the Career Center sets the dates
            attrs.pop("expires_on", None)
            attrs.pop("organization", None)
            if self.instance is None:
                attrs["organization"] = Organization.objects.get(pk=organization)
        elif self.instance is None and not attrs.get("organization"):
            raise ValidationError({"organization": [_("This field is required.")]})
        if self.instance is None:
            attrs["institution"] = attrs["organization"].institution
            attrs["created_by"] = user
        # Only programs of the vacancy's own university (as in VacancyForm).
        institution_id = attrs["institution"].pk if self.instance is None else self.instance.institution_id
        for program in attrs.get("programs", ()):
            if program.department.faculty.institution_id != institution_id:
                message = serializers.PrimaryKeyRelatedField.default_error_messages["does_not_exist"]
                raise ValidationError({"programs": [message.format(pk_value=program.pk)]})
        return super().validate(attrs)


class VacancyViewSet(ScopedViewSet):
    """Vacancies; employer contacts see and change only their organization's."""

    queryset = Vacancy.objects.select_related("organization").prefetch_related(PROGRAMS).order_by("-pk")
    serializer_class = VacancySerializer
    filterset_class = VacancyFilterSet
    ordering_fields = ["published_on", "expires_on", "title"]

    def check_permissions(self, request: Any) -> None:
        super().check_permissions(request)
        user = request.user
        if user.is_authenticated and not (is_staff_member(user) or services.is_employer_contact(user)):
            raise PermissionDenied

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not (services.is_career_center(request.user) or services.is_employer_contact(request.user)):
            raise PermissionDenied
        return viewsets.ModelViewSet.create(self, request, *args, **kwargs)

    def check_object_permissions(self, request: Any, obj: Any) -> None:
        if request.method in ("PUT", "PATCH") and not services.can_edit_vacancy(request.user, obj):
            raise PermissionDenied
        if request.method == "DELETE" and not services.is_career_center(request.user, obj):
            raise PermissionDenied
        viewsets.ModelViewSet.check_object_permissions(self, request, obj)

    def _run(self, call: Any) -> Response:
        vacancy = self.get_object()
        try:
            call(vacancy)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise ValidationError(serializers.as_serializer_error(exc)) from exc
        vacancy.refresh_from_db()
        return Response(self.get_serializer(vacancy).data)

    @extend_schema(request=None, responses=VacancySerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        return self._run(lambda v: services.submit_vacancy(v, acting_user=request.user))

    @extend_schema(request=None, responses=VacancySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        return self._run(lambda v: services.approve_vacancy(v, acting_user=request.user))

    @extend_schema(
        request=inline_serializer("VacancyReject", {"reason": serializers.CharField()}), responses=VacancySerializer
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: Any = None) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        reason = str(data.get("reason", ""))
        return self._run(lambda v: services.reject_vacancy(v, reason, acting_user=request.user))


class ApplicationSerializer(serializers.ModelSerializer):
    vacancy = serializers.PrimaryKeyRelatedField(queryset=Vacancy.objects.none())
    student_name = serializers.CharField(source="student.full_name", read_only=True)
    program = serializers.CharField(source="student.program.code", read_only=True)
    cv = serializers.FileField(write_only=True, required=False, validators=[validate_pdf])
    use_profile_cv = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Send a copy of the CV of the student's profile."
    )
    cv_url = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id", "vacancy", "student_name", "program", "cover_letter", "cv", "use_profile_cv", "cv_url", "created_at",
        ]  # fmt: skip

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("use_profile_cv") and attrs.get("cv"):
            raise ValidationError({"cv": _("Either attach a CV or use the one of your profile, not both.")})
        return attrs

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["vacancy"].queryset = public_vacancies()  # type: ignore[attr-defined]
        return fields

    def get_cv_url(self, obj: Application) -> str:
        from django.urls import reverse

        return reverse("employers:application_cv", args=[obj.pk])


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):  # fmt: skip
    """Applications: staff and employer contacts list them (scoped); students create their own."""

    queryset = Application.objects.select_related("student__program").order_by("-created_at", "-pk")
    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[Application]:
        return self.queryset.all().for_user(self.request.user, VIEW)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        student = services.user_student(request.user)
        if student is None:
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            application = services.apply(
                data["vacancy"],
                student,
                cv=data.get("cv"),
                cover_letter=data.get("cover_letter", ""),
                use_profile_cv=data.get("use_profile_cv", False),
            )
        except DjangoValidationError as exc:
            raise ValidationError(serializers.as_serializer_error(exc)) from exc
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)


class PublicVacancySerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.__str__", read_only=True)
    programs: Any = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    url = serializers.CharField(source="get_public_url", read_only=True)

    class Meta:
        model = Vacancy
        fields = [
            "id", "title", "organization", "kind", "description", "requirements", "programs", "region", "city",
            "employment_type", "salary_from", "salary_to", "contact_email", "published_on", "expires_on", "url",
        ]  # fmt: skip


class PublicVacancyViewSet(viewsets.ReadOnlyModelViewSet):
    """The public board: approved vacancies of the institution until their last day; no login needed."""

    serializer_class = PublicVacancySerializer
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    filterset_class = PublicVacancyFilterSet
    queryset = Vacancy.objects.none()

    def get_queryset(self) -> QuerySet[Vacancy]:
        return (
            public_vacancies()
            .select_related("organization")
            .prefetch_related(PROGRAMS)
            .order_by("-published_on", "-pk")
            .distinct()
        )


def register(router: Any) -> None:
    router.register("vacancies", VacancyViewSet)
    router.register("applications", ApplicationViewSet)
    router.register("public-vacancies", PublicVacancyViewSet, basename="public-vacancy")
