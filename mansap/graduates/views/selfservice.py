"""Self-service links: sending them, their QR codes, and the page a graduate opens without an account."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from mansap.common.links import private_link_response, use_link_language
from mansap.common.views import StaffRequiredMixin
from mansap.core.querysets import CHANGE, VIEW
from mansap.graduates.forms import selfservice as forms_selfservice
from mansap.graduates.forms.selfservice import SelfReportForm, SendLinksForm
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.reports import progress as rounds
from mansap.graduates.services import rounds as services_rounds
from mansap.graduates.services import selfservice
from mansap.graduates.views.rounds import get_round


#
# Self-service links
#
class SendLinksView(StaffRequiredMixin, View):
    """E-mails self-service links to the round's graduates the user may change (with an e-mail)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        round_ = get_round(request, pk)
        if not (services_rounds.can_manage_rounds(request.user) or rounds.writable_department_ids(request.user)):
            raise PermissionDenied
        back = request.POST.get("next") or round_.get_absolute_url()
        if not back.startswith("/") or back.startswith("//"):
            back = round_.get_absolute_url()
        form = SendLinksForm(request.POST)
        if round_.is_closed:
            messages.warning(request, _("The round is closed: no links were sent."))
            return HttpResponseRedirect(back)
        if not form.is_valid():
            messages.error(request, _("Choose the language of the e-mails."))
            return HttpResponseRedirect(back)
        graduates = rounds.round_graduates(round_, request.user, CHANGE)
        department = request.POST.get("department") or ""
        if department.isdigit():
            graduates = graduates.filter(program__department_id=int(department))
        if form.cleaned_data["only_missing"]:
            graduates = graduates.exclude(rounds.updated_condition(round_))
        sent, without = selfservice.send_links(
            round_,
            graduates,
            language=form.chosen_language(),
            fallback=translation.get_language(),
            site_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request,
            _("Self-service links sent: {sent}. Graduates without an e-mail: {without}.").format(
                sent=sent, without=without
            ),
        )
        return HttpResponseRedirect(back)


class SelfServiceQRView(StaffRequiredMixin, View):
    """A graduate's self-service link as a QR code (PNG, or SVG with ?format=svg), to print."""

    def get(self, request: HttpRequest, pk: int, graduate_pk: int) -> HttpResponse:
        round_ = get_round(request, pk)
        graduate = get_object_or_404(rounds.round_graduates(round_, request.user, VIEW), pk=graduate_pk)
        if not rounds.round_graduates(round_, request.user, CHANGE).filter(pk=graduate.pk).exists():
            raise PermissionDenied
        language = request.GET.get("lang", "")
        if language not in services_rounds.LANGUAGE_CODES:  # by default the graduate's own language
            language = graduate.preferred_language(translation.get_language())
        url = request.build_absolute_uri(selfservice.link_path(graduate, round_, language))
        fmt = "svg" if request.GET.get("format") == "svg" else "png"
        content, content_type = selfservice.qr_image(url, fmt)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="mansap-qr-{graduate.pk}-{round_.pk}.{fmt}"'
        response["Cache-Control"] = "private, no-store"
        return response


ERROR_STATUS = {"invalid": 400, "expired": 410, "closed": 410}


@method_decorator(never_cache, name="dispatch")
class SelfServiceView(View):
    """The graduate's page (no login): confirm or update their situation and contacts."""

    template_name = "graduates/selfservice_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.link = selfservice.read_token(kwargs["token"])
        except selfservice.TokenError as exc:
            self.use_language(request, exc.language)
            response = render(
                request,
                "graduates/selfservice_error.html",
                {"reason": exc.reason, "title": _("The link does not work")},
                status=ERROR_STATUS[exc.reason],
            )
            return self.private(response)
        self.use_language(request, self.link.language)
        if not selfservice.is_verified(request.session, self.link):
            return self.private(self.verify(request, kwargs["token"]))
        return self.private(super().dispatch(request, *args, **kwargs))

    def verify(self, request: HttpRequest, token: str) -> HttpResponse:
        """The IIN check that comes before anything personal; on success, back to the page itself."""
        form = forms_selfservice.IINCheckForm(request.POST if "iin_last4" in request.POST else None)
        status, locked = 200, selfservice.locked_seconds(self.link)
        if locked:
            status = 429
        elif form.is_bound:
            status = 400
            if form.is_valid():
                result = selfservice.check_iin_digits(request.session, self.link, form.cleaned_data["iin_last4"])
                if result.ok:
                    return HttpResponseRedirect(reverse("graduates:selfservice", args=[token]))
                if result.locked_seconds:
                    status, locked = 429, result.locked_seconds
                else:
                    form.add_error(
                        "iin_last4",
                        _("These digits do not match our records. Attempts left: {count}.").format(
                            count=result.attempts_left
                        ),
                    )
        elif request.method == "POST":
            status = 403  # an answer sent from a page opened in another session: check again first
        context = {
            "form": form,
            "round": self.link.round,
            "locked_minutes": -(-locked // 60) if locked else 0,
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
            return {name: getattr(pending, name) for name in SelfReportForm._meta.fields}
        initial: dict[str, Any] = {"email": graduate.email, "phone": graduate.phone}
        record = EmploymentRecord.objects.filter(graduate=graduate, ended_on__isnull=True).first()
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
                },
            )
        return self.render_form(request, SelfReportForm(initial=self.initial()))

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        form = SelfReportForm(request.POST)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        fields = {name: form.cleaned_data.get(name) for name in SelfReportForm._meta.fields}
        fields = {k: ("" if v is None and k != "salary" and k != "started_on" else v) for k, v in fields.items()}
        _report, replaced = selfservice.save_self_report(self.link, fields)
        url = reverse("graduates:selfservice", args=[token])
        return HttpResponseRedirect(f"{url}?saved={'replaced' if replaced else 'new'}")
