"""Properties (hypothesis): whatever a browser posts, answers are typed or refused, never a crash, and the
results add up."""

from __future__ import annotations

import unittest
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from mansap.common.testing import BaseTestCase
from mansap.surveys.models import Choice
from mansap.surveys.reports import results
from mansap.surveys.services import responses as services
from mansap.surveys.tests.factories import make_questionnaire

junk = st.one_of(
    st.text(max_size=12), st.integers(-10, 10**6).map(str), st.sampled_from(["", " ", "1,5", "nan", "1e99"])
)


class AnswerProperties(BaseTestCase, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.questionnaire = make_questionnaire(cls.institution)
        cls.questions = cls.questionnaire.ordered_questions()
        cls.choice_ids = [str(pk) for pk in Choice.objects.values_list("pk", flat=True)]

    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), partial=st.booleans())
    def test_any_post_is_typed_or_refused(self, data: st.DataObject, partial: bool) -> None:
        raw: dict = {}
        for q in self.questions:
            value = st.one_of(junk, st.sampled_from(self.choice_ids))
            if q.kind == "multiple":
                raw[q.pk] = data.draw(st.lists(value, max_size=4))
            elif q.kind == "matrix":
                raw[q.pk] = {row.pk: data.draw(value) for row in q.choices.all()}
            else:
                raw[q.pk] = data.draw(value)
        values, errors = services.clean_answers(self.questions, raw, partial=partial)
        assert not set(values) & set(errors)
        by_id = {q.pk: q for q in self.questions}
        for qid, value in values.items():
            question = by_id[qid]
            # A kept answer belongs to a shown question, and has its question's type.
            assert services.condition_met(question, values)
            if question.kind == "likert":
                assert value in range(1, 6)
            elif question.kind == "number":
                assert isinstance(value, Decimal) and Decimal(0) <= value <= Decimal(10_000_000)
            elif question.kind == "single":
                assert value.question_id == qid
            elif question.kind == "multiple":
                assert all(c.question_id == qid for c in value)
            elif question.kind == "matrix":
                assert all(c.question_id == qid and n in range(1, 6) for c, n in value.items())


class ResultProperties(unittest.TestCase):
    @settings(max_examples=80, deadline=None)
    @given(st.lists(st.integers(1, 5), max_size=60))
    def test_scale_distribution_adds_up(self, values: list[int]) -> None:
        bars = results.scale_distribution(values)
        assert sum(b.count for b in bars) == len(values)
        if values:
            assert min(values) <= results.mean(values) <= max(values)  # type: ignore[operator]
            assert abs(sum(b.percent for b in bars) - 100) <= Decimal("0.5")  # type: ignore[misc]

    @settings(max_examples=80, deadline=None)
    @given(st.integers(0, 40), st.integers(1, 20))
    def test_suppression_is_a_threshold(self, n: int, min_slice: int) -> None:
        assert results.is_suppressed(n, min_slice) == (0 < n < min_slice)
