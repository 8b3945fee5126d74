"""Survey results: pure functions over plain values, and one loader that feeds them from the database.

Rules:
- response rate = responded invitations / invitations, by program and by department;
- a choice question's share is of the respondents who answered it (a multiple choice can exceed 100 % in sum);
- means of scale, number and matrix cells are arithmetic means rounded to two decimals;
- competency gap = mean importance − mean preparedness of the same row (matched by row code);
- minimum slice: any group (the whole campaign, a program, a question) answered by fewer than the
  campaign's `min_slice` respondents is suppressed: shown as "fewer than N answers", never a number.

- public share = submitted answers that came through the campaign's public link / all submitted answers in the
  view (shown with the answers' count, never below the minimum slice).

`headline_score(campaign)` and `employer_survey_kpi(institution, year)` (KPI-17.8) are computed here. KPI-17.8
counts the employer survey's personal-link answers (and the telephone interviews staff enter for an invited
organization) only: public-link answers, which an employer campaign could still take before that kind refused a
public link (Campaign.clean), are left out of its score and its respondents, for old data too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q

from mansap.core.models import Department, EducationalProgram, Institution
from mansap.surveys.choices import PERSONAL_LINK_ONLY_KINDS, Channel, QuestionType, ResponseStatus, SurveyKind
from mansap.surveys.models import Answer, Campaign, Invitation, Question, Response

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.core.models import User
    from mansap.employers.models import Organization

TWO = Decimal("0.01")
ONE = Decimal("0.1")


# ---- Pure maths ----------------------------------------------------------------------------------------------
def mean(values: Iterable[Any]) -> Decimal | None:
    found = [Decimal(str(v)) for v in values]
    if not found:
        return None
    return (sum(found, Decimal(0)) / len(found)).quantize(TWO, rounding=ROUND_HALF_UP)


def percent(count: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(count) * 100 / Decimal(total)).quantize(ONE, rounding=ROUND_HALF_UP)


def is_suppressed(n: int, min_slice: int) -> bool:
    """A group smaller than the minimum slice is never shown (n = 0 is shown as 'no answers')."""
    return 0 < n < min_slice


@dataclass
class Bar:
    key: Any
    label: str
    count: int
    percent: Decimal | None


def choice_distribution(options: Sequence[tuple[Any, str]], picks: Sequence[Any], respondents: int) -> list[Bar]:
    """Counts of each option among the picks; percent of the respondents who answered."""
    counts = Counter(picks)
    return [Bar(key, label, counts.get(key, 0), percent(counts.get(key, 0), respondents)) for key, label in options]


def scale_distribution(values: Sequence[int]) -> list[Bar]:
    counts = Counter(int(v) for v in values)
    return [Bar(k, str(k), counts.get(k, 0), percent(counts.get(k, 0), len(values))) for k in range(1, 6)]


@dataclass
class NumberSummary:
    n: int
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    median: Decimal | None


def number_summary(values: Sequence[Any]) -> NumberSummary:
    found = sorted(Decimal(str(v)) for v in values)
    if not found:
        return NumberSummary(0, None, None, None, None)
    middle = len(found) // 2
    median = found[middle] if len(found) % 2 else (found[middle - 1] + found[middle]) / 2
    return NumberSummary(len(found), mean(found), found[0], found[-1], median.quantize(TWO, rounding=ROUND_HALF_UP))


@dataclass
class RowMean:
    key: Any
    code: str
    label: str
    n: int
    mean: Decimal | None


def matrix_means(rows: Sequence[tuple[Any, str, str]], cells: Sequence[tuple[Any, Any]]) -> list[RowMean]:
    """Mean rating of each matrix row; rows are (key, code, label), cells (row key, value)."""
    by_row: dict[Any, list[Any]] = defaultdict(list)
    for row_key, value in cells:
        by_row[row_key].append(value)
    return [RowMean(key, code, label, len(by_row[key]), mean(by_row[key])) for key, code, label in rows]


@dataclass
class Gap:
    code: str
    label: str
    importance: Decimal
    preparedness: Decimal
    gap: Decimal


def competency_gaps(importance: Sequence[RowMean], preparedness: Sequence[RowMean]) -> list[Gap]:
    """Importance minus preparedness for rows present in both (by code), largest gap first."""
    prepared = {row.code: row for row in preparedness if row.mean is not None}
    gaps = [
        Gap(row.code, row.label, row.mean, prepared[row.code].mean, row.mean - prepared[row.code].mean)  # type: ignore[arg-type, operator]
        for row in importance
        if row.mean is not None and row.code in prepared
    ]
    return sorted(gaps, key=lambda g: (-g.gap, g.code))


@dataclass
class Rate:
    key: Any
    label: str
    invited: int
    responded: int
    rate: Decimal | None


def response_rates(groups: Sequence[tuple[Any, str, int, int]]) -> list[Rate]:
    """Rows (key, label, invited, responded) with the rate in percent; a total row is the caller's business."""
    return [
        Rate(key, label, invited, responded, percent(responded, invited)) for key, label, invited, responded in groups
    ]


# ---- Loading -------------------------------------------------------------------------------------------------
@dataclass
class QuestionResult:
    question: Question
    n: int  # respondents who answered it
    suppressed: bool
    bars: list[Bar] = field(default_factory=list)
    mean: Decimal | None = None
    numbers: NumberSummary | None = None
    rows: list[RowMean] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    def chart(self) -> dict[str, Any] | None:
        if self.suppressed or not self.n:
            return None
        if self.bars:
            return {"type": "bar", "labels": [b.label for b in self.bars], "values": [b.count for b in self.bars]}
        if self.rows:
            return {
                "type": "matrix",
                "labels": [r.label for r in self.rows],
                "values": [float(r.mean) if r.mean is not None else None for r in self.rows],
            }
        return None


@dataclass
class SliceRow:
    key: Any
    label: str
    n: int
    suppressed: bool
    headline: Decimal | None


@dataclass
class CampaignResults:
    campaign: Campaign
    min_slice: int
    respondents: int
    suppressed: bool
    invited: int
    responded: int
    by_program: list[Rate]
    by_department: list[Rate]
    by_channel: list[tuple[str, int]]
    public: int  # submitted answers through the public link, among `respondents`
    questions: list[QuestionResult]
    slices: list[SliceRow]
    gaps: list[tuple[Question, Question, list[Gap]]]
    headline: Decimal | None
    filters: dict[str, Any]

    @property
    def rate(self) -> Decimal | None:
        return percent(self.responded, self.invited)

    @property
    def public_percent(self) -> Decimal | None:
        """The share of public-link answers among the answers in the view, in percent."""
        return percent(self.public, self.respondents)

    @property
    def shows_public_share(self) -> bool:
        """Worth a line: the campaign has a public link or public-link answers, and the view is not hidden."""
        return not self.suppressed and bool(self.respondents) and (self.campaign.public_link or bool(self.public))

    @property
    def channels_besides_public(self) -> list[tuple[str, int]]:
        """`by_channel`, less the public link when its share has a line of its own (shows_public_share)."""
        if not self.shows_public_share:
            return self.by_channel
        public = str(Channel.PUBLIC.label)
        return [(label, n) for label, n in self.by_channel if label != public]

    @property
    def public_left_out_of_kpi(self) -> bool:
        """Public-link answers an employer campaign took before the rule: the page says KPI-17.8 leaves them out."""
        return self.campaign.kind in PERSONAL_LINK_ONLY_KINDS and bool(self.public)


def _program_label(program: EducationalProgram | None) -> str:
    return f"{program.code} {program.name}" if program else "—"


def _rates(campaign: Campaign, path: str, departments: list[int] | None) -> list[tuple[Any, int, int]]:
    invitations = Invitation.objects.filter(campaign=campaign)
    if departments is not None:
        invitations = invitations.filter(department_id__in=departments)
    rows = (
        invitations.values(path)
        .annotate(invited=Count("pk"), responded=Count("pk", filter=Q(has_responded=True)))
        .order_by(path)
    )
    return [(r[path], r["invited"], r["responded"]) for r in rows]


def campaign_results(
    campaign: Campaign,
    *,
    program_id: int | None = None,
    department_id: int | None = None,
    departments: list[int] | None = None,
) -> CampaignResults:
    """Everything the results page and the exports show, in a fixed number of queries.

    `departments` (see querysets.results_departments) limits every figure to those departments' audience.
    """
    min_slice = campaign.min_slice
    questions = campaign.questionnaire.ordered_questions()
    responses = Response.objects.filter(campaign=campaign, status=ResponseStatus.SUBMITTED)
    if departments is not None:
        responses = responses.filter(department_id__in=departments)
    if program_id:
        responses = responses.filter(program_id=program_id)
    if department_id:
        responses = responses.filter(department_id=department_id)
    response_rows = list(responses.values_list("pk", "program_id", "channel"))
    response_ids = {pk for pk, _program, _channel in response_rows}
    respondents = len(response_rows)
    answers = list(
        Answer.objects.filter(response__in=responses).values_list(
            "response_id", "question_id", "choice_id", "number", "text"
        )
    )
    by_question: dict[int, list[tuple[int, int | None, Decimal | None, str]]] = defaultdict(list)
    for response_id, question_id, choice_id, number, text in answers:
        if response_id in response_ids:
            by_question[question_id].append((response_id, choice_id, number, text))

    # Response rates (invitations: plain counts, no answer content).
    program_rates = _rates(campaign, "program_id", departments)
    department_rates = _rates(campaign, "department_id", departments)
    needed_programs = {k for k, _i, _r in program_rates if k} | {p for _pk, p, _c in response_rows if p}
    programs = EducationalProgram.objects.in_bulk(needed_programs)
    department_rows = Department.objects.in_bulk({k for k, _i, _r in department_rates if k})
    by_program = response_rates([(k, _program_label(programs.get(k)), i, r) for k, i, r in program_rates])
    by_department = response_rates(
        [(k, department_rows[k].name if k in department_rows else "—", i, r) for k, i, r in department_rates]
    )
    invited = sum(i for _k, i, _r in program_rates)
    responded = sum(r for _k, _i, r in program_rates)
    channels = Counter(c for _pk, _p, c in response_rows)

    suppressed = is_suppressed(respondents, min_slice)
    results = [_question_result(q, by_question.get(q.pk, []), min_slice, suppressed) for q in questions]
    by_id = {r.question.pk: r for r in results}

    gaps = []
    for result in results:
        other = result.question.compare_with_id
        if result.kind == QuestionType.MATRIX and other in by_id and not result.suppressed:
            importance = by_id[other]
            if not importance.suppressed:
                gaps.append((importance.question, result.question, competency_gaps(importance.rows, result.rows)))

    headline_q = campaign.headline_question
    headline = None
    slices: list[SliceRow] = []
    if headline_q is not None:
        headline = _headline_mean(headline_q, by_question.get(headline_q.pk, []), min_slice)
        program_of = {pk: p for pk, p, _c in response_rows}
        per_program: dict[Any, list[tuple[int, int | None, Decimal | None, str]]] = defaultdict(list)
        counts = Counter(p for _pk, p, _c in response_rows)
        for row in by_question.get(headline_q.pk, []):
            per_program[program_of.get(row[0])].append(row)
        for key, n in sorted(counts.items(), key=lambda kv: _program_label(programs.get(kv[0]))):
            hidden = is_suppressed(n, min_slice)
            slices.append(
                SliceRow(
                    key, _program_label(programs.get(key)), n, hidden,
                    None if hidden else _headline_mean(headline_q, per_program.get(key, []), min_slice),
                )
            )  # fmt: skip

    return CampaignResults(
        campaign=campaign,
        min_slice=min_slice,
        respondents=respondents,
        suppressed=suppressed,
        invited=invited,
        responded=responded,
        by_program=by_program,
        by_department=by_department,
        by_channel=[(str(Channel(c).label), n) for c, n in sorted(channels.items())],
        public=channels.get(Channel.PUBLIC, 0),
        questions=results,
        slices=slices,
        gaps=gaps,
        headline=None if suppressed else headline,
        filters={"program": program_id, "department": department_id},
    )


def _question_result(
    question: Question, rows: list[tuple[int, int | None, Decimal | None, str]], min_slice: int, all_hidden: bool
) -> QuestionResult:
    n = len({row[0] for row in rows})
    result = QuestionResult(question=question, n=n, suppressed=all_hidden or is_suppressed(n, min_slice))
    if result.suppressed or not n:
        return result
    kind = question.kind
    choices = list(question.choices.all())
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        result.bars = choice_distribution([(c.pk, c.text) for c in choices], [row[1] for row in rows], n)
    elif kind == QuestionType.LIKERT:
        values = [int(row[2]) for row in rows if row[2] is not None]
        result.bars = scale_distribution(values)
        result.mean = mean(values)
    elif kind == QuestionType.NUMBER:
        result.numbers = number_summary([row[2] for row in rows if row[2] is not None])
        result.mean = result.numbers.mean
    elif kind == QuestionType.MATRIX:
        result.rows = matrix_means([(c.pk, c.code, c.text) for c in choices], [(row[1], row[2]) for row in rows])
        result.mean = mean(row[2] for row in rows if row[2] is not None)
    else:
        result.texts = sorted(row[3] for row in rows if row[3])
    return result


def _headline_mean(
    question: Question, rows: list[tuple[int, int | None, Decimal | None, str]], min_slice: int
) -> Decimal | None:
    """The mean of the headline question's values (every cell, for a matrix); None below the minimum slice."""
    n = len({row[0] for row in rows})
    if not n or is_suppressed(n, min_slice):
        return None
    return mean(row[2] for row in rows if row[2] is not None)


# ---- Scores --------------------------------------------------------------------------------------------------
def headline_score(campaign: Campaign, *, personal_only: bool = False) -> Decimal | None:
    """The mean of the campaign's headline question over submitted answers; None when unset or too few answered.

    `personal_only` leaves out the answers given through the public link (KPI-17.8).
    """
    return headline_scores([campaign], personal_only=personal_only)[campaign.pk]


def headline_scores(campaigns: Iterable[Campaign], *, personal_only: bool = False) -> dict[int, Decimal | None]:
    """headline_score of each campaign (by its id), read in one query whatever their number (a page's list)."""
    campaigns = list(campaigns)
    scores: dict[int, Decimal | None] = {campaign.pk: None for campaign in campaigns}
    asked = {campaign.pk: campaign for campaign in campaigns if campaign.headline_question_id is not None}
    if not asked:
        return scores
    answers = Answer.objects.filter(
        question_id=F("response__campaign__headline_question_id"),
        response__campaign_id__in=asked,
        response__status=ResponseStatus.SUBMITTED,
    )
    if personal_only:
        answers = answers.exclude(response__channel=Channel.PUBLIC)
    rows: dict[int, list[Any]] = {pk: [] for pk in asked}
    for campaign_id, *row in answers.values_list("response__campaign_id", "response_id", "choice_id", "number", "text"):
        rows[campaign_id].append(tuple(row))
    for pk, campaign in asked.items():
        question = campaign.headline_question
        assert question is not None
        scores[pk] = _headline_mean(question, rows[pk], campaign.min_slice)
    return scores


def employer_survey_kpi(institution: Institution, year: int) -> dict[str, Any] | None:
    """KPI-17.8: the headline score of the year's employer campaign (the latest closing in that year).

    Returns {"campaign", "score", "respondents", "invited"} or None when the year has no employer campaign.
    """
    campaigns = Campaign.objects.filter(
        institution=institution, kind=SurveyKind.EMPLOYERS, closes_on__year=year, launched_at__isnull=False
    )
    return _latest_employer_kpi(campaigns)


def employer_survey_kpi_as_of(institution: Institution, as_of: dt.date) -> dict[str, Any] | None:
    """KPI-17.8 on a date: the latest launched employer campaign that closed on or before `as_of` and less
    than 365 days before it (the survey is annual), with its headline score; None when there is none."""
    campaigns = Campaign.objects.filter(
        institution=institution,
        kind=SurveyKind.EMPLOYERS,
        launched_at__isnull=False,
        closes_on__lte=as_of,
        closes_on__gt=as_of - dt.timedelta(days=365),
    )
    return _latest_employer_kpi(campaigns)


def _latest_employer_kpi(campaigns: Any) -> dict[str, Any] | None:
    """The latest-closing campaign of `campaigns` with its headline score and response counts, over its
    personal-link answers only (public-link answers of old campaigns are left out: see the module docstring)."""
    campaign = campaigns.select_related("headline_question").order_by("-closes_on", "-pk").first()
    if campaign is None:
        return None
    personal = Response.objects.filter(campaign=campaign, status=ResponseStatus.SUBMITTED).exclude(
        channel=Channel.PUBLIC
    )
    return {
        "campaign": campaign,
        "score": headline_score(campaign, personal_only=True),
        "respondents": personal.count(),
        "invited": campaign.invitations.count(),
    }


def answers_for_organization(organization: Organization, user: User | AnonymousUser) -> list[dict[str, Any]]:
    """The organization's non-anonymous submitted answers the user may see: campaign, date, headline score."""
    responses = list(
        Response.objects.for_user(user)
        .filter(respondent_organization=organization, status=ResponseStatus.SUBMITTED, campaign__anonymous=False)
        .select_related("campaign")
        .order_by("-submitted_on", "-pk")
    )
    if not responses:
        return []
    headline_ids = {r.campaign.headline_question_id for r in responses if r.campaign.headline_question_id}
    values: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for response_id, question_id, number in Answer.objects.filter(
        response__in=[r.pk for r in responses], question_id__in=headline_ids, number__isnull=False
    ).values_list("response_id", "question_id", "number"):
        if number is not None:
            values[(response_id, question_id)].append(number)
    return [
        {
            "campaign": r.campaign,
            "date": r.submitted_on,
            "channel": r.get_channel_display(),
            "score": mean(values.get((r.pk, r.campaign.headline_question_id or 0), [])),
        }
        for r in responses
    ]
