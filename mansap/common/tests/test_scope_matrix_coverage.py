"""The scope matrix covers every scoped page, every ScopedViewSet and every scoped model, or says here why not.

The matrix itself lives in each app's tests/test_scope_matrix.py (pages) and tests/test_api_scope_matrix.py
(API), as ScopedPageTests and ScopedAPITests classes; their module docstrings list what each covers. This
module keeps that list complete: a new page on a Scoped* base view, a new ScopedViewSet or a new model with
for_user() fails here until it joins the matrix or is listed below with its reason.

Everything is found by introspection (the URL resolver, the view classes' base-class names, the app registry),
and the matrix modules are imported by name, so this module imports no view or app module itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.test import SimpleTestCase
from django.urls import URLResolver, get_resolver

from mansap.common.testing import ScopedAPITests, ScopedPageTests

MATRIX_MODULES = [
    f"mansap.{app}.tests.{module}"
    for app in ("core", "employers", "graduates", "practice", "surveys", "quality")
    for module in ("test_scope_matrix", "test_api_scope_matrix")
] + [
    "mansap.academics.tests.test_scope_matrix",
    "mansap.studentbody.tests.test_scope_matrix",
    "mansap.servicedesk.tests.test_scope_matrix",
    "mansap.servicedesk.tests.test_pages",
    "mansap.regulations.tests.test_scope_matrix",
]
SCOPED_PAGE_BASES = {"ScopedListView", "ScopedDetailView", "ScopedEditView", "ScopedDeleteView", "ObjectHistoryView"}

# Create pages have no object to scope: whether a user may create is a role rule (can_create), tested with each
# app's forms. Pages that add a child under a parent object are in the matrix (calendarevent_add, section_add,
# question_add, contractannex_add).
CREATE_PAGES = {
    "academics:course_add", "academics:modelcurriculum_add",
    "core:academicyear_add", "core:department_add", "core:educationalprogram_add", "core:employee_add",
    "core:faculty_add", "core:institution_add", "core:student_add", "employers:jointunit_add",
    "employers:organization_add", "employers:partnershipagreement_add", "employers:vacancy_add", "events:event_add",
    "practice:conference_add", "practice:defencecommission_add", "practice:meeting_add", "practice:placement_add",
    "practice:practice_add", "practice:practicebase_add", "practice:practicecontract_add", "quality:kpidefinition_add",
    "quality:risk_add", "quality:review_add", "quality:workplan_add", "quality:programrevision_add",
    "quality:advisoryboard_add", "studentbody:order_add", "surveys:campaign_add", "surveys:questionnaire_add",
    "servicedesk:calendarexception_add", "servicedesk:enquirytopic_add", "studentbody:layout_add",
    "regulations:document_add",
}  # fmt: skip

# Scoped endpoints and pages whose matrix is written by hand, because they are not rows or not pages.
BY_HAND = {
    "employment-kpis": "graduates/tests/test_api_scope_matrix.py EmploymentKpiScopeTests (one KPI object)",
    "surveys:question_move": "surveys/tests/test_scope_matrix.py QuestionMoveScopeTests (a POST-only action)",
    "regulations:template_edit": "regulations/tests/test_templates.py TemplateEditPageTests (owner or quality "
    "department: 403 for other staff)",
    "practice:practice_programme_file": "practice/tests/test_register_documents.py ProgrammeTests (another "
    "department: 404)",
}

# Models with for_user() that no matrix class builds, and why.
MODELS_NOT_IN_MATRIX = {
    "academics.GradeScaleBand": "one table per institution on one page; academics/tests/test_scope.py by hand",
    "academics.CurriculumSettings": "one row per institution, the SSC's credit range page (test_curricula_pages.py)",
    "academics.ElectiveGroup": "rows of the model curriculum's page; add/remove are POSTs (test_curricula_pages.py)",
    "academics.ModelCurriculumRow": "rows of the model curriculum's page, added by POSTs (test_curricula_pages.py)",
    "academics.IndividualCurriculumItem": "rows of the individual curriculum's page (test_curricula_pages.py)",
    "employers.EmployerContact": "no list or detail page; the invitation form is tested in test_vacancies.py",
    "employers.OrganizationMerge": "no page of its own: the merge runs from the organization (test_merge.py)",
    "graduates.ExtractUpload": "an extract's way in (mapping, check): graduates/tests/test_extracts_views.py",
    "graduates.OfficialContract": "rows of the extract's page, scoped by the extract: test_extracts_views.py",
    "graduates.OfficialContribution": "rows of the extract's page, scoped by the extract: test_extracts_views.py",
    "graduates.AssistanceAction": "no page of its own: rows of the graduate's page, whose add page is in the matrix",
    "graduates.RoundRule": "the round calendar's rules, managed by the Career Center on the round pages",
    "graduates.SelfReport": "confirm/reject POST actions only, tested in test_selfservice.py",
    "graduates.SuccessCriteria": "KPI-17.4's criteria, one page per cohort (staff read, the CC edits): test_success.py",
    "practice.BaseVetting": "recorded from the base page; its evidence file is tested in test_bases.py",
    "practice.CompanyPackage": "a practice page action (package dates), tested in test_plan.py",
    "practice.GradeBand": "an institution setting edited as one table (grade_table), tested in test_grades.py",
    "practice.GradeTableChange": "the grade table's change log, shown on grade_table (test_grades.py)",
    "practice.PlacementPreference": "students' wishes, read by the allocation page (test_allocation.py)",
    "practice.RetentionRule": "an institution setting edited as one table, tested in test_retention.py",
    "quality.WorkPlanReport": "the half-year report is a form on its plan's page, tested in test_workplans.py",
    "regulations.Agreement": "rows of the version on the document's page, added by a form (test_pages.py)",
    "regulations.Assignment": "rows of the document's familiarization card, added by a form (test_familiarization.py)",
    "regulations.CodePattern": "an institution setting kept in the admin; the rule is tested in test_services.py",
    "regulations.DownloadLog": "written by the downloads, read by the quality department (test_access.py)",
    "regulations.DocumentTemplate": "ties a template key to its document; shown on the document's page "
    "(test_templates.py)",
    "regulations.TemplateText": "the texts of a template version, edited by the template form (test_templates.py)",
    "regulations.DocumentReminder": "no page: the reminders' record (regulations/tests/test_reminders.py)",
    "studentbody.AnnualReport": "the registrar's alone, others 404 (studentbody/tests/test_annual.py by hand)",
    "studentbody.AnnualSection": "rows of the annual report's page, edited by its form (test_annual.py)",
    "studentbody.OrderItem": "rows of the order's page, added and removed by POSTs (studentbody/tests/test_pages.py)",
    "studentbody.TransferAct": "the archive's acts, the SSC's alone (test_files.py ArchiveTests by hand)",
    "servicedesk.WorkingHours": "one row per institution, a form on the calendar page (test_calendar.py)",
    "studentbody.StudentPeriod": "rebuilt from the orders, shown on the student's history page (test_pages.py)",
    "surveys.Invitation": "no staff page of its own: respondents use signed links (test_views.py, test_services.py)",
    "surveys.Response": "no staff page of its own: the campaign's pages aggregate responses (test_results.py)",
}


def _patterns(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif pattern.name:
            view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
            if view is not None:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), view


def _bases(view: type) -> set[str]:
    return {klass.__name__ for klass in view.__mro__}


def scoped_pages() -> set[str]:
    return {name for name, view in _patterns(get_resolver().url_patterns) if _bases(view) & SCOPED_PAGE_BASES}


def scoped_viewsets() -> set[str]:
    """Router basenames of the ScopedViewSets (the URL names less their -list/-detail/-<action> suffix)."""
    return {
        name.rsplit("-", 1)[0]
        for name, view in _patterns(get_resolver().url_patterns)
        if "ScopedViewSet" in _bases(view) and name.endswith("-list")
    }


def matrix_classes() -> list[type]:
    found: list[type] = []
    for name in MATRIX_MODULES:
        module = importlib.import_module(name)
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, ScopedPageTests | ScopedAPITests) and "model" in dir(value)
        ]
    return found


class ScopeMatrixCoverageTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.classes = matrix_classes()
        cls.pages = {n for c in cls.classes if issubclass(c, ScopedPageTests) for n in c.url_names.values() if n}
        cls.endpoints = {c.basename for c in cls.classes if issubclass(c, ScopedAPITests)}

    def test_every_scoped_page_is_in_the_matrix(self) -> None:
        missing = scoped_pages() - self.pages - CREATE_PAGES - set(BY_HAND)
        self.assertEqual(missing, set(), "pages on Scoped* base views without a ScopedPageTests class")

    def test_every_scoped_viewset_is_in_the_matrix(self) -> None:
        missing = scoped_viewsets() - self.endpoints - set(BY_HAND)
        self.assertEqual(missing, set(), "ScopedViewSets without a ScopedAPITests class")

    def test_every_scoped_model_is_in_the_matrix(self) -> None:
        scoped = {
            model._meta.label
            for model in apps.get_models()
            if hasattr(model._default_manager.get_queryset(), "for_user")
        }
        built = {c.model._meta.label for c in self.classes}
        self.assertEqual(scoped - built - set(MODELS_NOT_IN_MATRIX), set(), "scoped models outside the matrix")

    def test_the_lists_of_exceptions_are_current(self) -> None:
        # An exception that is no longer one (the page is gone, or it joined the matrix) is removed from the list.
        self.assertEqual(CREATE_PAGES - scoped_pages(), set())
        self.assertEqual(CREATE_PAGES & self.pages, set())
        built = {c.model._meta.label for c in self.classes}
        self.assertEqual(set(MODELS_NOT_IN_MATRIX) & built, set())
