"""Self-service links: sending them, their QR codes, and the page a graduate opens without an account."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic.detail import SingleObjectMixin

from mansap.common.links import CLOSED as LINK_CLOSED
from mansap.common.links import EXPIRED, INVALID, LANGUAGE_CODES, LinkError, private_link_response, use_link_language
from mansap.common.params import parse_id
from mansap.common.typing import AuthedRequest
from mansap.common.views import ScopedActionView, ScopedMixin
from mansap.core.access import CHANGE, VIEW, can_manage_rounds, get_for_user_or_404
from mansap.core.models import Student
from mansap.graduates.forms import selfservice as forms_selfservice
from mansap.graduates.forms.selfservice import SELF_REPORT_FIELDS, SelfReportForm, SendLinksForm
from mansap.graduates.models import CollectionRound, EmploymentRecord
from mansap.graduates.reports import progress as rounds
from mansap.graduates.services import selfservice
from mansap.graduates.views.rounds import ROUNDS


#
# Self-service links
#
class SendLinksView(ScopedActionView):
    """E-mails self-service links to the round's graduates the user may change (with an e-mail).

    The round is fetched to view (rounds are institution-wide); the Career Center and department
    editors may send, others get 403. The graduates are those of the round the user may change.
    """

    queryset = ROUNDS
    action = VIEW
    request: AuthedRequest

    def get_object(self) -> CollectionRound:
        round_: CollectionRound = super().get_object()
        user = self.request.user
        if not (can_manage_rounds(user) or rounds.writable_department_ids(user)):
            raise PermissionDenied
        return round_

    def act(self, obj: CollectionRound) -> tuple[int, int] | None:
        request = self.request
        form = SendLinksForm(request.POST)
        if obj.is_closed:
            messages.warning(request, _("The round is closed: no links were sent."))
            return None
        if not form.is_valid():
            messages.error(request, _("Choose the language of the e-mails."))
            return None
        graduates = rounds.round_graduates(obj, request.user, CHANGE)
        department = parse_id(request.POST.get("department"))
        if department is not None:
            graduates = graduates.filter(program__department_id=department)
        if form.cleaned_data["only_missing"]:
            graduates = graduates.exclude(rounds.updated_condition(obj))
        return selfservice.send_links(
            obj,
            graduates,
            acting_user=request.user,
            language=form.chosen_language(),
            fallback=translation.get_language(),
            site_url=request.build_absolute_uri("/"),
        )

    def get_success_message(self, obj: CollectionRound, result: tuple[int, int] | None) -> str:
        if result is None:
            return ""
        sent, without = result
        return _("Self-service links sent: {sent}. Graduates without an e-mail: {without}.").format(
            sent=sent, without=without
        )


def round_graduate(round_: CollectionRound, user: Any, graduate_pk: int) -> Student:
    """A graduate of the round's cohort the user may change (another department's: 404; read-only: 403)."""
    # The year lookup implies a graduation date.
    return get_for_user_or_404(
        Student,
        user,
        graduate_pk,
        CHANGE,
        institution_id=round_.institution_id,
        graduation_date__year=round_.cohort,
    )


class SelfServiceQRView(ScopedMixin, SingleObjectMixin, View):
    """A graduate's self-service link as a QR code (PNG, or SVG with ?format=svg), to print.

    The round is fetched to view; the graduate must be one of its cohort the user may change
    (another department's: 404; a read-only member: 403). A dead link is not printed (409): the
    department issues a new one first (SelfServiceRenewView).
    """

    queryset = ROUNDS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        round_ = self.get_object()
        graduate = round_graduate(round_, request.user, self.kwargs["graduate_pk"])
        if selfservice.is_dead(selfservice.check_state(graduate, round_)):
            text = _("This graduate's link is locked after too many wrong IIN digits: issue a new link first.")
            return HttpResponse(text, status=409, content_type="text/plain; charset=utf-8")
        language = request.GET.get("lang", "")
        if language not in LANGUAGE_CODES:  # by default the graduate's own language
            language = graduate.preferred_language(translation.get_language())
        url = request.build_absolute_uri(selfservice.link_path(graduate, round_, language))
        fmt = "svg" if request.GET.get("format") == "svg" else "png"
        content, content_type = selfservice.qr_image(url, fmt)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="mansap-qr-{graduate.pk}-{round_.pk}.{fmt}"'
        response["Cache-Control"] = "private, no-store"
        return response


class SelfServiceRenewView(ScopedActionView):
    """Issues a graduate a new self-service link of the round after theirs was locked, and e-mails it.

    The round is fetched to view; the graduate is one of its cohort the user may change (another
    department's: 404; a read-only member: 403), as for the QR code. Back to `next` (the department's
    page of the round) or the graduate's department page.
    """

    queryset = ROUNDS
    action = VIEW
    error_level = messages.WARNING
    request: AuthedRequest
    graduate: Student

    def act(self, obj: CollectionRound) -> bool:
        self.graduate = round_graduate(obj, self.request.user, self.kwargs["graduate_pk"])
        return selfservice.renew_link(
            self.graduate,
            obj,
            acting_user=self.request.user,
            fallback=translation.get_language(),
            site_url=self.request.build_absolute_uri("/"),
        )

    def get_success_message(self, obj: CollectionRound, result: bool) -> str:
        if result:
            return _("A new self-service link was e-mailed to {name} ({email}).").format(
                name=self.graduate.full_name, email=self.graduate.email
            )
        return _("{name} has a new self-service link: print its QR code (no e-mail on file).").format(
            name=self.graduate.full_name
        )

    def get_success_url(self, obj: CollectionRound) -> str:
        graduate = getattr(self, "graduate", None)
        if graduate is not None and graduate.program_id:
            return reverse("graduates:round_department", args=[obj.pk, graduate.program.department_id])
        return obj.get_absolute_url()


ERROR_STATUS = {INVALID: 400, EXPIRED: 410, LINK_CLOSED: 410, selfservice.LOCKED: 410}


@method_decorator(never_cache, name="dispatch")
class SelfServiceView(View):
    """The graduate's page (no login): confirm or update their situation and contacts.

    Not a Scoped* view: the visitor has no account, so there is no scope to apply. The signed link is the
    authority (it names the graduate and the round), and the IIN check guards what it shows.
    """

    template_name = "graduates/selfservice_form.html"
    link: selfservice.Link

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            self.link = selfservice.open_link(kwargs["token"])
        except LinkError as exc:
            self.use_language(request, exc.language)
            return self.private(self.error_page(request, exc.reason))
        self.use_language(request, self.link.language)
        if not selfservice.is_verified(request.session, self.link):
            return self.private(self.verify(request, kwargs["token"]))
        return self.private(super().dispatch(request, *args, **kwargs))

    @staticmethod
    def error_page(request: HttpRequest, reason: str) -> HttpResponse:
        context = {"reason": reason, "title": _("The link does not work")}
        return render(request, "graduates/selfservice_error.html", context, status=ERROR_STATUS[reason])

    def verify(self, request: HttpRequest, token: str) -> HttpResponse:
        """The IIN check that comes before anything personal; on success, back to the page itself."""
        form = forms_selfservice.IINCheckForm(request.POST if "iin_last4" in request.POST else None)
        status = 200
        if form.is_bound:
            status = 400
            if form.is_valid():
                result = selfservice.check_iin_digits(request.session, self.link, form.cleaned_data["iin_last4"])
                if result.ok:
                    return HttpResponseRedirect(reverse("graduates:selfservice", args=[token]))
                if result.dead:
                    return self.error_page(request, selfservice.LOCKED)
                form.add_error(
                    "iin_last4",
                    _("These digits do not match our records. Attempts left: {count}.").format(
                        count=result.attempts_left
                    ),
                )
                if result.attempts_left == 1:  # a line of its own
                    form.add_error(
                        "iin_last4",
                        _(
                            "Check your IIN on your ID card first: one more wrong entry locks this link, and your "
                            "department will have to send you a new one."
                        ),
                    )
        elif request.method == "POST":
            status = 403  # an answer sent from a page opened in another session: check again first
        context = {
            "form": form,
            "round": self.link.round,
            "max_failures": selfservice.max_failures(),
            "title": _("Confirm it is you"),
        }
        return render(request, "graduates/selfservice_verify.html", context, status=status)

    use_language = staticmethod(use_link_language)
    private = staticmethod(private_link_response)

    def initial(self) -> dict[str, Any]:
        """The pending answer of this round, else the current record and the contacts on file."""
        graduate = self.link.graduate
        pending = selfservice.pending_report(graduate, self.link.round)
        if pending is not None:
            return {name: getattr(pending, name) for name in SELF_REPORT_FIELDS}
        initial: dict[str, Any] = {"email": graduate.email, "phone": graduate.phone}
        record = EmploymentRecord.objects.current_of_graduate(graduate, timezone.localdate()).first()
        if record is not None:
            initial.update(
                status=record.status,
                employer_name=record.employer_display,
                employer_bin=record.employer_bin,
                position=record.position,
                region=record.region,
                started_on=record.started_on,
            )
        return initial

    def render_form(self, request: HttpRequest, form: SelfReportForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "graduate": self.link.graduate,
            "round": self.link.round,
            "pending": selfservice.pending_report(self.link.graduate, self.link.round),
            "title": _("Your career after graduation"),
            "saved": request.GET.get("saved"),
            "token": self.kwargs["token"],  # the service desk's "Request a document" (by URL name, no import)
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        if request.GET.get("saved"):
            return render(
                request,
                "graduates/selfservice_done.html",
                {
                    "graduate": self.link.graduate,
                    "round": self.link.round,
                    "replaced": request.GET.get("saved") == "replaced",
                    "title": _("Thank you"),
                    "again_url": reverse("graduates:selfservice", args=[token]),
                    "token": token,
                },
            )
        return self.render_form(request, SelfReportForm(initial=self.initial()))

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        form = SelfReportForm(request.POST)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        _report, replaced = selfservice.save_self_report(self.link, **form.report_fields())
        url = reverse("graduates:selfservice", args=[token])
        return HttpResponseRedirect(f"{url}?saved={'replaced' if replaced else 'new'}")
