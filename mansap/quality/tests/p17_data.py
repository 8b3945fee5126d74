"""Hand-built data for the process 17 dashboard tests: the cohort 2024 (read by the academic year 2024-2025),
partnerships and an employer survey, with every figure worked out by hand in the comments.

Cohort 2024 (graduated 25.06.2024; g9 on 20.12.2024, the cohort's latest graduation date, so the figures of
2024-2025 are as of min(20.12.2025, 31.08.2025, today) = 31.08.2025). Statuses on 31.08.2025:

    g1 6B06101 (IS, FIT)  employed by specialty since 01.08.2024, 400 000
    g2 6B06101 (IS, FIT)  employed by specialty since 01.03.2025, 250 000
    g9 6B06101 (IS, FIT)  employed by specialty since 01.02.2025, no salary   (graduated 20.12.2024)
    g3 6B06102 (CS, FIT)  own business since 01.09.2024, 300 000
    g4 6B06102 (CS, FIT)  continuing education since 01.09.2024, master's, abroad
    g5 6B04101 (EC, FEB)  employed not by specialty since 15.07.2024, 200 000
    g6 6B04101 (EC, FEB)  employed by specialty 01.07.2024–31.01.2025 (350 000), then seeking work
    g7 6B04101 (EC, FEB)  a voided record only: unknown
    g0 6B06101            cohort 2023: not in the figures

Cohort 8, out of the labour force 1 (g4), labour force 7:
    17.1 = 3 (g1, g2, g9) / 7 = 0.4286;  17.2 = (400 000 + 250 000 + 300 000 + 200 000) / 4 = 287 500;
    17.3 = 1 (g3) / 7 = 0.1429.
Faculty FIT: cohort 5, labour force 4: 17.1 = 3/4 = 0.75, 17.2 = 950 000 / 3 = 316 667, 17.3 = 1/4 = 0.25.
17.4 criteria of 2024: (1) employed by specialty within 6 months with at least 300 000 → g1, g6;
(2) own business → g3; (3) continuing education, master's, abroad → g4: 4 of 8 = 0.5 (FIT: g1, g3, g4: 3/5).

On 31.08.2025: 17.5 = 2 (IS's memorandum; one with no department), 17.6 = 1 (CS's lab), 17.7 = 2 (IS, EC);
17.8 = 3.90 (5 of 5 employers answered the campaign closed on 31.05.2025).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from mansap.common.testing import make_student
from mansap.core.choices import ProgramLevel, Region
from mansap.employers.models import Organization
from mansap.employers.tests.factories import make_agreement, make_unit
from mansap.graduates.choices import Channel, EmploymentStatus
from mansap.graduates.models import EmploymentRecord, SuccessOutcome
from mansap.graduates.services.success import set_success_criteria
from mansap.surveys.choices import SurveyKind
from mansap.surveys.models import Campaign
from mansap.surveys.services import campaigns as survey_services
from mansap.surveys.services import responses
from mansap.surveys.tests.factories import make_campaign, make_questionnaire, questions_by_text

S = EmploymentStatus
D = dt.date
GRADUATED = D(2024, 6, 25)


def record(graduate: Any, status: str, started_on: dt.date, **fields: Any) -> EmploymentRecord:
    return EmploymentRecord.objects.create(
        graduate=graduate, status=status, started_on=started_on, channel=Channel.TELEPHONE, **fields
    )


def build(cls: Any) -> None:
    """On a BaseTestCase class (setUpTestData): the graduates, criteria, partnerships and survey above."""
    a, b, c = cls.program_a, cls.program_b, cls.program_c
    cls.g1 = make_student(a, graduation_date=GRADUATED, last_name="Әлиев")
    cls.g2 = make_student(a, graduation_date=GRADUATED, last_name="Бекова")
    cls.g9 = make_student(a, graduation_date=D(2024, 12, 20), last_name="Жанов")
    cls.g3 = make_student(b, graduation_date=GRADUATED, last_name="Иса")
    cls.g4 = make_student(b, graduation_date=GRADUATED, last_name="Кенже")
    cls.g5 = make_student(c, graduation_date=GRADUATED, last_name="Мұрат")
    cls.g6 = make_student(c, graduation_date=GRADUATED, last_name="Нұр")
    cls.g7 = make_student(c, graduation_date=GRADUATED, last_name="Оспан")
    cls.g0 = make_student(a, graduation_date=D(2023, 6, 20), last_name="Ахмет")
    record(cls.g1, S.EMPLOYED_SPECIALTY, D(2024, 8, 1), salary=400_000)
    record(cls.g2, S.EMPLOYED_SPECIALTY, D(2025, 3, 1), salary=250_000)
    record(cls.g9, S.EMPLOYED_SPECIALTY, D(2025, 2, 1))
    record(cls.g3, S.OWN_BUSINESS, D(2024, 9, 1), salary=300_000)
    record(cls.g4, S.CONTINUING_EDUCATION, D(2024, 9, 1), region=Region.ABROAD, study_level=ProgramLevel.MASTER)
    record(cls.g5, S.EMPLOYED_OTHER, D(2024, 7, 15), salary=200_000)
    record(cls.g6, S.EMPLOYED_SPECIALTY, D(2024, 7, 1), ended_on=D(2025, 1, 31), salary=350_000)
    record(cls.g6, S.UNEMPLOYED_SEEKING, D(2025, 2, 1))
    record(cls.g7, S.EMPLOYED_SPECIALTY, D(2024, 8, 1), voided_at=timezone.now(), void_reason="wrong person")
    record(cls.g0, S.EMPLOYED_SPECIALTY, D(2023, 8, 1), salary=999_000)
    set_success_criteria(
        cls.institution,
        2024,
        acting_user=cls.cc,
        rules=[
            {"outcome": SuccessOutcome.EMPLOYED_SPECIALTY, "within_months": 6, "min_salary": 300_000},
            {"outcome": SuccessOutcome.OWN_BUSINESS},
            {"outcome": SuccessOutcome.CONTINUING_EDUCATION, "study_level": ProgramLevel.MASTER, "abroad": True},
        ],
    )

    cls.orgs = [
        Organization.objects.create(
            institution=cls.institution,
            name_kk=f"Ұйым {i}",
            name_ru=f"Орг {i}",
            name_en=f"Org {i}",
            email=f"hr{i}@o.kz",
        )
        for i in range(5)
    ]
    o = cls.orgs
    make_agreement(o[0], department=cls.dept_a, number="SP-1")
    make_agreement(o[1], valid_from=D(2025, 1, 1), valid_until=D(2025, 6, 30), department=cls.dept_c, number="SP-2")
    make_agreement(o[2], number="SP-3")  # no department: the institution's figure only
    make_agreement(o[3], kind="cooperation", department=cls.dept_a, number="C-1")  # not a memorandum
    make_unit(o[0], cls.dept_b)
    make_unit(o[1], cls.dept_c, opened_on=D(2025, 9, 15))  # opens after 31.08.2025
    cls.s1 = make_student(a, sponsor=o[0], admission_year=2022, last_name="Сапар")
    cls.s2 = make_student(c, sponsor=o[1], admission_year=2023, last_name="Тоқан")
    make_student(a, sponsor=o[2], admission_year=2021, graduation_date=D(2025, 6, 25), last_name="Ұлан")
    make_student(a, admission_year=2022, last_name="Фархат")  # no sponsor

    questionnaire = make_questionnaire(cls.institution, SurveyKind.EMPLOYERS)
    q = questions_by_text(questionnaire)
    campaign = make_campaign(questionnaire, anonymous=False, headline_question=q["Importance"])
    survey_services.launch_campaign(
        campaign, acting_user=cls.cc, confirmed_count=survey_services.audience_count(campaign)
    )
    rows = list(q["Importance"].choices.all())
    answers = [(5, 5), (4, 4), (3, 4), (5, 4), (2, 3)]
    for invitation, (x, y) in zip(campaign.invitations.order_by("pk"), answers, strict=True):
        raw = {
            q["Employed?"].pk: str(q["Employed?"].choices.get(code="no").pk),
            q["Satisfaction"].pk: "4",
            q["Importance"].pk: {rows[0].pk: str(x), rows[1].pk: str(y)},
            q["Preparedness"].pk: {row.pk: "3" for row in q["Preparedness"].choices.all()},
        }
        responses.save_response(campaign, raw, submit=True, language="ru", invitation=invitation)
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=D(2025, 5, 1), closes_on=D(2025, 5, 31))
    cls.campaign = campaign
