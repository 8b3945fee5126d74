"""Pages of the contingent orders: the list, an order (its items and actions), its forms, the order import.

The SSC (core.access.is_contingent_editor) drafts, signs, enters and cancels; everyone else reads the orders in
force whose items are about students in their scope, and sees only those items (querysets)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from mansap.common.exports import sheets_to_xlsx, xlsx_response
from mansap.common.views import (
    ScopedActionView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedServiceFormView,
    StaffRequiredMixin,
)
from mansap.core.access import VIEW, institution_for, is_contingent_editor
from mansap.core.views.imports import KindImportView
from mansap.studentbody import filtersets, tables
from mansap.studentbody.forms import OrderForm, OrderItemForm
from mansap.studentbody.models import Order, OrderItem
from mansap.studentbody.services import imports
from mansap.studentbody.services import orders as services
from mansap.studentbody.views.documents import may_download_order


class OrderListView(ScopedListView):
    queryset = Order.objects.annotate(item_count=Count("items"))
    filterset_class = filtersets.OrderFilterSet
    table_class = tables.OrderTable
    title = gettext_lazy("Contingent orders")  # type: ignore[assignment]
    export_name = "orders"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        editor = is_contingent_editor(self.request.user)
        context["add_url"] = reverse("studentbody:order_add") if editor else None
        context["add_label"] = _("Draft an order") if editor else None
        return context


class OrderEditView(ScopedEditView):
    """A new draft (no pk) or a draft's heading (pk): through the services, which refuse a signed order."""

    queryset = Order.objects.all()
    form_class = OrderForm

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        if not is_contingent_editor(self.request.user):
            if self.kwargs.get("pk") is not None:
                super().get_object(queryset)  # 404 outside the scope first
            raise PermissionDenied
        return super().get_object(queryset)

    def save(self, form: Any) -> Order:
        values = {name: form.cleaned_data[name] for name in services.ORDER_FIELDS}
        if form.instance.pk:
            return services.update_order(form.instance, acting_user=self.request.user, **values)
        institution = institution_for(self.request.user, or_raise=PermissionDenied)
        return services.create_order(institution=institution, acting_user=self.request.user, **values)


class OrderDetailView(ScopedDetailView):
    queryset = Order.objects.select_related("signed_by", "entered_by")
    fields = ["number", "date", "type", "signatory", "status", "note"]
    template_name = "studentbody/order_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        order: Order = self.object
        user = self.request.user
        items = (
            OrderItem.objects.for_user(user, VIEW)
            .filter(order=order)
            .select_related("student__program", "program")
            .order_by("student__last_name", "student__first_name", "pk")
        )
        editor = is_contingent_editor(user)
        context.update(
            items=items,
            editor=editor,
            can_edit_draft=editor and order.is_draft,
            item_form=OrderItemForm(order=order) if editor and order.is_draft else None,
            edit_url=reverse("studentbody:order_edit", args=[order.pk]) if editor and order.is_draft else None,
            history_url=None,
        )
        context["can_change"] = editor and order.is_draft
        context["can_download"] = may_download_order(user, order, list(items))
        return context


class OrderItemAddView(ScopedServiceFormView):
    queryset = Order.objects.all()
    form_class = OrderItemForm
    title = gettext_lazy("Add a student")  # type: ignore[assignment]
    success_message = gettext_lazy("The student is added to the order.")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "order": obj}

    def perform(self, obj: Order, form: OrderItemForm) -> OrderItem:
        values = form.values()
        student = values.pop("student")
        return services.add_item(obj, student=student, acting_user=self.request.user, **values)


class OrderItemRemoveView(ScopedActionView):
    queryset = OrderItem.objects.select_related("order")
    success_message = gettext_lazy("The student is removed from the order.")  # type: ignore[assignment]

    def act(self, obj: OrderItem) -> None:
        services.remove_item(obj, acting_user=self.request.user)

    def get_success_url(self, obj: OrderItem) -> str:
        return obj.order.get_absolute_url()


class OrderSignView(ScopedActionView):
    queryset = Order.objects.all()
    success_message = gettext_lazy("The signature is recorded: the order is in force.")  # type: ignore[assignment]

    def act(self, obj: Order) -> Order:
        return services.sign_order(obj, acting_user=self.request.user)


class OrderEnterView(ScopedActionView):
    queryset = Order.objects.all()
    success_message = gettext_lazy("The order is recorded as entered in Platonus.")  # type: ignore[assignment]

    def act(self, obj: Order) -> Order:
        return services.mark_entered(obj, acting_user=self.request.user)


class OrderCancelView(ScopedActionView):
    queryset = Order.objects.all()
    success_message = gettext_lazy("The draft is cancelled.")  # type: ignore[assignment]

    def act(self, obj: Order) -> Order:
        return services.cancel_order(obj, acting_user=self.request.user)


class OrderImportView(KindImportView):
    """Upload past orders: an import job, checked in the background, then confirmed (core's job pages)."""

    template_name = "studentbody/order_import.html"
    kind = imports.KIND
    title = gettext_lazy("Import orders")
    list_url_name = "studentbody:order_list"
    list_title = gettext_lazy("Contingent orders")

    def may_import(self, user: Any) -> bool:
        return is_contingent_editor(user)

    def column_help(self) -> list[dict[str, Any]]:
        return imports.column_help()


class OrderImportTemplateView(StaffRequiredMixin, View):
    """The empty spreadsheet to fill in (the columns of the import)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = [c.name for c in imports.columns()]
        example = ["125-С", "25.08.2026", "enrolment", "060515600123", "01.09.2026", "", "6B06101", "full_time",
                   "grant", 1, "Серікова", "Айгерім", "Бекқызы", "15.05.2006", "F"]  # fmt: skip
        workbook = sheets_to_xlsx([(_("Orders"), header, []), (_("Example (not imported)"), header, [example])])
        return xlsx_response(workbook, _("orders import template"))
