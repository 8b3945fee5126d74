"""Base views. Every page of a scoped model goes through these, so none can forget for_user().

- objects outside the user's scope answer 404 (they are not in the queryset);
- a write the user may see but not change answers 403;
- lists filter, sort, paginate and export the current selection to XLSX;
- a state change reads like Healthchecks' `pause`: fetch through core.access, call one service, say
  what happened, redirect (`ScopedActionView`; `ScopedServiceFormView` when the service needs a form).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, UpdateView
from django.views.generic.base import ContextMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from mansap.common.confirm import posted_count
from mansap.common.exports import table_xlsx_response
from mansap.common.forms import errors_to_form
from mansap.common.params import parse_id
from mansap.core.access import (
    CHANGE,
    VIEW,
    can_create,
    get_for_user_or_404,
    is_staff_member,
    scoped,
    user_can_change,
)


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


def may_follow(user: Any, url: str | None) -> bool:
    """Whether a link to `url` on one of this site's pages leads the user somewhere rather than to a 403.

    Staff follow every link (an object outside their scope is a 404 they can tell from a missing one).
    Students and employer contacts follow only pages whose view admits them (`staff_only = False`, or a
    view without the staff check): a student's own record links to their program, advisor and history, but
    those pages are for staff. Templates ask it through the `followable` filter.
    """
    if not url:
        return False
    if is_staff_member(user):
        return True
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return False
    view_class = getattr(match.func, "view_class", None)
    return not getattr(view_class, "staff_only", False)


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
        return scoped(self.queryset).for_user(self.request.user, self.action)

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
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            # A filter value that cannot be (?cohort=0, ?department=abc): the page says which field is wrong
            # above an empty list, with 400, as the API answers.
            response.status_code = 400
        return response

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
        history_url = try_reverse(url_name(self.scoped_model(), "history"), obj.pk)
        context["history_url"] = history_url if may_follow(self.request.user, history_url) else None
        context["breadcrumbs"] = [*self.breadcrumbs(), (str(obj), None)]
        return context


class ScopedObjectForWriteMixin(ScopedMixin):
    """Fetches the object in the view scope (404) and then insists on the change scope (403)."""

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        pk = self.kwargs.get("pk")
        if pk is None:
            if not can_create(self.request.user, getattr(self.scoped_model(), "scope_level", "institution")):
                raise PermissionDenied
            return self.scoped_model()()
        return get_for_user_or_404(self.queryset, self.request.user, pk, CHANGE)


def mark_refused(request: HttpRequest) -> None:
    """The posted form was not acted on: its one-time key may be sent again (SubmitOnceMiddleware)."""
    request.mansap_form_refused = True  # type: ignore[attr-defined]


# ---- Optimistic locking: two people editing one record -------------------------------------------------------
VERSION_FIELD = "_version"


def has_version(obj: Model) -> bool:
    return any(f.name == "updated_at" for f in obj._meta.concrete_fields)


def version_of(obj: Model) -> str:
    value = getattr(obj, "updated_at", None)
    return value.isoformat() if value else ""


def _shown(obj: Model, name: str) -> str:
    field = obj._meta.get_field(name)
    value = getattr(obj, name, None)
    if getattr(field, "choices", None):
        value = getattr(obj, f"get_{name}_display")()
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def show_conflict(form: Any, current: Model) -> None:
    """Refuse a save over a newer version: say who changed what, keep every value the user typed.

    Each field whose saved value now differs from the user's gets the saved one beside it; the form's
    version becomes the current one, so saving again (after a look) overwrites on purpose.
    """
    entry = current.history.first() if hasattr(current, "history") else None
    who = (entry.history_user.display_name if entry and entry.history_user else "") or _("someone else")
    changed_at = entry.history_date if entry else current.updated_at  # type: ignore[attr-defined]
    when = date_format(localtime(changed_at), "SHORT_DATETIME_FORMAT")
    form.add_error(
        None,
        _(
            "{who} changed this record on {when}, after you opened it. Nothing was saved: the values saved now are "
            "shown beside yours. Check them and save again to keep yours."
        ).format(who=who, when=when),
    )
    for name in form.fields:
        if name == VERSION_FIELD or name not in {f.name for f in current._meta.fields}:
            continue
        mine = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if getattr(mine, "pk", mine) != getattr(getattr(current, name, None), "pk", getattr(current, name, None)):
            form.add_error(name, _("Saved now: {value}").format(value=_shown(current, name)))
    data = form.data.copy()
    data[form.add_prefix(VERSION_FIELD)] = version_of(current)
    form.data = data


class InitialFromQueryMixin:
    """Preselects the form's fields named in `initial_from_query` from the query string, when they are ids.

    An object's page opens a form for one of its children with e.g. ?practice=12 (its "add" button).
    """

    initial_from_query: tuple[str, ...] = ()
    request: HttpRequest

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()  # type: ignore[misc]
        for name in self.initial_from_query:
            value = parse_id(self.request.GET.get(name))
            if value is not None:
                initial[name] = value
        return initial


class ScopedEditView(InitialFromQueryMixin, ScopedObjectForWriteMixin, UpdateView):
    """Adds (no pk) or edits (pk) an object; the form receives the user to limit its choices."""

    template_name = "common/object_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def save(self, form: Any) -> Model:
        """The state change; views of models with rules call their service here."""
        return form.save()

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        obj = self.object
        if obj is not None and obj.pk and has_version(obj):
            # The version the form was read at (optimistic locking): a save over a newer one is refused.
            form.fields[VERSION_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=version_of(obj)
            )
        return form

    def form_valid(self, form: Any) -> HttpResponse:
        creating = form.instance.pk is None
        try:
            with transaction.atomic():
                # Only a form that says which version it was read at is checked (a page always does; a
                # script posting the fields alone takes its chances, as before).
                if not creating and VERSION_FIELD in form.fields and form.add_prefix(VERSION_FIELD) in form.data:
                    current = type(form.instance)._default_manager.select_for_update().get(pk=form.instance.pk)
                    if version_of(current) != (form.cleaned_data.get(VERSION_FIELD) or ""):
                        show_conflict(form, current)
                        return self.form_invalid(form)
                self.object = self.save(form)
        except ValidationError as exc:
            # A rule the form could not check (a unique constraint on a field it lacks, a service's
            # rule): show it on the form instead of failing with a server error.
            errors_to_form(form, exc)
            return self.form_invalid(form)
        if creating:
            messages.success(self.request, _("Created {object}.").format(object=self.object))
        else:
            messages.success(self.request, _("Saved {object}.").format(object=self.object))
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: Any) -> HttpResponse:
        mark_refused(self.request)
        return super().form_invalid(form)

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


# ---- Redirects and state changes -----------------------------------------------------------------------------
def safe_next(request: HttpRequest, default: str, *, paths_only: bool = False, post_only: bool = False) -> str:
    """The `next` address of the request when it stays on this site (no open redirect), else `default`.

    `next` is read from the POST data, then (unless `post_only`) from the query string. An absolute URL is
    accepted when its host is this request's host, and on an https request only with https. `paths_only`
    also refuses absolute URLs of this site: only a path (starting with "/") is followed.
    """
    url = request.POST.get("next") or ("" if post_only else request.GET.get("next")) or ""
    if not url or (paths_only and not url.startswith("/")):
        return default
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return url if safe else default


def is_htmx(request: HttpRequest) -> bool:
    """Whether django_htmx's middleware marked the request as sent by htmx (False without the middleware)."""
    return bool(getattr(request, "htmx", False))


CONFIRM_FIELDS = {"csrfmiddlewaretoken", "confirm", "count", "_once"}  # _once: forms.js adds a fresh one


class ScopedActionView(ScopedMixin, View):
    """A POST that changes one object through one service: fetch → `act(obj)` → message → redirect.

    - the object is fetched with `get_for_user_or_404(queryset, user, pk, action)`: outside the view
      scope 404; with `action = CHANGE` (the default) a read-only user gets 403 before the service runs.
      Set `action = VIEW` when the service itself decides who may act (it raises PermissionDenied → 403);
    - a ValidationError from the service becomes a message (`error_level`, the error's messages joined);
    - on success `success_message` (formatted with `object`) is shown; `act()` may add its own messages;
    - the answer redirects to a safe `next`, else `get_success_url(obj)` (the object's page);
    - with `partial_template_name`, an htmx request gets that fragment instead (no message: the page
      does not reload), and an error as plain text with `htmx_error_status` (htmx shows it, swaps nothing);
    - a mass action (e-mails to an audience) defines `confirm_count(obj)`: a POST without `confirm=1` answers
      a page with that count and a button that posts again with `confirm=1&count=N`; `act` passes
      `self.confirmed_count()` to its service, which refuses a count that is no longer true
      (common.confirm.require_confirmed_count).
    GET answers 405.
    """

    action = CHANGE
    http_method_names = ["post"]
    success_message = ""
    error_level = messages.ERROR
    partial_template_name: str | None = None
    htmx_error_status = 400
    confirm_template_name = "common/action_confirm.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        count = self.confirm_count(obj)
        if count is not None and request.POST.get("confirm") != "1":
            return self.render_confirm(obj, count)
        try:
            result = self.act(obj)
        except ValidationError as exc:
            return self.act_failed(obj, exc)
        return self.act_done(obj, result)

    def get_object(self) -> Any:
        return get_for_user_or_404(self.queryset, self.request.user, self.kwargs["pk"], self.action)

    def act(self, obj: Any) -> Any:
        """The state change: call one service with `acting_user=self.request.user`; its result goes to the
        success message and the fragment's context."""
        raise NotImplementedError

    def confirm_count(self, obj: Any) -> int | None:
        """How many the action would reach, to be confirmed first; None: no confirmation step."""
        return None

    def confirm_question(self, obj: Any, count: int) -> str:
        """The confirmation page's question, e.g. "Send 39 e-mails?"."""
        return _("Confirm the action for {n} recipients.").format(n=count)

    def confirmed_count(self) -> int | None:
        """The count the user confirmed (posted back by the confirmation page), for the service to check."""
        return posted_count(self.request.POST) if self.request.POST.get("confirm") == "1" else None

    def render_confirm(self, obj: Any, count: int) -> HttpResponse:
        """The confirmation step: the count, the question, the same POST again with confirm=1 and the count."""
        mark_refused(self.request)  # the form's one-time key is posted again by the confirmation
        hidden = [(k, v) for k, values in self.request.POST.lists() for v in values if k not in CONFIRM_FIELDS]
        back = safe_next(self.request, self.get_success_url(obj))
        context = {
            "title": _("Confirm"),
            "object": obj,
            "count": count,
            "question": self.confirm_question(obj, count),
            "hidden": hidden,
            "cancel_url": back,
            "breadcrumbs": [*self.breadcrumbs(), (str(obj), object_url(obj)), (_("Confirm"), None)],
        }
        return render(self.request, self.confirm_template_name, context)

    def error_text(self, exc: ValidationError) -> str:
        return " ".join(exc.messages)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return self.success_message.format(object=obj) if self.success_message else ""

    def get_success_url(self, obj: Any) -> str:
        return object_url(obj) or "/"

    def get_partial_context(self, obj: Any, result: Any) -> dict[str, Any]:
        return {"object": obj, "result": result}

    def wants_partial(self) -> bool:
        return bool(self.partial_template_name) and is_htmx(self.request)

    def act_failed(self, obj: Any, exc: ValidationError) -> HttpResponse:
        if self.wants_partial():
            return HttpResponse(self.error_text(exc), status=self.htmx_error_status)
        messages.add_message(self.request, self.error_level, self.error_text(exc))
        return HttpResponseRedirect(safe_next(self.request, self.get_success_url(obj)))

    def act_done(self, obj: Any, result: Any) -> HttpResponse:
        if self.wants_partial():
            assert self.partial_template_name is not None
            return render(self.request, self.partial_template_name, self.get_partial_context(obj, result))
        message = self.get_success_message(obj, result)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(safe_next(self.request, self.get_success_url(obj)))


class ScopedServiceFormView(ScopedMixin, ContextMixin, View):
    """A form about one object whose POST calls a service (a vetting, an annex, a grade row).

    - GET renders `form_class` for the object fetched like ScopedActionView's (404 / 403);
    - POST validates the form, then calls `perform(obj, form)`; a ValidationError from the service is put
      on the form (`errors_to_form`: on the fields it names, else on the form);
    - an invalid form answers `invalid_status` (400), rendered with `template_name`; htmx requests with a
      `partial_template_name` get that fragment with `htmx_invalid_status` (200: htmx swaps only 2xx
      answers, so the errors must come back as a success to be shown);
    - success: `success_message`, then a redirect to a safe `next`, else `get_success_url(obj, result)`;
      an htmx request gets the fragment (with `saved=True`) instead.
    """

    action = CHANGE
    form_class: type[forms.BaseForm]
    template_name = "common/object_form.html"
    partial_template_name: str | None = None
    title = ""  # formatted with `object`; the page's heading and last breadcrumb
    success_message = ""
    invalid_status = 400
    htmx_invalid_status = 200

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render_form(obj, self.get_form(obj))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj)
        if form.is_valid():
            try:
                result = self.perform(obj, form)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                return self.form_done(obj, form, result)
        return self.form_invalid(obj, form)

    def get_object(self) -> Any:
        return get_for_user_or_404(self.queryset, self.request.user, self.kwargs["pk"], self.action)

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        """Keyword arguments of the form besides the data; add `user=` or the object here."""
        return {"initial": self.get_initial(obj)}

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {}

    def get_form(self, obj: Any) -> Any:
        kwargs = self.get_form_kwargs(obj)
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return self.form_class(**kwargs)

    def perform(self, obj: Any, form: Any) -> Any:
        """The state change: call one service with the form's cleaned data and `acting_user`."""
        raise NotImplementedError

    def get_title(self, obj: Any) -> str:
        return self.title.format(object=obj) if self.title else str(obj)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return self.success_message.format(object=obj) if self.success_message else ""

    def get_success_url(self, obj: Any, result: Any) -> str:
        return object_url(obj) or "/"

    def wants_partial(self) -> bool:
        return bool(self.partial_template_name) and is_htmx(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = context["object"]
        title = self.get_title(obj)
        context.setdefault("title", title)
        context.setdefault("cancel_url", object_url(obj))
        context["breadcrumbs"] = [*self.breadcrumbs(), (str(obj), object_url(obj)), (title, None)]
        return context

    def render_form(self, obj: Any, form: Any, status: int = 200, **extra: Any) -> HttpResponse:
        template = self.partial_template_name if self.wants_partial() else self.template_name
        assert template is not None
        context = self.get_context_data(object=obj, form=form, **extra)
        return render(self.request, template, context, status=status)

    def form_invalid(self, obj: Any, form: Any) -> HttpResponse:
        """The form again with its errors (a page without JavaScript may prefer messages and a redirect)."""
        mark_refused(self.request)
        status = self.htmx_invalid_status if self.wants_partial() else self.invalid_status
        return self.render_form(obj, form, status=status)

    def form_done(self, obj: Any, form: Any, result: Any) -> HttpResponse:
        if self.wants_partial():
            return self.render_form(obj, form, saved=True, result=result)
        message = self.get_success_message(obj, result)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(safe_next(self.request, self.get_success_url(obj, result)))
