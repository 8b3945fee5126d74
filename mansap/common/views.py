"""Base views. Every page of a scoped model goes through these, so none can forget for_user().

- objects outside the user's scope answer 404 (they are not in the queryset);
- a write the user may see but not change answers 403;
- lists filter, sort, paginate and export the current selection to XLSX.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, ProtectedError, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from mansap.common.exports import table_xlsx_response
from mansap.core.querysets import CHANGE, VIEW, can_create, is_staff_member


def url_name(model: type[Model], action: str) -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


def try_reverse(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def object_url(obj: Model) -> str | None:
    """The object's page: get_absolute_url() where the model has one, else its <model>_detail URL."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    return try_reverse(url_name(type(obj), "detail"), obj.pk)


class StaffRequiredMixin(LoginRequiredMixin):
    """Logged-in users with a membership (or superusers); students are turned away with 403."""

    staff_only = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and self.staff_only and not is_staff_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedMixin(StaffRequiredMixin):
    """Applies Model.objects.for_user(user, action) to the view's queryset."""

    queryset: Any  # a scoped queryset (it has for_user()); every view sets one
    action = VIEW
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_queryset(self) -> QuerySet[Any]:
        return self.queryset.all().for_user(self.request.user, self.action)  # type: ignore[attr-defined]

    def scoped_model(self) -> type[Model]:
        return self.queryset.model

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        opts = self.scoped_model()._meta
        return [(capfirst(str(opts.verbose_name_plural)), try_reverse(url_name(self.scoped_model(), "list")))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["opts"] = self.scoped_model()._meta
        context["breadcrumbs"] = self.breadcrumbs()
        return context


class ScopedListView(ScopedMixin, SingleTableMixin, FilterView):
    """A filtered, sortable, paginated table with an XLSX export of the current selection."""

    template_name = "common/object_list.html"
    # The table paginates (one COUNT query); ListView's own pagination would count the rows again.
    paginate_by = None
    table_pagination = {"per_page": 25}
    export_name: str | None = None
    export_exclude: tuple[str, ...] = ("actions",)
    title: str | None = None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            return self.export_xlsx()
        return super().get(request, *args, **kwargs)

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs

    def export_xlsx(self) -> HttpResponse:
        filterset = self.get_filterset(self.get_filterset_class())
        # The export always carries ?export=, so the filterset is bound: invalid filters export nothing.
        rows = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        table = self.table_class(rows, request=self.request)
        table.order_by = self.request.GET.get("sort")
        name = self.export_name or str(self.scoped_model()._meta.verbose_name_plural)
        return table_xlsx_response(table, name, exclude=self.export_exclude)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.title or capfirst(str(self.scoped_model()._meta.verbose_name_plural))
        context["breadcrumbs"] = [(context["title"], None)]
        if can_create(self.request.user, getattr(self.scoped_model(), "scope_level", "institution")):
            context["add_url"] = try_reverse(url_name(self.scoped_model(), "add"))
        query = self.request.GET.copy()
        query["export"] = "xlsx"
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        return context


class ScopedDetailView(ScopedMixin, DetailView):
    template_name = "common/object_detail.html"
    fields: list[str] = []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from mansap.common.display import object_fields

        context = super().get_context_data(**kwargs)
        obj = self.object
        context["fields"] = object_fields(obj, self.fields)
        context["can_change"] = user_can_change(self.request.user, obj)
        context["edit_url"] = try_reverse(url_name(self.scoped_model(), "edit"), obj.pk)
        context["delete_url"] = try_reverse(url_name(self.scoped_model(), "delete"), obj.pk)
        context["history_url"] = try_reverse(url_name(self.scoped_model(), "history"), obj.pk)
        context["breadcrumbs"] = [*self.breadcrumbs(), (str(obj), None)]
        return context


def user_can_change(user: Any, obj: Model) -> bool:
    manager = type(obj)._default_manager
    return manager.for_user(user, CHANGE).filter(pk=obj.pk).exists()  # type: ignore[attr-defined]


class ScopedObjectForWriteMixin(ScopedMixin):
    """Fetches the object in the view scope (404) and then insists on the change scope (403)."""

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        pk = self.kwargs.get("pk")
        if pk is None:
            if not can_create(self.request.user, getattr(self.scoped_model(), "scope_level", "institution")):
                raise PermissionDenied
            return self.scoped_model()()
        obj = get_object_or_404(self.queryset.all().for_user(self.request.user, VIEW), pk=pk)  # type: ignore[attr-defined]
        if not user_can_change(self.request.user, obj):
            raise PermissionDenied
        return obj


class ScopedEditView(ScopedObjectForWriteMixin, UpdateView):
    """Adds (no pk) or edits (pk) an object; the form receives the user to limit its choices."""

    template_name = "common/object_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def save(self, form: Any) -> Model:
        """The state change; views of models with rules call their service here."""
        return form.save()

    def form_valid(self, form: Any) -> HttpResponse:
        creating = form.instance.pk is None
        try:
            self.object = self.save(form)
        except ValidationError as exc:
            # A rule the form could not check (a unique constraint on a field it lacks, a service's
            # rule): show it on the form instead of failing with a server error.
            errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
            for field, found in errors.items():
                form.add_error(field if field in form.fields else None, found)
            return self.form_invalid(form)
        if creating:
            messages.success(self.request, _("Created {object}.").format(object=self.object))
        else:
            messages.success(self.request, _("Saved {object}.").format(object=self.object))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return object_url(self.object) or "/"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.object
        crumbs = self.breadcrumbs()
        if obj.pk:
            crumbs.append((str(obj), object_url(obj)))
            context["title"] = _("Edit {object}").format(object=obj)
            crumbs.append((_("Edit"), None))
            context["cancel_url"] = object_url(obj)
        else:
            context["title"] = _("New {model}").format(model=self.scoped_model()._meta.verbose_name)
            crumbs.append((_("New"), None))
            context["cancel_url"] = try_reverse(url_name(self.scoped_model(), "list"))
        context["breadcrumbs"] = crumbs
        return context


class ScopedDeleteView(ScopedObjectForWriteMixin, DetailView):
    template_name = "common/object_confirm_delete.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        label = str(obj)
        try:
            self.delete(obj)
        except ProtectedError:
            messages.error(request, _("{object} cannot be deleted: other records refer to it.").format(object=label))
            return HttpResponseRedirect(object_url(obj) or "/")
        messages.success(request, _("Deleted {object}.").format(object=label))
        return HttpResponseRedirect(try_reverse(url_name(self.scoped_model(), "list")) or "/")

    def delete(self, obj: Model) -> None:
        obj.delete()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [
            *self.breadcrumbs(),
            (str(self.object), object_url(self.object)),
            (_("Delete"), None),
        ]
        context["object_url"] = object_url(self.object)
        return context


class ObjectHistoryView(ScopedMixin, DetailView):
    """The audit trail of one object: who changed what, and when."""

    template_name = "common/object_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from mansap.common.display import history_entries

        context = super().get_context_data(**kwargs)
        context["entries"] = history_entries(self.object)
        context["breadcrumbs"] = [
            *self.breadcrumbs(),
            (str(self.object), object_url(self.object)),
            (_("History"), None),
        ]
        return context
