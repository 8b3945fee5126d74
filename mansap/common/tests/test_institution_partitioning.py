"""Many institutions on one deployment (#18): every table that grows with the number of people carries its
institution, and the index that serves its scoped list leads with it, so a deployment can later be partitioned
by institution.

The test walks the app registry: each of the project's models has an `institution` column, or is listed here
with the reason it needs none (NOT_PEOPLE_SCALE: it grows with the institution's structure or settings, not with
its people), or is PENDING: a people-scale table that still reaches its institution through a parent (none left;
the list only shrinks). A people-scale table read only through its parent is listed in READ_THROUGH_PARENT: it
carries the column, and needs no list index of its own. A history table follows its model (simple_history copies
the column).
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.test import SimpleTestCase, TestCase

from mansap.common.partitioning import InstitutionFromParent
from mansap.common.testing import make_student, make_user
from mansap.core.models import Department, EducationalProgram, Faculty, Institution

# Tables that grow with people and carry their institution, and the scoped list's index leading with it.
PEOPLE_TABLES = {
    "core.Student",
    "employers.Application",
    "employers.EventInvitation",
    "employers.EventRegistration",
    "employers.StudentProfile",
    "employers.EmployerContact",
    "graduates.EmploymentRecord",
    "graduates.AssistanceAction",
    "graduates.ContactAttempt",
    "graduates.GrantObligation",
    "graduates.SelfReport",
    "graduates.SelfServiceCheck",
    "graduates.RoundReminder",
    "graduates.RoundSubmission",
    "academics.Grade",
    "surveys.Response",
    "surveys.Answer",
    "surveys.Invitation",
    "surveys.CourseListener",
    "surveys.ResultsResponse",
    "servicedesk.ServiceRequest",
    "servicedesk.IssuedDocument",
    "servicedesk.Enquiry",
    "servicedesk.InfoRequest",
    "practice.Placement",
    "practice.PlacementPreference",
    "practice.DiaryEntry",
    "practice.PracticeDocument",
    "studentbody.StudentPeriod",
    "studentbody.OrderItem",
    "studentbody.PersonalFile",
    "studentbody.ReturnAct",
    "academics.IndividualCurriculum",
    "regulations.Acknowledgement",
    "regulations.DownloadLog",
    "regulations.DocumentReminder",
    "practice.CompanyPackage",
    "practice.ContractAnnex",
    "practice.PracticeContract",
    "practice.BaseVetting",
}

# Tables that grow with people and carry their institution, but have no scoped list of their own: they are read
# through their parent (whose key serves that), so the institution's foreign key index is all they need.
READ_THROUGH_PARENT = {
    "studentbody.FileItem": "a personal file's documents, read with their file",
    "academics.IndividualCurriculumItem": "an individual curriculum's courses, read with their curriculum",
    "servicedesk.RequestEvent": "a request's steps, read with their request",
}

# People-scale tables still without the column: the parent FK (required) whose table carries the institution.
# None left (#18); a new people-scale table gets its column from the start (common/partitioning.py).
PENDING: dict[str, str] = {}

# Rows that grow with the institution's structure, catalogue or settings (or are the deployment's own).
NOT_PEOPLE_SCALE = {
    "common.SubmittedForm": "the machinery's one-time form keys, of no institution",
    "core.Institution": "the partition itself",
    "core.Consortium": "spans institutions by definition",
    "core.User": "a login may hold memberships in several institutions; Membership carries the institution",
    "core.ApiToken": "a user's, like the user",
    "core.ProgramGroup": "the national classifier of program groups, shared",
    "graduates.ExtractCohort": "a few graduation years per uploaded extract, read with their extract",
    "core.Department": "structure: faculty → institution",
    "core.EducationalProgram": "structure: department → faculty → institution",
    "core.CalendarEvent": "the academic year's calendar, a few rows a year",
    "core.Employee": "staff of a department, hundreds at most",
    "academics.ModelCurriculum": "one per program and year",
    "academics.ModelCurriculumRow": "a curriculum's courses",
    "academics.ElectiveGroup": "a curriculum's elective groups",
    "employers.PartnershipAgreement": "an organization's agreements",
    "employers.JointUnit": "a department's joint units",
    "employers.Shortlist": "a vacancy's shortlists",
    "graduates.SuccessRule": "a cohort's criteria",
    "practice.PracticeProgramme": "one per program",
    "quality.AdvisoryBoard": "one per faculty or program",
    "quality.AdvisoryBoardMeeting": "a board's meetings",
    "quality.KPISurvey": "a KPI's surveys",
    "quality.KPITarget": "a KPI's targets",
    "quality.KPIValue": "a KPI's values per period",
    "quality.ProgramRevision": "a program's revisions",
    "quality.ReviewDecision": "a management review's decisions",
    "quality.ReviewDocument": "a management review's documents",
    "quality.RiskAction": "a risk's actions",
    "quality.RiskAssessment": "a risk's assessments",
    "quality.RiskReview": "a risk's reviews",
    "quality.WorkPlanMeasure": "a work plan's measures",
    "quality.WorkPlanReport": "a work plan's reports",
    "quality.WorkPlanReportItem": "a report's items",
    "regulations.DocumentVersion": "a document's versions",
    "regulations.DocumentTemplate": "a document's templates",
    "regulations.TemplateText": "a version's texts",
    "studentbody.AnnualSection": "an annual report's sections",
    "surveys.Section": "a questionnaire's sections",
    "surveys.Question": "a questionnaire's questions",
    "surveys.Choice": "a question's options",
    "practice.PracticeOrder": "a practice's submissions for the rector's order, one or two per practice of the plan",
    "practice.Conference": "a practice's orientation and final conferences, two per practice of the plan",
    "practice.Meeting": "a practice's meetings, a few per practice of the plan",
    "practice.DefenceCommission": "one per practice of the plan (program × course × kind a year)",
    "regulations.Agreement": "a version's approval sheet, a handful of officials per version",
    "regulations.Assignment": "a document's assignments to departments or roles",
    "regulations.Review": "a document's periodic reviews",
    "regulations.WorkingCopy": "a document's numbered working copies, one per holding department",
    "regulations.ChangeRecord": "a document's sheet of changes",
    "quality.Reminder": "one per quality record, due date and stage (unique without its recipient): grows with KPIs, "
    "risks and reviews, not with people",
    "quality.AdvisoryBoardMember": "a board's members, a dozen or so per faculty or program board",
}


def project_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("mansap.") and not model.__name__.startswith("Historical")
    ]


def has_institution(model: type[models.Model]) -> bool:
    try:
        field = model._meta.get_field("institution")
    except Exception:
        return False
    return bool(field.is_relation and field.related_model is Institution)


class InstitutionEverywhereTests(SimpleTestCase):
    def test_every_model_carries_its_institution_or_says_why_not(self) -> None:
        unexplained = []
        for model in project_models():
            label = model._meta.label
            listed = label in PENDING or label in NOT_PEOPLE_SCALE
            if has_institution(model):
                self.assertFalse(listed, f"{label} has its institution now: strike it from the lists")
            elif not listed:
                unexplained.append(label)
        self.assertEqual(unexplained, [], "give these an institution column, or say why they need none")

    def test_the_lists_name_real_models(self) -> None:
        labels = {model._meta.label for model in project_models()}
        self.assertEqual(set(PENDING) - labels, set())
        self.assertEqual(set(NOT_PEOPLE_SCALE) - labels, set())
        self.assertEqual(PEOPLE_TABLES - labels, set())
        self.assertEqual(set(READ_THROUGH_PARENT) - labels, set())
        for label in READ_THROUGH_PARENT:
            self.assertTrue(has_institution(apps.get_model(label)), label)

    def test_a_history_table_carries_the_column_of_its_model(self) -> None:
        for model in project_models():
            history = getattr(model, "history", None)
            if history is None or not has_institution(model):
                continue
            with self.subTest(model._meta.label):
                self.assertIn("institution", {f.name for f in history.model._meta.fields})

    def test_the_index_of_a_scoped_list_leads_with_the_institution(self) -> None:
        for label in sorted(PEOPLE_TABLES):
            model = apps.get_model(label)
            with self.subTest(label):
                self.assertTrue(has_institution(model))
                leading = [
                    list(index.fields)
                    for index in [*model._meta.indexes, *model._meta.constraints]
                    if getattr(index, "fields", None) and index.fields[0] == "institution" and len(index.fields) > 1
                ]
                self.assertTrue(leading, f"{label}: no index leads with institution")
                # An order through a join (student__last_name) is served by the index on the join's key (student).
                ordering = [name.lstrip("-").split("__")[0] for name in model._meta.ordering]
                if ordering and ordering[0] != "pk":  # pk order: any institution-leading index, then the key
                    self.assertIn(ordering[0], [fields[1] for fields in leading], f"{label}: its list's order")
                path = getattr(model._default_manager, "institution_path", None)
                if path is not None:  # a scoped queryset filters the column, not a join up the tree
                    self.assertEqual(path, "institution", label)

    def test_rows_filled_from_a_parent_are_declared_so(self) -> None:
        for model in project_models():
            if issubclass(model, InstitutionFromParent):
                with self.subTest(model._meta.label):
                    parent, _path = model.institution_from
                    self.assertFalse(model._meta.get_field(parent).null, "the parent must be required")
                    self.assertFalse(model._meta.get_field("institution").null)


class InstitutionFilledTests(TestCase):
    """Saved or bulk-created without it, a row takes its parent's institution."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.institution = Institution.objects.create(
            code="U1", short_name="U1", name_kk="U1", name_ru="U1", name_en="U1"
        )
        faculty = Faculty.objects.create(institution=cls.institution, code="F", name_kk="F", name_ru="F", name_en="F")
        department = Department.objects.create(faculty=faculty, code="D", name_kk="D", name_ru="D", name_en="D")
        cls.program = EducationalProgram.objects.create(
            code="6B06101", level="bachelor", name_kk="P", name_ru="P", name_en="P", department=department
        )

    def test_save_and_bulk_create_fill_the_institution(self) -> None:
        import datetime as dt

        from mansap.graduates.models import EmploymentRecord

        graduate = make_student(self.program, graduation_date=dt.date(2025, 6, 25))
        saved = EmploymentRecord.objects.create(
            graduate=graduate, status="employed_specialty", started_on=dt.date(2025, 9, 1), channel="telephone"
        )
        self.assertEqual(saved.institution_id, self.institution.pk)
        other = make_student(self.program, graduation_date=dt.date(2025, 6, 25))
        EmploymentRecord.objects.bulk_create(
            [EmploymentRecord(graduate_id=other.pk, status="unemployed", started_on=dt.date(2025, 9, 1))]
        )
        self.assertEqual(EmploymentRecord.objects.get(graduate=other).institution_id, self.institution.pk)

    def test_rows_of_a_graduate_a_round_and_a_campaign_take_their_parents_institution(self) -> None:
        import datetime as dt

        from mansap.graduates.models import ContactAttempt, RoundReminder, SelfServiceCheck
        from mansap.graduates.tests.factories import make_round
        from mansap.surveys.models import Invitation
        from mansap.surveys.tests.factories import make_campaign, make_questionnaire

        graduate = make_student(self.program, graduation_date=dt.date(2025, 6, 25))
        ContactAttempt.objects.bulk_create(
            [ContactAttempt(graduate_id=graduate.pk, contacted_on=dt.date(2025, 9, 1), channel="telephone",
                            outcome="reached")]
        )  # fmt: skip
        round_ = make_round(self.institution, opens_on=dt.date(2025, 9, 1), deadline=dt.date(2025, 10, 1))
        check = SelfServiceCheck.objects.create(graduate=graduate, collection_round=round_)
        department = self.program.department
        user = make_user("reminded")
        reminder = RoundReminder.objects.create(
            collection_round=round_, department=department, recipient=user, sent_on=dt.date(2025, 9, 20), kind="T-14"
        )
        campaign = make_campaign(make_questionnaire(self.institution))
        Invitation.objects.bulk_create([Invitation(campaign=campaign, student=graduate)])
        self.assertEqual(
            [
                ContactAttempt.objects.get(graduate=graduate).institution_id,
                check.institution_id,
                reminder.institution_id,
                Invitation.objects.get(campaign=campaign).institution_id,
            ],
            [self.institution.pk] * 4,
        )

    def test_the_bulk_insert_of_imports_fills_the_institution(self) -> None:
        """common.bulk.insert_objects (the contingent and grades imports' raw INSERT) fills it as save() does, from
        a loaded parent or, for rows that hold only its key, with one query for all of them."""
        import datetime as dt

        from mansap.common.bulk import insert_objects
        from mansap.studentbody.models import PersonalFile, StudentPeriod

        first, second = make_student(self.program), make_student(self.program)
        period = {"state": "studying", "program": self.program, "study_form": "full_time", "funding": "grant"}
        rows = [
            StudentPeriod(student=first, valid_from=dt.date(2024, 9, 1), **period),
            StudentPeriod(student_id=second.pk, valid_from=dt.date(2024, 9, 1), **period),
        ]
        with self.assertNumQueries(2):  # the second student's institution, then the INSERT
            insert_objects(rows, StudentPeriod)
        self.assertEqual(
            list(
                StudentPeriod.objects.filter(pk__in=[row.pk for row in rows])  # a student's baseline period aside
                .order_by("pk")
                .values_list("student_id", "institution_id")
            ),
            [(first.pk, self.institution.pk), (second.pk, self.institution.pk)],
        )
        self.assertEqual(PersonalFile.objects.create(student=first).institution_id, self.institution.pk)
