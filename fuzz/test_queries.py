"""Hostile query-string values never answer 500, on any page or API list (issue #11).

Every URL of the URL map that can be requested with GET is found by walking the resolver; the query
parameters each one reads are found from its code: its FilterSet (the page's or the API's), the forms and
serializers it binds to the query string, the names it reads by hand (`request.GET.get("cohort")`), and
the ones every list reads (page, sort, ordering, export). Each parameter alone gets each hostile value
(0, -1, a huge integer, "1e5", NUL, a digit `int()` refuses, a long string, an impossible date, the first
and the last date), as a superuser, a department's editor and a student, on the demo university.

Expected: never a 500 (nor an exception); an API answer is always JSON; a page refusing a value (400)
says why. A choice filter may ignore an unknown value, as Django does.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import django_filters
import pytest
from django import forms
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework import serializers

from mansap.core.access import VIEW
from mansap.core.models import User

# Hostile values by the kind of parameter (its filter's, form field's or serializer field's type); a parameter a
# view reads by hand may be anything, so it gets them all. NUL is sent once per URL: NullCharacterMiddleware
# refuses it before any view reads a parameter.
HUGE = str(2**70)  # no 64-bit column holds it; on SQLite it cannot even be sent
VALUES = {
    "number": ["0", HUGE, "-1", "1e5", "²"],  # 1e5: a number field reads 100000, a year no date has
    "choice": ["0", HUGE, "²"],  # "²": str.isdigit() says yes, int() says no
    "text": ["x" * 300, "²"],  # longer than any column
    "date": ["0001-01-01", "9999-12-31", "2025-02-30", "0"],  # a year before the first, a day after the last
    "any": ["0", HUGE, "-1", "1e5", "²", "x" * 300, "2025-02-30", "0001-01-01", "9999-12-31"],
    "generic": ["0", HUGE, "²"],  # page, sort, ordering: shared code
}
OTHER_PERSONAS = 2  # how many of its kind's values a parameter gets from the second and third persona

# Query parameters every list reads, besides its filters.
PAGE_PARAMS = ("page", "sort", "export")
API_LIST_PARAMS = ("page", "ordering", "format")

# URL names not walked, and why.
SKIPPED = {
    "logout": "a POST that ends the session",
    "set_language": "Django's own view (POST)",
    "session_keepalive": "a POST",
    # Rendering a PDF takes a second; the parameters are read by the same view as the XLSX twin's.
    "graduates:analytics_pdf": "graduates:analytics_xlsx's view, rendering a PDF",
    "academics:session_pdf": "academics:session_xlsx's view, rendering a PDF",
    "academics:summary_sheet_pdf": "academics:summary_sheet_xlsx's view, rendering a PDF",
}

GET_NAME = re.compile(r"""(?:GET|query_params)(?:\.get|\.getlist|\.pop)?\s*[\[(]\s*["'](\w+)["']""")
IN_GET = re.compile(r"""["'](\w+)["']\s+(?:not\s+)?in\s+(?:self\.)?request\.(?:GET|query_params)""")
BOUND = re.compile(r"""([\w.]+)\(\s*(?:data=)?(?:self\.)?request\.(?:GET|query_params)""")
CALLED = re.compile(r"""\b(\w+)\(""")


@dataclass
class Target:
    name: str
    route: str
    view: type
    api: bool
    params: dict[str, str] = field(default_factory=dict)  # name: kind (see VALUES)
    kwargs: list[str] = field(default_factory=list)


def walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), prefix + str(pattern.pattern), pattern


def _in_mansap(obj: Any) -> bool:
    return (getattr(obj, "__module__", "") or "").startswith("mansap.")


def _sources(view: type) -> Iterator[tuple[str, dict[str, Any]]]:
    """The source of the view's own classes (in mansap) and of the module functions they call, two levels down."""
    seen: set[Any] = set()
    todo: list[tuple[Any, int]] = [(klass, 0) for klass in view.__mro__ if _in_mansap(klass)]
    while todo:
        obj, depth = todo.pop()
        if obj in seen:
            continue
        seen.add(obj)
        source = inspect.getsource(obj)
        namespace = vars(importlib.import_module(obj.__module__))
        yield source, namespace
        if depth < 2:
            for name in set(CALLED.findall(source)):
                called = namespace.get(name)
                if inspect.isfunction(called) and _in_mansap(called):
                    todo.append((called, depth + 1))


def _resolve(dotted: str, namespace: dict[str, Any]) -> Any:
    head, *rest = dotted.split(".")
    obj = namespace.get(head)
    for part in rest:
        obj = getattr(obj, part, None)
    return obj


def _kind(field_: Any) -> str:
    """A form or serializer field's kind of value (see VALUES)."""
    date = (forms.DateField, forms.DateTimeField, serializers.DateField, serializers.DateTimeField)
    number = (forms.IntegerField, forms.DecimalField, forms.FloatField, serializers.IntegerField,
              serializers.DecimalField, serializers.FloatField)  # fmt: skip
    choice = (forms.ChoiceField, forms.NullBooleanField, forms.BooleanField, serializers.ChoiceField,
              serializers.BooleanField, serializers.RelatedField)  # fmt: skip
    text = (forms.CharField, serializers.CharField)
    klass = field_ if isinstance(field_, type) else type(field_)
    for kind, bases in (("date", date), ("number", number), ("choice", choice), ("text", text)):
        if issubclass(klass, bases):
            return kind
    return "any"


def _fields_of(obj: Any) -> dict[str, str]:
    if isinstance(obj, type) and issubclass(obj, django_filters.FilterSet):
        return {name: _kind(filter_.field_class) for name, filter_ in obj.base_filters.items()}
    if isinstance(obj, type) and issubclass(obj, forms.BaseForm):
        return {name: _kind(field_) for name, field_ in obj.base_fields.items()}
    if isinstance(obj, type) and issubclass(obj, serializers.Serializer):
        return {name: _kind(field_) for name, field_ in obj._declared_fields.items()}
    return {}


def _merge(params: dict[str, str], more: dict[str, str]) -> None:
    for name, kind in more.items():
        params[name] = kind if params.get(name, kind) == kind else "any"  # read two ways: anything


def filter_params(view: type) -> dict[str, str]:
    params = _fields_of(getattr(view, "filterset_class", None))
    declared = getattr(view, "filterset_fields", None)
    if isinstance(declared, list | tuple):  # (not django-filter's "__all__")
        _merge(params, dict.fromkeys(declared, "any"))
    return params


def _read_by_hand(source: str) -> dict[str, str]:
    return dict.fromkeys({*GET_NAME.findall(source), *IN_GET.findall(source)}, "any")


def params_of(view: type, api: bool) -> dict[str, str]:
    params = filter_params(view)
    for source, namespace in _sources(view):
        _merge(params, _read_by_hand(source))
        for dotted in BOUND.findall(source):
            _merge(params, _fields_of(_resolve(dotted, namespace)))
        if "request.GET" in source and getattr(view, "form_class", None) is not None:
            if re.search(r"""\[["']data["']\]\s*=\s*self\.request\.GET""", source):
                _merge(params, _fields_of(view.form_class))
    if api:
        if getattr(view, "pagination_class", None) is not None or "list" in dir(view):
            params.update(dict.fromkeys(API_LIST_PARAMS, "generic"))
    elif "ScopedListView" in {k.__name__ for k in view.__mro__}:
        params.update(dict.fromkeys(PAGE_PARAMS, "generic"))
    return params


def _action_params(view: type, name: str) -> dict[str, str]:
    """The parameters an extra action of a viewset reads itself (its own source only)."""
    action = name.rsplit("-", 1)[1]
    method = getattr(view, action, None)
    if method is None or not callable(method):
        return {}
    source = inspect.getsource(method)
    params = _read_by_hand(source)
    if "paginate_queryset" in source:
        params["page"] = "generic"
    if "filter_queryset" in source:
        _merge(params, filter_params(view))
    return params


def targets() -> list[Target]:
    found: dict[str, Target] = {}
    for name, route, pattern in walk(get_resolver().url_patterns):
        if name.startswith("admin:") or name in SKIPPED or name in found:
            continue
        callback = pattern.callback
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        if view is None:
            continue
        api = route.startswith("api/")
        if api and "format" in pattern.pattern.regex.groupindex:
            continue  # the .json twin of a route
        kwargs = list(pattern.pattern.regex.groupindex)
        params = params_of(view, api)
        if api and not name.endswith("-list"):
            # A detail route or an action: no filters, unless the action reads some itself.
            dropped = {*API_LIST_PARAMS, *filter_params(view)}
            params = {k: v for k, v in params.items() if k not in dropped}
            _merge(params, _action_params(view, name))
        found[name] = Target(name, route, view, api, params, kwargs)
    return list(found.values())


# ----------------------------------------------------------------------------------------------------------------
# URL arguments: an object the user may see where the view has a model, else any.
# ----------------------------------------------------------------------------------------------------------------
def _queryset(target: Target) -> Any:
    """What the view's pk names: its queryset (e.g. graduates only), its model, or one named here."""
    if target.name in PK_MODELS:
        return PK_MODELS[target.name]()._default_manager.all()
    queryset = getattr(target.view, "queryset", None)
    if queryset is not None:
        return queryset
    model = getattr(target.view, "model", None)
    return model._default_manager.all() if model is not None else None


def _pick(queryset: Any, user: User) -> Model | None:
    """The first object of the queryset the user may see, else the first of all (the page then says 404)."""
    queryset = queryset.all()
    if hasattr(queryset, "for_user"):
        found = queryset.for_user(user, VIEW).order_by("pk").first()
        if found is not None:
            return found
    return queryset.order_by("pk").first()


# URLs with parameters no persona reaches with GET (200 or 400), and why; every other one is walked.
# (Each reads its parameters only as comparisons with constants, shown beside.)
NOT_WALKED = {
    "practice:package_document": "its base must be in the practice's package; lang= in LANGUAGES, as the others",
    "practice:practice_document": "sends the demo's practices back to their page (302); lang= in LANGUAGES",
    "graduates:obligation_edit": "the demo's first graduates have no grant obligation (404); next= through safe_next",
    "graduates:selfservice": "the demo's round links answer 410 (closed); saved= compared with 'replaced'",
    "graduates:selfservice_qr": "a graduate of the round's own list; lang= in LANGUAGE_CODES, format= == 'svg'",
    "surveys:respond": "the demo's invitations answer 410 (closed); saved= read as a flag",
    "practice:practice_programme_file": "the demo's practices have no loose programme file (their programmes are in "
    "the register): 404; no parameters besides the pk",
}

# Other URL arguments; documents in their cheapest format (a PDF takes a second to render, the parameters are
# read before either is made).
FIXED_KWARGS = {"fmt": "docx", "doc": "diary", "format": "json", "step": "submit", "direction": "up"}
FIXED_KWARGS_OF = {
    "surveys:campaign_results_export": {"fmt": "xlsx"},
    "quality:p17_rows": {"number": "17.4"},
    "regulations:version_download": {"language": "ru"},
    "regulations:control_sheet": {"sheet": "approval", "language": "ru"},
}


def _model_named(label: str) -> Any:
    from django.apps import apps

    return lambda: apps.get_model(label)


# Views whose pk names an object they fetch themselves (no queryset or model attribute).
PK_MODELS = {
    "employers:shortlist_build": _model_named("employers.Vacancy"),
    "practice:student_diary_entry": _model_named("practice.DiaryEntry"),
    "surveys:condition_values": _model_named("surveys.Questionnaire"),
    "studentbody:order_document": _model_named("studentbody.Order"),
    "studentbody:item_extract": _model_named("studentbody.OrderItem"),
    "academics:transcript": _model_named("core.Student"),
    "academics:transcript_xlsx": _model_named("core.Student"),
    "servicedesk:inforequest_file": _model_named("servicedesk.InfoRequest"),
    "studentbody:annual_report": _model_named("studentbody.AnnualReport"),
    "studentbody:annual_document": _model_named("studentbody.AnnualReport"),
    "studentbody:annual_regenerate": _model_named("studentbody.AnnualReport"),
    "studentbody:annual_issue": _model_named("studentbody.AnnualReport"),
    "graduates:extract_detail": _model_named("graduates.OfficialExtract"),
    "graduates:extract_mapping": _model_named("graduates.ExtractUpload"),
    "graduates:extract_upload": _model_named("graduates.ExtractUpload"),
}


def _selfservice_url() -> str | None:
    from mansap.core.models import Student
    from mansap.graduates.models import CollectionRound
    from mansap.graduates.services.selfservice import link_path

    for round_ in CollectionRound.objects.order_by("pk"):
        graduates = Student.objects.graduates().filter(graduation_date__year=round_.cohort)
        graduate = graduates.filter(institution=round_.institution).order_by("pk").first()
        if graduate is not None:
            return link_path(graduate, round_)
    return None


def _survey_url() -> str | None:
    from mansap.surveys.models import Invitation
    from mansap.surveys.services.links import survey_link

    invitation = Invitation.objects.filter(has_responded=False).order_by("pk").first()
    return survey_link.path(invitation, "") if invitation else None


def _public_survey_url() -> str | None:
    from mansap.surveys.models import Campaign

    campaign = Campaign.objects.filter(public_link=True).order_by("pk").first()
    return reverse("surveys:public", args=[campaign.public_slug]) if campaign else None


def _summary_sheet_url() -> str | None:
    from django.utils.http import urlencode

    from mansap.academics.models import Grade

    grade = Grade.objects.exclude(student__group="").select_related("student").order_by("pk").first()
    if grade is None:
        return None
    student = grade.student
    group = {"program": student.program_id, "admission_year": student.admission_year, "group": student.group}
    return reverse("academics:summary_sheet_xlsx") + "?" + urlencode(group)


def _public_regulation_url() -> str | None:
    from mansap.regulations.models import DocumentVersion

    version = DocumentVersion.objects.public().exclude(file_ru="").order_by("pk").first()
    return reverse("regulations:public_download", args=[version.pk, "ru"]) if version else None


def _template_edit_url() -> str | None:
    from mansap.regulations.models import DocumentTemplate

    template = DocumentTemplate.objects.order_by("pk").first()
    return reverse("regulations:template_edit", args=[template.document_id]) if template else None


# Signed-link pages: a link the demo's data makes (or a page's export, with the query naming the demo's rows).
URL_BUILDERS = {
    "graduates:selfservice": _selfservice_url,
    "surveys:respond": _survey_url,
    "surveys:public": _public_survey_url,
    "academics:summary_sheet_xlsx": _summary_sheet_url,
    "regulations:public_download": _public_regulation_url,
    "regulations:template_edit": _template_edit_url,
}

# URL arguments naming a second object: any of that model the user may see.
RELATED_KWARGS = {
    "graduate_pk": lambda: _model_named("core.Student")().objects.graduates(),
    "department_pk": lambda: _model_named("core.Department")().objects.all(),
    "student": lambda: _model_named("core.Student")().objects.all(),
    "base_pk": lambda: _model_named("practice.PracticeBase")().objects.all(),
    "kind_pk": lambda: _model_named("studentbody.DocumentKind")().objects.all(),
}


def url_for(target: Target, user: User) -> str | None:
    if target.name in URL_BUILDERS:
        return URL_BUILDERS[target.name]()
    if not target.kwargs:
        return reverse(target.name)
    queryset = _queryset(target)
    values: dict[str, Any] = {}
    for kwarg in target.kwargs:
        if kwarg == "pk" and queryset is not None:
            obj = _pick(queryset, user)
            if obj is None:
                return None
            values["pk"] = obj.pk
        elif kwarg in RELATED_KWARGS:
            obj = _pick(RELATED_KWARGS[kwarg](), user)
            if obj is None:
                return None
            values[kwarg] = obj.pk
        elif kwarg in FIXED_KWARGS_OF.get(target.name, FIXED_KWARGS):
            values[kwarg] = FIXED_KWARGS_OF.get(target.name, FIXED_KWARGS)[kwarg]
        else:
            return None
    try:
        return reverse(target.name, kwargs=values)
    except Exception:
        return None


# ----------------------------------------------------------------------------------------------------------------
# The walk
# ----------------------------------------------------------------------------------------------------------------
PERSONAS = ("admin", "aigerim", "student")


@pytest.fixture(scope="module")
def personas(demo: None, django_db_blocker: Any) -> dict[str, User]:
    with django_db_blocker.unblock():
        return {name: User.objects.get(username=name) for name in PERSONAS}


def _check(client: Client, target: Target, url: str, param: str, value: str) -> str | None:
    try:
        response = client.get(url, {param: value})
    except Exception as exc:  # the test client re-raises the view's exception
        return f"{type(exc).__name__}: {str(exc)[:120]}"
    if response.status_code >= 500:
        return f"{response.status_code}"
    if target.api and response.status_code != 204 and "json" not in response.get("Content-Type", ""):
        return f"{response.status_code} not JSON ({response.get('Content-Type')})"
    if not target.api and response.status_code == 400 and b'role="alert"' not in response.content:
        return "400 without a message"  # (a filter's error, or the 400 page's reason)
    return None


pytestmark = pytest.mark.fuzz


def answers_get(view: type) -> bool:
    return "get" in getattr(view, "http_method_names", ()) and (hasattr(view, "get") or hasattr(view, "list"))


# POST-only views read their parameters (next=) from the form: Django's forms and safe_next check those.
ALL_TARGETS = [t for t in targets() if t.params and answers_get(t.view)]


@pytest.mark.django_db
@pytest.mark.parametrize("target", ALL_TARGETS, ids=[t.name for t in ALL_TARGETS])
def test_hostile_query_values_never_answer_500(personas: dict[str, User], target: Target) -> None:
    failures: list[str] = []
    walked = 0
    for persona, user in personas.items():
        url = url_for(target, user)
        if url is None:
            continue
        client = Client()
        client.force_login(user)
        if client.get(url).status_code not in (200, 400):
            continue  # refused (403, 404, 405) or sent elsewhere (302) before any parameter is read
        # The first persona who reaches the page tries every value of each parameter's kind; the others
        # the first few (and not the parameters every list reads: shared code).
        first = not walked
        tries = [(min(target.params), "\x00")]
        for param, kind in sorted(target.params.items()):
            if first or kind != "generic":
                tries += [(param, value) for value in VALUES[kind][: None if first else OTHER_PERSONAS]]
        for param, value in tries:
            problem = _check(client, target, url, param, value)
            walked += 1
            if problem:
                failures.append(f"{persona} GET {url}?{param}={value[:20]!r}: {problem}")
    assert not failures, "\n".join(failures)
    if target.name in NOT_WALKED:
        assert not walked, f"{target.name} is walked now: take it off NOT_WALKED"
    else:
        assert walked, f"{target.name}: no persona reached it (add an object it needs, or list it in NOT_WALKED)"
