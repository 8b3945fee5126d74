"""Benchmark: survey results over many answers (campaign_results, the results page, its exports, the API).

    .venv/bin/python bench/bench_surveys.py [--db /tmp/mansap-bench-surveys.sqlite3] [--responses 5000]
                                            [--repeat 5] [--exports]

Uses its own throwaway database: migrates it, loads the demo (seed_demo --graduates 600) when it is
empty, then bulk-creates --responses synthetic submitted answers to the demo's alumni campaign (every
question answered like the demo's respondents, spread over the programs). Times, median of --repeat:

- results.campaign_results() for the whole campaign and for one program (and their SQL queries);
- results.headline_score() (the KPI function);
- the results page `surveys:campaign_results` as `cc` (client, logged in) and as `aigerim`;
- the API `survey-campaigns/<id>/results/`;
- the respondent's page of an open invitation;
- with --exports: the XLSX and the PDF export (one run each).
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from benchlib import measure, setup_django, sqlite_url

BATCH = 5000


def ensure_demo() -> None:
    from django.core.management import call_command

    from mansap.surveys.models import Campaign

    call_command("migrate", verbosity=0)
    if not Campaign.objects.exists():
        call_command("seed_demo", graduates=600, verbosity=0, stdout=sys.stderr)


def add_responses(n: int, seed: int) -> int:
    """Synthetic submitted answers to the alumni campaign, bulk-created (like the demo's, no per-row checks)."""
    from django.db import transaction

    from mansap.surveys import demo
    from mansap.surveys.choices import Channel, ResponseStatus, SurveyKind
    from mansap.surveys.models import Answer, Campaign, Invitation, Response
    from mansap.surveys.services import responses as services_responses

    campaign = Campaign.objects.get(kind=SurveyKind.ALUMNI)
    have = Response.objects.filter(campaign=campaign).count()
    if have >= n:
        return have
    rng = random.Random(seed)
    questions = campaign.questionnaire.ordered_questions()
    by_key = {q.text_en: q for q in questions}
    programs = list(Invitation.objects.filter(campaign=campaign).values_list("program_id", "department_id").distinct())
    with transaction.atomic():
        for start in range(have, n, BATCH):
            size = min(BATCH, n - start)
            responses = []
            values_list = []
            for _ in range(size):
                program, department = rng.choice(programs)
                raw = demo.random_answer(by_key, rng, mood=rng.uniform(2.6, 4.8))
                values, errors = services_responses.clean_answers(questions, raw)
                if errors:
                    continue
                responses.append(
                    Response(
                        campaign=campaign,
                        status=ResponseStatus.SUBMITTED,
                        channel=Channel.LINK,
                        language="kk",
                        program_id=program,
                        department_id=department,
                        cohort=campaign.cohort,
                    )
                )
                values_list.append(values)
            Response.objects.bulk_create(responses, batch_size=1000)
            answers = []
            for response, values in zip(responses, values_list, strict=True):
                answers += services_responses._answer_rows(response, questions, values)
            Answer.objects.bulk_create(answers, batch_size=5000)
    return Response.objects.filter(campaign=campaign).count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="/tmp/mansap-bench-surveys.sqlite3")
    parser.add_argument("--responses", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--exports", action="store_true")
    args = parser.parse_args()
    setup_django(sqlite_url(args.db))

    from django.test import Client
    from django.urls import reverse
    from rest_framework.test import APIClient

    from mansap.core.models import User
    from mansap.surveys.choices import SurveyKind
    from mansap.surveys.models import Answer, Campaign, Invitation
    from mansap.surveys.reports import results
    from mansap.surveys.services import links as services

    ensure_demo()
    started = time.perf_counter()
    total = add_responses(args.responses, args.seed)
    campaign = Campaign.objects.select_related("questionnaire", "headline_question").get(kind=SurveyKind.ALUMNI)
    answers = Answer.objects.filter(response__campaign=campaign).count()
    print(f"alumni campaign: {total} responses, {answers} answer rows (setup {time.perf_counter() - started:.1f} s)")
    program = Invitation.objects.filter(campaign=campaign).values_list("program_id", flat=True).first()

    rows: list[tuple[str, float, float, int]] = []

    def run(label: str, call) -> None:  # type: ignore[no-untyped-def]
        median, fastest, queries, _ = measure(args.repeat, call)
        rows.append((label, median, fastest, queries))

    run("campaign_results (all)", lambda: results.campaign_results(campaign))
    run("campaign_results (one program)", lambda: results.campaign_results(campaign, program_id=program))
    run("headline_score", lambda: results.headline_score(campaign))

    def page_as(username: str, url: str) -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))

        def get() -> int:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return len(response.content)

        return get  # type: ignore[return-value]

    url = reverse("surveys:campaign_results", args=[campaign.pk])
    run("results page as cc", page_as("cc", url))
    run("results page as aigerim (one department)", page_as("aigerim", url))
    api = APIClient()
    api.force_authenticate(User.objects.get(username="cc"))
    run("API results", lambda: api.get(f"/api/v1/survey-campaigns/{campaign.pk}/results/").status_code)
    invitation = (
        Invitation.objects.filter(campaign__kind=SurveyKind.GRADUATING, has_responded=False).order_by("pk").first()
    )
    if invitation is not None:
        anonymous = Client(HTTP_HOST="127.0.0.1")
        link = services.link_path(invitation)
        run("respondent page (phone)", lambda: anonymous.get(link).status_code)
    if args.exports:
        for fmt in ("xlsx", "pdf"):
            export = reverse("surveys:campaign_results_export", args=[campaign.pk, fmt]) + "?lang=kk"
            median, fastest, queries, _ = measure(1, page_as("cc", export), warm_up=False)
            rows.append((f"export {fmt}", median, fastest, queries))

    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'median ms':>10}  {'fastest ms':>10}  {'queries':>7}")
    for label, median, fastest, queries in rows:
        print(f"{label:<{width}}  {median:>10.1f}  {fastest:>10.1f}  {queries:>7}")


if __name__ == "__main__":
    main()
