"""Demo data of the studentbody app, its step of the demo (mansap/demo.py runs it after academics).

Written through the services as the registrar, so the orders, their items and the students' periods are those a
real SSC would leave: a scholarship order for the demo student (signed and entered in Platonus), an academic
leave and an expulsion of two students of department A (signed), a transfer within the university (entered), and
a draft expulsion waiting for the rector, so every order page and the student's history have something to show.
"""

from __future__ import annotations

import datetime as dt
import random

from mansap.common.demo import purge
from mansap.core.choices import ProgramLevel, StudentStatus
from mansap.core.demo import DEMO_DEPARTMENT_A, DEMO_DEPARTMENT_B
from mansap.core.models import EducationalProgram, Institution, Student, User
from mansap.studentbody.models import Order, OrderItem, ReportLayout, StudentPeriod
from mansap.studentbody.services import layouts, orders
from mansap.studentbody.services.states import ensure_baselines

SIGNATORY = "Ректор Б. Н. Ахметов"


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    if Order.objects.filter(institution=institution).exists():
        return {}
    registrar = User.objects.filter(username="registrar").first()
    ensure_baselines(Student.objects.filter(institution=institution))
    students = list(
        Student.objects.filter(
            institution=institution, program__department__code__in=[DEMO_DEPARTMENT_A, DEMO_DEPARTMENT_B],
            program__level=ProgramLevel.BACHELOR, status=StudentStatus.STUDYING, graduation_date__isnull=True,
            admission_year__isnull=False,
        ).exclude(user__isnull=False).select_related("program").order_by("pk")[:6]
    )  # fmt: skip
    me = Student.objects.filter(institution=institution, user__username="student").first()
    if len(students) < 4:
        return {}
    start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)  # the academic year under way
    made = 0

    def order(type: str, day: dt.date, number: str, items: list[tuple[Student, dict]], *, enter: bool = True,
              sign: bool = True) -> None:  # fmt: skip
        nonlocal made
        draft = orders.create_order(institution=institution, acting_user=registrar, number=number, date=day,
                                    type=type, signatory=SIGNATORY)  # fmt: skip
        for student, values in items:
            orders.add_item(draft, student=student, acting_user=registrar, **values)
        if sign:
            orders.sign_order(draft, acting_user=registrar)
            if enter:
                orders.mark_entered(draft, acting_user=registrar)
        made += 1

    if me is not None:
        order("scholarship", start, f"{start.year}-101-С", [(me, {"effective_date": start})])
    order("academic_leave", start + dt.timedelta(days=20), f"{start.year}-118-С",
          [(students[0], {"effective_date": start + dt.timedelta(days=21), "ground": "illness",
                          "leave_end_date": start + dt.timedelta(days=280)})], enter=False)  # fmt: skip
    order("expulsion", start + dt.timedelta(days=40), f"{start.year}-131-С",
          [(students[1], {"effective_date": start + dt.timedelta(days=41), "ground": "own_wish"})])  # fmt: skip
    other = (
        EducationalProgram.objects.filter(department__faculty__institution=institution, level=ProgramLevel.BACHELOR)
        .exclude(pk=students[2].program_id)
        .order_by("code")
        .first()
    )
    if other is not None:
        order("transfer_internal", start + dt.timedelta(days=30), f"{start.year}-125-С",
              [(students[2], {"effective_date": start + dt.timedelta(days=31), "program": other})])  # fmt: skip
    order("expulsion", today, f"{today.year}-{rng.randint(200, 299)}-С",
          [(students[3], {"effective_date": today + dt.timedelta(days=7), "ground": "non_payment"})],
          sign=False)  # fmt: skip
    layouts.save_layout(
        ReportLayout(institution=institution), acting_user=registrar, name_kk="Курстар мен қаржыландыру",
        name_ru="Курсы и финансирование", name_en="Years of study by funding", rows=["year"], columns=["funding"],
    )  # fmt: skip
    return {"contingent orders": made, "order items": OrderItem.objects.filter(order__institution=institution).count()}


def flush(institution: Institution) -> None:
    purge(StudentPeriod.objects.filter(student__institution=institution))
    purge(OrderItem.objects.filter(order__institution=institution))
    purge(Order.objects.filter(institution=institution))
    purge(ReportLayout.objects.filter(institution=institution))
