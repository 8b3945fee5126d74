"""Fragments folded out of pages (#10) render what the pages wrote inline before, to the byte, in kk, ru and en."""

from __future__ import annotations

from django.template import Context, Template
from django.test import RequestFactory, SimpleTestCase
from django.utils import translation

# What academics/session_results.html and quality/p17_dashboard.html wrote inline before the include.
FILTER_SHOW_INLINE = (
    """{% load i18n %}
    <div class="col-auto">
      <button type="submit" class="btn btn-sm btn-primary"><i class="bi bi-funnel me-1"></i>"""
    """{% translate "Show" %}</button>
      <a class="btn btn-sm btn-link" href="{{ request.path }}">{% translate "Reset" %}</a>
    </div>
  </div>"""
)
FILTER_SHOW_INCLUDED = """{% load i18n %}
    {% include "common/_filter_show.html" %}
  </div>"""


class FilterShowTests(SimpleTestCase):
    def render(self, source: str, language: str) -> str:
        request = RequestFactory().get("/academics/session/?term=1")
        with translation.override(language):
            return Template(source).render(Context({"request": request}))

    def test_the_include_renders_the_inline_buttons_in_every_language(self) -> None:
        for language, show, reset in (
            ("kk", "Көрсету", "Тазалау"),
            ("ru", "Показать", "Сбросить"),
            ("en", "Show", "Reset"),
        ):
            with self.subTest(language=language):
                included = self.render(FILTER_SHOW_INCLUDED, language)
                self.assertEqual(included, self.render(FILTER_SHOW_INLINE, language))
                self.assertIn(
                    f'</i>{show}</button>\n      <a class="btn btn-sm btn-link" href="/academics/session/">', included
                )
                self.assertIn(f">{reset}</a>\n    </div>\n  </div>", included)
