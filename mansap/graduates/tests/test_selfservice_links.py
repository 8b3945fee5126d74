"""Self-service links issued before the move onto common.links.SignedLink still open, the same way.

The tokens below are literals made by the app's former make_token (services/selfservice.py before the
kernel) with SECRET_KEY "mansap-literal-token-tests" at the fixed clock NOW, for graduate 990001 (language
of instruction: Russian) and round 990002; "not_a_graduate" names student 990003, and "bad_language" is
a correctly signed payload with the language "de". What the former read_token answered for each (the
object, the language, the failure reason and its language) was recorded with that code and is asserted
here against SELF_SERVICE_LINK / open_link.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from mansap.common.links import CLOSED, EXPIRED, INVALID, LinkError
from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import AcademicYear
from mansap.graduates.models import CollectionRound
from mansap.graduates.services import selfservice

NOW = 1_800_000_000.0
DAY = 24 * 3600
GRADUATE, ROUND, NOT_A_GRADUATE = 990001, 990002, 990003

OLD_TOKENS = {
    "kk": "eyJnIjo5OTAwMDEsInIiOjk5MDAwMiwibCI6ImtrIn0:1xocE4:iqhcMGMJNp3IRg1xEpCGgO3xChL1eY5kG6mGhDwW57g",
    "ru": "eyJnIjo5OTAwMDEsInIiOjk5MDAwMiwibCI6InJ1In0:1xocE4:DSljCMwdPvbtSH_Rv_i6voMG8omRAs3mXj5ICGvqv00",
    "en": "eyJnIjo5OTAwMDEsInIiOjk5MDAwMiwibCI6ImVuIn0:1xocE4:Sm8uO4LiGTg5SDl55KSsr7XB8YLe_teVv7XjxsiWP5g",
    # make_token(graduate, round) without a language: the graduate's own (Russian), so the "ru" token.
    "own": "eyJnIjo5OTAwMDEsInIiOjk5MDAwMiwibCI6InJ1In0:1xocE4:DSljCMwdPvbtSH_Rv_i6voMG8omRAs3mXj5ICGvqv00",
    "not_a_graduate": (
        "eyJnIjo5OTAwMDMsInIiOjk5MDAwMiwibCI6InJ1In0:1xocE4:ClPLaxCU0B1wRs_YlCQhjjYnmtrEijeeoP3OiUvN7YQ"
    ),
    "bad_language": ("eyJnIjo5OTAwMDEsInIiOjk5MDAwMiwibCI6ImRlIn0:1xocE4:hCK2B6YNbVyiXKfkPJisLFGflvd4dvxIqlJ8Qc_TuoI"),
}


def at(moment: float) -> Any:
    return mock.patch("django.core.signing.time.time", return_value=moment)


def outcome(token: str) -> tuple[Any, ...]:
    """("ok", graduate pk, round pk, language) or ("error", reason, language), as recorded with the old code."""
    try:
        link = selfservice.open_link(token)
    except LinkError as exc:
        return ("error", exc.reason, exc.language)
    return ("ok", link.graduate.pk, link.round.pk, link.language)


@override_settings(SECRET_KEY="mansap-literal-token-tests", LANGUAGE_CODE="en", MANSAP_SELFSERVICE_MAX_AGE_DAYS=30)
class OldTokensOpenTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2026, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30)
        )
        cls.round = CollectionRound.objects.create(
            pk=ROUND, institution=cls.institution, academic_year=year, number=2, cohort=2026,
            opens_on=dt.date(2026, 10, 1), deadline=dt.date(2026, 12, 30),
        )  # fmt: skip
        cls.graduate = make_student(
            cls.program_a, pk=GRADUATE, graduation_date=dt.date(2026, 6, 25), study_language="ru"
        )
        make_student(cls.program_a, pk=NOT_A_GRADUATE)

    def test_every_language_opens_with_the_same_graduate_round_and_language(self) -> None:
        with at(NOW + 3600):
            for name, language in (("kk", "kk"), ("ru", "ru"), ("en", "en"), ("own", "ru")):
                self.assertEqual(outcome(OLD_TOKENS[name]), ("ok", GRADUATE, ROUND, language), name)
            # A payload without a known language opens in the deployment's language.
            self.assertEqual(outcome(OLD_TOKENS["bad_language"]), ("ok", GRADUATE, ROUND, "en"))

    def test_new_tokens_are_the_old_ones(self) -> None:
        with at(NOW):
            for name, language in (("kk", "kk"), ("ru", "ru"), ("en", "en"), ("own", "")):
                made = selfservice.SELF_SERVICE_LINK.make((self.graduate, self.round), language)
                self.assertEqual(made, OLD_TOKENS[name], name)
                self.assertEqual(
                    selfservice.link_path(self.graduate, self.round, language),
                    f"/employment/update/{OLD_TOKENS[name]}/",
                )

    def test_the_same_failures(self) -> None:
        with at(NOW + 3600):
            self.assertEqual(outcome(OLD_TOKENS["not_a_graduate"]), ("error", INVALID, None))
            token = OLD_TOKENS["en"]
            tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
            self.assertEqual(outcome(tampered), ("error", INVALID, None))
        with at(NOW + 30 * DAY):
            self.assertEqual(outcome(OLD_TOKENS["en"]), ("ok", GRADUATE, ROUND, "en"))  # the last second
        with at(NOW + 30 * DAY + 1):
            self.assertEqual(outcome(OLD_TOKENS["en"]), ("error", EXPIRED, "en"))  # told in the link's language
            self.assertEqual(outcome(OLD_TOKENS["kk"]), ("error", EXPIRED, "kk"))
        CollectionRound.objects.filter(pk=ROUND).update(closed_at=timezone.now())
        with at(NOW + 3600):
            self.assertEqual(outcome(OLD_TOKENS["en"]), ("error", CLOSED, "en"))
            self.assertEqual(outcome(OLD_TOKENS["bad_language"]), ("error", CLOSED, "en"))

    def test_the_page_opens_an_old_link(self) -> None:
        with at(NOW + 3600):
            response = self.client.get(f"/employment/update/{OLD_TOKENS['ru']}/")
        self.assertEqual((response.status_code, response["Content-Language"]), (200, "ru"))  # the IIN check
        self.assertContains(response, "iin_last4")
