"""Practice programmes from the register (issue #17, R-018, R-019): the programmes and guidelines linked for the
institution's programs with their versions in force, a form to link a register document, and unlinking.

Everyone on the staff reads the list (as the practice page shows the programmes); linking and unlinking follow
`services.programmes.may_link_programmes` (the Career Center's editors): others get 403 on a POST.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.forms import errors_to_form
from mansap.common.views import ScopedActionView, ScopedListView, mark_refused, safe_next
from mansap.core.access import VIEW
from mansap.practice.filtersets import PracticeProgrammeFilterSet
from mansap.practice.forms.programmes import ProgrammeLinkForm
from mansap.practice.models import PracticeProgramme
from mansap.practice.services import programmes as svc
from mansap.practice.tables import PracticeProgrammeTable
from mansap.regulations.models import DocumentVersion


class ProgrammeListView(ScopedListView):
    """The linked programmes and guidelines; POST links one (the form's errors come back on this page, 400)."""

    queryset = PracticeProgramme.objects.select_related("program", "document").prefetch_related(
        Prefetch("document__versions", queryset=DocumentVersion.objects.order_by("-pk"))
    )
    table_class = PracticeProgrammeTable
    filterset_class = PracticeProgrammeFilterSet
    template_name = "practice/programme_list.html"
    title = gettext_lazy("Practice programmes")  # type: ignore[assignment]
    link_form: ProgrammeLinkForm | None = None

    def get_initial(self) -> dict[str, Any]:
        """`?link_program=&link_kind=` from the practice page's "Link a programme from the register"."""
        return {k: self.request.GET[f"link_{k}"] for k in ("program", "kind") if self.request.GET.get(f"link_{k}")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.pop("add_url", None)
        context["may_link"] = may_link = svc.may_link_programmes(self.request.user)
        if may_link:
            context["link_form"] = self.link_form or ProgrammeLinkForm(
                user=self.request.user, initial=self.get_initial()
            )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not svc.may_link_programmes(request.user):
            raise PermissionDenied
        form = ProgrammeLinkForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                link = svc.link_programme(
                    program=form.cleaned_data["program"],
                    kind=form.cleaned_data["kind"],
                    role=form.cleaned_data["role"],
                    document=form.cleaned_data["document"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("{document} is linked to {program}.").format(document=link.document.code, program=link.program),
                )
                return HttpResponseRedirect(safe_next(request, reverse("practice:practiceprogramme_list")))
        mark_refused(request)
        self.link_form = form
        response = self.get(request, *args, **kwargs)
        response.status_code = 400
        return response


class ProgrammeUnlinkView(ScopedActionView):
    """Unlink a program's programme or guidelines; the service decides who may (403), the scope answers 404."""

    queryset = PracticeProgramme.objects.select_related("program", "document")
    action = VIEW
    success_message = ""

    def act(self, obj: PracticeProgramme) -> None:
        svc.unlink_programme(obj, acting_user=self.request.user)

    def get_success_message(self, obj: PracticeProgramme, result: Any) -> str:
        return _("{document} is no longer linked to {program}.").format(document=obj.document.code, program=obj.program)

    def get_success_url(self, obj: PracticeProgramme) -> str:
        return reverse("practice:practiceprogramme_list")
