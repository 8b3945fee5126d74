"""Forms of the public enquiries: the visitor's form (with its spam guards), the staff's answer and forwarding, the
topics, and the list's filters."""

from __future__ import annotations

import time
from typing import Any

import django_filters
from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from mansap.common.filtersets import FilterSet
from mansap.common.forms import BootstrapForm, FilterForm, ScopedModelForm
from mansap.common.phones import normalize_phone
from mansap.core.models import Faculty
from mansap.servicedesk.models.enquiries import Enquiry, EnquiryStatus, EnquiryTopic, UnitRole

HONEYPOT_FIELD = "website"
STAMP_SALT = "servicedesk.enquiry.form"
# A person needs more than this to fill the form in; a form older than MAX is shown again with a fresh stamp.
MIN_FORM_SECONDS = 3
MAX_FORM_SECONDS = 2 * 3600

TOO_FAST = "too_fast"
TOO_OLD = "too_old"


def form_stamp(now: float | None = None) -> str:
    """The signed moment the form was shown (the visitor cannot change it)."""
    return signing.dumps(int(now if now is not None else time.time()), salt=STAMP_SALT)


def stamp_age(value: str, now: float | None = None) -> float | None:
    """Seconds since the form was shown; None for a missing or forged stamp."""
    try:
        shown = signing.loads(value or "", salt=STAMP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(shown, int):
        return None
    return (now if now is not None else time.time()) - shown


class EnquiryForm(BootstrapForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), help_text=_("The answer will come to this address."))
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False, help_text=_("Optional."))
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=EnquiryTopic.objects.none(), empty_label="—")
    message = forms.CharField(label=_("Your question"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    # A field people do not see (hidden by CSS, skipped by the keyboard) that form-filling robots fill in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, institution: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = EnquiryTopic.objects.filter(  # type: ignore[attr-defined]
            institution=institution
        ).active()
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        return normalize_phone(value) if value else ""


class AnswerForm(BootstrapForm):
    answer = forms.CharField(
        label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("E-mailed to the enquirer in the enquiry's language as you write it."),
    )  # fmt: skip


class ForwardForm(BootstrapForm):
    unit = forms.ChoiceField(label=_("Forward to"), choices=())

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]


class EnquiryTopicForm(ScopedModelForm):
    class Meta:
        model = EnquiryTopic
        fields = ["name_kk", "name_ru", "name_en", "role", "faculty", "target_hours", "position", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mansap.core.access import institution_for

        institution = self.instance.institution if self.instance.institution_id else institution_for(self.user)
        self.fields["faculty"].queryset = Faculty.objects.filter(  # type: ignore[attr-defined]
            institution=institution
        ).order_by("code")


OVERDUE_CHOICES = (("yes", _("overdue")), ("no", _("within the target")))


class EnquiryFilterSet(FilterSet):
    topic = django_filters.ModelChoiceFilter(label=_("Topic"), queryset=EnquiryTopic.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EnquiryStatus.choices)
    overdue = django_filters.ChoiceFilter(label=_("Overdue"), choices=OVERDUE_CHOICES, method="filter_overdue")

    class Meta:
        model = Enquiry
        fields = ["topic", "status", "overdue"]
        form = FilterForm

    def __init__(self, *args: Any, institution: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["topic"].queryset = EnquiryTopic.objects.filter(institution=institution)

    def filter_overdue(self, queryset: Any, name: str, value: str) -> Any:
        late = queryset.overdue()
        return late if value == "yes" else queryset.exclude(pk__in=late.values("pk"))


class EnquiryTopicFilterSet(FilterSet):
    role = django_filters.ChoiceFilter(label=_("Responsible unit"), choices=UnitRole.choices)
    active = django_filters.BooleanFilter(label=_("On the form"))

    class Meta:
        model = EnquiryTopic
        fields = ["role", "active"]
        form = FilterForm
