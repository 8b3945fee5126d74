"""Pages of vacancies: the staff and employer pages (employers:…), the public board (vacancies:…),
applications, student profiles, shortlists and employer-contact invitations.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from mansap.common.exports import rows_to_xlsx, xlsx_response
from mansap.common.views import (
    ObjectHistoryView,
    ScopedEditView,
    ScopedListView,
    ScopedMixin,
    StaffRequiredMixin,
)
from mansap.core.models import EducationalProgram, Student
from mansap.core.querysets import VIEW, is_staff_member
from mansap.employers.choices import VacancyStatus
from mansap.employers.filtersets import PublicVacancyFilterSet, VacancyFilterSet
from mansap.employers.forms.vacancies import (
    ApplicationForm,
    CandidateFilterForm,
    InviteContactForm,
    RejectForm,
    StudentProfileForm,
    VacancyForm,
)
from mansap.employers.models import Application, Shortlist, StudentProfile, Vacancy
from mansap.employers.querysets import employer_organization_id
from mansap.employers.services import vacancies as services
from mansap.employers.tables import VacancyTable, vacancy_badge
from mansap.graduates.evidence import read_head, sniff_content_type

BOARD_PAGE_SIZE = 12
CANDIDATE_LIMIT = 200  # pre-screening results shown at once


def _file_response(field: Any) -> HttpResponseBase:
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = sniff_content_type(read_head(handle)) or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, filename=(field.name or "").rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _vacancy_breadcrumbs(user: Any) -> list[tuple[str, str | None]]:
    title = _("My vacancies") if employer_organization_id(user) else capfirst(str(Vacancy._meta.verbose_name_plural))
    return [(title, reverse("employers:vacancy_list"))]


class StaffOrEmployerMixin(ScopedMixin):
    """Staff members (scoped as usual) and employer contacts (their organization only); others 403."""

    staff_only = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if user.is_authenticated and not (is_staff_member(user) or services.is_employer_contact(user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return _vacancy_breadcrumbs(self.request.user)


#
# Staff and employer pages
#
class VacancyListView(StaffOrEmployerMixin, ScopedListView):
    queryset = Vacancy.objects.with_list_related()
    filterset_class = VacancyFilterSet
    table_class = VacancyTable
    template_name = "employers/vacancies/vacancy_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if employer_organization_id(user):
            context["title"] = _("My vacancies")
            context["breadcrumbs"] = [(context["title"], None)]
            context["add_url"] = reverse("employers:vacancy_add")
        else:
            waiting = self.get_queryset().filter(status=VacancyStatus.SUBMITTED).count()
            context["waiting_count"] = waiting
            context["waiting_url"] = reverse("employers:vacancy_list") + f"?status={VacancyStatus.SUBMITTED}"
        return context


class VacancyDetailView(StaffOrEmployerMixin, DetailView):
    queryset = Vacancy.objects.select_related("organization", "institution", "created_by", "approved_by")
    template_name = "employers/vacancies/vacancy_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        vacancy: Vacancy = self.object
        user = self.request.user
        applications = Application.objects.for_user(user, VIEW).filter(vacancy=vacancy)
        label, colour = vacancy_badge(vacancy)
        cc = services.is_career_center(user, vacancy)
        context.update(
            status_label=label,
            status_colour=colour,
            programs=list(vacancy.programs.order_by("code")),
            applications=list(
                applications.select_related("student__program").order_by("-created_at", "-pk")[:CANDIDATE_LIMIT]
            ),
            can_edit=services.can_edit_vacancy(user, vacancy),
            can_submit=services.can_edit_vacancy(user, vacancy) and vacancy.status in services.EMPLOYER_EDITABLE,
            can_approve=cc and vacancy.status in (VacancyStatus.SUBMITTED, VacancyStatus.DRAFT),
            can_reject=cc and vacancy.status != VacancyStatus.REJECTED,
            is_career_center=cc,
            reject_form=RejectForm(),
            shortlists=list(
                Shortlist.objects.for_user(user, VIEW)
                .filter(vacancy=vacancy)
                .annotate(entry_count=Count("entries"))
                .order_by("-created_at")
            ),
            breadcrumbs=[*self.breadcrumbs(), (str(vacancy), None)],
            history_url=reverse("employers:vacancy_history", args=[vacancy.pk]) if is_staff_member(user) else None,
        )
        return context


class VacancyEditView(StaffOrEmployerMixin, ScopedEditView):
    queryset = Vacancy.objects.all()
    form_class = VacancyForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        user = self.request.user
        pk = self.kwargs.get("pk")
        if pk is None:
            if not (services.is_career_center(user) or services.is_employer_contact(user)):
                raise PermissionDenied
            return Vacancy()
        vacancy = get_object_or_404(Vacancy.objects.for_user(user, VIEW), pk=pk)
        if not services.can_edit_vacancy(user, vacancy):
            raise PermissionDenied
        return vacancy

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.object.pk:
            context["cancel_url"] = reverse("employers:vacancy_list")
        return context


class VacancyHistoryView(ObjectHistoryView):
    queryset = Vacancy.objects.all()


class VacancyActionView(StaffOrEmployerMixin, View):
    """POST submit / approve / reject: the same services as the API."""

    action = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        vacancy = get_object_or_404(Vacancy.objects.for_user(request.user, VIEW), pk=pk)
        try:
            if self.action == "submit":
                services.submit_vacancy(vacancy, acting_user=request.user)
                messages.success(request, _("The vacancy was sent to the Career Center for approval."))
            elif self.action == "approve":
                services.approve_vacancy(vacancy, acting_user=request.user)
                messages.success(request, _("The vacancy is published on the board."))
            elif self.action == "reject":
                form = RejectForm(request.POST)
                reason = form.data.get("reason", "")
                services.reject_vacancy(vacancy, str(reason), acting_user=request.user)
                messages.success(request, _("The vacancy was rejected."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(vacancy.get_absolute_url())


class ApplicationCVView(LoginRequiredMixin, View):
    """An application's CV for the people who may see the application (never a public media URL)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        application = get_object_or_404(Application.objects.for_user(request.user, VIEW), pk=pk)
        return _file_response(application.cv)


class InviteContactView(StaffRequiredMixin, FormView):
    """The Career Center invites an employer's contact person: a login limited to the organization."""

    template_name = "common/object_form.html"
    form_class = InviteContactForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not services.is_career_center(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        organization = self.request.GET.get("organization", "")
        return {"organization": organization} if organization.isdigit() else {}

    def form_valid(self, form: InviteContactForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            contact = services.invite_employer_contact(
                data["organization"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                position=data["position"],
                phone=data["phone"],
                invited_by=self.request.user,
                request=self.request,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(
            self.request, _("{email} was invited; a link to set the password was e-mailed.").format(email=data["email"])
        )
        return HttpResponseRedirect(contact.organization.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Invite an employer contact")
        context["breadcrumbs"] = [(context["title"], None)]
        context["cancel_url"] = reverse("employers:organization_list")
        return context


#
# Shortlists (the Career Center's pre-screening)
#
class ShortlistBuildView(StaffRequiredMixin, TemplateView):
    template_name = "employers/vacancies/shortlist_build.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.vacancy = get_object_or_404(Vacancy.objects.for_user(request.user, VIEW), pk=kwargs["pk"])
        if not services.is_career_center(request.user, self.vacancy):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def students(self) -> QuerySet[Student]:
        return Student.objects.for_user(self.request.user, VIEW).filter(institution_id=self.vacancy.institution_id)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        programs = EducationalProgram.objects.filter(
            department__faculty__institution_id=self.vacancy.institution_id
        ).order_by("code")
        initial = {}
        suitable = list(self.vacancy.programs.values_list("pk", flat=True))
        if "program" not in self.request.GET and len(suitable) == 1:
            initial["program"] = suitable[0]
        form = CandidateFilterForm(self.request.GET or None, programs=programs, initial=initial)
        candidates: list[Student] = []
        searched = form.is_bound and form.is_valid()
        if searched:
            candidates = list(
                form.filter(self.students())
                .select_related("program", "profile")
                .order_by("last_name", "first_name", "pk")[:CANDIDATE_LIMIT]
            )
        shortlist = self.vacancy.shortlists.filter(sent_at__isnull=True).order_by("-pk").first()
        context.update(
            vacancy=self.vacancy,
            form=form,
            searched=searched,
            candidates=candidates,
            shortlist=shortlist,
            listed=set(shortlist.entries.values_list("student_id", flat=True)) if shortlist else set(),
            title=_("Pre-screening for {vacancy}").format(vacancy=self.vacancy),
            breadcrumbs=[
                *_vacancy_breadcrumbs(self.request.user),
                (str(self.vacancy), self.vacancy.get_absolute_url()),
                (_("Pre-screening"), None),
            ],
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        ids = [int(v) for v in request.POST.getlist("student") if v.isdigit()]
        students = list(self.students().filter(pk__in=ids))
        shortlist = services.open_shortlist(self.vacancy, acting_user=request.user)
        added = services.add_to_shortlist(shortlist, students, note=request.POST.get("note", "")[:255])
        messages.success(request, _("{n} candidates added to the shortlist.").format(n=added))
        return HttpResponseRedirect(shortlist.get_absolute_url())


class ShortlistDetailView(StaffOrEmployerMixin, DetailView):
    """The shortlist as the employer receives it: only what each student agreed to share."""

    queryset = Shortlist.objects.select_related("vacancy__organization")
    template_name = "employers/vacancies/shortlist_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        export = request.GET.get("export")
        if export == "xlsx":
            rows = services.shortlist_rows(self.object, request)
            content = rows_to_xlsx(_("Shortlist"), services.shortlist_header(), (services.row_values(r) for r in rows))
            return xlsx_response(content, f"shortlist-{self.object.pk}")
        if export == "pdf":
            return self.pdf()
        return self.render_to_response(self.get_context_data(object=self.object))

    def pdf(self) -> HttpResponse:
        from django.template.loader import render_to_string
        from weasyprint import HTML

        html = render_to_string(
            "employers/vacancies/shortlist_pdf.html",
            {
                "shortlist": self.object,
                "rows": services.shortlist_rows(self.object, self.request),
                "header": services.shortlist_header(),
                "today": timezone.localdate(),
            },
            request=self.request,
        )
        response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="shortlist-{self.object.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        shortlist: Shortlist = self.object
        cc = services.is_career_center(self.request.user, shortlist.vacancy)
        context.update(
            rows=services.shortlist_rows(shortlist, self.request),
            header=services.shortlist_header(),
            can_send=cc and shortlist.sent_at is None,
            build_url=reverse("employers:shortlist_build", args=[shortlist.vacancy_id]) if cc else None,
            breadcrumbs=[
                *self.breadcrumbs(),
                (str(shortlist.vacancy), shortlist.vacancy.get_absolute_url()),
                (_("Shortlist"), None),
            ],
        )
        return context


class ShortlistSendView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shortlist = get_object_or_404(Shortlist.objects.for_user(request.user, VIEW), pk=pk)
        try:
            sent = services.send_shortlist(shortlist, acting_user=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The shortlist was sent; {n} contacts were e-mailed.").format(n=sent))
        return HttpResponseRedirect(shortlist.get_absolute_url())


class ShortlistCVView(LoginRequiredMixin, View):
    """A shortlisted student's CV, only when the student agreed to share it."""

    def get(self, request: HttpRequest, pk: int, student: int) -> HttpResponseBase:
        shortlist = get_object_or_404(Shortlist.objects.for_user(request.user, VIEW), pk=pk)
        entry = get_object_or_404(shortlist.entries.select_related("student__profile"), student_id=student)
        profile = getattr(entry.student, "profile", None)
        if profile is None or not profile.share_cv or not profile.cv:
            raise Http404
        return _file_response(profile.cv)


#
# The public board and students' applications
#
def public_vacancies() -> QuerySet[Vacancy]:
    return Vacancy.objects.of_default_institution().public(timezone.localdate())


class BoardView(TemplateView):
    """Public: approved, unexpired vacancies of the institution; search, filters, pages."""

    template_name = "employers/vacancies/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        base = public_vacancies().select_related("organization").order_by("-published_on", "-pk")
        filterset = PublicVacancyFilterSet(self.request.GET, queryset=base, request=self.request)
        filterset.form.fields["program"].queryset = EducationalProgram.objects.filter(  # type: ignore[attr-defined]
            department__faculty__institution__code=settings.MANSAP_DEFAULT_INSTITUTION_CODE
        ).order_by("code")
        rows = filterset.qs.distinct() if filterset.is_valid() else base.none()
        page = Paginator(rows, BOARD_PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            title=_("Vacancies and internships"),
            filterset=filterset,
            page_obj=page,
            query=query.urlencode(),
        )
        return context


class PublicVacancyDetailView(DetailView):
    template_name = "employers/vacancies/public_detail.html"
    context_object_name = "vacancy"

    def get_queryset(self) -> QuerySet[Vacancy]:
        return (
            public_vacancies()
            .select_related("organization")
            .prefetch_related(Prefetch("programs", queryset=EducationalProgram.objects.order_by("code")))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        student = services.user_student(self.request.user)
        context["student"] = student
        context["applied"] = bool(student and Application.objects.filter(vacancy=self.object, student=student).exists())
        context["title"] = str(self.object)
        return context


class StudentRequiredMixin(LoginRequiredMixin):
    request: HttpRequest
    student: Student

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            student = services.user_student(request.user)
            if student is None:
                raise PermissionDenied
            self.student = student
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ApplyView(StudentRequiredMixin, FormView):
    template_name = "employers/vacancies/apply.html"
    form_class = ApplicationForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.vacancy = get_object_or_404(public_vacancies().select_related("organization"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["profile_cv"] = services.profile_cv(self.student)
        return kwargs

    def form_valid(self, form: ApplicationForm) -> HttpResponse:
        try:
            services.apply(
                self.vacancy,
                self.student,
                cv=form.cleaned_data.get("cv"),
                cover_letter=form.cleaned_data.get("cover_letter", ""),
                use_profile_cv=form.cleaned_data.get("use_profile_cv", False),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your application was sent."))
        return HttpResponseRedirect(self.vacancy.get_public_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["vacancy"] = self.vacancy
        context["title"] = _("Apply: {vacancy}").format(vacancy=self.vacancy)
        context["already"] = Application.objects.filter(vacancy=self.vacancy, student=self.student).exists()
        return context


class StudentProfileView(StudentRequiredMixin, FormView):
    template_name = "common/object_form.html"
    form_class = StudentProfileForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = StudentProfile.objects.filter(student=self.student).first() or StudentProfile(
            student=self.student
        )
        return kwargs

    def form_valid(self, form: StudentProfileForm) -> HttpResponse:
        form.save()
        messages.success(self.request, _("Your profile was saved."))
        return HttpResponseRedirect(reverse("vacancies:profile"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("My profile for employers")
        context["breadcrumbs"] = [(_("Vacancies"), reverse("vacancies:board")), (context["title"], None)]
        context["cancel_url"] = reverse("vacancies:board")
        return context


class MyApplicationsView(StudentRequiredMixin, TemplateView):
    template_name = "employers/vacancies/my_applications.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["applications"] = list(
            Application.objects.filter(student=self.student)
            .select_related("vacancy__organization")
            .order_by("-created_at")
        )
        context["title"] = _("My applications")
        return context
