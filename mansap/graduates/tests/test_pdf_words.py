"""The analytics PDF cuts no word in two (#12): pyphen has no Kazakh hyphenation dictionary, so the narrow
breakdown headers ("Мониторингпен", "Мансаптық") were broken mid-word without a hyphen; they wrap on spaces now.
"""

from __future__ import annotations

import re
import subprocess
from unittest import mock

from mansap.graduates.reports.exports import EmploymentAnalyticsPDFFormatter
from mansap.graduates.tests.test_analytics import PDF_URL, QUERY, AnalyticsTestCase

WORD = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")


class PdfWordTests(AnalyticsTestCase):
    def test_every_word_of_the_pdf_is_a_whole_word_of_the_report(self) -> None:
        render = EmploymentAnalyticsPDFFormatter.html
        for language in ("kk", "ru"):
            with self.subTest(language):
                pages: list[str] = []

                def html(formatter: EmploymentAnalyticsPDFFormatter, data: object, pages: list[str] = pages) -> str:
                    pages.append(render(formatter, data))  # type: ignore[arg-type]
                    return pages[-1]

                with mock.patch.object(EmploymentAnalyticsPDFFormatter, "html", html):
                    response = self.get_as(self.cc, PDF_URL + QUERY + f"&lang={language}")
                self.assertEqual(response.status_code, 200)
                text = subprocess.run(
                    ["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True, check=True
                ).stdout.decode()
                words = set(WORD.findall(pages[0]))  # tags and styles have no Cyrillic letters
                # A break at a hyphen ("Показа-/тель") is a proper one: join it; a piece that is no word is not.
                cut = set(WORD.findall(re.sub(r"[-‐]\n", "", text))) - words
                self.assertEqual(cut, set(), f"words cut in two in the {language} PDF")
