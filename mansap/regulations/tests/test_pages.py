"""The register's pages (issue #17): search in kk/ru/en, filters, the detail, the editor's forms and transitions,
drafts hidden from readers, the XLSX export; bounded queries at 2 and 20 rows (page and API)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.regulations.models import Document, DocumentVersion, Review
from mansap.regulations.services import documents as services
from mansap.regulations.services.changes import record_change
from mansap.regulations.services.distribution import issue_copy
from mansap.regulations.services.familiarization import acknowledge, assign
from mansap.regulations.services.reviews import record_review
from mansap.regulations.tests.factories import document, in_force

D = dt.date
LIST = reverse("regulations:document_list")


class RegisterPageTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.ssc = document(cls.institution, code="ПСП 11-02.112-2022", aliases="ПСП 11-02.112-2021",
                           type="unit_regulation", title_kk="Білім алушыларға қызмет көрсету орталығы туралы ереже",
                           title_ru="Положение о центре обслуживания обучающихся",
                           title_en="Regulation on the Student Service Center")  # fmt: skip
        in_force(cls.ssc, D(2024, 2, 29))
        cls.practice = document(cls.institution, code="KazUTB-CC-RPA-7.2-2025-02", type="rules",
                                title_kk="Кәсіптік практиканы ұйымдастыру қағидалары",
                                title_ru="Правила организации профессиональной практики",
                                title_en="Rules of professional practice", classification="public")  # fmt: skip
        in_force(cls.practice, timezone.localdate())
        cls.draft = document(cls.institution, code="KazUTB-CC-F-7.5-2026-09", type="form", title_ru="Форма отчёта")
        services.add_version(cls.draft, acting_user=None)

    def listed(self, user, query: str = "") -> list[str]:  # type: ignore[no-untyped-def]
        response = self.assert_status(user, LIST + query, 200)
        return [row.record.code for row in response.context["table"].page.object_list]

    def test_search_in_three_languages_codes_and_aliases(self) -> None:
        self.assertEqual(self.listed(self.aigerim, "?q=обслуживания"), ["ПСП 11-02.112-2022"])
        self.assertEqual(self.listed(self.aigerim, "?q=қызмет+орталығы"), ["ПСП 11-02.112-2022"])
        self.assertEqual(self.listed(self.aigerim, "?q=Student+Service"), ["ПСП 11-02.112-2022"])
        self.assertEqual(self.listed(self.aigerim, "?q=практики"), ["KazUTB-CC-RPA-7.2-2025-02"])
        self.assertEqual(self.listed(self.aigerim, "?q=112-2021"), ["ПСП 11-02.112-2022"])
        self.assertEqual(self.listed(self.aigerim, "?q=RPA-7.2"), ["KazUTB-CC-RPA-7.2-2025-02"])

    def test_search_is_full_text_on_postgresql_and_never_fails_on_punctuation(self) -> None:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.listed(self.aigerim, "?q=обслуж+центр"), ["ПСП 11-02.112-2022"])
        full_text = any("to_tsquery" in query["sql"] for query in queries.captured_queries)
        self.assertEqual(full_text, connection.vendor == "postgresql")
        # A tsquery's own syntax typed in the box is only words to match (it answered 500 on PostgreSQL).
        for query in ("(", "!", "|", "a:b", "'", "&", "практики)", "(Student | Service)", "<->"):
            with self.subTest(query=query):
                response = self.get_as(self.aigerim, LIST, data={"q": query})
                self.assertEqual(response.status_code, 200)
        self.assertEqual(self.listed(self.aigerim, "?q=%28Student+Service%29"), ["ПСП 11-02.112-2022"])
        self.assertEqual(self.listed(self.aigerim, "?q=11-02.112-2022"), ["ПСП 11-02.112-2022"])
        response = self.api_as(self.aigerim).get(reverse("document-list"), {"q": "(Student | Service)"})
        self.assertEqual([row["code"] for row in response.json()["results"]], ["ПСП 11-02.112-2022"])
        public = self.get_as(None, reverse("regulations:public_register"), data={"q": "(практики!"})
        self.assertContains(public, "KazUTB-CC-RPA-7.2-2025-02")

    def test_filters(self) -> None:
        self.assertEqual(self.listed(self.cc, "?type=rules"), ["KazUTB-CC-RPA-7.2-2025-02"])
        self.assertEqual(self.listed(self.cc, "?classification=public"), ["KazUTB-CC-RPA-7.2-2025-02"])
        self.assertEqual(self.listed(self.cc, "?status=draft"), ["KazUTB-CC-F-7.5-2026-09"])
        with override_settings(TIME_ZONE="Asia/Almaty"):
            overdue = self.listed(self.cc, "?overdue=true")
        self.assertEqual(overdue, ["ПСП 11-02.112-2022"] if timezone.localdate() > D(2027, 2, 28) else [])

    def test_the_detail_shows_versions_lineage_and_the_next_review(self) -> None:
        self.assert_page_shows(self.aigerim, self.ssc.get_absolute_url(), "4", "28.02.2027", "L.K. Baibolova",
                               "Introduced for the first time", "ПСП 11-02.112-2021")  # fmt: skip

    def test_drafts_are_the_quality_departments_only(self) -> None:
        self.assert_page_shows(self.cc, self.draft.get_absolute_url(), "1.0")
        response = self.assert_status(self.aigerim, self.draft.get_absolute_url(), 200)
        self.assertEqual(response.context["versions"], [])
        version = self.draft.versions.get()
        self.assert_status(self.aigerim, reverse("regulations:version_edit", args=[version.pk]), 404)

    def test_readers_cannot_edit(self) -> None:
        for name in ("regulations:document_add", "regulations:document_import"):
            self.assert_status(self.aigerim, reverse(name), 403)
        self.assert_status(self.aigerim, reverse("regulations:document_edit", args=[self.ssc.pk]), 403)
        self.assert_status(self.aigerim, reverse("regulations:review_add", args=[self.ssc.pk]), 403)

    def test_the_editor_registers_a_document_and_puts_a_version_in_force(self) -> None:
        response = self.post_as(self.cc, reverse("regulations:document_add"), {
            "code": "KazUTB-CC-RPA-7.2-2026-03", "type": "instruction", "title_ru": "Инструкция по практике",
            "classification": "internal", "review_interval_years": 3,
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        doc = Document.objects.get(code="KazUTB-CC-RPA-7.2-2026-03")
        self.post_as(self.cc, reverse("regulations:version_add", args=[doc.pk]), {
            "major": 1, "minor": 0, "approved_by_position": "Ректор", "approved_by_name": "Л.К. Байболова",
            "approved_on": "2026-09-01",
        })  # fmt: skip
        version = DocumentVersion.objects.get(document=doc)
        url = reverse("regulations:version_transition", args=[version.pk])
        for target in ("in_agreement", "approved"):
            self.assertEqual(self.post_as(self.cc, url, {"target": target}).status_code, 302)
        self.assertEqual(self.post_as(self.cc, url, {"target": "in_force", "on": "2026-09-01"}).status_code, 302)
        doc.refresh_from_db()
        self.assertEqual((doc.status, doc.next_review_on), ("in_force", D(2029, 9, 1)))
        response = self.post_as(self.cc, url, {"target": "draft"})  # not offered from in force
        self.assertEqual(response.status_code, 400)

    def test_a_bad_code_is_shown_on_the_form(self) -> None:
        response = self.post_as(self.cc, reverse("regulations:document_add"), {
            "code": "Инструкция 5", "type": "instruction", "title_ru": "Инструкция", "classification": "internal",
            "review_interval_years": 3,
        })  # fmt: skip
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "matches none of the document code formats")

    def test_the_editor_records_a_review(self) -> None:
        response = self.post_as(self.cc, reverse("regulations:review_add", args=[self.ssc.pk]), {
            "reviewed_on": "2025-03-03", "reviewer": "Нурбаева М.З.", "result": "no_change",
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Review.objects.get().reviewer, "Нурбаева М.З.")
        self.ssc.refresh_from_db()
        self.assertEqual(self.ssc.next_review_on, D(2028, 3, 3))

    def test_the_xlsx_export(self) -> None:
        response = self.assert_status(self.aigerim, LIST + "?q=обслуживания&export=xlsx", 200)
        rows = self.xlsx_rows(response)
        self.assertEqual(rows[1][0], "ПСП 11-02.112-2022")
        self.assertEqual(rows[1][-1], "28.02.2027")

    def test_the_menu_offers_the_register_under_quality(self) -> None:
        response = self.assert_status(self.aigerim, LIST, 200)
        menus = {str(entry["label"]): entry for entry in response.context["nav_items"] if entry.get("children")}
        quality = [child.get("url") or str(child.get("header")) for child in menus["Quality"]["children"]]
        self.assertEqual(quality[-3:], ["Regulations", LIST, reverse("regulations:to_read")])
        structure = [child.get("url") for child in menus["Organization"]["children"]]
        self.assertNotIn(LIST, structure)


_codes = itertools.count(100)


class RegisterQueryCountTests(QueryCountTestCase):
    def add_documents(self, n: int) -> None:
        for _ in range(n):
            doc = document(self.institution, code=f"KazUTB-CC-RPA-7.2-2025-{next(_codes)}", department=self.dept_a)
            in_force(doc, D(2025, 6, 18))

    def test_register_page(self) -> None:
        self.check_bounded(self.aigerim, LIST, self.add_documents, pinned=6)

    def test_register_export(self) -> None:
        self.check_bounded(self.aigerim, LIST + "?export=xlsx", self.add_documents, pinned=5)

    def test_api_list(self) -> None:
        self.check_bounded(self.aigerim, reverse("document-list"), self.add_documents, pinned=4, api=True)

    def test_api_versions(self) -> None:
        self.check_bounded(self.aigerim, reverse("documentversion-list"), self.add_documents, pinned=5, api=True)


class RecordsQueryCountTests(QueryCountTestCase):
    """The new lists (changes, copies, acknowledgements in the API; the familiarization status page): bounded."""

    def add_documents(self, n: int) -> None:
        for _ in range(n):
            doc = document(self.institution, code=f"KazUTB-CC-RPA-7.2-2025-{next(_codes)}", department=self.dept_a)
            version = in_force(doc, D(2025, 6, 18))
            record_change(doc, acting_user=None, sheets_new="3", made_on=D(2025, 7, 1), made_by_name="A")
            issue_copy(doc, acting_user=None, issued_on=D(2025, 7, 1), department=self.dept_a)
            assign(doc, acting_user=None, department=self.dept_a)
            acknowledge(version, acting_user=self.aigerim)
            record_review(doc, acting_user=None, reviewed_on=D(2026, 1, 5), reviewer="A", result="no_change")

    def test_api_changes(self) -> None:
        self.check_bounded(self.aigerim, reverse("changerecord-list"), self.add_documents, pinned=4, api=True)

    def test_api_copies(self) -> None:
        self.check_bounded(self.aigerim, reverse("workingcopy-list"), self.add_documents, pinned=4, api=True)

    def test_api_acknowledgements(self) -> None:
        self.check_bounded(self.aigerim, reverse("acknowledgement-list"), self.add_documents, pinned=4, api=True)

    def test_api_reviews(self) -> None:
        self.check_bounded(self.aigerim, reverse("review-list"), self.add_documents, pinned=4, api=True)

    def test_familiarization_status_page(self) -> None:
        url = reverse("regulations:familiarization_status")
        self.client.force_login(self.cc)
        counts = []
        for n in (2, 18):
            self.add_documents(n)
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(url)
            self.assertEqual(len(response.context["rows"]), 2 if n == 2 else 20)
            counts.append(len(captured.captured_queries))
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(counts[0], 8)
