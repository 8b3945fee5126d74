"""No English message id is left on a Kazakh or Russian page (issue #12).

Every page of the URL map is rendered with GET for a superuser, a student, an employer contact and an anonymous
visitor, in kk and in ru, on the demo university (seed_demo, with few graduates). The visible text of each HTML
page (text nodes, less scripts and styles, plus the title, placeholder, aria-label and alt attributes and the
value of buttons) must contain none of the English message ids that have no translation in that language:

- the message ids are those of the project's catalogs (mansap/<app>/locale), of Django (its own and the contrib
  apps the site uses: admin, auth, contenttypes, sessions, messages, humanize...) and of the libraries whose
  templates render pages (django-tables2, django-filter);
- "untranslated" means the language's merged catalog has no entry for the message id (an entry translated as
  itself, like "Email", is a translator's decision and is not reported);
- a message id counts when it is long enough to be recognized (two words or eight characters; placeholders
  split it into literal parts, each checked alone), or when a whole text node is exactly that message id
  (so "next" of a pagination link counts, though it is short).

The API (/api/...) is left out: its browsable pages are for developers. File downloads (XLSX, PDF, DOCX, ICS,
PNG) are not HTML and are not rendered here (the PDF reports are checked by their own tests).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import django
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import trans_real

DJANGO_DIR = Path(django.__file__).parent
SITE_PACKAGES = DJANGO_DIR.parent
LANGUAGES = ("kk", "ru")

# Catalogs whose message ids are checked (their English originals, so every msgid is known, translated or not).
LIBRARY_CATALOGS = [
    DJANGO_DIR / "conf/locale/en/LC_MESSAGES/django.po",
    *(DJANGO_DIR / f"contrib/{app}/locale/en/LC_MESSAGES/django.po" for app in (
        "admin", "auth", "contenttypes", "sessions", "humanize", "messages", "sites", "flatpages", "redirects",
    )),
    SITE_PACKAGES / "django_tables2/locale/en/LC_MESSAGES/django.po",
    SITE_PACKAGES / "django_filters/locale/ru/LC_MESSAGES/django.po",  # it ships no English catalog
]  # fmt: skip

# Message ids that may stay English on a kk/ru page, each with its reason. Keep this list short: a string users
# read is translated, in the project's catalogs if a library lacks it.
ALLOWED: dict[str, str] = {}

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
WORD = re.compile(r"\S+")
SPACES = re.compile(r"\s+")

# URL names not rendered here, with the reason.
SKIPPED_URLS = {
    "logout": "a POST that ends the session; its GET answers 405",
    "set_language": "a POST that sets the language; its GET redirects",
    "session_keepalive": "a JSON ping, not a page",
    "healthz": "a JSON probe for nginx and monitoring, not a page",
    "readyz": "a JSON probe for nginx and monitoring, not a page",
    "core:import_status": "an HTMX fragment polled by the import page (rendered within it)",
}
FILE_ROUTE = re.compile(r"\.(xlsx|pdf|docx|ics|png)\b|<str:fmt>|\(\?P<fmt>|/qr/|/cv/|/scan/|/evidence/|/file/")


def project_catalogs() -> list[Path]:
    return sorted(Path(settings.BASE_DIR, "mansap").glob("*/locale/kk/LC_MESSAGES/django.po"))


def english_msgids() -> dict[str, str]:
    """{catalog key: msgid} for every message id of the checked catalogs (key: "context\\x04msgid" or msgid)."""
    found: dict[str, str] = {}
    for path in [*project_catalogs(), *LIBRARY_CATALOGS]:
        if not path.exists():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            ids: tuple[str, ...] = tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)
            key = f"{message.context}\x04{ids[0]}" if message.context else ids[0]  # plurals: the singular's key
            for msgid in ids:
                found[f"{key}\x00{msgid}"] = msgid
    return found


def untranslated(language: str, msgids: dict[str, str]) -> set[str]:
    """The message ids that the merged catalog of the language does not translate."""
    catalog = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    missing = set()
    for keyed, msgid in msgids.items():
        key = keyed.split("\x00", 1)[0]
        if key in catalog or (key, 0) in catalog:
            continue
        missing.add(msgid)
    return missing - set(ALLOWED)


class Needles:
    """The English fragments to look for: long ones anywhere in the text, any one as a whole text node."""

    def __init__(self, msgids: set[str]) -> None:
        self.whole: dict[str, str] = {}
        self.by_first_word: dict[str, list[tuple[str, str]]] = {}
        for msgid in msgids:
            text = SPACES.sub(" ", msgid).strip()
            if len(text) >= 3 and re.search(r"[A-Za-z]{3}", text) and not PLACEHOLDER.search(text):
                self.whole[text] = msgid
            parts = PLACEHOLDER.split(text)
            for part in parts:
                part = part.strip(" .,:;-")
                # A whole message id of 8 characters or more, or a part of two words or more.
                if (" " in part or (len(parts) == 1 and len(part) >= 8)) and re.search(r"[A-Za-z]{3}", part):
                    self.by_first_word.setdefault(part.split(" ", 1)[0], []).append((part, msgid))

    def find(self, nodes: list[str]) -> set[str]:
        hits = {self.whole[node] for node in nodes if node in self.whole}
        text = " \n ".join(nodes)
        for match in WORD.finditer(text):
            for part, msgid in self.by_first_word.get(match.group(), ()):
                if text.startswith(part, match.start()):
                    hits.add(msgid)
        return hits


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes (not scripts or styles) and the labelling attributes."""

    ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
    BUTTON_TYPES = ("submit", "button", "reset")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        values = dict(attrs)
        for name in self.ATTRIBUTES:
            self.add(values.get(name))
        if tag == "input" and values.get("type") in self.BUTTON_TYPES:
            self.add(values.get("value"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.add(data)

    def add(self, text: str | None) -> None:
        if text and (text := SPACES.sub(" ", text).strip()):
            self.nodes.append(text)


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.nodes


def url_patterns(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str, Any]]:
    """(URL name, route, pattern) of every named pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern


# The model of a URL's pk when its view does not declare a queryset; the persona's own objects come first.
PK_MODELS = {
    "studentbody:student_history": "core.Student",
    "studentbody:annual_report": "studentbody.AnnualReport",
    "studentbody:annual_regenerate": "studentbody.AnnualReport",
    "studentbody:annual_issue": "studentbody.AnnualReport",
    "studentbody:annual_document": "studentbody.AnnualReport",
    "core:access_user": "core.User",
    "employers:shortlist_build": "employers.Vacancy",
    "vacancies:detail": "employers.Vacancy",
    "vacancies:apply": "employers.Vacancy",
    "practice:my_preferences": "practice.Practice",
    "practice:my_placement": "practice.Placement",
    "practice:student_diary_add": "practice.Placement",
    "practice:student_diary_entry": "practice.DiaryEntry",
    "practice:student_rules": "practice.Placement",
    "practice:student_upload": "practice.Placement",
    "practice:company_document": "practice.PracticeDocument",
    "surveys:condition_values": "surveys.Questionnaire",
    "academics:record": "core.Student",
    "academics:transcript": "core.Student",
    "studentbody:document_kind_edit": "studentbody.DocumentKind",
    "studentbody:file_detail": "core.Student",
    "studentbody:return_act_detail": "studentbody.ReturnAct",
    "studentbody:return_act_signature": "studentbody.ReturnAct",
    "studentbody:transfer_act_detail": "studentbody.TransferAct",
    "servicedesk:request_form": "servicedesk.Service",
    "servicedesk:request_detail": "servicedesk.ServiceRequest",
    "servicedesk:inforequest_file": "servicedesk.InfoRequest",
    "regulations:public_download": "regulations.DocumentVersion",
    "graduates:extract_mapping": "graduates.ExtractUpload",
    "graduates:extract_upload": "graduates.ExtractUpload",
    "graduates:extract_confirm": "graduates.ExtractUpload",
    "graduates:extract_detail": "graduates.OfficialExtract",
    "graduates:extract_delete": "graduates.OfficialExtract",
    "graduates:official_consent": "core.Student",
}
# Other path arguments: the model of the object they name, or a fixed value.
ARG_MODELS = {
    "department_pk": "core.Department",
    "graduate_pk": "core.Student",
    "student": "core.Student",
    "year": "core.AcademicYear",
    "base_pk": "practice.PracticeBase",
    "kind_pk": "studentbody.DocumentKind",
}
ARG_VALUES = {
    "direction": "up", "step": "submit", "doc": "referral", "language": "kk", "kind": "pdf", "cohort": "2025",
    "number": "17.4",
}  # fmt: skip


class PageLanguageTests(TestCase):
    """One test per persona and language, so that a failure names them; each lists every page with English."""

    personas: ClassVar[dict[str, Any]]
    needles: ClassVar[dict[str, Needles]]

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", graduates=24, seed=7, verbosity=0)
        User = apps.get_model("core", "User")
        cls.personas = {name: User.objects.get(username=name) for name in ("admin", "student", "employer")}

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        msgids = english_msgids()
        cls.needles = {language: Needles(untranslated(language, msgids)) for language in LANGUAGES}

    def pick(self, source: Any, user: Any, name: str = "") -> Any:
        """An object of the view's queryset (or model label) the persona may see (else any: the page answers 404)."""
        rows = (apps.get_model(source)._default_manager if isinstance(source, str) else source).order_by("pk")
        if name.startswith("vacancies:"):
            rows = rows.public()
        if hasattr(rows, "for_user") and user is not None:
            mine = rows.for_user(user, "view").first()
            if mine is not None:
                return mine
        return rows.first()

    def tokens(self, name: str, user: Any, language: str) -> dict[str, str]:
        from mansap.graduates.services.selfservice import SELF_SERVICE_LINK
        from mansap.practice.services.links import CompanyLink
        from mansap.surveys.services.links import SurveyLink

        models: Any = apps  # the demo's rows exist: .first() is never None here
        if name == "graduates:selfservice":
            round_ = models.get_model("graduates.CollectionRound").objects.order_by("-pk").first()
            graduate = models.get_model("core.Student").objects.filter(graduation_date__isnull=False).first()
            return {"token": SELF_SERVICE_LINK.make((graduate, round_), language)}
        if name.startswith("servicedesk:graduate_") and name != "servicedesk:graduate_entry":
            return self.graduate_desk_kwargs(name, language)
        if name == "servicedesk:graduate_entry":  # the round's link: it leads to the desk's (or its error page)
            round_ = models.get_model("graduates.CollectionRound").objects.order_by("-pk").first()
            graduate = models.get_model("core.Student").objects.filter(graduation_date__isnull=False).first()
            return {"token": SELF_SERVICE_LINK.make((graduate, round_), language)}
        if name in ("practice:company_form", "practice:company_document"):
            placement = models.get_model("practice.Placement").objects.exclude(company_supervisor_email="").first()
            return {"token": CompanyLink().make(placement, language)}
        if name == "servicedesk:verify":
            return {"code": models.get_model("servicedesk.IssuedDocument").objects.first().verification_code}
        if name == "surveys:respond":
            invitation = models.get_model("surveys.Invitation").objects.filter(has_responded=False).first()
            return {"token": SurveyLink().make(invitation, language)}
        if name == "surveys:public":
            return {"key": models.get_model("surveys.Campaign").objects.order_by("pk").first().public_slug}
        if name == "password_reset_confirm":
            from django.contrib.auth.tokens import default_token_generator
            from django.utils.encoding import force_bytes
            from django.utils.http import urlsafe_base64_encode

            target = self.personas["student"]
            return {"uidb64": urlsafe_base64_encode(force_bytes(target.pk)),
                    "token": default_token_generator.make_token(target)}  # fmt: skip
        return {}

    def graduate_desk_kwargs(self, name: str, language: str) -> dict[str, Any]:
        """The desk's link of a graduate without an account (#16): one with a request when the demo has one; the
        request's page names that request, the form a service the graduate may request."""
        from mansap.servicedesk.services.catalogue import eligible_services
        from mansap.servicedesk.services.graduate_links import make_token

        Student = apps.get_model("core.Student")
        request = (
            apps.get_model("servicedesk.ServiceRequest")
            .objects.filter(student__graduation_date__isnull=False)
            .order_by("pk")
            .first()
        )
        graduate = request.student if request else Student.objects.filter(graduation_date__isnull=False).first()
        kwargs: dict[str, Any] = {"token": make_token(graduate, language)}
        if name == "servicedesk:graduate_request":
            kwargs["pk"] = request.pk if request else 0
        elif name == "servicedesk:graduate_request_form":
            services = eligible_services(graduate)
            kwargs["pk"] = services[0].pk if services else 0
        return kwargs

    def admin_kwargs(self, name: str, pattern: Any) -> list[dict[str, Any]]:
        """The path arguments of an admin page: every app's index, and each model's list and change form.

        The add, delete and history pages and django-simple-history's pages are the same templates for every
        model: each is rendered for the first model that has them (the add form has the change form's fields).
        """
        groups = set(pattern.pattern.regex.groupindex)
        if name == "admin:app_list":
            labels = re.search(r"\(\?P<app_label>([^)]*)\)", str(pattern.pattern)).group(1).split("|")  # type: ignore[union-attr]
            return [{"app_label": label} for label in labels]
        match = re.fullmatch(r"admin:(\w+?)_(\w+)_(changelist|add|change|history|delete|simple_history)", name)
        model = None
        if match:
            model_name, page = match.group(2), match.group(3)
            if page == "change" and model_name.endswith("_simple"):  # "<model>_simple_history" split wrongly
                model_name, page = model_name.removesuffix("_simple"), "simple_history"
            model = next((m for m in apps.get_models() if (m._meta.app_label, m._meta.model_name) ==
                          (match.group(1), model_name)), None)  # fmt: skip
            if page not in ("changelist", "change") and page in self.admin_pages_done:
                return []
            self.admin_pages_done.add(page)
            obj: Any = model._default_manager.order_by("pk").first() if model is not None else None
            if page == "simple_history":
                version = obj.history.order_by("history_id").first() if obj is not None else None
                if version is None:
                    self.admin_pages_done.discard(page)
                    return []
                return [{"args": [obj.pk, version.history_id]}]
            if "object_id" in groups:
                if obj is None:
                    self.admin_pages_done.discard(page)
                    return []
                return [{"object_id": str(obj.pk)}]
        if groups == {"id"}:  # the user's set-password page
            return [{"id": str(self.personas["student"].pk)}]
        return [{}] if not groups and not pattern.pattern.regex.groups else []

    def urls(self, persona: str, language: str) -> Iterator[tuple[str, str]]:
        user = self.personas.get(persona)
        self.admin_pages_done: set[str] = set()
        for name, route, pattern in url_patterns(get_resolver().url_patterns):
            if name in SKIPPED_URLS or FILE_ROUTE.search(route) or route.startswith("api/"):
                continue
            if name.startswith("admin:"):
                if persona != "admin" and name != "admin:login":
                    continue
                for admin_kwargs in self.admin_kwargs(name, pattern):
                    args = admin_kwargs.pop("args", None)
                    yield name, reverse(name, args=args) if args else reverse(name, kwargs=admin_kwargs)
                continue
            if "view_on_site" in name:
                continue
            names = set(pattern.pattern.regex.groupindex) | set(getattr(pattern.pattern, "converters", {}))
            kwargs: dict[str, Any] = self.tokens(name, user, language)
            for arg in sorted(names - set(kwargs)):
                if arg == "pk":
                    view = getattr(pattern.callback, "view_class", None)
                    queryset = getattr(view, "queryset", None)
                    source = PK_MODELS.get(name) or queryset
                    if source is None:
                        raise AssertionError(f"{name}: which model does its pk name? Add it to PK_MODELS.")
                    obj = self.pick(source, user, name)
                elif arg in ARG_MODELS:
                    obj = self.pick(ARG_MODELS[arg], user)
                elif arg in ARG_VALUES:
                    kwargs[arg] = ARG_VALUES[arg]
                    continue
                else:
                    raise AssertionError(f"{name}: what is its argument {arg}? Add it to ARG_MODELS or ARG_VALUES.")
                if obj is None:
                    break
                kwargs[arg] = obj.pk
            else:
                yield name, reverse(name, kwargs=kwargs)

    def english_on_pages(self, persona: str, language: str) -> dict[str, list[str]]:
        self.client.logout()
        if self.personas.get(persona) is not None:
            self.client.force_login(self.personas[persona])
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        found: dict[str, list[str]] = {}
        for name, url in self.urls(persona, language):
            with translation.override(language):
                response = self.client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
                continue
            hits = self.needles[language].find(visible_text(response.content.decode()))
            if hits:
                found[f"{url} ({name}, {response.status_code})"] = sorted(hits)
        return found

    def english(self, response: Any, language: str) -> set[str]:
        return self.needles[language].find(visible_text(response.content.decode()))

    def as_persona(self, persona: str | None, language: str) -> None:
        self.client.logout()
        if persona is not None:
            self.client.force_login(self.personas[persona])
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    # The pages the issue names, one by one (the crawl below covers them too, GET only).

    def test_login_error_in_kazakh(self) -> None:
        self.as_persona(None, "kk")
        response = self.client.post(reverse("login"), {"username": "student", "password": "wrong-password-1"})
        self.assertContains(response, "құпиясөзді енгізіңіз", status_code=200)
        self.assertEqual(self.english(response, "kk"), set())

    def test_cv_upload_error_in_kazakh(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.as_persona("student", "kk")
        cv = SimpleUploadedFile("cv.docx", b"PK\x03\x04 not a pdf", content_type="application/msword")
        response = self.client.post(reverse("vacancies:profile"), {"languages": "kk", "cv": cv})
        self.assertContains(response, "«docx» кеңейтімі бар файлға рұқсат жоқ")
        self.assertEqual(self.english(response, "kk"), set())

    def test_compliance_headers_in_kazakh_and_russian(self) -> None:
        for language, header in (("kk", "Шарттар (1 ай)"), ("ru", "Договоры (1 месяц)")):
            self.as_persona("admin", language)
            response = self.client.get(reverse("practice:compliance"), {"all": "1", "academic_year": ""})
            self.assertContains(response, header)
            self.assertNotContains(response, "Contracts (1 month)")

    def test_pagination_in_kazakh(self) -> None:
        self.as_persona("admin", "kk")
        response = self.client.get(reverse("core:student_list"))
        self.assertContains(response, "келесі")
        self.assertEqual(self.english(response, "kk"), set())

    def test_admin_index_in_kazakh(self) -> None:
        self.as_persona("admin", "kk")
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "Соңғы әрекеттер")
        self.assertEqual(self.english(response, "kk"), set())

    def check(self, persona: str, language: str) -> None:
        found = self.english_on_pages(persona, language)
        report = "\n".join(f"  {page}: {hits}" for page, hits in sorted(found.items()))
        if found:
            self.fail(f"English left on {language} pages for {persona}:\n{report}")


for _persona in ("admin", "student", "employer", "anonymous"):
    for _language in LANGUAGES:

        def _test(self: PageLanguageTests, persona: str = _persona, language: str = _language) -> None:
            self.check(persona, language)

        setattr(PageLanguageTests, f"test_{_persona}_pages_in_{_language}", _test)


# The names makemessages extracts strings from (xgettext's Python keywords and the ones Django adds): a string
# marked with another alias (`gettext_lazy as _lazy`) never reaches the catalogs, so it is English on every page.
EXTRACTED_NAMES = {
    "_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy",
    "npgettext", "npgettext_lazy",
}  # fmt: skip
TRANSLATION_IMPORT = re.compile(r"from django\.utils\.translation import ([^\n(]+|\([^)]*\))")


class TranslationAliasTests(SimpleTestCase):
    def test_strings_are_marked_with_names_makemessages_extracts(self) -> None:
        wrong = []
        for path in sorted(Path(settings.BASE_DIR, "mansap").rglob("*.py")):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for names in TRANSLATION_IMPORT.findall(path.read_text()):
                for name in names.strip("()").split(","):
                    original, _, alias = (part.strip() for part in name.strip().partition(" as "))
                    if alias and alias not in EXTRACTED_NAMES:
                        wrong.append(f"{path.relative_to(settings.BASE_DIR)}: {original} as {alias}")
        self.assertEqual(wrong, [])
