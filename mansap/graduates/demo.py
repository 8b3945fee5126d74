"""Employment monitoring demo data: career histories, contacts, help, obligations, rounds, self-reports.

`seed(institution, rng=..., today=...)` is the graduates app's step of the demo (mansap/demo.py
runs it after core's people and the employers' organizations) and fills the app for the demo cohorts:

- career histories: most graduates have 1-3 records (e.g. "unemployed, seeking" and
  then a job; military service and then a job; a first job outside the specialty and
  then one in it). About 60% of a cohort ends up employed (about 60% of them by
  specialty, some with their own business), some continue their studies, serve in the
  army (mostly men) or are on parental leave (women); about 13% are unknown or have no
  record at all. The newest cohort, graduated a few months ago, is less settled.
- employers: the demo Organizations with a BIN (linked, BIN copied) or plausible typed names;
  positions in Russian and Kazakh; regions mostly Astana, Almaty, Karaganda, Akmola;
  salaries of 180 000-650 000 KZT for about 70% of the employed; channels mixed.
- contact attempts (mostly for the two newest cohorts), help given to some job seekers,
  the state-grant work obligations of the newest cohort's grant-funded graduates,
  the current academic year's collection rounds for the newest cohort (through
  mansap.graduates.services.rounds, i.e. the RoundRule defaults), a few department submissions
  and a few pending self-reports;
- for the merge demo, one assistance action per organization typed twice is filed under its copy
  (mansap.employers.demo.typed_twice; the copies have no BIN, so nothing else links them).

The invariants of the service hold although rows are bulk-created: at most one open
record per graduate, records in chronological order, each closed record ending the day
before the next one starts, salaries only for the employed. Like the students, rows are
bulk-created without history (a seed is not an edit) and with realistic creation
dates (so the rounds' "updated this round" is meaningful). The same seed and `today`
give the same data.

At scale (seed_demo --graduates 200000) every cohort still gets its histories while
the graduates number at most FULL_HISTORY_GRADUATES; beyond that only the two newest
cohorts do (the older cohorts' graduates are then without records).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from mansap.common.demo import Progress, no_progress, purge
from mansap.core.choices import Access, Funding, Role, Sex, match_region
from mansap.core.models import AcademicYear, Institution, Membership, Student
from mansap.employers.demo import typed_twice
from mansap.employers.models import Organization
from mansap.graduates import kpi_cache
from mansap.graduates.choices import (
    EMPLOYED,
    AssistanceKind,
    Channel,
    ContactOutcome,
    EmploymentStatus,
    ObligationStatus,
    SelfReportStatus,
)
from mansap.graduates.models import (
    AssistanceAction,
    CollectionRound,
    ContactAttempt,
    EmploymentRecord,
    Form10Column,
    GrantObligation,
    RoundRule,
    RoundSubmission,
    SelfReport,
)
from mansap.graduates.services import rounds as round_rules

S = EmploymentStatus
BATCH_SIZE = 5000
FULL_HISTORY_GRADUATES = 60_000
SELF_REPORTS = 6

# The final situation of a graduate (None: no record at all), weights for an established cohort.
OUTCOMES: dict[str | None, float] = {
    S.EMPLOYED_SPECIALTY: 35,
    S.EMPLOYED_OTHER: 19,
    S.OWN_BUSINESS: 5,
    S.CONTINUING_EDUCATION: 8,
    S.MILITARY_SERVICE: 0,  # by sex, below
    S.PARENTAL_LEAVE: 0,
    S.UNEMPLOYED_SEEKING: 6,
    S.NOT_SEEKING: 2,
    S.UNKNOWN: 6,
    None: 7,
}
MILITARY_WEIGHT: dict[str, float] = {Sex.MALE: 9.0, Sex.FEMALE: 0.3}
PARENTAL_WEIGHT: dict[str, float] = {Sex.MALE: 0.0, Sex.FEMALE: 7.0}

REGIONS = {
    "astana": 40, "almaty_city": 14, "karaganda": 8, "akmola": 8, "pavlodar": 4, "north_kazakhstan": 3,
    "kostanay": 3, "east_kazakhstan": 3, "shymkent": 3, "aktobe": 2, "atyrau": 2, "mangystau": 2, "jambyl": 2,
    "turkistan": 2, "abai": 1, "jetisu": 1, "ulytau": 1, "west_kazakhstan": 1, "kyzylorda": 1, "almaty": 1,
}  # fmt: skip
CHANNELS = {
    Channel.TELEPHONE: 34, Channel.MESSENGER: 26, Channel.EMAIL: 9, Channel.DOCUMENT: 9, Channel.SELF_REPORT: 10,
    Channel.SOCIAL_NETWORK: 7, Channel.COLLEAGUE: 5,
}  # fmt: skip

# Positions by the program's group (of the national classifier), in Russian and Kazakh.
POSITIONS: dict[str, tuple[str, ...]] = {
    "B057": ("Инженер-программист", "Бағдарламашы", "Системный администратор", "Аналитик данных",
             "Frontend-разработчик", "Жүйелік әкімші", "Тестировщик ПО"),
    "B058": ("Специалист по информационной безопасности", "Ақпараттық қауіпсіздік маманы", "Инженер SOC",
             "Системный администратор"),
    "B015": ("Учитель информатики", "Информатика пәнінің мұғалімі", "Педагог дополнительного образования"),
    "B044": ("Менеджер", "Менеджер по персоналу", "Администратор", "Басқарушы", "Офис-менеджер"),
    "B045": ("Бухгалтер", "Есепші", "Ассистент аудитора", "Бухгалтер-кассир"),
    "B046": ("Экономист", "Экономист-аналитик", "Қаржы маманы", "Кредитный специалист", "Финансовый аналитик"),
    "B047": ("Маркетолог", "SMM-менеджер", "Маркетинг маманы", "Менеджер по рекламе"),
    "B063": ("Инженер-энергетик", "Электромонтер", "Энергетик", "Электр инженері"),
    "B064": ("Инженер-механик", "Механик", "Технолог машиностроения", "Слесарь-наладчик"),
    "B072": ("Технолог", "Инженер-технолог", "Зертханашы", "Технолог пищевого производства", "Лаборант"),
    "B074": ("Инженер-строитель", "Прораб", "Құрылыс инженері", "Инженер ПТО", "Сметчик"),
    "B076": ("Инженер по качеству", "Метролог", "Стандарттау жөніндегі маман", "Специалист по сертификации"),
    "B091": ("Менеджер по туризму", "Туризм менеджері", "Гид-экскурсовод", "Турагент"),
    "B093": ("Администратор гостиницы", "Қонақ үй әкімшісі", "Менеджер ресторана", "Портье"),
}  # fmt: skip
POSITIONS_OTHER = ("Продавец-консультант", "Оператор call-центра", "Менеджер по продажам", "Сатушы-кеңесші",
                   "Кассир", "Администратор", "Курьер", "Офис-менеджер", "Оператор")  # fmt: skip
# Plausible employers that are not in the registry (made-up names).
TYPED_EMPLOYERS = ("ТОО «Береке Сауда»", "ТОО «Nomad Retail»", "ТОО «Алтын Сауда»", "ТОО «Smart Service KZ»",
                   "АО «Дала Финанс»", "ТОО «Астана Call Center»", "КГУ «Школа-лицей № 17»", "ТОО «Green Food Market»",
                   "ТОО «Сәулет Құрылыс»", "ТОО «Qazaq Logistics»", "ГКП «Қала Жарығы»", "ТОО «Жол Сервис»",
                   "«Ақниет Консалтинг» ЖШС", "«Болашақ Құрылыс» ЖШС", "ТОО «IT Hub Qaraganda»")  # fmt: skip
UNIVERSITIES = ("магистратура КазУТБ", "ҚазТБУ магистратурасы", "Университет «Астана Білім» (магистратура)",
                "Technical University of Prague (Czechia)", "Университет «Сарыарқа», магистратура")  # fmt: skip
MISSED = {ContactOutcome.NO_ANSWER: 6, ContactOutcome.WRONG_NUMBER: 2, ContactOutcome.REFUSED: 1}
MISSED_OR_REACHED = {**MISSED, ContactOutcome.REACHED: 1}
ASSISTANCE = {
    AssistanceKind.REFERRAL: ("Направлен(а) на вакансию работодателя-партнёра.", "Серіктес жұмыс берушінің бос "
                              "орнына жолдама берілді."),
    AssistanceKind.CONSULTATION: ("Консультация по составлению резюме и подготовке к собеседованию.",
                                  "Түйіндеме құру бойынша кеңес берілді."),
    AssistanceKind.NEGOTIATION: ("Переговоры с работодателем о стажировке с последующим трудоустройством.",
                                 "Жұмыс берушімен тағылымдама туралы келіссөз жүргізілді."),
}  # fmt: skip


@dataclass
class _Graduate:
    pk: int
    graduated: dt.date
    sex: str
    funding: str
    group: str
    department_id: int
    last_name: str
    email: str
    phone: str


@dataclass
class _Step:
    status: str
    started_on: dt.date
    ended_on: dt.date | None = None


_K = TypeVar("_K")


def pick(rng: random.Random, weights: Mapping[_K, float]) -> _K:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def is_empty(institution: Institution) -> bool:
    """Nothing of employment monitoring exists for the institution yet."""
    return not (
        EmploymentRecord.objects.filter(graduate__institution=institution).exists()
        or CollectionRound.objects.filter(institution=institution).exists()
    )


@contextlib.contextmanager
def keep_timestamps(*fields: models.DateTimeField) -> Iterator[None]:
    """bulk_create keeps the given auto_now/auto_now_add fields' values instead of "now" (demo dates)."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f, _now, _add in saved:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def _field(model: type[models.Model], name: str) -> models.DateTimeField[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.DateTimeField), name
    return field


class EmploymentSeeder:
    def __init__(
        self,
        institution: Institution,
        *,
        rng: random.Random,
        today: dt.date,
        progress: Progress = no_progress,
    ) -> None:
        self.institution = institution
        self.rng = rng
        self.today = today
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.tz = timezone.get_current_timezone()

    # -- helpers --
    def moment(self, day: dt.date, latest: dt.date | None = None) -> dt.datetime:
        """A working-hours time on the day (never after `latest`, by default today)."""
        day = min(day, latest or self.today)
        return dt.datetime.combine(day, dt.time(9 + self.rng.randrange(9), self.rng.randrange(60)), tzinfo=self.tz)

    def day_after(self, start: dt.date, low: int, high: int) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(low, high))

    # -- the whole run --
    def run(self) -> dict[str, int]:
        # Records copy the employer's BIN: organizations typed without one (the demo's copies) are not linked.
        organizations = Organization.objects.filter(institution=self.institution).exclude(bin="")
        self.organizations = list(organizations.order_by("pk"))
        self.org_regions = {org.pk: _org_region(org.region) for org in self.organizations}
        graduates = self.graduates()
        self.newest = max((g.graduated.year for g in graduates), default=None)
        self.rounds = self.build_rounds()
        self.outcomes: dict[int, str | None] = {}
        self.seeking: list[tuple[_Graduate, dt.date, dt.date]] = []
        self.build_records(graduates)
        self.build_contacts(graduates)
        self.build_assistance()
        self.build_obligations(graduates)
        self.build_submissions()
        self.build_self_reports(graduates)
        self.build_extracts(graduates)
        self.build_reconciliation()
        kpi_cache.bump_all()  # records written in bulk: no signal told the figures' cache
        return self.counts

    def graduates(self) -> list[_Graduate]:
        rows = (
            Student.objects.filter(institution=self.institution, graduation_date__isnull=False)
            .order_by("pk")
            .values_list("pk", "graduation_date", "sex", "funding", "program__group__code", "program__department_id",
                         "last_name", "email", "phone")
        )  # fmt: skip
        graduates = [
            _Graduate(pk, graduated, sex, funding, group, department_id, last_name, email, phone)
            for pk, graduated, sex, funding, group, department_id, last_name, email, phone in rows.iterator(
                chunk_size=BATCH_SIZE
            )
            if graduated is not None  # always, by the filter: says so to the type checker
        ]
        self.recent_only: set[int] | None
        if len(graduates) > FULL_HISTORY_GRADUATES:
            cohorts = sorted({g.graduated.year for g in graduates})[-2:]
            self.progress(f"  employment: histories only for the cohorts {cohorts[0]} and {cohorts[-1]}")
            self.recent_only = set(cohorts)
        else:
            self.recent_only = None
        return graduates

    # -- career histories --
    def outcome(self, graduate: _Graduate) -> str | None:
        weights = dict(OUTCOMES)
        weights[S.MILITARY_SERVICE] = MILITARY_WEIGHT.get(graduate.sex, 0)
        weights[S.PARENTAL_LEAVE] = PARENTAL_WEIGHT.get(graduate.sex, 0)
        if (self.today - graduate.graduated).days < 200:  # the newest cohort is still settling
            for status in EMPLOYED:
                weights[status] *= 0.8
            weights[S.UNEMPLOYED_SEEKING] = 13
            weights[None] = 9
        return pick(self.rng, weights)

    def career(self, graduate: _Graduate, final: str | None) -> list[_Step]:
        """The graduate's records in order; the last one is open; none start after today."""
        rng = self.rng
        if final is None:
            return []
        start = self.day_after(graduate.graduated, 5, 60)
        steps: list[_Step] = []
        older = (self.today - graduate.graduated).days > 500
        if final in EMPLOYED:
            detour = rng.random()
            if graduate.sex == Sex.MALE and older and detour < 0.12:
                steps.append(_Step(S.MILITARY_SERVICE, start))
                start = self.day_after(start, 365, 400)
            elif older and detour < 0.2:
                steps.append(_Step(S.CONTINUING_EDUCATION, dt.date(graduate.graduated.year, 9, 1)))
                start = dt.date(graduate.graduated.year + 2, 7, 1) + dt.timedelta(days=rng.randint(0, 90))
            elif detour < 0.6:
                steps.append(_Step(S.UNEMPLOYED_SEEKING, start))
                start = self.day_after(start, 30, 200)
            if final == S.EMPLOYED_SPECIALTY and older and rng.random() < 0.18:
                steps.append(_Step(S.EMPLOYED_OTHER, start))
                start = self.day_after(start, 120, 400)
        elif final == S.CONTINUING_EDUCATION:
            start = dt.date(graduate.graduated.year, 9, 1)
        elif final in (S.NOT_SEEKING, S.UNKNOWN) and rng.random() < 0.4:
            steps.append(_Step(S.UNEMPLOYED_SEEKING, start))
            start = self.day_after(start, 60, 240)
        steps.append(_Step(final, start))
        steps = [s for s in steps if s.started_on <= self.today]
        for earlier, later in itertools.pairwise(steps):
            earlier.ended_on = later.started_on - dt.timedelta(days=1)
        return steps

    def record(self, graduate: _Graduate, step: _Step) -> EmploymentRecord:
        rng = self.rng
        record = EmploymentRecord(
            graduate_id=graduate.pk, status=step.status, started_on=step.started_on, ended_on=step.ended_on,
            channel=pick(rng, CHANNELS),
        )  # fmt: skip
        if step.status in (S.EMPLOYED_SPECIALTY, S.EMPLOYED_OTHER):
            if self.organizations and rng.random() < 0.55:
                org = rng.choice(self.organizations)
                record.organization_id, record.employer_name, record.employer_bin = org.pk, org.name_ru, org.bin
                record.region = self.org_regions[org.pk] or pick(rng, REGIONS)
                if rng.random() < 0.4:
                    record.channel = Channel.DOCUMENT
            else:
                record.employer_name = rng.choice(TYPED_EMPLOYERS)
                record.region = pick(rng, REGIONS)
            specialty = POSITIONS.get(graduate.group) or POSITIONS_OTHER
            record.position = rng.choice(specialty if step.status == S.EMPLOYED_SPECIALTY else POSITIONS_OTHER)
            if rng.random() < 0.7:
                mode = 330_000 if step.status == S.EMPLOYED_SPECIALTY else 250_000
                record.salary = round(rng.triangular(180_000, 650_000, mode) / 5000) * 5000
        elif step.status == S.OWN_BUSINESS:
            record.employer_name = f"ИП «{graduate.last_name}»" if rng.random() < 0.6 else f"ЖК «{graduate.last_name}»"
            record.position = rng.choice(("индивидуальный предприниматель", "жеке кәсіпкер", "владелец"))
            record.region = pick(rng, REGIONS)
            if rng.random() < 0.4:
                record.salary = round(rng.triangular(180_000, 650_000, 300_000) / 5000) * 5000
        elif step.status == S.CONTINUING_EDUCATION:
            record.employer_name = rng.choice(UNIVERSITIES)
            record.position = rng.choice(("магистрант", "магистрант (научно-педагогическое направление)"))
            record.region = "abroad" if "Czechia" in record.employer_name else "astana"
        elif step.status == S.UNEMPLOYED_SEEKING:
            record.region = pick(rng, REGIONS) if rng.random() < 0.5 else ""
        elif step.status == S.MILITARY_SERVICE:
            record.note = rng.choice(("Срочная воинская служба", "Мерзімді әскери қызмет"))
        record.collection_round_id = self.round_for(graduate, step.started_on)
        record.created_at = record.updated_at = self.moment(self.day_after(step.started_on, 0, 25))
        return record

    def build_records(self, graduates: list[_Graduate]) -> None:
        batch: list[EmploymentRecord] = []
        total = 0
        fields = (_field(EmploymentRecord, "created_at"), _field(EmploymentRecord, "updated_at"))
        with keep_timestamps(*fields):
            for graduate in graduates:
                if self.recent_only is not None and graduate.graduated.year not in self.recent_only:
                    continue
                final = self.outcome(graduate)
                steps = self.career(graduate, final)
                self.outcomes[graduate.pk] = steps[-1].status if steps else None
                for step in steps:
                    if step.status == S.UNEMPLOYED_SEEKING:
                        self.seeking.append((graduate, step.started_on, step.ended_on or self.today))
                    batch.append(self.record(graduate, step))
                if len(batch) >= BATCH_SIZE:
                    EmploymentRecord.objects.bulk_create(batch, batch_size=BATCH_SIZE)
                    total += len(batch)
                    batch = []
                    self.progress(f"  employment records: {total}")
            EmploymentRecord.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        self.counts["employment_records"] = total + len(batch)

    # -- contacts, help, obligations --
    def build_contacts(self, graduates: list[_Graduate]) -> None:
        rng = self.rng
        recent = {self.newest, (self.newest or 0) - 1}
        rows: list[ContactAttempt] = []
        with keep_timestamps(_field(ContactAttempt, "created_at")):
            for graduate in graduates:
                if graduate.pk not in self.outcomes:
                    continue
                known = self.outcomes[graduate.pk] not in (None, S.UNKNOWN)
                if graduate.graduated.year not in recent or rng.random() > (0.35 if known else 0.8):
                    continue
                first = self.day_after(graduate.graduated, 10, 90)
                attempts = rng.randint(1, 2 if known else 3)
                for n in range(attempts):
                    day = first + dt.timedelta(days=n * rng.randint(3, 20))
                    if day > self.today:
                        break
                    last = n == attempts - 1
                    if known and last:
                        outcome = ContactOutcome.REACHED
                    else:
                        outcome = pick(rng, MISSED if not known else MISSED_OR_REACHED)
                    channel = pick(rng, {Channel.TELEPHONE: 6, Channel.MESSENGER: 4, Channel.EMAIL: 1,
                                         Channel.SOCIAL_NETWORK: 1})  # fmt: skip
                    note = ""
                    if outcome == ContactOutcome.WRONG_NUMBER:
                        note = rng.choice(("Номер не существует", "Нөмір қате"))
                    rows.append(
                        ContactAttempt(
                            graduate_id=graduate.pk,
                            contacted_on=day,
                            channel=channel,
                            outcome=outcome,
                            note=note,
                            created_at=self.moment(day),
                        )
                    )
                if len(rows) >= BATCH_SIZE:
                    ContactAttempt.objects.bulk_create(rows, batch_size=BATCH_SIZE)
                    self.counts["contact_attempts"] = self.counts.get("contact_attempts", 0) + len(rows)
                    rows = []
            ContactAttempt.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.counts["contact_attempts"] = self.counts.get("contact_attempts", 0) + len(rows)

    def build_assistance(self) -> None:
        rng = self.rng
        rows = []
        with keep_timestamps(_field(AssistanceAction, "created_at")):
            for graduate, since, until in self.seeking:
                if rng.random() > 0.12 or until < since:
                    continue
                kind = pick(rng, {AssistanceKind.REFERRAL: 4, AssistanceKind.CONSULTATION: 3,
                                  AssistanceKind.NEGOTIATION: 2})  # fmt: skip
                day = since + dt.timedelta(days=rng.randint(0, (until - since).days))
                org = rng.choice(self.organizations) if self.organizations and kind != "consultation" else None
                rows.append(
                    AssistanceAction(
                        graduate_id=graduate.pk,
                        organization=org,
                        happened_on=day,
                        kind=kind,
                        description=rng.choice(ASSISTANCE[kind]),
                        created_at=self.moment(day),
                    )
                )
            AssistanceAction.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        # One action per organization typed twice was filed under the copy: merging the two moves it back.
        for original, copy in typed_twice(self.institution):
            first = AssistanceAction.objects.filter(organization=original).order_by("pk").values_list("pk", flat=True)
            AssistanceAction.objects.filter(pk__in=list(first[:1])).update(organization=copy)
        self.counts["assistance_actions"] = len(rows)

    def build_obligations(self, graduates: list[_Graduate]) -> None:
        rng = self.rng
        rows = []
        exempt = {S.CONTINUING_EDUCATION, S.MILITARY_SERVICE, S.PARENTAL_LEAVE}
        with keep_timestamps(_field(GrantObligation, "created_at"), _field(GrantObligation, "updated_at")):
            for graduate in graduates:
                if graduate.graduated.year != self.newest or graduate.funding != Funding.GRANT:
                    continue
                referral = min(self.day_after(graduate.graduated, 20, 45), self.today)
                ends_on = dt.date(referral.year + 3, referral.month, min(referral.day, 28))
                obligation = GrantObligation(graduate_id=graduate.pk, referral_date=referral, ends_on=ends_on)
                if self.organizations and rng.random() < 0.5:
                    obligation.referral_organization = rng.choice(self.organizations)
                    obligation.referral_place = obligation.referral_organization.name_ru
                else:
                    obligation.referral_place = rng.choice(TYPED_EMPLOYERS)
                arrival = self.day_after(referral, 10, 40)
                if arrival <= self.today and rng.random() < 0.7:
                    obligation.arrival_confirmed_on = arrival
                if self.outcomes.get(graduate.pk) in exempt:
                    obligation.status = ObligationStatus.EXEMPT
                    obligation.note = rng.choice(("Освобождён(а): магистратура, армия или отпуск по уходу за ребёнком.",
                                                  "Босатылды (заңды негіз бойынша)."))  # fmt: skip
                obligation.status_since = obligation.arrival_confirmed_on or referral
                obligation.created_at = obligation.updated_at = self.moment(referral)
                rows.append(obligation)
            GrantObligation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.counts["grant_obligations"] = len(rows)

    # -- rounds, submissions, self-reports --
    def build_rounds(self) -> list[CollectionRound]:
        """The current academic year's rounds for the newest cohort, closed (and registered) when past."""
        if self.newest is None:
            return []
        year = AcademicYear.objects.filter(institution=self.institution, is_current=True).first()
        if year is None:
            return []
        round_rules.create_rounds(year, cohort=self.newest)
        rounds = list(CollectionRound.objects.filter(academic_year=year, cohort=self.newest).order_by("number"))
        for round_ in rounds:
            if round_.deadline < self.today:
                round_.closed_at = self.moment(round_.deadline + dt.timedelta(days=1))
                if round_.platonus_deadline:
                    lag = self.rng.randint(-2, 1)
                    round_.platonus_registered_at = self.moment(round_.platonus_deadline + dt.timedelta(days=lag))
        CollectionRound.objects.bulk_update(rounds, ["closed_at", "platonus_registered_at"])
        self.counts["collection_rounds"] = len(rounds)
        return rounds

    def round_for(self, graduate: _Graduate, day: dt.date) -> int | None:
        if graduate.graduated.year != self.newest:
            return None
        for round_ in self.rounds:
            if round_.opens_on <= day <= round_.deadline:
                return round_.pk
        return None

    def build_submissions(self) -> None:
        """A few departments have submitted the past rounds (one of them late) and the current one early."""
        rng = self.rng
        staff = dict(
            Membership.objects.filter(institution=self.institution, role=Role.DEPARTMENT, access=Access.EDIT)
            .order_by("pk")
            .values_list("department_id", "user_id")
        )
        departments = sorted(
            Student.objects.filter(institution=self.institution, graduation_date__year=self.newest)
            .order_by()
            .values_list("program__department_id", flat=True)
            .distinct()
        )
        rows = []
        for round_ in self.rounds:
            if round_.opens_on > self.today:
                continue
            past = round_.deadline < self.today
            chosen = rng.sample(departments, min(len(departments), 4 if past else 1))
            for n, department_id in enumerate(chosen):
                day = round_.deadline - dt.timedelta(days=rng.randint(0, 6))
                if past and n == len(chosen) - 1:
                    day = round_.deadline + dt.timedelta(days=2)  # a late one
                if day > self.today:
                    day = self.today
                rows.append(
                    RoundSubmission(
                        collection_round=round_,
                        department_id=department_id,
                        submitted_at=self.moment(day),
                        submitted_by_id=staff.get(department_id),
                        note="",
                    )
                )
        RoundSubmission.objects.bulk_create(rows)
        self.counts["round_submissions"] = len(rows)

    def build_self_reports(self, graduates: list[_Graduate]) -> None:
        """A few graduates of the newest cohort without a job on record wrote in through the self-service link."""
        rng = self.rng
        candidates = [
            g for g in graduates
            if g.graduated.year == self.newest and self.outcomes.get(g.pk, S.UNKNOWN) in (None, S.UNKNOWN,
                                                                                          S.UNEMPLOYED_SEEKING)
        ]  # fmt: skip
        current = next((r for r in self.rounds if r.opens_on <= self.today <= r.deadline), None)
        rows = []
        with keep_timestamps(_field(SelfReport, "submitted_at")):
            for graduate in rng.sample(candidates, min(SELF_REPORTS, len(candidates))):
                started = min(self.day_after(graduate.graduated, 40, 150), self.today)
                org = rng.choice(self.organizations) if self.organizations and rng.random() < 0.5 else None
                rows.append(
                    SelfReport(
                        graduate_id=graduate.pk,
                        collection_round=current,
                        language=rng.choice(("kk", "ru")),
                        status=S.EMPLOYED_SPECIALTY if rng.random() < 0.7 else S.EMPLOYED_OTHER,
                        employer_name=org.name_ru if org else rng.choice(TYPED_EMPLOYERS),
                        employer_bin=org.bin if org else "",
                        position=rng.choice(POSITIONS.get(graduate.group) or POSITIONS_OTHER),
                        region=(self.org_regions.get(org.pk) if org else None) or pick(rng, REGIONS),
                        started_on=started,
                        salary=round(rng.triangular(180_000, 500_000, 280_000) / 5000) * 5000,
                        email=graduate.email,
                        phone=graduate.phone,
                        review_status=SelfReportStatus.PENDING,
                        submitted_at=self.moment(self.today - dt.timedelta(days=rng.randint(0, 20))),
                    )
                )
            SelfReport.objects.bulk_create(rows)
        self.counts["self_reports"] = len(rows)

    # -- official extracts (#20) --
    def build_extracts(self, graduates: list[_Graduate]) -> None:
        """A labour-contract and a contribution extract for the newest cohort (through the import service, as
        the Career Center would upload them), with a few IINs whose leading zero Excel dropped and an IIN that is
        no graduate of ours."""
        import csv
        import io

        from mansap.common.identifiers import make_bin, make_iin
        from mansap.graduates.choices import EMPLOYED
        from mansap.graduates.services import extracts

        if self.newest is None:
            return
        cohort = [g for g in graduates if g.graduated.year == self.newest and self.outcomes.get(g.pk) in EMPLOYED]
        cohort = cohort[:40]
        if not cohort:
            return
        iins = dict(Student.objects.filter(pk__in=[g.pk for g in cohort]).values_list("pk", "iin"))
        payers = [(org.bin, org.name_ru) for org in self.organizations[:8]]
        payers = payers or [(make_bin(2012, 4, "4", "0", 1), "ТОО «Демо»")]
        stranger = make_iin(dt.date(1995, 4, 4), "M", 321)
        contracts = [
            ["ИИН", "БИН работодателя", "Наименование работодателя", "Должность", "Дата начала", "Дата окончания"]
        ]
        contributions = [["ЖСН", "Кезең", "Төлеушінің БСН", "Төлеуші", "Сомасы"]]
        last_month = self.today.replace(day=1) - dt.timedelta(days=1)
        for n, graduate in enumerate(cohort):
            iin = iins[graduate.pk]
            shown = iin[1:] if iin.startswith("0") and n % 4 == 0 else iin  # a number cell in Excel lost the zero
            bin_, name = payers[n % len(payers)]
            start = min(graduate.graduated + dt.timedelta(days=30 + self.rng.randint(0, 60)), last_month)
            contracts.append([shown, bin_, name, "маман", start.strftime("%d.%m.%Y"), ""])
            month = start.replace(day=1)
            while month <= last_month and n % 5 != 4:  # a few employed graduates have no contributions yet
                amount = 10 * self.rng.randint(18000, 65000) // 10
                contributions.append([shown, month.strftime("%Y-%m"), bin_, name, str(amount)])
                month = (month + dt.timedelta(days=32)).replace(day=1)
        contracts.append([stranger, payers[0][0], payers[0][1], "бухгалтер", "01.09.2025", ""])
        for kind, rows, source in (
            ("contracts", contracts, "ЕСУТД (Enbek.kz), выписка по трудовым договорам"),
            ("contributions", contributions, "ЕНПФ, выписка по обязательным пенсионным взносам"),
        ):
            out = io.StringIO()
            csv.writer(out, delimiter=";").writerows(rows)
            data = out.getvalue().encode("utf-8")
            _report, extract = extracts.run_extract(
                io.BytesIO(data),
                f"demo-{kind}-{self.newest}.csv",
                institution=self.institution,
                acting_user=None,
                dry_run=False,
                params=extracts.ExtractParams(
                    kind=kind,
                    cohorts=[self.newest],
                    source=source,
                    consent_basis="Согласия выпускников, собранные при выдаче дипломов",
                ),
            )
            if extract is not None:
                self.counts[f"extract_{kind}"] = extract.row_count

    def build_reconciliation(self) -> None:
        """The newest cohort reconciled with the extracts as of today (services/reconcile.py, as the Career Center
        would), its discrepancies sent to the departments: the first accepted, the second kept with a reason, the
        rest open. Timestamps are the demo's today, so the same seed gives the same rows."""
        from mansap.graduates.models import DiscrepancyTask, Reconciliation
        from mansap.graduates.services import reconcile

        if self.newest is None or "extract_contracts" not in self.counts:
            return
        saved = reconcile.reconcile(self.institution, self.newest, self.today, acting_user=None)
        tasks = list(saved.tasks.order_by("graduate__iin"))
        made: list[int] = []
        accepted = None
        for task in tasks:  # the first whose evidence can be recorded (a record may not start before the open one)
            try:
                made.append(reconcile.accept_task(task, acting_user=None).pk)
            except ValidationError:
                continue
            accepted = task
            break
        kept = next((t for t in tasks if t != accepted), None)
        if kept is not None:
            reason = "Работает за рубежом по договору с иностранной компанией; взносы в ЕНПФ не поступают."
            reconcile.keep_task(kept, acting_user=None, reason=reason)
        moment = self.moment(self.today)
        Reconciliation.objects.filter(pk=saved.pk).update(created_at=moment, updated_at=moment)
        Reconciliation.history.filter(id=saved.pk).update(history_date=moment)
        DiscrepancyTask.objects.filter(reconciliation=saved).update(created_at=moment, updated_at=moment)
        DiscrepancyTask.objects.filter(reconciliation=saved, decided_at__isnull=False).update(decided_at=moment)
        DiscrepancyTask.history.filter(reconciliation_id=saved.pk).update(history_date=moment)
        EmploymentRecord.objects.filter(pk__in=made).update(created_at=moment)
        self.counts["employment_records"] = self.counts.get("employment_records", 0) + len(made)
        self.counts["reconciliations"] = 1
        self.counts["discrepancy_tasks"] = len(tasks)


def _org_region(text: str) -> str:
    """A demo organization's region ("Астана қ.", "Ақмола облысы") as a region code, or ""."""
    text = (text or "").strip()
    return match_region(text) or match_region(text.removesuffix(" қ.")) or ""


def seed(
    institution: Institution, *, rng: random.Random, today: dt.date, progress: Progress = no_progress
) -> dict[str, int]:
    """Create the employment monitoring demo data of the institution; nothing if it already has some."""
    if not is_empty(institution):
        return {}
    return EmploymentSeeder(institution, rng=rng, today=today, progress=progress).run()


def flush(institution: Institution) -> None:
    """Delete the institution's employment monitoring rows with plain SQL deletes (no history rows)."""
    graduates = Student.objects.filter(institution=institution)
    from mansap.graduates.models import (
        DiscrepancyTask,
        ExtractCohort,
        ExtractProfile,
        ExtractUpload,
        OfficialCheckConsent,
        OfficialContract,
        OfficialContribution,
        OfficialExtract,
        Reconciliation,
        ReconciliationRow,
    )

    # The reconciliations first: their tasks point at records (accepted evidence).
    purge(DiscrepancyTask.history.filter(institution=institution))
    purge(Reconciliation.history.filter(institution=institution))
    for reconciled in (DiscrepancyTask, ReconciliationRow):
        purge(reconciled.objects.filter(institution=institution))
    purge(Reconciliation.objects.filter(institution=institution))

    for rows in (OfficialContract, OfficialContribution, OfficialCheckConsent):
        purge(rows.objects.filter(institution=institution))
    purge(ExtractCohort.objects.filter(extract__institution=institution))
    purge(ExtractUpload.objects.filter(institution=institution))
    purge(OfficialExtract.objects.filter(institution=institution))
    purge(ExtractProfile.objects.filter(institution=institution))
    for model in (SelfReport, AssistanceAction, ContactAttempt, GrantObligation, EmploymentRecord):
        purge(model.objects.filter(graduate__in=graduates))
    purge(RoundSubmission.objects.filter(collection_round__institution=institution))
    purge(CollectionRound.objects.filter(institution=institution))
    purge(RoundRule.objects.filter(institution=institution))
    purge(Form10Column.objects.filter(institution=institution))


# ---- The consortium (#18): a second, small university and a ministry login that sees both --------------------
CONSORTIUM_INSTITUTION = {
    "code": "demo-second",
    "short_name": "ZhSU",
    "name_kk": "Жетісу университеті (демо)",
    "name_ru": "Жетысуский университет (демо)",
    "name_en": "Zhetysu University (demo)",
    "city": "Талдықорған",
}
CONSORTIUM_NAMES = {
    "name_kk": "Ғылым және жоғары білім министрлігі (демо)",
    "name_ru": "Министерство науки и высшего образования (демо)",
    "name_en": "Ministry of Science and Higher Education (demo)",
}
CONSORTIUM_LOGIN = "ministry"
# Per cohort of the second university: graduates and how their status is spread (weights).
SECOND_COHORT = 40
SECOND_STATUSES = {
    EmploymentStatus.EMPLOYED_SPECIALTY: 0.5,
    EmploymentStatus.EMPLOYED_OTHER: 0.15,
    EmploymentStatus.OWN_BUSINESS: 0.05,
    EmploymentStatus.CONTINUING_EDUCATION: 0.1,
    EmploymentStatus.UNKNOWN: 0.2,
}


SECOND_NAMES = {
    Sex.FEMALE: [("Әсем", "Жақыпова"), ("Дина", "Серікова"), ("Аружан", "Нұрланова"), ("Мадина", "Омарова")],
    Sex.MALE: [("Нұрлан", "Жақыпов"), ("Ерасыл", "Серіков"), ("Данияр", "Әлиев"), ("Арман", "Исаев")],
}


def seed_consortium(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """A second university with the demo's two latest cohorts (employment records, two agreements) and a consortium
    of both with the ministry's login (DEMO_LOGINS "ministry"): the consortium page shows two columns."""
    from mansap.common.demo import DEMO_EMAIL_DOMAIN
    from mansap.common.identifiers import make_iin
    from mansap.core.models import Consortium, Department, EducationalProgram, Faculty, User
    from mansap.employers.models import PartnershipAgreement

    if Institution.objects.filter(code=CONSORTIUM_INSTITUTION["code"]).exists():
        return {}
    second = Institution.objects.create(**CONSORTIUM_INSTITUTION)
    faculty = Faculty.objects.create(
        institution=second, code="ENG", name_kk="Инженерия", name_ru="Инженерия", name_en="Engineering"
    )
    department = Department.objects.create(
        faculty=faculty, code="CE", name_kk="Құрылыс", name_ru="Строительство", name_en="Civil engineering"
    )
    program = EducationalProgram.objects.create(
        code="6B07301", level="bachelor", name_kk="Құрылыс", name_ru="Строительство", name_en="Civil engineering",
        department=department,
    )  # fmt: skip
    cohorts = (
        Student.objects.filter(institution=institution)
        .graduates()
        .order_by("-graduation_date")
        .values_list("graduation_date", flat=True)
        .distinct()
    )
    dates: dict[int, dt.date] = {}
    for day in cohorts:
        if day is None:
            continue
        dates.setdefault(day.year, day)
        if len(dates) == 2:
            break
    students = records = 0
    for year, graduated in dates.items():
        for n in range(SECOND_COHORT):
            sex = Sex.FEMALE if n % 2 else Sex.MALE
            first, last = rng.choice(SECOND_NAMES[sex])
            born = dt.date(year - 22, 1 + n % 12, 1 + n % 28)
            student = Student(
                institution=second, program=program, iin=make_iin(born, sex, 5000 + year % 100 * 100 + n),
                last_name=last, first_name=first, birth_date=born, sex=sex, admission_year=year - 4,
                graduation_date=graduated, status="graduated",
            )  # fmt: skip
            student.fill_derived()
            student.save()
            students += 1
            status = pick(rng, SECOND_STATUSES)
            if status == EmploymentStatus.UNKNOWN:
                continue
            employed = status in (EmploymentStatus.EMPLOYED_SPECIALTY, EmploymentStatus.EMPLOYED_OTHER)
            EmploymentRecord.objects.create(
                graduate=student, status=status, started_on=min(graduated + dt.timedelta(days=60), today),
                channel="telephone", salary=rng.choice((250_000, 320_000, 410_000)) if employed else None,
                employer_name="ТОО «Жетісу Құрылыс»" if employed else "",
            )  # fmt: skip
            records += 1
    organization = Organization.objects.create(
        institution=second, name_kk="Жетісу Құрылыс", name_ru="Жетысу Курылыс", name_en="Zhetysu Qurylys"
    )
    for signed in (dt.date(2023, 3, 1), dt.date(2024, 9, 15)):
        PartnershipAgreement.objects.create(
            organization=organization, kind="social_partnership", signed_on=signed, valid_from=signed
        )
    consortium = Consortium.objects.create(**CONSORTIUM_NAMES)
    consortium.institutions.set([institution, second])
    user = User.objects.filter(username=CONSORTIUM_LOGIN).first()
    # The demo's password: the hash the other demo logins were given (core.demo), copied rather than hashed again.
    password = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").values_list("password", flat=True).first()
    if user is None and password:
        user = User.objects.create(
            username=CONSORTIUM_LOGIN, password=password, first_name="Әсел", last_name="Төлеуова",
            email=f"{CONSORTIUM_LOGIN}@{DEMO_EMAIL_DOMAIN}", language="kk",
        )  # fmt: skip
    if user is not None and user.email.endswith(f"@{DEMO_EMAIL_DOMAIN}"):  # a real account: not made a member
        consortium.members.add(user)
    return {"institutions": 1, "students": students, "employment records": records, "consortiums": 1}


def flush_consortium(institution: Institution) -> None:
    """Delete the consortium, the ministry's demo login and the second university with all its rows."""
    from mansap.common.demo import DEMO_EMAIL_DOMAIN
    from mansap.core.models import Consortium, Department, EducationalProgram, Faculty, User
    from mansap.employers.models import PartnershipAgreement

    Consortium.objects.filter(name_en=CONSORTIUM_NAMES["name_en"]).delete()
    User.objects.filter(username=CONSORTIUM_LOGIN, email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
    second = Institution.objects.filter(code=CONSORTIUM_INSTITUTION["code"]).first()
    if second is None:
        return
    purge(EmploymentRecord.objects.filter(graduate__institution=second))
    purge(Student.objects.filter(institution=second))
    purge(PartnershipAgreement.objects.filter(organization__institution=second))
    purge(Organization.objects.filter(institution=second))
    purge(EducationalProgram.objects.filter(department__faculty__institution=second))
    purge(Department.objects.filter(faculty__institution=second))
    purge(Faculty.objects.filter(institution=second))
    purge(Institution.objects.filter(pk=second.pk))
