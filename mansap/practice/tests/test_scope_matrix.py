"""The scope matrix of the practice staff pages (common.testing.ScopedPageTests), one class per scoped model.

Every practice model is scoped by department (through its practice, base or placement), so the personas are
the defaults: aigerim (editor, department A) / bolat (read-only, department A) / dana (editor, department B),
and "out of scope" is the same object in department B.

Covered (model: pages):
- Practice: list, detail, edit, history (no delete page).
- PracticeBase: list, detail, edit, history.
- PracticeContract: list, detail, edit, history.
- ContractAnnex, a child scoped through its contract: its add page (practice:contractannex_add) as the
  "edit" page of the contract, for department A's and department B's contracts.
- Placement: list, detail, edit, history.
- PracticeOrder: list, detail, history (orders are submitted from the practice page).
- Conference and Meeting, children of a practice: edit and delete (they show on the practice page).
- DefenceCommission: list, detail, edit, history.
- PracticeDocument: the disposal review list (practice:document_review) and the disposal form
  (practice:document_dispose) as its "edit" page.
- PracticeProgramme: the programmes list (practice:practiceprogramme_list); every staff member of the
  institution reads it (as the practice pages show the programmes), so "out of scope" is another institution's
  link; linking and unlinking are POSTs tested in test_programme_page.py.
- Pages about one practice or placement besides its detail page, each as a "detail" page: the placement's and
  the practice's assessment panels, the grade sheet, the documents panel and the document downloads (a
  practice's forms, a base's package, an order's submission, one student's form).

Intentionally not here: BaseVetting (no page of its own: recorded from the base page; its evidence file is
tested in test_bases.py); PlacementPreference and CompanyPackage (no pages of their own: the allocation and
package actions of the practice page, tested in test_allocation.py and test_plan.py); DiaryEntry (a student's
pages and the staff's remark, tested in test_diary.py; its API is in the API matrix); GradeBand and
RetentionRule (institution settings edited as one table each, tested in test_grades.py and test_retention.py).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mansap.common.testing import ScopedMatrixTestCase, ScopedPageTests, make_student
from mansap.practice.models import (
    Conference,
    DefenceCommission,
    Meeting,
    Placement,
    Practice,
    PracticeBase,
    PracticeContract,
    PracticeDocument,
    PracticeOrder,
    PracticeProgramme,
)
from mansap.practice.services.programmes import link_programme
from mansap.practice.tests.factories import make_base, make_contract, make_employee, make_placement, make_practice
from mansap.regulations.choices import DocumentType
from mansap.regulations.tests import factories as regulations

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def placement_in(program):
    """A confirmed placement of a student of the program, at a base of the program's department."""
    practice = make_practice(program)
    return make_placement(practice, make_student(program), make_base(practice.institution, programs=[program]))


def programme_link(program, code):
    """The program's production practice programme, linked to a new instruction of its institution's register."""
    institution = program.department.faculty.institution
    document = regulations.document(institution, code=code, type=DocumentType.INSTRUCTION)
    return link_programme(program=program, kind="production", document=document, acting_user=None)


def contract_in(program):
    return make_contract(make_base(program.department.faculty.institution, programs=[program]))


def commission_in(program) -> DefenceCommission:
    practice = make_practice(program)
    return DefenceCommission.objects.create(
        practice=practice, order_number="1", order_date=dt.date(2026, 5, 1), chair=make_employee(program.department)
    )


def document_in(program) -> PracticeDocument:
    return PracticeDocument.objects.create(
        placement=placement_in(program), kind="report", file=SimpleUploadedFile("r.pdf", PDF),
        disposal_status="review", retain_until=dt.date(2026, 1, 1),
    )  # fmt: skip


class PracticePageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Practice
    url_names = {
        "list": "practice:practice_list",
        "detail": "practice:practice_detail",
        "edit": "practice:practice_edit",
        "delete": None,
        "history": "practice:practice_history",
    }

    @classmethod
    def in_scope(cls):
        return make_practice(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return make_practice(cls.program_b)


class PracticeBasePageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = PracticeBase
    url_names = {
        "list": "practice:practicebase_list",
        "detail": "practice:practicebase_detail",
        "edit": "practice:practicebase_edit",
        "delete": None,
        "history": "practice:practicebase_history",
    }

    @classmethod
    def in_scope(cls):
        return make_base(cls.institution, programs=[cls.program_a])

    @classmethod
    def out_of_scope(cls):
        return make_base(cls.institution, programs=[cls.program_b])


class PracticeContractPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = PracticeContract
    url_names = {
        "list": "practice:practicecontract_list",
        "detail": "practice:practicecontract_detail",
        "edit": "practice:practicecontract_edit",
        "delete": None,
        "history": "practice:practicecontract_history",
    }

    @classmethod
    def in_scope(cls):
        return contract_in(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return contract_in(cls.program_b)


class ContractAnnexAddMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """Annexes have no queryset of their own: the add page scopes through the contract."""

    model = PracticeContract
    url_names = {"list": None, "detail": None, "edit": "practice:contractannex_add", "delete": None, "history": None}

    @classmethod
    def in_scope(cls):
        return contract_in(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return contract_in(cls.program_b)


class PlacementPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Placement
    url_names = {
        "list": "practice:placement_list",
        "detail": "practice:placement_detail",
        "edit": "practice:placement_edit",
        "delete": None,
        "history": "practice:placement_history",
    }

    @classmethod
    def in_scope(cls):
        return placement_in(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return placement_in(cls.program_b)


class PracticeOrderPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = PracticeOrder
    url_names = {
        "list": "practice:practiceorder_list",
        "detail": "practice:practiceorder_detail",
        "edit": None,
        "delete": None,
        "history": "practice:practiceorder_history",
    }

    @classmethod
    def in_scope(cls):
        return PracticeOrder.objects.create(practice=make_practice(cls.program_a), submitted_on=dt.date(2026, 5, 1))

    @classmethod
    def out_of_scope(cls):
        return PracticeOrder.objects.create(practice=make_practice(cls.program_b), submitted_on=dt.date(2026, 5, 1))


class ConferencePageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Conference
    url_names = {
        "list": None,
        "detail": None,
        "edit": "practice:conference_edit",
        "delete": "practice:conference_delete",
        "history": None,
    }

    @classmethod
    def in_scope(cls):
        return Conference.objects.create(
            practice=make_practice(cls.program_a), kind="final", held_on=dt.date(2026, 6, 28)
        )

    @classmethod
    def out_of_scope(cls):
        return Conference.objects.create(
            practice=make_practice(cls.program_b), kind="final", held_on=dt.date(2026, 6, 28)
        )


class MeetingPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Meeting
    url_names = {
        "list": None,
        "detail": None,
        "edit": "practice:meeting_edit",
        "delete": "practice:meeting_delete",
        "history": None,
    }

    @classmethod
    def in_scope(cls):
        return Meeting.objects.create(
            practice=make_practice(cls.program_a), kind="meeting", held_on=dt.date(2026, 6, 1), topic="Safety"
        )

    @classmethod
    def out_of_scope(cls):
        return Meeting.objects.create(
            practice=make_practice(cls.program_b), kind="meeting", held_on=dt.date(2026, 6, 1), topic="Safety"
        )


class DefenceCommissionPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = DefenceCommission
    url_names = {
        "list": "practice:defencecommission_list",
        "detail": "practice:defencecommission_detail",
        "edit": "practice:defencecommission_edit",
        "delete": None,
        "history": "practice:defencecommission_history",
    }

    @classmethod
    def in_scope(cls):
        return commission_in(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return commission_in(cls.program_b)


class PracticeDocumentPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = PracticeDocument
    url_names = {
        "list": "practice:document_review",
        "detail": None,
        "edit": "practice:document_dispose",
        "delete": None,
        "history": None,
    }

    @classmethod
    def in_scope(cls):
        return document_in(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return document_in(cls.program_b)


class PracticeProgrammePageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = PracticeProgramme
    url_names = {
        "list": "practice:practiceprogramme_list",
        "detail": None,
        "edit": None,
        "delete": None,
        "history": None,
    }
    editor, viewer, outsider = "cc", "aigerim", "other_cc"

    @classmethod
    def in_scope(cls):
        return programme_link(cls.program_a, "KazUTB-CC-PP-7.8-2025-71")

    @classmethod
    def out_of_scope(cls):
        return programme_link(cls.other_program, "KazUTB-CC-PP-7.8-2025-72")


# ---- Pages about one practice or placement that are not its detail page (panels, the grade sheet, documents) ----
def _detail_only(name: str) -> dict[str, str | None]:
    return {"list": None, "detail": name, "edit": None, "delete": None, "history": None}


class _PlacementOfEach:
    """A placement in each department."""

    @classmethod
    def in_scope(cls):
        return placement_in(cls.program_a)  # type: ignore[attr-defined]

    @classmethod
    def out_of_scope(cls):
        return placement_in(cls.program_b)  # type: ignore[attr-defined]


class PlacementAssessmentPanelMatrixTests(_PlacementOfEach, ScopedPageTests, ScopedMatrixTestCase):
    model = Placement
    url_names = _detail_only("practice:placement_assessment")


class _PracticeWithStudents:
    """A practice of each department with one student placed (the documents need students)."""

    @classmethod
    def in_scope(cls):
        return placement_in(cls.program_a).practice  # type: ignore[attr-defined]

    @classmethod
    def out_of_scope(cls):
        return placement_in(cls.program_b).practice  # type: ignore[attr-defined]


class PracticeAssessmentPanelMatrixTests(_PracticeWithStudents, ScopedPageTests, ScopedMatrixTestCase):
    model = Practice
    url_names = _detail_only("practice:practice_assessment")


class GradeSheetMatrixTests(_PracticeWithStudents, ScopedPageTests, ScopedMatrixTestCase):
    model = Practice
    url_names = _detail_only("practice:grade_sheet")


class PracticeDocumentsPanelMatrixTests(_PracticeWithStudents, ScopedPageTests, ScopedMatrixTestCase):
    model = Practice
    url_names = _detail_only("practice:practice_documents")


class PracticeDocumentDownloadMatrixTests(_PracticeWithStudents, ScopedPageTests, ScopedMatrixTestCase):
    """Every student's referral of a practice, as DOCX."""

    model = Practice
    url_names = _detail_only("practice:practice_document")

    def page_url(self, page: str, obj=None) -> str:
        return reverse(self.url_names[page], kwargs={"pk": obj.pk, "doc": "referral", "fmt": "docx"})


class PackageDocumentMatrixTests(_PracticeWithStudents, ScopedPageTests, ScopedMatrixTestCase):
    """The package for the base of the practice's student, as DOCX."""

    model = Practice
    url_names = _detail_only("practice:package_document")

    def page_url(self, page: str, obj=None) -> str:
        base_pk = obj.placements.values_list("base", flat=True).first()
        return reverse(self.url_names[page], kwargs={"pk": obj.pk, "base_pk": base_pk, "fmt": "docx"})


class OrderSubmissionMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """The submission of a rector's order, as DOCX."""

    model = PracticeOrder
    url_names = _detail_only("practice:order_submission")

    @classmethod
    def in_scope(cls):
        return PracticeOrder.objects.create(
            practice=placement_in(cls.program_a).practice, submitted_on=dt.date(2026, 5, 1)
        )

    @classmethod
    def out_of_scope(cls):
        return PracticeOrder.objects.create(
            practice=placement_in(cls.program_b).practice, submitted_on=dt.date(2026, 5, 1)
        )

    def page_url(self, page: str, obj=None) -> str:
        return reverse(self.url_names[page], kwargs={"pk": obj.pk, "fmt": "docx"})


class PlacementDocumentDownloadMatrixTests(_PlacementOfEach, ScopedPageTests, ScopedMatrixTestCase):
    """One student's referral, as DOCX. Not a staff-only page: a student downloads their own (test_documents_views),
    so the matrix's student (of no placement here) is not its case."""

    model = Placement
    url_names = _detail_only("practice:placement_document")
    student = None

    def page_url(self, page: str, obj=None) -> str:
        return reverse(self.url_names[page], kwargs={"pk": obj.pk, "doc": "referral", "fmt": "docx"})
