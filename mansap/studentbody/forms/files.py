"""Forms of personal files: a document of the checklist, the file's location, a return of originals, an archive
transfer act, the checklist's kinds, the archive search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.core.models import Student
from mansap.studentbody.models import DocumentKind


class FileItemForm(BootstrapForm):
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput(), required=False, help_text=_("Empty: today.")
    )
    checked_on = forms.DateField(
        label=_("Checked on"), widget=DateInput(), required=False, help_text=_("You are recorded as who checked it.")
    )
    is_original = forms.BooleanField(label=_("Original (not a copy)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ReceivedForm(BootstrapForm):
    """Several checklist lines marked received today (the file page's ticks)."""

    kinds = forms.ModelMultipleChoiceField(
        label=_("Received today"), queryset=DocumentKind.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, student: Student, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].queryset = DocumentKind.objects.filter(institution_id=student.institution_id)  # type: ignore[attr-defined]
        self.fields["kinds"].widget.attrs["class"] = "form-check-input"


class LocationForm(BootstrapForm):
    room = forms.CharField(label=_("Room"), max_length=32, required=False)
    shelf = forms.CharField(label=_("Shelf"), max_length=32, required=False)
    box = forms.CharField(label=_("Box"), max_length=32, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(BootstrapForm):
    kinds = forms.ModelMultipleChoiceField(
        label=_("Originals given back"), queryset=DocumentKind.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    date = forms.DateField(label=_("Return date"), widget=DateInput(), initial=timezone.localdate)
    signed_on = forms.DateField(
        label=_("Signed by the student on"), widget=DateInput(), required=False,
        help_text=_("Empty until the student signs the list."),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, student: Student, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].queryset = DocumentKind.objects.filter(  # type: ignore[attr-defined]
            items__file__student=student, items__is_original=True, items__received_on__isnull=False,
            items__returned_on__isnull=True,
        )  # fmt: skip
        self.fields["kinds"].widget.attrs["class"] = "form-check-input"


class SignatureForm(BootstrapForm):
    signed_on = forms.DateField(label=_("Signed by the student on"), widget=DateInput(), initial=timezone.localdate)


class TransferActForm(BootstrapForm):
    number = forms.CharField(label=_("Act number"), max_length=32)
    date = forms.DateField(label=_("Act date"), widget=DateInput(), initial=timezone.localdate)
    handed_over_by = forms.CharField(label=_("Handed over by"), max_length=200)
    received_by = forms.CharField(label=_("Received by (archive)"), max_length=200)
    iins = forms.CharField(
        label=_("Students' IINs"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One IIN a line: the students whose files are handed over."),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, students: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.students = students

    def clean_iins(self) -> list[Student]:
        lines = [line.strip() for line in self.cleaned_data["iins"].splitlines() if line.strip()]
        found = {s.iin: s for s in self.students.filter(iin__in=lines)}
        unknown = [line for line in lines if line not in found]
        if unknown:
            raise forms.ValidationError(
                _("No student of your university has the IIN: %(iins)s."), params={"iins": ", ".join(unknown)}
            )
        return list(dict.fromkeys(found[line] for line in lines))


class DocumentKindForm(ScopedModelForm):
    class Meta:
        model = DocumentKind
        fields = ["code", "name_kk", "name_ru", "name_en", "required", "grant_only", "original", "position"]


class ArchiveSearchForm(BootstrapForm):
    q = forms.CharField(label=_("Name or IIN"), max_length=100, required=False)
