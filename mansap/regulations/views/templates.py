"""The page that edits a document template's text as a new minor version (issue #17, R-152): the owner of the
template's document or the quality department; everybody else who reads the document gets 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mansap.common.views import ScopedServiceFormView
from mansap.core.access import VIEW
from mansap.regulations.forms.templates import TemplateTextForm
from mansap.regulations.models import Document, DocumentVersion
from mansap.regulations.services import templates
from mansap.regulations.views.documents import RegisterCrumbs


class TemplateEditView(RegisterCrumbs, ScopedServiceFormView):
    queryset = Document.objects.select_related("template")
    form_class = TemplateTextForm
    action = VIEW  # the owner may not be an editor of the register: the service checks may_revise
    template_name = "regulations/template_form.html"
    title = gettext_lazy("Edit the text of {object}")  # type: ignore[assignment]
    success_message = gettext_lazy("The new version of the template is in force from its date.")  # type: ignore[assignment]

    def get_object(self) -> Any:
        document = super().get_object()
        if not hasattr(document, "template") or not templates.may_revise(self.request.user, document):
            raise PermissionDenied
        return document

    def get_form_kwargs(self, obj: Document) -> dict[str, Any]:
        spec = templates.DEFAULTS.get(obj.template.key)
        return {**super().get_form_kwargs(obj), "variables": spec.variables if spec else ()}

    def get_initial(self, obj: Document) -> dict[str, Any]:
        key = obj.template.key
        version = templates.version_on(obj, timezone.localdate())
        initial: dict[str, Any] = {"effective_on": timezone.localdate()}
        for language in ("kk", "ru", "en"):
            initial[f"text_{language}"] = templates.template_text(key, language, version)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        document = context.get("object")
        if isinstance(document, Document):
            context["current"] = templates.version_on(document, timezone.localdate())
        return context

    def perform(self, obj: Document, form: TemplateTextForm) -> DocumentVersion:
        return templates.revise_template(
            obj, acting_user=self.request.user, texts=form.texts(),
            effective_on=form.cleaned_data["effective_on"], note=form.cleaned_data["note"],
        )  # fmt: skip

    def get_success_url(self, obj: Document, result: Any) -> str:
        return obj.get_absolute_url()
