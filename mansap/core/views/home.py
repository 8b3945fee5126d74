"""The home page and the language switch."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView
from django.views.i18n import set_language

from mansap.common.links import LANGUAGE_CODES
from mansap.common.typing import AuthedRequest
from mansap.core.access import VIEW, is_institution_wide, is_read_only_staff, is_staff_member, user_memberships
from mansap.core.choices import Role, StudentStatus
from mansap.core.models import Student
from mansap.core.services import accounts as services


class HomeView(LoginRequiredMixin, TemplateView):
    """A dashboard for the user's role: what they are responsible for, in numbers.

    Not a Scoped* view: it is about no one object; its counts go through Student.objects.for_user.
    """

    template_name = "core/home.html"
    request: AuthedRequest  # behind LoginRequiredMixin

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["memberships"] = [m for m in user_memberships(user)]
        for m in context["memberships"]:
            m.scope_label = str(m.department or m.faculty or m.institution) if m.pk else ""
        if is_staff_member(user):
            students = Student.objects.for_user(user, VIEW)
            this_year = timezone.localdate().year
            # One grouped query: the four totals are the sums of the departments' rows (every student has a
            # program, so a department), instead of a second scan of the whole scope for them.
            rows = list(
                students.values("program__department__code", "program__department__name_" + _lang())
                .annotate(
                    studying=Count("pk", filter=Q(status=StudentStatus.STUDYING)),
                    graduates=Count("pk", filter=Q(graduation_date__isnull=False)),
                    recent=Count("pk", filter=Q(graduation_date__year=this_year)),
                    total=Count("pk"),
                )
                .order_by("program__department__code")
            )
            context["counts"] = {
                key: sum(row[key] for row in rows) for key in ("studying", "graduates", "recent", "total")
            }
            context["recent_cohort"] = this_year
            context["by_department"] = rows
            context["lang_name_key"] = "program__department__name_" + _lang()
            context["is_institution_wide"] = is_institution_wide(user)
            context["is_read_only"] = is_read_only_staff(user)
            context["role_labels"] = sorted({str(Role(m.role).label) for m in context["memberships"]})
        else:
            context["student"] = Student.objects.for_user(user).with_detail_related().first()
        return context


def _lang() -> str:
    """The active language's code (kk, ru or en) for the name_<code> columns; Kazakh otherwise."""
    code = (get_language() or "kk")[:2]
    return code if code in LANGUAGE_CODES else "kk"


class SetLanguageView(View):
    """Django's set_language, which also remembers the choice on the user's profile (open to anyone: the
    login page has the switch too)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        response = set_language(request)
        language = request.POST.get("language", "")
        if request.user.is_authenticated and language in LANGUAGE_CODES:
            services.set_user_language(request.user, language)
        return response
