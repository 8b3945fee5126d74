"""`css_string` writes text into a double-quoted CSS string (a PDF footer) so that CSS reads it back as written."""

from __future__ import annotations

from django.template import Context, Template
from django.test import SimpleTestCase


class CssStringTests(SimpleTestCase):
    def render(self, value: str) -> str:
        return Template('{% load mansap_pdf %}content: "{{ value|css_string }}";').render(Context({"value": value}))

    def test_plain_text_and_html_specials_are_left_as_written(self) -> None:
        self.assertEqual(self.render("Түлектер - 2025 & «көктем»'"), 'content: "Түлектер - 2025 & «көктем»\'";')

    def test_quote_backslash_line_break_and_angle_bracket_are_css_escapes(self) -> None:
        self.assertEqual(self.render('a "b" c\\d\ne</style>'), 'content: "a \\"b\\" c\\\\d\\A e\\3C /style>";')
