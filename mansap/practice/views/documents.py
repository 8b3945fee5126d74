"""Practice documents as downloads (DOCX or PDF, in kk/ru/en) and the issuing of referrals and notices.

Scoping: the practice, order, base and placement come from `for_user` (404 outside the user's scope);
issuing needs the change scope (403 for read-only users). A student may download their own referral,
notice, diary and report forms, nothing else. The documents list only the placements the user may see.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mansap.common.views import ScopedActionView, ScopedDetailView, safe_next
from mansap.core.access import CHANGE, VIEW
from mansap.practice.choices import PlacementStatus
from mansap.practice.models import CompanyPackage, Placement, Practice, PracticeBase, PracticeOrder
from mansap.practice.reports import deadlines, documents
from mansap.practice.reports.documents.content import LANGUAGES
from mansap.practice.services.documents import IssueResult, issue_referrals


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
    return HttpResponseRedirect(practice.get_absolute_url())


def _active(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    return placements.exclude(status=PlacementStatus.CANCELLED)


def _visible_placements(request: HttpRequest) -> QuerySet[Placement]:
    """The placements the user may see: a document lists only those."""
    return Placement.objects.for_user(request.user, VIEW)


# Above this many students a PDF of every student's form takes too long for one request (no background
# jobs here): the page suggests the DOCX (fast) or the per-student PDFs instead.
BULK_PDF_LIMIT = 60


class PracticeDocumentView(ScopedDetailView):
    """A document for all students of a practice: the submission for the rector's order, or every
    student's referral / notice / diary / report form (one student per page)."""

    queryset = Practice.objects.all()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        doc, fmt = kwargs["doc"], kwargs["fmt"]
        if doc not in documents.PRACTICE_DOCUMENTS or fmt not in documents.FORMATS:
            raise Http404
        practice: Practice = self.get_object()
        placements = _visible_placements(request)
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
            return HttpResponseRedirect(practice.get_absolute_url())
        document = documents.build_for_practice(practice, doc, placements, document_language(request))
        return documents.file_response(document, fmt)


class OrderSubmissionView(ScopedDetailView):
    """The submission of one rector's order, in the order's language unless another is asked for."""

    queryset = PracticeOrder.objects.select_related("practice")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = kwargs["fmt"]
        if fmt not in documents.FORMATS:
            raise Http404
        order: PracticeOrder = self.get_object()
        placements = _visible_placements(request)
        if not _active(placements.filter(practice=order.practice_id)).exists():
            return _no_students(request, order.practice)
        document = documents.build_submission(order, placements, document_language(request, order.language))
        return documents.file_response(document, fmt)


class PackageDocumentView(ScopedDetailView):
    """The package for one practice base: cover letter, programme, calendar schedule, students."""

    queryset = Practice.objects.all()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = kwargs["fmt"]
        if fmt not in documents.FORMATS:
            raise Http404
        practice: Practice = self.get_object()
        placements = _visible_placements(request)
        # A base of this practice's visible placements (a base without them has no package here).
        base = get_object_or_404(
            PracticeBase.objects.filter(
                pk__in=_active(placements.filter(practice=practice, base=kwargs["base_pk"])).values("base")
            ),
            pk=kwargs["base_pk"],
        )
        package = CompanyPackage.objects.filter(practice=practice, base=base).only("language").first()
        language = document_language(request, package.language if package else None)
        return documents.file_response(documents.build_package(practice, base, placements, language), fmt)


class PlacementDocumentView(ScopedDetailView):
    """One student's referral, notice, diary or report form; the student may download their own."""

    queryset = _active(Placement.objects.select_related("practice"))
    staff_only = False  # the student's own placement (its queryset's self_filter)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        doc, fmt = kwargs["doc"], kwargs["fmt"]
        if doc not in documents.PER_STUDENT or fmt not in documents.FORMATS:
            raise Http404
        placement: Placement = self.get_object()
        document = documents.build_for_placement(placement, doc, document_language(request))
        return documents.file_response(document, fmt)


class IssueView(ScopedActionView):
    """Issue referrals and notices: what was issued, what had been, and the late-issue warning, as messages;
    back to `next` when it is given (the documents panel sends the page it is on)."""

    def issue(self, placements: list[Placement]) -> IssueResult:
        return issue_referrals(placements, acting_user=self.request.user, today=timezone.localdate())

    def back(self, obj: Any) -> HttpResponse:
        # Only a POSTed `next` is followed (the panel's forms send it).
        return HttpResponseRedirect(safe_next(self.request, self.get_success_url(obj), post_only=True))

    def act_failed(self, obj: Any, exc: ValidationError) -> HttpResponse:
        for message in exc.messages:
            messages.error(self.request, message)
        return self.back(obj)

    def act_done(self, obj: Any, result: IssueResult | None) -> HttpResponse:
        if result is None:  # nothing to issue (act said why): to the object's page
            return HttpResponseRedirect(self.get_success_url(obj))
        if result.issued:
            messages.success(
                self.request,
                ngettext(
                    "Referral and notice of completion issued to {count} student.",
                    "Referrals and notices of completion issued to {count} students.",
                    len(result.issued),
                ).format(count=len(result.issued)),
            )
        if result.already:
            messages.info(
                self.request,
                ngettext(
                    "{count} student already had them; the first issue date is kept.",
                    "{count} students already had them; the first issue dates are kept.",
                    len(result.already),
                ).format(count=len(result.already)),
            )
        for warning in result.warnings:
            messages.warning(self.request, warning)
        return self.back(obj)


class PracticeIssueView(IssueView):
    """POST: issue the referral and notice to every student of the practice who has none yet.

    The practice is fetched in the view scope: the placements the user may change decide (403 when they
    see some but may change none; a message when there are none at all).
    """

    queryset = Practice.objects.all()
    action = VIEW

    def act(self, obj: Practice) -> IssueResult | None:
        placements = list(
            _active(Placement.objects.for_user(self.request.user, CHANGE).filter(practice=obj)).select_related(
                "practice", "student"
            )
        )
        if not placements:
            if _active(_visible_placements(self.request).filter(practice=obj)).exists():
                raise PermissionDenied
            messages.warning(self.request, _("No students are placed for this practice yet."))
            return None
        return self.issue(placements)


class PlacementIssueView(IssueView):
    """POST: issue the referral and notice to one student."""

    queryset = Placement.objects.select_related("practice", "student")

    def act(self, obj: Placement) -> IssueResult:
        return self.issue([obj])


class PracticeDocumentsPanelView(ScopedDetailView):
    """The documents section of a practice page (loaded by htmx): every document with a language
    choice, the packages per base, the orders, and the issue of referrals and notices."""

    queryset = Practice.objects.all()
    template_name = "practice/docs/practice_panel.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        del context["breadcrumbs"]  # a panel: the practice page around it has them
        practice: Practice = self.object
        request = self.request
        placements = _active(_visible_placements(request).filter(practice=practice))
        language = (translation.get_language() or "kk")[:2]
        # The bases are listed by the organization's name in the language of the screen.
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
        context.update(
            practice=practice,
            bases=bases,
            orders=orders,
            counts=counts,
            deadline=deadline,
            overdue=counts["issued"] < counts["total"] and today > deadline,
            can_issue=can_issue,
            languages=[(code, name) for code, name in settings.LANGUAGES if code in LANGUAGES],
            current_language=language,
            next=request.GET.get("next") or practice.get_absolute_url(),
        )
        return context
