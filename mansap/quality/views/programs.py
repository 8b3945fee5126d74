"""Pages of process 10's programs developed with employers: program revisions (list with process 10's KPI,
detail, form, minutes) and advisory boards (list, detail with members and meetings, their forms, minutes)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.files import ScopedFileView
from mansap.common.indicators import Period, PeriodKind
from mansap.common.views import (
    ObjectHistoryView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedServiceFormView,
)
from mansap.core.access import (
    CHANGE,
    VIEW,
    can_record_program_revisions,
    get_for_user_or_404,
    institution_for,
)
from mansap.quality import filtersets, tables
from mansap.quality.forms import AdvisoryBoardForm, BoardMeetingForm, BoardMemberForm, ProgramRevisionForm
from mansap.quality.indicators import ProgramsWithEmployers
from mansap.quality.models import AdvisoryBoard, AdvisoryBoardMeeting, AdvisoryBoardMember, ProgramRevision
from mansap.quality.services import programs as services


def current_academic_year() -> Period:
    return Period.containing(PeriodKind.ACADEMIC_YEAR, timezone.localdate())


# ---- Revisions ---------------------------------------------------------------------------------------------------
class ProgramRevisionListView(ScopedListView):
    """The revisions the user reaches, filtered by faculty, department, program and academic year; above them,
    process 10's KPI for the year (the institution's active programs revised with employers)."""

    queryset = ProgramRevision.objects.with_list_related()
    filterset_class = filtersets.ProgramRevisionFilterSet
    table_class = tables.ProgramRevisionTable
    template_name = "quality/programrevision_list.html"
    title = gettext_lazy("Program revisions")  # type: ignore[assignment]
    export_name = "program-revisions"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["add_url"] = reverse("quality:programrevision_add") if can_record_program_revisions(user) else None
        context["add_label"] = _("Record a revision")
        try:
            period = Period.parse(PeriodKind.ACADEMIC_YEAR, self.request.GET.get("year") or "")
        except ValueError:
            period = current_academic_year()
        institution = institution_for(user, VIEW)
        if institution is not None:
            context["kpi"] = ProgramsWithEmployers().measure(institution, period)
            context["kpi_period"] = period
        context["boards_url"] = reverse("quality:advisoryboard_list")
        return context


class ProgramRevisionDetailView(ScopedDetailView):
    queryset = ProgramRevision.objects.select_related("program__department__faculty", "recorded_by")
    fields = ["program", "revised_on"]
    template_name = "quality/programrevision_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        revision: ProgramRevision = self.object
        context["employers"] = list(revision.employers.order_by("name_ru"))
        context["alumni"] = list(revision.alumni.select_related("program").order_by("last_name", "first_name"))
        context["students"] = list(revision.students.select_related("program").order_by("last_name", "first_name"))
        if revision.minutes:
            context["minutes_url"] = revision.private_file_url("minutes")
            context["minutes_name"] = (revision.minutes.name or "").rsplit("/", 1)[-1]
        return context


class ProgramRevisionEditView(ScopedEditView):
    """Record a revision (a department for its programs, a dean for the faculty's, the quality editors all)."""

    queryset = ProgramRevision.objects.all()
    form_class = ProgramRevisionForm
    initial_from_query = ("program",)

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        pk = self.kwargs.get("pk")
        if pk is None:
            if not can_record_program_revisions(self.request.user):
                raise PermissionDenied
            return ProgramRevision()
        return get_for_user_or_404(ProgramRevision, self.request.user, pk, CHANGE)

    def save(self, form: ProgramRevisionForm) -> ProgramRevision:
        return services.save_revision(
            form.save(commit=False),
            acting_user=self.request.user,
            employers=form.cleaned_data["employers"],
            alumni=form.cleaned_data["alumni"],
            students=form.cleaned_data["students"],
        )


class ProgramRevisionHistoryView(ObjectHistoryView):
    queryset = ProgramRevision.objects.all()


class ProgramRevisionMinutesView(ScopedFileView):
    queryset = ProgramRevision.objects.all()
    file_field = "minutes"


# ---- Advisory boards ---------------------------------------------------------------------------------------------
class AdvisoryBoardListView(ScopedListView):
    queryset = AdvisoryBoard.objects.with_list_related()
    filterset_class = filtersets.AdvisoryBoardFilterSet
    table_class = tables.AdvisoryBoardTable
    title = gettext_lazy("Advisory boards")  # type: ignore[assignment]
    export_name = "advisory-boards"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["add_url"] = reverse("quality:advisoryboard_add") if can_record_program_revisions(user) else None
        return context


class AdvisoryBoardDetailView(ScopedDetailView):
    queryset = AdvisoryBoard.objects.select_related("faculty", "program")
    fields = ["faculty", "program", "approved_on", "is_active"]
    template_name = "quality/advisoryboard_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        board: AdvisoryBoard = self.object
        today = timezone.localdate()
        members = list(board.members.select_related("organization", "alumnus__program"))
        for member in members:
            member.current = member.is_current(today)  # type: ignore[attr-defined]
        meetings = list(board.meetings.all())
        context.update(
            members=members,
            meetings=meetings,
            add_member_url=reverse("quality:advisoryboardmember_add", args=[board.pk]),
            add_meeting_url=reverse("quality:advisoryboardmeeting_add", args=[board.pk]),
        )
        return context


class AdvisoryBoardEditView(ScopedEditView):
    queryset = AdvisoryBoard.objects.all()
    form_class = AdvisoryBoardForm
    initial_from_query = ("program", "faculty")

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        pk = self.kwargs.get("pk")
        if pk is None:
            if not can_record_program_revisions(self.request.user):
                raise PermissionDenied
            return AdvisoryBoard()
        return get_for_user_or_404(AdvisoryBoard, self.request.user, pk, CHANGE)

    def save(self, form: AdvisoryBoardForm) -> AdvisoryBoard:
        return services.save_board(form.save(commit=False), acting_user=self.request.user)


class AdvisoryBoardHistoryView(ObjectHistoryView):
    queryset = AdvisoryBoard.objects.all()


class BoardChildAddView(ScopedServiceFormView):
    """A form that adds a member or a meeting to a board (within the board's change scope)."""

    queryset = AdvisoryBoard.objects.select_related("faculty", "program")

    def get_form_kwargs(self, obj: AdvisoryBoard) -> dict[str, Any]:
        return {"initial": self.get_initial(obj), "user": self.request.user, "board": obj}

    def get_title(self, obj: AdvisoryBoard) -> str:
        return str(self.title)


class BoardMemberAddView(BoardChildAddView):
    form_class = BoardMemberForm
    title = gettext_lazy("New board member")  # type: ignore[assignment]

    def get_initial(self, obj: AdvisoryBoard) -> dict[str, Any]:
        return {"member_from": timezone.localdate()}

    def perform(self, obj: AdvisoryBoard, form: BoardMemberForm) -> AdvisoryBoardMember:
        return services.save_member(form.save(commit=False), acting_user=self.request.user)

    def get_success_message(self, obj: AdvisoryBoard, result: AdvisoryBoardMember) -> str:
        return _("{member} joined the board.").format(member=result.display_name)


class BoardMeetingAddView(BoardChildAddView):
    form_class = BoardMeetingForm
    title = gettext_lazy("New board meeting")  # type: ignore[assignment]

    def perform(self, obj: AdvisoryBoard, form: BoardMeetingForm) -> AdvisoryBoardMeeting:
        return services.save_meeting(form.save(commit=False), acting_user=self.request.user)

    def get_success_message(self, obj: AdvisoryBoard, result: AdvisoryBoardMeeting) -> str:
        return _("Meeting recorded.")


class BoardChildEditView(ScopedEditView):
    """Change a member or a meeting (the board's change scope); back to the board's page."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["board"] = self.object.board
        return kwargs

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(str(_("Advisory boards")), reverse("quality:advisoryboard_list"))]

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        return get_for_user_or_404(self.queryset, self.request.user, self.kwargs["pk"], CHANGE)


class BoardMemberEditView(BoardChildEditView):
    queryset = AdvisoryBoardMember.objects.select_related("board__faculty", "organization", "alumnus")
    form_class = BoardMemberForm

    def save(self, form: BoardMemberForm) -> AdvisoryBoardMember:
        return services.save_member(form.save(commit=False), acting_user=self.request.user)


class BoardMeetingEditView(BoardChildEditView):
    queryset = AdvisoryBoardMeeting.objects.select_related("board__faculty")
    form_class = BoardMeetingForm

    def save(self, form: BoardMeetingForm) -> AdvisoryBoardMeeting:
        return services.save_meeting(form.save(commit=False), acting_user=self.request.user)


class BoardMeetingMinutesView(ScopedFileView):
    queryset = AdvisoryBoardMeeting.objects.all()
    file_field = "minutes"
