"""Pages of vacancies: the staff and employer pages (employers:…), the public board (vacancies:…),
applications, student profiles, shortlists and employer-contact invitations.

Staff and employer contacts reach vacancies through the scoped bases: a contact has no membership, so their
scope is their organization's rows (the querysets' self_filter) and the services decide what they may do.
The public board and the student's own pages are not about an object fetched by pk in a scope: each says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from mansap.common.exports import rows_to_xlsx, xlsx_response
from mansap.common.files import ScopedFileView, private_file_response
from mansap.common.forms import errors_to_form
from mansap.common.params import parse_id, parse_ids
from mansap.common.views import (
    ObjectHistoryView,
    ScopedActionView,
    ScopedEditView,
    ScopedListView,
    ScopedMixin,
    StaffRequiredMixin,
)
from mansap.core.access import (
    VIEW,
    employer_organization_id,
    get_for_user_or_404,
    is_career_center,
    is_employer_contact,
    is_staff_member,
    scoped,
)
from mansap.core.models import EducationalProgram, Student
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
from mansap.employers.services import student_of
from mansap.employers.services import vacancies as services
from mansap.employers.tables import VacancyTable, vacancy_badge

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mansap.common.typing import AuthedRequest
    from mansap.core.models import User

BOARD_PAGE_SIZE = 12
CANDIDATE_LIMIT = 200  # pre-screening results shown at once


def _vacancy_breadcrumbs(user: User | AnonymousUser) -> list[tuple[str, str | None]]:
    title = _("My vacancies") if employer_organization_id(user) else capfirst(str(Vacancy._meta.verbose_name_plural))
    return [(title, reverse("employers:vacancy_list"))]


class StaffOrEmployerMixin(ScopedMixin):
    """Staff members (scoped as usual) and employer contacts (their organization only); others 403.

    `staff_only = False` lets the contacts past StaffRequiredMixin (the base has no "staff or contact" rule);
    this check then turns away every other login (a student), as staff_only would.
    """

    staff_only = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if user.is_authenticated and not (is_staff_member(user) or is_employer_contact(user)):
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
    """The vacancy with its applications and shortlists. Scoped through ScopedMixin.get_queryset; not a
    ScopedDetailView, whose generic "can change" query would answer the wrong question (can_edit_vacancy does)."""

    queryset = Vacancy.objects.select_related("organization", "institution", "created_by", "approved_by")
    template_name = "employers/vacancies/vacancy_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        vacancy: Vacancy = self.object
        user = self.request.user
        applications = scoped(Application).for_user(user, VIEW).filter(vacancy=vacancy)
        label, colour = vacancy_badge(vacancy)
        cc = is_career_center(user, vacancy)
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
                scoped(Shortlist)
                .for_user(user, VIEW)
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

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Vacancy:
        # The vacancy's own rule, not the change scope: an employer contact has none (no membership) yet edits
        # their organization's drafts, while the Career Center edits a vacancy in any state.
        user = self.request.user
        pk = self.kwargs.get("pk")
        if pk is None:
            if not (is_career_center(user) or is_employer_contact(user)):
                raise PermissionDenied
            return Vacancy()
        vacancy = get_for_user_or_404(Vacancy, user, pk, VIEW)
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


class VacancyActionView(StaffOrEmployerMixin, ScopedActionView):
    """A workflow step (submit / approve / reject): the same services as the API, then back to the vacancy.

    Fetched in the view scope only (`action = VIEW`): an employer contact has no change scope, and each
    service decides who may take its step (can_edit_vacancy, is_career_center: else 403).
    """

    queryset = Vacancy.objects.all()
    action = VIEW
    request: AuthedRequest


class VacancySubmitView(VacancyActionView):
    def act(self, obj: Vacancy) -> Vacancy:
        return services.submit_vacancy(obj, acting_user=self.request.user)

    def get_success_message(self, obj: Vacancy, result: Vacancy) -> str:
        return _("The vacancy was sent to the Career Center for approval.")


class VacancyApproveView(VacancyActionView):
    def act(self, obj: Vacancy) -> Vacancy:
        return services.approve_vacancy(obj, acting_user=self.request.user)

    def get_success_message(self, obj: Vacancy, result: Vacancy) -> str:
        return _("The vacancy is published on the board.")


class VacancyRejectView(VacancyActionView):
    def get_success_message(self, obj: Vacancy, result: Vacancy) -> str:
        return _("The vacancy was rejected.")

    def act(self, obj: Vacancy) -> Vacancy:
        # The reason is checked by the service (a blank one is a ValidationError shown as a message).
        reason = RejectForm(self.request.POST).data.get("reason", "")
        return services.reject_vacancy(obj, str(reason), acting_user=self.request.user)


class ApplicationCVView(ScopedFileView):
    """An application's CV for the people who may see the application (never a public media URL): staff in
    scope, the vacancy's employer contacts and the student (the queryset's self_filter)."""

    queryset = Application.objects.all()
    file_field = "cv"
    staff_only = False


class InviteContactView(StaffRequiredMixin, FormView):
    """The Career Center invites an employer's contact person: a login limited to the organization.

    Not about one object fetched by pk: the organization is a choice of the form (those the user may see).
    """

    template_name = "common/object_form.html"
    form_class = InviteContactForm
    request: AuthedRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not is_career_center(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        organization = parse_id(self.request.GET.get("organization"))
        return {"organization": organization} if organization is not None else {}

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
                acting_user=self.request.user,
                request=self.request,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
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
    """The Career Center searches students for a vacancy (a GET filter form) and adds them to its shortlist.

    Not a ScopedServiceFormView: the page's form is a search, not the POST's; the vacancy is fetched through
    core.access like the bases do, then the page is the Career Center's (is_career_center: else 403).
    """

    template_name = "employers/vacancies/shortlist_build.html"
    request: AuthedRequest
    vacancy: Vacancy

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)  # LoginRequiredMixin redirects
        self.vacancy = get_for_user_or_404(Vacancy, request.user, kwargs["pk"], VIEW)
        if not is_career_center(request.user, self.vacancy):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def students(self) -> QuerySet[Student]:
        return scoped(Student).for_user(self.request.user, VIEW).filter(institution_id=self.vacancy.institution_id)

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
        ids = parse_ids(request.POST.getlist("student"))
        # Only students the user may see are added, whatever ids the form sent.
        students = list(self.students().filter(pk__in=ids))
        shortlist, added = services.shortlist_students(
            self.vacancy, students, note=request.POST.get("note", "")[:255], acting_user=self.request.user
        )
        messages.success(request, _("{n} candidates added to the shortlist.").format(n=added))
        return HttpResponseRedirect(shortlist.get_absolute_url())


class ShortlistDetailView(StaffOrEmployerMixin, DetailView):
    """The shortlist as the employer receives it: only what each student agreed to share.

    Scoped through ScopedMixin.get_queryset: a contact sees their organization's shortlists once sent.
    """

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
        cc = is_career_center(self.request.user, shortlist.vacancy)
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


class ShortlistSendView(ScopedActionView):
    """The Career Center sends the shortlist to the organization's contacts (send_shortlist decides who may:
    fetched in the view scope, `action = VIEW`)."""

    queryset = Shortlist.objects.select_related("vacancy")
    action = VIEW
    request: AuthedRequest

    def act(self, obj: Shortlist) -> int:
        return services.send_shortlist(obj, acting_user=self.request.user, request=self.request)

    def get_success_message(self, obj: Shortlist, result: int) -> str:
        return _("The shortlist was sent; {n} contacts were e-mailed.").format(n=result)


class ShortlistCVView(ScopedMixin, View):
    """A shortlisted student's CV, only when the student agreed to share it.

    Not a ScopedFileView: the file is the student's profile CV, reached through the shortlist the user may
    see (staff in scope; the organization's contacts once it is sent), so the shortlist is what is scoped.
    """

    queryset = Shortlist.objects.all()
    staff_only = False  # the organization's contacts read their shortlists
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, student: int) -> FileResponse:
        shortlist = get_for_user_or_404(Shortlist, request.user, pk, VIEW)
        entry = get_object_or_404(shortlist.entries.select_related("student__profile"), student_id=student)
        profile = getattr(entry.student, "profile", None)
        if profile is None or not profile.share_cv or not profile.cv:
            raise Http404
        return private_file_response(profile.cv)


#
# The public board and students' applications
#
def public_vacancies() -> QuerySet[Vacancy]:
    return Vacancy.objects.of_default_institution().public(timezone.localdate())


class BoardView(TemplateView):
    """Public: approved, unexpired vacancies of the institution; search, filters, pages.

    Not scoped: the board is for everyone, logged in or not (public_vacancies() is its whole selection).
    """

    template_name = "employers/vacancies/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        base = public_vacancies().select_related("organization").order_by("-published_on", "-pk")
        filterset = PublicVacancyFilterSet(self.request.GET, queryset=base, request=self.request)
        filterset.form.fields["program"].queryset = EducationalProgram.objects.filter(
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
    """Public: one vacancy of the board (404 once it leaves the board), with the student's "apply" state."""

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
        student = student_of(self.request.user)
        context["student"] = student
        context["applied"] = bool(student and Application.objects.filter(vacancy=self.object, student=student).exists())
        context["title"] = str(self.object)
        return context


class StudentRequiredMixin(LoginRequiredMixin):
    """A student's (or graduate's) own pages: the login's own Student record, never one fetched by pk, so there
    is no scope to apply; a login without one (staff, an employer contact) gets 403."""

    request: HttpRequest
    student: Student

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            student = student_of(request.user)
            if student is None:
                raise PermissionDenied
            self.student = student
        return super().dispatch(request, *args, **kwargs)


class ApplyView(StudentRequiredMixin, FormView):
    template_name = "employers/vacancies/apply.html"
    form_class = ApplicationForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # A public vacancy (the board's), whoever asks: not a scoped object.
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
                acting_user=self.request.user,
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


class StudentProfileCVView(StudentRequiredMixin, View):
    """The student's own profile CV (the profile form links to it): the login's own record, never one by pk."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> FileResponse:
        profile = StudentProfile.objects.filter(student=self.student).exclude(cv="").first()
        if profile is None:
            raise Http404
        return private_file_response(profile.cv)


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
