"""Pages of curricula (issue #14; R-093, R-109, R-135).

Model curricula (list, page, add/edit, rows, elective groups, copy): the SSC and departments for their own programs;
deans read their faculty's. Individual curricula: the student's own ("My curriculum"), an advisor's advisees', a
department's students', the SSC's all (IndividualCurriculumQuerySet). The gaps page lists the students whose
curriculum of a year is missing, not approved or fails the check, with an XLSX export.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from mansap.academics import filtersets, tables
from mansap.academics.choices import Component, CurriculumStatus, Term
from mansap.academics.forms.curricula import (
    CopyCurriculumForm,
    CreditRangeForm,
    DrawUpForm,
    ElectiveGroupForm,
    ItemForm,
    ModelCurriculumForm,
    ReturnForm,
    RowForm,
)
from mansap.academics.models import (
    CurriculumSettings,
    ElectiveGroup,
    IndividualCurriculum,
    IndividualCurriculumItem,
    ModelCurriculum,
    ModelCurriculumRow,
)
from mansap.academics.querysets import record_students
from mansap.academics.reports import curricula as reports
from mansap.academics.services import curricula as services
from mansap.common.exports import sheets_to_xlsx, xlsx_response
from mansap.common.forms import errors_to_form
from mansap.common.views import (
    ObjectHistoryView,
    ScopedActionView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedMixin,
    ScopedServiceFormView,
)
from mansap.core.access import (
    CHANGE,
    VIEW,
    can_edit_curricula,
    get_for_user_or_404,
    institution_for,
    is_academic_records_editor,
    is_staff_member,
    scoped,
    user_can_change,
)
from mansap.core.choices import StudentStatus
from mansap.core.models import Student


def _by_year_and_term(rows: list[Any]) -> list[dict[str, Any]]:
    """Rows (model rows or items) grouped by year of study (when they have one) and term, in that order."""
    order = {Term.FIRST: 1, Term.SECOND: 2, Term.SUMMER: 3}
    groups: dict[tuple[int, str], list[Any]] = {}
    for row in sorted(rows, key=lambda r: (getattr(r, "year_of_study", 0), order.get(r.term, 9), r.course.code)):
        groups.setdefault((getattr(row, "year_of_study", 0), row.term), []).append(row)
    return [
        {
            "year": year,
            "term": Term(term).label,
            "rows": found,
            "credits": sum(r.course.credits for r in found),
        }
        for (year, term), found in groups.items()
    ]


# ---- Model curricula -----------------------------------------------------------------------------------------
class ModelCurriculumListView(ScopedListView):
    queryset = ModelCurriculum.objects.with_list_related()
    filterset_class = filtersets.ModelCurriculumFilterSet
    table_class = tables.ModelCurriculumTable
    title = gettext_lazy("Model curricula")  # type: ignore[assignment]
    export_name = "model curricula"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["add_url"] = reverse("academics:modelcurriculum_add") if can_edit_curricula(user) else None
        context["list_actions"] = curriculum_actions(user)
        return context


def curriculum_actions(user: Any) -> list[dict[str, Any]]:
    actions = [
        {
            "label": _("Individual curricula"),
            "url": reverse("academics:individualcurriculum_list"),
            "icon": "person-lines-fill",
        },
        {"label": _("Curriculum gaps"), "url": reverse("academics:curriculum_gaps"), "icon": "exclamation-triangle"},
    ]
    if is_academic_records_editor(user):
        actions.append({"label": _("Credits per year"), "url": reverse("academics:credit_range"), "icon": "sliders"})
    return actions


class ModelCurriculumDetailView(ScopedDetailView):
    queryset = ModelCurriculum.objects.select_related("program__department__faculty")
    fields = ["program", "admission_year", "note"]
    template_name = "academics/curriculum_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        curriculum: ModelCurriculum = self.object
        rows = list(curriculum.rows.select_related("course", "elective_group"))
        groups = list(curriculum.elective_groups.all())
        can_change = context["can_change"]
        context.update(
            title=_("Model curriculum"),
            terms=_by_year_and_term(rows),
            groups=groups,
            credits=sum(r.course.credits for r in rows),
            row_form=RowForm(curriculum=curriculum) if can_change else None,
            group_form=ElectiveGroupForm() if can_change else None,
            copy_form=CopyCurriculumForm(initial={"admission_year": curriculum.admission_year + 1})
            if can_change
            else None,
        )
        return context


class ModelCurriculumEditView(ScopedEditView):
    queryset = ModelCurriculum.objects.select_related("program")
    form_class = ModelCurriculumForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        if self.kwargs.get("pk") is None:
            if not can_edit_curricula(self.request.user):
                raise PermissionDenied
            return ModelCurriculum()
        curricula: Any = ModelCurriculum.objects.select_related("program")
        return get_for_user_or_404(curricula, self.request.user, self.kwargs["pk"], CHANGE)

    def save(self, form: ModelCurriculumForm) -> ModelCurriculum:
        return services.save_model_curriculum(form.save(commit=False), acting_user=self.request.user)


class ModelCurriculumHistoryView(ObjectHistoryView):
    queryset = ModelCurriculum.objects.select_related("program")


class RowAddView(ScopedServiceFormView):
    queryset = ModelCurriculum.objects.select_related("program__department__faculty")
    form_class = RowForm
    title = gettext_lazy("Add a course")  # type: ignore[assignment]
    success_message = gettext_lazy("The course is added to the curriculum.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "curriculum": obj}

    def perform(self, obj: ModelCurriculum, form: RowForm) -> ModelCurriculumRow:
        data = form.cleaned_data
        return services.add_row(
            obj, course=data["course"], year_of_study=data["year_of_study"], term=data["term"],
            component=data["component"], elective_group=data["elective_group"], acting_user=self.request.user,
        )  # fmt: skip


class GroupAddView(ScopedServiceFormView):
    queryset = ModelCurriculum.objects.select_related("program")
    form_class = ElectiveGroupForm
    title = gettext_lazy("Add an elective group")  # type: ignore[assignment]
    success_message = gettext_lazy("The elective group is added.")  # type: ignore[assignment]

    def perform(self, obj: ModelCurriculum, form: ElectiveGroupForm) -> ElectiveGroup:
        data = form.cleaned_data
        return services.add_elective_group(
            obj, name=data["name"], year_of_study=data["year_of_study"], credits=data["credits"],
            acting_user=self.request.user,
        )  # fmt: skip


class CopyView(ScopedServiceFormView):
    """A copy of the curriculum for another admission year of the same program."""

    queryset = ModelCurriculum.objects.select_related("program")
    form_class = CopyCurriculumForm
    title = gettext_lazy("Copy to another admission year")  # type: ignore[assignment]
    success_message = gettext_lazy("The curriculum is copied.")  # type: ignore[assignment]

    def perform(self, obj: ModelCurriculum, form: CopyCurriculumForm) -> ModelCurriculum:
        return services.copy_model_curriculum(
            obj, admission_year=form.cleaned_data["admission_year"], acting_user=self.request.user
        )

    def get_success_url(self, obj: Any, result: Any) -> str:
        return str(result.get_absolute_url())


class RowDeleteView(ScopedActionView):
    queryset = ModelCurriculumRow.objects.select_related("curriculum__program", "course")
    success_message = gettext_lazy("The course is removed from the curriculum.")  # type: ignore[assignment]

    def act(self, obj: ModelCurriculumRow) -> None:
        services.delete_row(obj, acting_user=self.request.user)

    def get_success_url(self, obj: ModelCurriculumRow) -> str:
        return obj.curriculum.get_absolute_url()


class GroupDeleteView(ScopedActionView):
    queryset = ElectiveGroup.objects.select_related("curriculum__program")
    success_message = gettext_lazy("The elective group is removed; its courses stay as electives.")  # type: ignore[assignment]

    def act(self, obj: ElectiveGroup) -> None:
        services.delete_elective_group(obj, acting_user=self.request.user)

    def get_success_url(self, obj: ElectiveGroup) -> str:
        return obj.curriculum.get_absolute_url()


class CreditRangeView(ScopedMixin, FormView):
    """The institution's credits per academic year (CurriculumSettings), which the SSC sets."""

    queryset = CurriculumSettings.objects.all()
    form_class = CreditRangeForm
    template_name = "academics/simple_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not is_academic_records_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        institution = institution_for(self.request.user, CHANGE, or_raise=PermissionDenied)
        kwargs["instance"] = CurriculumSettings.objects.filter(institution=institution).first() or CurriculumSettings(
            institution=institution
        )
        return kwargs

    def form_valid(self, form: CreditRangeForm) -> HttpResponse:
        try:
            services.save_credit_range(
                form.instance.institution,
                min_credits=form.cleaned_data["min_credits"],
                max_credits=form.cleaned_data["max_credits"],
                acting_user=self.request.user,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The credits per year are saved."))
        return HttpResponseRedirect(reverse("academics:modelcurriculum_list"))

    def form_invalid(self, form: CreditRangeForm) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Credits per academic year")
        context["cancel_url"] = reverse("academics:modelcurriculum_list")
        context["help_text"] = _(
            "An individual curriculum passes the check when its credits for the year are within this range."
        )
        context["breadcrumbs"] = [(_("Model curricula"), context["cancel_url"]), (context["title"], None)]
        return context


# ---- Individual curricula ------------------------------------------------------------------------------------
class IndividualListView(ScopedListView):
    """Staff see their scope's; an advisor without a staff role their advisees'; a student their own."""

    staff_only = False
    queryset = IndividualCurriculum.objects.with_list_related()
    filterset_class = filtersets.IndividualCurriculumFilterSet
    table_class = tables.IndividualCurriculumTable
    title = gettext_lazy("Individual curricula")  # type: ignore[assignment]
    export_name = "individual curricula"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = None
        context["list_actions"] = [
            a for a in curriculum_actions(self.request.user) if a["url"] != self.request.path
        ] if is_staff_member(self.request.user) else []  # fmt: skip
        return context


class IndividualDetailView(LoginRequiredMixin, TemplateView):
    """An individual curriculum: its courses per term, the check, and what the reader may do with it."""

    template_name = "academics/individual_detail.html"
    queryset = IndividualCurriculum.objects.all()  # what the pk names (the fuzz walk reads it); scoped below

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        queryset: Any = IndividualCurriculum.objects.select_related(
            "student__program__department", "student__advisor", "approved_by"
        )
        curriculum: IndividualCurriculum = get_for_user_or_404(queryset, user, self.kwargs["pk"])
        student = curriculum.student
        items = reports.items_of(curriculum)
        model = reports.model_for(student)
        result = reports.check(items, curriculum.year_of_study, model, reports.credit_range(student.institution_id))
        can_change = user_can_change(user, curriculum)
        may_approve = services.may_approve(user, curriculum)
        editable = can_change and curriculum.is_editable
        status = curriculum.status
        context.update(
            title=_("Individual curriculum"),
            curriculum=curriculum,
            student=student,
            own=student.user_id == user.pk,
            terms=_by_year_and_term(items),
            result=result,
            credit_range=reports.credit_range(student.institution_id),
            options=_options(model, curriculum.year_of_study, {i.course_id for i in items}),
            groups=_group_progress(model, curriculum.year_of_study, items),
            model=model,
            editable=editable,
            can_submit=editable and bool(items),
            can_approve=may_approve and status == CurriculumStatus.SUBMITTED,
            can_return=may_approve and status in (CurriculumStatus.SUBMITTED, CurriculumStatus.APPROVED),
            item_form=ItemForm(institution_id=student.institution_id) if editable else None,
            return_form=ReturnForm(),
            approver=_name(curriculum.approved_by),
        )
        if context["own"]:
            context["breadcrumbs"] = [(_("My curriculum"), None)]
        else:
            context["breadcrumbs"] = [
                (_("Individual curricula"), reverse("academics:individualcurriculum_list")),
                (str(curriculum), None),
            ]
        return context


def _name(user: Any) -> str:
    """Who approved: their full name, else their login; "" when nobody did (a command, the demo)."""
    return "" if user is None else user.get_full_name() or user.username


def _options(model: ModelCurriculum | None, year_of_study: int, chosen: set[int]) -> list[ModelCurriculumRow]:
    """The model curriculum's courses of that year not yet chosen (electives first): one click adds them."""
    if model is None:
        return []
    rows = [r for r in model.rows.all() if r.year_of_study == year_of_study and r.course_id not in chosen]
    return sorted(rows, key=lambda r: (r.component != Component.ELECTIVE, r.term, r.course.code))


def _group_progress(
    model: ModelCurriculum | None, year_of_study: int, items: list[IndividualCurriculumItem]
) -> list[dict[str, Any]]:
    if model is None:
        return []
    chosen = {i.course_id for i in items}
    found = []
    for group in model.elective_groups.all():
        if group.year_of_study != year_of_study:
            continue
        rows = [r for r in model.rows.all() if r.elective_group_id == group.pk]
        have = sum(r.course.credits for r in rows if r.course_id in chosen)
        found.append({"group": group, "have": have, "rows": rows, "done": have >= group.credits})
    return found


class DrawUpView(LoginRequiredMixin, View):
    """Draw up a student's curriculum for an academic year (GET: the form; POST: the draft, filled in)."""

    template_name = "academics/simple_form.html"
    queryset = Student.objects.all()  # what the pk names (the fuzz walk reads it); record_students scopes it

    def student(self) -> Student:
        return get_object_or_404(
            record_students(self.request.user).select_related("advisor", "program"), pk=self.kwargs["pk"]
        )

    def render(self, student: Student, form: DrawUpForm, status: int = 200) -> HttpResponse:
        title = _("Draw up an individual curriculum")
        context = {
            "title": title,
            "form": form,
            "object": student,
            "help_text": _(
                "{student}: the required courses of the year are filled in from the model curriculum."
            ).format(student=student.full_name),
            "cancel_url": reverse("academics:individualcurriculum_list"),
            "breadcrumbs": [(_("Individual curricula"), reverse("academics:individualcurriculum_list")), (title, None)],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = self.student()
        if not services.may_draw_up(request.user, student):
            raise PermissionDenied
        return self.render(student, DrawUpForm(initial={"academic_year": reports.current_academic_year()}))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = self.student()
        form = DrawUpForm(request.POST)
        if form.is_valid():
            try:
                curriculum = services.draw_up(
                    student, academic_year=form.cleaned_data["academic_year"], acting_user=request.user
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The curriculum is drawn up: add the electives, then submit it."))
                return HttpResponseRedirect(curriculum.get_absolute_url())
        return self.render(student, form, status=400)


class MyCurriculumView(LoginRequiredMixin, TemplateView):
    """A student's own curricula: this year's, or the button that draws it up; the earlier years below."""

    template_name = "academics/my_curriculum.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = getattr(request.user, "student", None)
        if student is None:
            raise Http404
        year = reports.current_academic_year()
        current = IndividualCurriculum.objects.filter(student=student, academic_year=year).first()
        if current is not None:
            return HttpResponseRedirect(current.get_absolute_url())
        context = self.get_context_data(
            student=student,
            year=year,
            title=_("My curriculum"),
            earlier=list(IndividualCurriculum.objects.filter(student=student).order_by("-academic_year")),
            form=DrawUpForm(initial={"academic_year": year}),
            may_draw_up=reports.year_of_study_in(student, year) is not None,
        )
        context["breadcrumbs"] = [(context["title"], None)]
        return self.render_to_response(context)


class _IndividualAction(ScopedActionView):
    staff_only = False
    queryset = IndividualCurriculum.objects.select_related("student__advisor")


class SubmitView(_IndividualAction):
    success_message = gettext_lazy("The curriculum is submitted to the advisor.")  # type: ignore[assignment]

    def act(self, obj: IndividualCurriculum) -> IndividualCurriculum:
        return services.submit(obj, acting_user=self.request.user)


class ApproveView(_IndividualAction):
    action = VIEW  # the service says who approves (the advisor, the SSC)
    success_message = gettext_lazy("The curriculum is approved.")  # type: ignore[assignment]

    def act(self, obj: IndividualCurriculum) -> IndividualCurriculum:
        return services.approve(obj, acting_user=self.request.user)


class ReturnView(ScopedServiceFormView):
    staff_only = False
    action = VIEW
    queryset = IndividualCurriculum.objects.select_related("student__advisor")
    form_class = ReturnForm
    title = gettext_lazy("Return for changes")  # type: ignore[assignment]
    success_message = gettext_lazy("The curriculum is returned to the student.")  # type: ignore[assignment]

    def perform(self, obj: IndividualCurriculum, form: ReturnForm) -> IndividualCurriculum:
        return services.return_curriculum(obj, comment=form.cleaned_data["comment"], acting_user=self.request.user)

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(_("Individual curricula"), reverse("academics:individualcurriculum_list"))]


class ItemAddView(ScopedServiceFormView):
    staff_only = False
    queryset = IndividualCurriculum.objects.select_related("student")
    form_class = ItemForm
    title = gettext_lazy("Add a course")  # type: ignore[assignment]
    success_message = gettext_lazy("The course is added.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "institution_id": obj.student.institution_id}

    def perform(self, obj: IndividualCurriculum, form: ItemForm) -> IndividualCurriculumItem:
        return services.add_item(
            obj, course=form.cleaned_data["course"], term=form.cleaned_data["term"], acting_user=self.request.user
        )

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(_("Individual curricula"), reverse("academics:individualcurriculum_list"))]


class ItemRemoveView(ScopedActionView):
    staff_only = False
    queryset = IndividualCurriculumItem.objects.select_related("curriculum__student", "course")
    success_message = gettext_lazy("The course is removed.")  # type: ignore[assignment]

    def act(self, obj: IndividualCurriculumItem) -> None:
        services.remove_item(obj, acting_user=self.request.user)

    def get_success_url(self, obj: IndividualCurriculumItem) -> str:
        return obj.curriculum.get_absolute_url()


# ---- Gaps ----------------------------------------------------------------------------------------------------
class GapsView(ScopedMixin, TemplateView):
    """The students in the reader's scope whose individual curriculum of a year is missing, not approved or fails
    the check, each gap in words; ?export=xlsx for the same list as a spreadsheet."""

    queryset = Student.objects.all()
    template_name = "academics/curriculum_gaps.html"
    per_page = 50

    def selection(self) -> tuple[filtersets.GapFilterSet, str]:
        data = self.request.GET.copy()
        data.setdefault("academic_year", reports.current_academic_year())
        students = (
            scoped(Student)
            .for_user(self.request.user, VIEW)
            .filter(status=StudentStatus.STUDYING, graduation_date__isnull=True)
            .order_by("program__code", "course", "last_name", "first_name", "pk")
        )
        filterset = filtersets.GapFilterSet(data, queryset=students, request=self.request)
        return filterset, str(data.get("academic_year"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filterset, year = self.selection()
        valid = filterset.is_valid()
        rows = reports.gaps(filterset.qs, year) if valid else []
        if request.GET.get("export") == "xlsx":
            return self.export(rows, year)
        page = Paginator(rows, self.per_page).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query["export"] = "xlsx"
        query.pop("page", None)
        pages = request.GET.copy()
        pages.pop("page", None)
        context = self.get_context_data(
            filter=filterset, rows=page, year=year, count=len(rows), export_query=query.urlencode(),
            page_query=pages.urlencode(), title=_("Curriculum gaps"),
        )  # fmt: skip
        context["breadcrumbs"] = [
            (_("Model curricula"), reverse("academics:modelcurriculum_list")),
            (context["title"], None),
        ]
        return self.render_to_response(context, status=200 if valid else 400)

    def export(self, rows: list[reports.GapRow], year: str) -> HttpResponse:
        header = [_("Student"), _("IIN"), _("Program"), _("Year of study"), _("Group"), _("Status"), _("Gaps")]
        body = [
            [
                row.student.full_name, row.student.iin, row.student.program.code, row.student.course or "",
                row.student.group, row.curriculum.get_status_display() if row.curriculum else _("none"),
                "\n".join(g.text for g in row.gaps),
            ]
            for row in rows
        ]  # fmt: skip
        workbook = sheets_to_xlsx([(year, header, body)])
        return xlsx_response(workbook, _("curriculum gaps {year}").format(year=year))
