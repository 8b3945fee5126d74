"""Practice documents as downloads (DOCX or PDF, in kk/ru/en) and the issuing of referrals and notices.

Scoping: the practice, order, base and placement come from `for_user` (404 outside the user's scope);
issuing needs the change scope (403 for read-only users). A student may download their own referral,
notice, diary and report forms, nothing else.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from mansap.common.views import StaffRequiredMixin, try_reverse
from mansap.core.querysets import CHANGE, VIEW
from mansap.practice.choices import PlacementStatus
from mansap.practice.models import CompanyPackage, Placement, Practice, PracticeBase, PracticeOrder
from mansap.practice.reports import deadlines, documents
from mansap.practice.reports.documents.content import LANGUAGES
from mansap.practice.services.documents import issue_referrals


def document_language(request: HttpRequest, default: str | None = None) -> str:
    """?lang=kk|ru|en, else the given default, else the language of the screen."""
    asked = request.GET.get("lang") or request.POST.get("lang") or ""
    if asked in LANGUAGES:
        return asked
    if default in LANGUAGES:
        return str(default)
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return current if current in LANGUAGES else "kk"


def _no_students(request: HttpRequest, practice: Practice) -> HttpResponse:
    messages.warning(request, _("No students are placed for this practice yet."))
    return HttpResponseRedirect(practice_url(practice))


def practice_url(practice: Practice) -> str:
    return try_reverse("practice:practice_detail", practice.pk) or "/"


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


def _active(placements: Any) -> Any:
    return placements.exclude(status=PlacementStatus.CANCELLED)


# Above this many students a PDF of every student's form takes too long for one request (no background
# jobs here): the page suggests the DOCX (fast) or the per-student PDFs instead.
BULK_PDF_LIMIT = 60


class PracticeDocumentView(StaffRequiredMixin, View):
    """A document for all students of a practice: the submission for the rector's order, or every
    student's referral / notice / diary / report form (one student per page)."""

    def get(self, request: HttpRequest, pk: int, doc: str, fmt: str) -> HttpResponse:
        if doc not in documents.PRACTICE_DOCUMENTS or fmt not in documents.FORMATS:
            raise Http404
        practice = get_object_or_404(Practice.objects.for_user(request.user, VIEW), pk=pk)
        placements = Placement.objects.for_user(request.user, VIEW)
        count = _active(placements.filter(practice=practice)).count()
        if not count:
            return _no_students(request, practice)
        if fmt == "pdf" and doc != "submission" and count > BULK_PDF_LIMIT:
            messages.warning(
                request,
                _(
                    "A PDF for all {count} students would take too long to build (the limit is {limit}). "
                    "Download the DOCX for all students, or the PDF of each student from the placement page."
                ).format(count=count, limit=BULK_PDF_LIMIT),
            )
            return HttpResponseRedirect(practice_url(practice))
        document = documents.build_for_practice(practice, doc, placements, document_language(request))
        return documents.file_response(document, fmt)


class OrderSubmissionView(StaffRequiredMixin, View):
    """The submission of one rector's order, in the order's language unless another is asked for."""

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in documents.FORMATS:
            raise Http404
        order = get_object_or_404(PracticeOrder.objects.for_user(request.user, VIEW).select_related("practice"), pk=pk)
        placements = Placement.objects.for_user(request.user, VIEW)
        if not _active(placements.filter(practice=order.practice_id)).exists():
            return _no_students(request, order.practice)
        document = documents.build_submission(order, placements, document_language(request, order.language))
        return documents.file_response(document, fmt)


class PackageDocumentView(StaffRequiredMixin, View):
    """The package for one practice base: cover letter, programme, calendar schedule, students."""

    def get(self, request: HttpRequest, pk: int, base_pk: int, fmt: str) -> HttpResponse:
        if fmt not in documents.FORMATS:
            raise Http404
        practice = get_object_or_404(Practice.objects.for_user(request.user, VIEW), pk=pk)
        placements = Placement.objects.for_user(request.user, VIEW)
        base = get_object_or_404(
            PracticeBase.objects.filter(
                pk__in=_active(placements.filter(practice=practice, base=base_pk)).values("base")
            ),
            pk=base_pk,
        )
        package = CompanyPackage.objects.filter(practice=practice, base=base).only("language").first()
        language = document_language(request, package.language if package else None)
        return documents.file_response(documents.build_package(practice, base, placements, language), fmt)


class PlacementDocumentView(LoginRequiredMixin, View):
    """One student's referral, notice, diary or report form; the student may download their own."""

    def get(self, request: HttpRequest, pk: int, doc: str, fmt: str) -> HttpResponse:
        if doc not in documents.PER_STUDENT or fmt not in documents.FORMATS:
            raise Http404
        placement = get_object_or_404(
            _active(Placement.objects.for_user(request.user, VIEW)).select_related("practice"), pk=pk
        )
        document = documents.build_for_placement(placement, doc, document_language(request))
        return documents.file_response(document, fmt)


class IssueMixin(StaffRequiredMixin):
    def issue(self, request: HttpRequest, placements: list[Placement], fallback: str) -> HttpResponse:
        try:
            result = issue_referrals(placements, acting_user=request.user, today=timezone.localdate())
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return _back(request, fallback)
        if result.issued:
            messages.success(
                request,
                ngettext(
                    "Referral and notice of completion issued to {count} student.",
                    "Referrals and notices of completion issued to {count} students.",
                    len(result.issued),
                ).format(count=len(result.issued)),
            )
        if result.already:
            messages.info(
                request,
                ngettext(
                    "{count} student already had them; the first issue date is kept.",
                    "{count} students already had them; the first issue dates are kept.",
                    len(result.already),
                ).format(count=len(result.already)),
            )
        for warning in result.warnings:
            messages.warning(request, warning)
        return _back(request, fallback)


class PracticeIssueView(IssueMixin, View):
    """POST: issue the referral and notice to every student of the practice who has none yet."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = get_object_or_404(Practice.objects.for_user(request.user, VIEW), pk=pk)
        visible = _active(Placement.objects.for_user(request.user, VIEW).filter(practice=practice))
        placements = list(
            _active(Placement.objects.for_user(request.user, CHANGE).filter(practice=practice)).select_related(
                "practice", "student"
            )
        )
        if not placements:
            if visible.exists():
                raise PermissionDenied
            return _no_students(request, practice)
        return self.issue(request, placements, practice_url(practice))


class PlacementIssueView(IssueMixin, View):
    """POST: issue the referral and notice to one student."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = get_object_or_404(
            Placement.objects.for_user(request.user, VIEW).select_related("practice", "student"), pk=pk
        )
        if not Placement.objects.for_user(request.user, CHANGE).filter(pk=placement.pk).exists():
            raise PermissionDenied
        return self.issue(request, [placement], try_reverse("practice:placement_detail", placement.pk) or "/")


class PracticeDocumentsPanelView(StaffRequiredMixin, View):
    """The documents section of a practice page (loaded by htmx): every document with a language
    choice, the packages per base, the orders, and the issue of referrals and notices."""

    template_name = "practice/docs/practice_panel.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = get_object_or_404(Practice.objects.for_user(request.user, VIEW), pk=pk)
        placements = _active(Placement.objects.for_user(request.user, VIEW).filter(practice=practice))
        language = (translation.get_language() or "kk")[:2]
        name_field = f"base__organization__name_{language if language in LANGUAGES else 'kk'}"
        today = timezone.localdate()
        deadline = deadlines.referral_deadline(practice.starts_on)
        counts = placements.aggregate(
            total=Count("pk"),
            issued=Count("pk", filter=Q(referral_issued_on__isnull=False)),
            late=Count("pk", filter=Q(referral_issued_on__gt=deadline)),
        )
        packages = {package.base_id: package for package in CompanyPackage.objects.filter(practice=practice)}
        bases = [
            {"pk": base_id, "name": name, "bin": bin_, "students": n, "package": packages.get(base_id)}
            for base_id, name, bin_, n in placements.values_list("base", name_field, "base__organization__bin")
            .annotate(n=Count("pk"))
            .order_by(name_field, "base")
        ]
        orders = list(PracticeOrder.objects.for_user(request.user, VIEW).filter(practice=practice).order_by("-pk"))
        can_issue = Placement.objects.for_user(request.user, CHANGE).filter(pk__in=placements.values("pk")).exists()
        context = {
            "practice": practice,
            "bases": bases,
            "orders": orders,
            "counts": counts,
            "deadline": deadline,
            "overdue": counts["issued"] < counts["total"] and today > deadline,
            "can_issue": can_issue,
            "languages": [(code, name) for code, name in settings.LANGUAGES if code in LANGUAGES],
            "current_language": language,
            "next": request.GET.get("next") or practice_url(practice),
        }
        return TemplateResponse(request, self.template_name, context)
