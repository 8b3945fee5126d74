"""The form linking a program's practice programme (or guidelines) to a document of the register (issue #17)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm
from mansap.practice.choices import PracticeKind, ProgrammeRole
from mansap.practice.forms.plan import _programs
from mansap.practice.services.programmes import linkable_documents


class ProgrammeLinkForm(BootstrapForm):
    """Program, type of practice, role and the register's document; the choices are the user's scope."""

    program: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Educational program"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Type of practice"),
        required=False,
        choices=[("", _("every type (guidelines)")), *PracticeKind.choices],
    )
    role = forms.ChoiceField(label=_("Role"), choices=ProgrammeRole.choices, initial=ProgrammeRole.PROGRAMME)
    document: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Document of the register"),
        queryset=None,
        help_text=_("An instruction, regulation or rules of the register, not superseded or cancelled."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = _programs(user)  # type: ignore[attr-defined]
        self.fields["document"].queryset = linkable_documents(user)  # type: ignore[attr-defined]
        self.fields["document"].label_from_instance = lambda d: f"{d.code} {d.title}"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == ProgrammeRole.PROGRAMME and not data.get("kind"):
            self.add_error("kind", _("Choose the type of practice the programme is for."))
        return data
