"""The respondent's pages (no account): personal link /surveys/r/<token>/ and public link /surveys/p/<key>/.

Phone-sized, in the link's language unless the visitor picks another; "Save and continue later"
keeps a draft; conditions are applied in the browser (progressively) and again on the server.

These pages are not scoped by a login: the signed link (services/links.py) or the campaign's public key
is the access, so they stay plain views. The public link also refuses a campaign of personal links only, an
address that has answered as often as it may today (services/links.py), and carries a honeypot field
(services/responses.save_public_response).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from mansap.common.links import INVALID, USED, LinkError, OpenedLink, private_link_response, use_link_language
from mansap.common.params import parse_id
from mansap.common.throttling import client_ip
from mansap.surveys.choices import CHOICE_TYPES, LANGUAGE_CODES, SCALE_LABELS, Channel, QuestionType
from mansap.surveys.models import Campaign, Invitation, Question
from mansap.surveys.models import Response as SurveyResponse
from mansap.surveys.services import links as services
from mansap.surveys.services import responses

ERROR_STATUS = {
    "invalid": 400,
    "expired": 410,
    "closed": 410,
    "not_open": 403,
    "used": 410,
    services.LIMIT: 429,
    services.PERSONAL_ONLY: 403,
}

# The honeypot of the public link's form: a text input people neither see nor reach, which bots fill. Named like
# a field a bot expects to fill, unlike any question ("q<id>"), and not one browsers autofill.
HONEYPOT_FIELD = "website"


def form_sections(questions: list[Question], raw: dict[int, Any], errors: dict[int, str]) -> list[dict[str, Any]]:
    """The questions grouped by section, each with its inputs' current values, error and condition."""
    by_id = {q.pk: q for q in questions}
    sections: list[dict[str, Any]] = []
    number = 0
    for question in questions:
        # Conditional questions are not numbered, so the numbers shown never skip one.
        number += 0 if question.condition_question_id else 1
        if not sections or sections[-1]["section"].pk != question.section_id:
            sections.append({"section": question.section, "items": []})
        value = raw.get(question.pk)
        name = f"q{question.pk}"
        item: dict[str, Any] = {
            "q": question,
            "number": 0 if question.condition_question_id else number,
            "name": name,
            "error": errors.get(question.pk),
        }
        if question.kind in CHOICE_TYPES:
            picked = {str(v) for v in value} if isinstance(value, list) else {str(value or "")}
            item["options"] = [(c.pk, c.text, str(c.pk) in picked) for c in question.choices.all()]
        elif question.kind == QuestionType.LIKERT:
            item["scale"] = [(n, SCALE_LABELS[n], str(n) == str(value or "")) for n in range(1, 6)]
        elif question.kind == QuestionType.MATRIX:
            cells = value if isinstance(value, dict) else {}
            item["rows"] = [
                {
                    "row": row,
                    "name": f"{name}_{row.pk}",
                    "cells": [(n, str(n) == str(cells.get(row.pk, ""))) for n in range(1, 6)],
                }
                for row in question.choices.all()
            ]
            item["scale_labels"] = [SCALE_LABELS[n] for n in range(1, 6)]
        else:
            item["value"] = value or ""
        cond = by_id.get(question.condition_question_id or 0)
        if cond is not None:
            item["when_name"] = f"q{cond.pk}"
            if cond.kind in CHOICE_TYPES:
                match = [c.pk for c in cond.choices.all() if c.code == question.condition_value.strip()]
                item["when_value"] = str(match[0]) if match else "-"
            else:
                item["when_value"] = question.condition_value.strip().replace(",", ".")
        sections[-1]["items"].append(item)
    return sections


def error_map(exc: ValidationError) -> dict[int, str]:
    found: dict[int, str] = {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            question_id = parse_id(key[1:]) if key.startswith("q") else None
            if question_id is not None:
                found[question_id] = errors[0]
    return found


use_language = use_link_language
private = private_link_response


def error_page(request: HttpRequest, exc: LinkError) -> HttpResponse:
    """Why the link does not open, in its language; the error's object is the campaign when it was found."""
    use_language(request, exc.language)
    context = {"reason": exc.reason, "campaign": exc.obj, "title": _("The link does not work")}
    return private(render(request, "surveys/respond_error.html", context, status=ERROR_STATUS[exc.reason]))


class BaseRespondView(View):
    channel = Channel.LINK
    campaign: Campaign
    honeypot: str | None = None  # the name of the form's honeypot field, if it has one

    def resume_key(self, request: HttpRequest, create: bool = False) -> str | None:
        raise NotImplementedError

    def invitation(self) -> Invitation | None:
        return None

    def render_form(
        self, request: HttpRequest, raw: dict[int, Any], errors: dict[int, str], status: int = 200, saved: bool = False
    ) -> HttpResponse:
        questions = self.campaign.questionnaire.ordered_questions()
        context = {
            "campaign": self.campaign,
            "questionnaire": self.campaign.questionnaire,
            "sections": form_sections(questions, raw, errors),
            "errors": errors,
            "saved": saved,
            "title": self.campaign.questionnaire.title,
            "invitation": self.invitation(),
            "honeypot": self.honeypot,
        }
        return private(render(request, "surveys/respond_form.html", context, status=status))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        draft = responses.find_draft(self.campaign, self.resume_key(request))
        raw = responses.raw_from_response(draft) if draft else {}
        return self.render_form(request, raw, {}, saved=bool(request.GET.get("saved")) and draft is not None)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        questions = self.campaign.questionnaire.ordered_questions()
        raw = responses.raw_from_post(questions, request.POST)
        submit = request.POST.get("action") != "save"
        language = (translation.get_language() or "kk")[:2]
        try:
            self.save(request, raw, submit=submit, language=language if language in LANGUAGE_CODES else "kk")
        except ValidationError as exc:
            errors = error_map(exc)
            if not errors:  # not about a question: the link was used meanwhile, the campaign closed, a limit
                reason = exc.code if exc.code in (services.LIMIT, services.PERSONAL_ONLY) else USED
                return error_page(request, LinkError(reason, language, self.campaign))
            return self.render_form(request, raw, errors, status=400)
        if submit:
            self.submitted(request)
            return HttpResponseRedirect(reverse("surveys:thanks") + f"?c={self.campaign.pk}&lang={language}")
        return HttpResponseRedirect(request.path + "?saved=1")

    def save(self, request: HttpRequest, raw: dict[int, Any], *, submit: bool, language: str) -> SurveyResponse | None:
        """Save the draft or the answer through the service (hook); ValidationError names what is wrong."""
        return responses.save_response(
            self.campaign, raw, submit=submit, language=language, channel=self.channel,
            invitation=self.invitation(), resume_key=self.resume_key(request, create=True),
        )  # fmt: skip

    def submitted(self, request: HttpRequest) -> None:
        """After submission (hook)."""


@method_decorator(never_cache, name="dispatch")
class RespondView(BaseRespondView):
    """The personal link of an invitation."""

    link: OpenedLink[Invitation]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.link = services.survey_link.read(kwargs["token"])
        except LinkError as exc:
            return error_page(request, exc)
        self.campaign = self.link.obj.campaign
        use_language(request, self.link.language)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def invitation(self) -> Invitation:
        return self.link.obj

    def resume_key(self, request: HttpRequest, create: bool = False) -> str | None:
        return services.invitation_resume_key(self.link.obj)


@method_decorator(never_cache, name="dispatch")
class PublicRespondView(BaseRespondView):
    """The campaign's public link: anyone may answer; a draft is kept against the visitor's session."""

    channel = Channel.PUBLIC
    honeypot = HONEYPOT_FIELD

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        campaign = (
            Campaign.objects.select_related("questionnaire", "institution")
            .filter(public_slug=kwargs["key"], public_link=True)
            .first()
        )
        if campaign is None:
            return error_page(request, LinkError(INVALID))
        if not campaign.accepts_public_answers:  # an employer campaign saved with a public link before the rule
            return error_page(request, LinkError(services.PERSONAL_ONLY, campaign.language, campaign))
        try:
            services.campaign_gate(campaign, campaign.language)
        except LinkError as exc:
            return error_page(request, exc)
        self.campaign = campaign
        if request.session.get(self.done_name):  # one answer per browser: no accidental second submission
            return error_page(request, LinkError(USED, campaign.language, campaign))
        if services.public_limit_reached(campaign, client_ip(request)):  # said before the form is filled in
            return error_page(request, LinkError(services.LIMIT, campaign.language, campaign))
        use_language(request, campaign.language)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def save(self, request: HttpRequest, raw: dict[int, Any], *, submit: bool, language: str) -> SurveyResponse | None:
        # A discarded answer (None: the honeypot was filled) goes on exactly like a saved one.
        return responses.save_public_response(
            self.campaign, raw, submit=submit, language=language, resume_key=self.resume_key(request, create=True),
            client_address=client_ip(request), honeypot=request.POST.get(HONEYPOT_FIELD, ""),
        )  # fmt: skip

    @property
    def session_name(self) -> str:
        return f"surveys_public_{self.campaign.pk}"

    def resume_key(self, request: HttpRequest, create: bool = False) -> str | None:
        key = request.session.get(self.session_name)
        if key is None and create:
            key = services.new_public_key()
            request.session[self.session_name] = key
        return key

    @property
    def done_name(self) -> str:
        return f"surveys_public_done_{self.campaign.pk}"

    def submitted(self, request: HttpRequest) -> None:
        request.session.pop(self.session_name, None)
        request.session[self.done_name] = True


class ThanksView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = None
        language = request.GET.get("lang", "")
        use_language(request, language if language in LANGUAGE_CODES else None)
        pk = parse_id(request.GET.get("c"))
        if pk is not None:
            campaign = Campaign.objects.filter(pk=pk).select_related("institution").first()
        return private(render(request, "surveys/respond_done.html", {"campaign": campaign, "title": _("Thank you")}))
