"""The register's rules (issue #17): the review date, the code formats, the lifecycle and lineage."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from mansap.common.testing import BaseTestCase
from mansap.regulations.choices import ReviewResult, VersionStatus
from mansap.regulations.dates import add_years, next_review_date
from mansap.regulations.models import CodePattern, Document, DocumentVersion
from mansap.regulations.services import documents as services
from mansap.regulations.services.codes import DEFAULT_PATTERNS, check_code, matching_pattern
from mansap.regulations.services.reviews import record_review
from mansap.regulations.tests.factories import approved, document, in_force

D = dt.date


class NextReviewDateTests(TestCase):
    def test_three_years_after_the_effective_date(self) -> None:
        self.assertEqual(next_review_date(D(2025, 6, 18), None, 3), D(2028, 6, 18))

    def test_29_february_falls_on_28_february(self) -> None:
        self.assertEqual(next_review_date(D(2024, 2, 29), None, 3), D(2027, 2, 28))
        self.assertEqual(add_years(D(2024, 2, 29), 1), D(2025, 2, 28))

    def test_29_february_kept_in_a_leap_year(self) -> None:
        self.assertEqual(next_review_date(D(2024, 2, 29), None, 4), D(2028, 2, 29))

    def test_a_review_before_the_due_date_moves_it(self) -> None:
        self.assertEqual(next_review_date(D(2024, 2, 29), D(2025, 3, 3), 3), D(2028, 3, 3))

    def test_the_later_of_the_two_counts(self) -> None:
        # A review older than the version in force does not pull the date back.
        self.assertEqual(next_review_date(D(2025, 6, 18), D(2024, 1, 10), 3), D(2028, 6, 18))

    def test_no_date_no_review(self) -> None:
        self.assertIsNone(next_review_date(None, None, 3))


class CodePatternTests(BaseTestCase):
    def test_the_three_observed_formats_are_accepted(self) -> None:
        patterns = [(name, regex) for name, regex, _example in DEFAULT_PATTERNS]
        codes = ("KazUTB-CC-RPA-7.2-2025-01", "ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17", "ПСП 11-02.112-2022",
                 "ҚазТБУ-СДД-ПАК-5.3/9.3-2026-02", "ҚазТБУ-ТжӘЖЖП-ПАК-8.5-2026-14", "ПСП 11-02.112.-2023")  # fmt: skip
        for code in codes:
            self.assertIsNotNone(matching_pattern(code, patterns), code)

    def test_a_bad_code_is_refused(self) -> None:
        for code in ("Regulation 5", "KazUTB-CC-RPA-2025", "ПСП 11-02-2022", ""):
            with self.assertRaises(ValidationError) as caught:
                check_code(code, self.institution)
            self.assertEqual(caught.exception.error_dict["code"][0].code, "bad_code")

    def test_a_document_with_a_bad_code_is_not_registered(self) -> None:
        with self.assertRaises(ValidationError):
            document(self.institution, code="Положение 5")
        self.assertEqual(Document.objects.count(), 0)

    def test_configured_patterns_replace_the_defaults(self) -> None:
        CodePattern.objects.create(institution=self.institution, name="DOC", regex=r"DOC-\d{3}")
        check_code("DOC-001", self.institution)
        with self.assertRaises(ValidationError):
            check_code("KazUTB-CC-RPA-7.2-2025-01", self.institution)

    def test_aliases_follow_the_formats_too(self) -> None:
        doc = document(self.institution, code="ПСП 11-02.112-2022", aliases="ПСП 11-02.112-2021")
        self.assertEqual(doc.alias_list, ["ПСП 11-02.112-2021"])
        with self.assertRaises(ValidationError):
            document(self.institution, code="ПСП 11-02.113-2022", aliases="редакция 4")


class LifecycleTests(BaseTestCase):
    def test_the_path_to_in_force(self) -> None:
        doc = document(self.institution)
        version = services.add_version(doc, acting_user=self.cc, approved_by_name="L.K. Baibolova",
                                       approved_on=D(2025, 6, 18))  # fmt: skip
        self.assertEqual((version.major, version.minor, version.status), (1, 0, "draft"))
        services.transition(version, VersionStatus.IN_AGREEMENT, acting_user=self.cc)
        services.transition(version, VersionStatus.APPROVED, acting_user=self.cc)
        services.put_in_force(version, acting_user=self.cc, effective_on=D(2025, 6, 18))
        doc.refresh_from_db()
        self.assertEqual((doc.status, doc.next_review_on), ("in_force", D(2028, 6, 18)))

    def test_collegiate_approval_agreements_revision_and_cancellation(self) -> None:
        doc = document(self.institution, code="ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17")
        version = services.add_version(doc, acting_user=self.cc, approval_body="Ғылыми кеңес / Учёный совет",
                                       protocol_number="5", approved_on=D(2026, 1, 28))  # fmt: skip
        services.transition(version, VersionStatus.IN_AGREEMENT, acting_user=self.cc)
        services.add_agreement(version, acting_user=self.cc, position="Проректор по академическим вопросам",
                               full_name="Нурбаева М.З.", agreed_on=D(2026, 1, 20))  # fmt: skip
        services.transition(version, VersionStatus.APPROVED, acting_user=self.cc)  # a body, no person: enough
        services.put_in_force(version, acting_user=self.cc, effective_on=D(2026, 2, 1))
        version.refresh_from_db()
        self.assertEqual(
            (version.status, version.approval_body, version.protocol_number, version.approved_on,
             version.effective_on, version.approved_by_name),
            ("in_force", "Ғылыми кеңес / Учёный совет", "5", D(2026, 1, 28), D(2026, 2, 1), ""),
        )  # fmt: skip
        self.assertEqual(list(version.agreements.values_list("full_name", "agreed_on")),
                         [("Нурбаева М.З.", D(2026, 1, 20))])  # fmt: skip
        services.transition(version, VersionStatus.UNDER_REVISION, acting_user=self.cc)
        doc.refresh_from_db()
        self.assertEqual(doc.status, "under_revision")
        services.transition(version, VersionStatus.CANCELLED, acting_user=self.cc, on=D(2026, 11, 30))
        version.refresh_from_db()
        doc.refresh_from_db()
        self.assertEqual((version.status, version.ended_on, doc.status, doc.next_review_on),
                         ("cancelled", D(2026, 11, 30), "cancelled", None))  # fmt: skip
        with self.assertRaises(ValidationError):  # cancelled is the end
            services.transition(version, VersionStatus.IN_FORCE, acting_user=self.cc, on=D(2026, 12, 1))

    def test_a_superseded_version_and_its_change_permit_stay_readable(self) -> None:
        doc = document(self.institution)
        first = in_force(doc, D(2022, 1, 10))
        in_force(doc, D(2025, 3, 1), change_permit="Приказ № 112-н от 20.02.2025")
        readable = DocumentVersion.objects.for_user(self.aigerim).filter(document=doc).order_by("major")
        self.assertEqual([(v.pk, v.status, v.change_permit) for v in readable], [
            (first.pk, "superseded", ""), (readable[1].pk, "in_force", "Приказ № 112-н от 20.02.2025"),
        ])  # fmt: skip

    def test_illegal_transitions_are_refused(self) -> None:
        doc = document(self.institution)
        version = services.add_version(doc, acting_user=None)
        for target in (VersionStatus.APPROVED, VersionStatus.IN_FORCE, VersionStatus.SUPERSEDED):
            with self.assertRaises(ValidationError):
                services.transition(version, target, acting_user=None, on=D(2025, 1, 1))
        version.refresh_from_db()
        self.assertEqual(version.status, "draft")

    def test_approval_needs_a_date_and_an_approver(self) -> None:
        doc = document(self.institution)
        version = services.add_version(doc, acting_user=None)
        services.transition(version, VersionStatus.IN_AGREEMENT, acting_user=None)
        with self.assertRaises(ValidationError):
            services.transition(version, VersionStatus.APPROVED, acting_user=None)

    def test_a_new_version_in_force_supersedes_the_previous_one(self) -> None:
        doc = document(self.institution)
        first = in_force(doc, D(2022, 1, 10))
        second = in_force(doc, D(2025, 3, 1))
        first.refresh_from_db()
        self.assertEqual((first.status, first.ended_on), ("superseded", D(2025, 3, 1)))
        self.assertEqual((second.major, second.status), (2, "in_force"))
        doc.refresh_from_db()
        self.assertEqual(doc.next_review_on, D(2028, 3, 1))

    def test_a_successor_supersedes_its_predecessor_from_its_effective_date(self) -> None:
        old = document(self.institution, code="ПСП 11-02.112.-2023")
        old_version = in_force(old, D(2021, 11, 12))
        new = document(self.institution, code="ПСП 11-02.112-2022", replaces=old)
        in_force(new, D(2024, 2, 29))
        old_version.refresh_from_db()
        old.refresh_from_db()
        self.assertEqual((old_version.status, old_version.ended_on), ("superseded", D(2024, 2, 29)))
        self.assertEqual((old.status, old.next_review_on), ("superseded", None))

    def test_effective_before_approval_is_refused(self) -> None:
        version = approved(document(self.institution), on=D(2025, 6, 18))
        with self.assertRaises(ValidationError):
            services.put_in_force(version, acting_user=None, effective_on=D(2025, 6, 1))

    def test_an_approved_version_keeps_its_approval(self) -> None:
        version = approved(document(self.institution))
        with self.assertRaises(ValidationError):
            services.update_version(version, acting_user=None, approved_by_name="Someone else")

    def test_only_the_quality_department_edits(self) -> None:
        doc = document(self.institution)
        for user in (self.aigerim, self.rector, self.registrar):
            with self.assertRaises(PermissionDenied):
                services.add_version(doc, acting_user=user)
            with self.assertRaises(PermissionDenied):
                services.create_document(institution=self.institution, acting_user=user,
                                         code="KazUTB-CC-RPA-7.2-2025-77", type="rules")  # fmt: skip


class ReviewTests(BaseTestCase):
    def test_a_review_moves_the_next_review_date(self) -> None:
        doc = document(self.institution, code="ПСП 11-02.112-2022")
        in_force(doc, D(2024, 2, 29))
        doc.refresh_from_db()
        self.assertEqual(doc.next_review_on, D(2027, 2, 28))
        record_review(doc, acting_user=self.cc, reviewed_on=D(2025, 3, 3), reviewer="Нурбаева М.З.",
                      result=ReviewResult.NO_CHANGE)  # fmt: skip
        doc.refresh_from_db()
        self.assertEqual(doc.next_review_on, D(2028, 3, 3))

    def test_a_change_of_interval_moves_it(self) -> None:
        doc = document(self.institution)
        in_force(doc, D(2024, 2, 29))
        services.update_document(doc, acting_user=self.cc, review_interval_years=5)
        doc.refresh_from_db()
        self.assertEqual(doc.next_review_on, D(2029, 2, 28))

    def test_a_review_asking_for_revision_puts_the_version_under_revision(self) -> None:
        doc = document(self.institution)
        version = in_force(doc, D(2024, 1, 15))
        record_review(doc, acting_user=None, reviewed_on=D(2026, 1, 10), reviewer="Head", result="revise")
        version.refresh_from_db()
        doc.refresh_from_db()
        self.assertEqual((version.status, doc.status, doc.next_review_on), ("under_revision", "under_revision",
                                                                             D(2029, 1, 10)))  # fmt: skip


class PreloadTests(BaseTestCase):
    def test_the_platforms_regulations_once(self) -> None:
        from django.core.management import call_command

        from mansap.regulations.services.preload import preload_platform_regulations

        # 4 practice forms and the service desk's 5 certificates
        self.assertEqual(
            preload_platform_regulations(self.institution), {"documents": 5, "versions": 5, "templates": 9}
        )
        self.assertEqual(
            preload_platform_regulations(self.institution), {"documents": 0, "versions": 0, "templates": 0}
        )
        call_command("load_platform_regulations", stdout=io.StringIO())
        rows = {d.code: (d.status, d.next_review_on) for d in Document.objects.all()}
        self.assertEqual(rows, {
            "KazUTB-CC-RPA-7.2-2025-01": ("in_force", D(2028, 6, 18)),
            "KazUTB-CC-RPA-7.2-2025-02": ("in_force", D(2028, 6, 18)),
            "ҚазТБУ-СДД-ПАК-5.3/9.3-2026-02": ("approved", None),
            "ПСП 11-02.112.-2023": ("superseded", None),
            "ПСП 11-02.112-2022": ("in_force", D(2027, 2, 28)),
            # The practice document templates (services.templates), in force from 1 September 2025.
            **{f"KazUTB-CC-F-7.8-2025-0{n}": ("in_force", D(2028, 9, 1)) for n in range(1, 5)},
            # The service desk's certificate texts (servicedesk.services.certificates), registered the same way.
            **{f"KazUTB-SSC-F-8.3-2025-0{n}": ("in_force", D(2028, 9, 1)) for n in range(1, 6)},
        })  # fmt: skip
        ssc = Document.objects.get(code="ПСП 11-02.112-2022").versions.get()
        self.assertEqual((ssc.number, ssc.agreements.count(), ssc.approval),
                         ("4.0", 10, "Ученый совет, protocol No. 7; Президент-ректор С. Байбеков"))  # fmt: skip
