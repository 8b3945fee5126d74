"""The desk's catalogue: the list of services and a service's edit page (names, eligibility, SLA, instant
self-issue, approval, document, form fields)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from mansap.common.views import ScopedEditView, ScopedListView
from mansap.core.access import is_service_desk_staff
from mansap.servicedesk import filtersets, tables
from mansap.servicedesk.forms import ServiceForm
from mansap.servicedesk.models import Service


class ServiceListView(ScopedListView):
    queryset = Service.objects.all()
    table_class = tables.ServiceTable
    filterset_class = filtersets.ServiceFilterSet
    title = gettext_lazy("Service catalogue")  # type: ignore[assignment]
    export_name = "services"
    template_name = "servicedesk/service_list.html"  # with a note on the certificates' texts (the register's)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = None
        return context


class ServiceEditView(ScopedEditView):
    queryset = Service.objects.all()
    form_class = ServiceForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        if not is_service_desk_staff(self.request.user):
            raise PermissionDenied
        return super().get_object(queryset)

    def get_success_url(self) -> str:
        return reverse("servicedesk:service_list")

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(str(ServiceListView.title), reverse("servicedesk:service_list"))]
