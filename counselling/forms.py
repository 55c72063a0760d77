import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integration_portal.dates import DateInRangeField, DateTimeInRangeField
from integration_portal.models import District, Language

from . import phones
from .models import (
    Absence,
    AvailabilityRule,
    Client,
    Counsellor,
    Location,
    Mode,
    Topic,
    phone_digits,
)
from .services import ClientDetails
from .statistics import Period, period_of

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


class TopicForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("What would you like to talk about?"),
        choices=Topic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a topic.")},
    )


class LanguageForm(forms.Form):
    language = forms.ModelChoiceField(
        label=_("In which language would you like to talk?"),
        queryset=Language.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a language.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.filter(
            pk__in=Counsellor.languages.through.objects.values("language_id")
        )


class ModeForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How would you like to talk?"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you would like to talk.")},
    )


class LocationForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Where would you like to meet?"),
        queryset=Location.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a place.")},
    )


class SlotForm(forms.Form):
    """The slot is a key computed by slots.py; the view renders the radio buttons by day."""

    slot = forms.CharField(error_messages={"required": _("Choose a time.")}, label=_("Time"))

    def __init__(self, *args, slot_keys: set[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.slot_keys = slot_keys

    def clean_slot(self) -> str:
        key = self.cleaned_data["slot"]
        if key not in self.slot_keys:
            raise forms.ValidationError(_("This time is no longer free. Please choose another."))
        return key


def _year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, this_year - 5, -1)]


class ChildForm(forms.Form):
    """The youngest child's month of birth: the first question, since it decides
    whether she can be counselled at all."""

    child_month = forms.TypedChoiceField(
        label=_("Month of birth of your youngest child"),
        choices=[("", ""), *MONTHS],
        coerce=int,
        error_messages={"required": _("Choose the month of birth of your youngest child.")},
    )
    child_year = forms.TypedChoiceField(
        label=_("Year of birth of your youngest child"),
        choices=[],
        coerce=int,
        error_messages={"required": _("Choose the year of birth of your youngest child.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child_year"].choices = [("", ""), *_year_choices()]

    def clean(self) -> dict:
        cleaned = super().clean()
        month, year = cleaned.get("child_month"), cleaned.get("child_year")
        if month and year:
            born = date(year, month, 1)
            if born > timezone.localdate():
                self.add_error("child_month", _("The month of birth cannot be in the future."))
            else:
                cleaned["child_birth_month"] = born
        return cleaned


class DetailsForm(forms.Form):
    name = forms.CharField(
        label=_("Your name or a pseudonym"),
        max_length=120,
        help_text=_("We only need a name to greet you. A first name or a made-up name is fine."),
        error_messages={"required": _("Enter a name or a pseudonym.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("We send the confirmation and a reminder here."),
        # Addresses and numbers run left to right also on Arabic pages.
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("Give an email address, a phone number or both."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )
    interpreter_wanted = forms.BooleanField(label=_("I would like an interpreter"), required=False)
    consent = forms.BooleanField(
        label=_("I agree that my details are stored for this counselling."),
        error_messages={"required": _("Agree to the storage of your details to book.")},
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, mode: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mode = mode
        if mode == Mode.PHONE:
            self.fields["phone"].required = True
            self.fields["phone"].help_text = _("Your counsellor calls you on this number.")
            self.fields["phone"].error_messages["required"] = _(
                "Enter the phone number on which your counsellor can call you."
            )

    def clean_phone(self) -> str:
        """Any way of writing a number, with digits in any script ("٠١٥١" is 0151),
        is stored as E.164 ("+4915123456789"); a number without country code is German."""
        typed = "".join(
            str(unicodedata.decimal(char)) if char.isdecimal() else char
            for char in self.cleaned_data["phone"]
        ).strip()
        if not typed:
            return ""
        number = phones.to_e164(typed)
        if number is None:
            raise forms.ValidationError(
                _(
                    "Enter a phone number with its area code, "
                    "for example 0711 123456 or +90 532 1234567."
                )
            )
        return number

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean(self) -> dict:
        cleaned = super().clean()
        contact_errors = "email" in self.errors or "phone" in self.errors
        if not cleaned.get("email") and not cleaned.get("phone") and not contact_errors:
            self.add_error("email", _("Enter an email address or a phone number."))
        return cleaned

    def client_details(
        self, ui_language: str, child_birth_month: date, preferred_language: Language | None
    ) -> ClientDetails:
        """The client as the booking services take her, from a valid form."""
        data = self.cleaned_data
        return ClientDetails(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            child_birth_month=child_birth_month,
            preferred_language=preferred_language,
            ui_language=ui_language,
        )


class WaitingListForm(DetailsForm):
    """How to tell her of a free time, and optionally her district: nothing more."""

    district = forms.ModelChoiceField(
        label=_("Your district (optional)"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("Any district"),
        help_text=_("We then offer you appointments in person only near you."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["name"]
        del self.fields["interpreter_wanted"]
        self.fields["email"].help_text = _("We tell you here when a time becomes free.")
        weeks = settings.COUNSELLING_WAITING_LIST_WEEKS
        self.fields["consent"].label = ngettext(
            "I agree that these details are kept on the waiting list for up to %(weeks)s week.",
            "I agree that these details are kept on the waiting list for up to %(weeks)s weeks.",
            weeks,
        ) % {"weeks": weeks}
        self.fields["consent"].error_messages["required"] = _(
            "Agree to the storage of your details to join the waiting list."
        )
        if self.mode != Mode.IN_PERSON:
            del self.fields["district"]


class DeskBookingForm(DetailsForm, ChildForm):
    """A counsellor books for a client on the phone: the client consents orally."""

    preferred_language = forms.ModelChoiceField(
        label=_("Preferred language"), queryset=Language.objects.all(), required=False
    )

    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    language = forms.ModelChoiceField(
        label=_("Language of the counselling"), queryset=Language.objects.all()
    )
    slot = forms.ChoiceField(label=_("Time"), choices=[])

    field_order = [
        "slot",
        "topic",
        "language",
        "name",
        "email",
        "phone",
        "child_month",
        "child_year",
        "preferred_language",
    ]

    def __init__(self, *args, slot_choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slot_choices
        del self.fields["website"]
        # The desk speaks to the counsellor about the client, not to the client.
        fields = self.fields
        fields["consent"].label = _("The client agreed that her details are stored.")
        fields["consent"].error_messages["required"] = _(
            "Confirm that the client agreed to the storage of her details."
        )
        fields["name"].label = _("Client's name or a pseudonym")
        fields["name"].help_text = _("A first name or a made-up name is enough.")
        fields["name"].error_messages["required"] = _("Enter the client's name or a pseudonym.")
        fields["email"].label = _("Client's email address")
        fields["email"].help_text = _("She receives the confirmation and a reminder here.")
        fields["phone"].label = _("Client's phone number")
        fields["phone"].help_text = _("Give her email address, her phone number or both.")
        fields["child_month"].label = _("Month of birth of her youngest child")
        fields["child_month"].error_messages["required"] = _(
            "Choose the month of birth of her youngest child."
        )
        fields["child_year"].label = _("Year of birth of her youngest child")
        fields["child_year"].error_messages["required"] = _(
            "Choose the year of birth of her youngest child."
        )
        fields["interpreter_wanted"].label = _("She would like an interpreter")
        fields["preferred_language"].label = _("Her preferred language")

    def clean(self) -> dict:
        cleaned = super().clean()
        slot = cleaned.get("slot") or ""
        by_phone = slot.count("-") == 3 and slot.split("-")[2] == Mode.PHONE
        if by_phone and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter the phone number on which the client is called."))
        return cleaned


class AvailabilityRuleForm(forms.ModelForm):
    class Meta:
        model = AvailabilityRule
        fields = [
            "weekday",
            "start_time",
            "end_time",
            "slot_minutes",
            "mode",
            "location",
            "valid_from",
            "valid_until",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }
        field_classes = {"valid_from": DateInRangeField, "valid_until": DateInRangeField}

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        if cleaned.get("mode") == Mode.IN_PERSON and not cleaned.get("location"):
            self.add_error("location", _("Choose a place for appointments in person."))
        if cleaned.get("slot_minutes") is not None and cleaned["slot_minutes"] < 10:
            self.add_error("slot_minutes", _("A slot lasts at least 10 minutes."))
        since, until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if since and until and until < since:
            self.add_error("valid_until", _("The end must be after the start."))
        return cleaned


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["start", "end", "reason"]
        widgets = {
            "start": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "end": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        field_classes = {"start": DateTimeInRangeField, "end": DateTimeInRangeField}

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        return cleaned


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Confidential notes"), widget=forms.Textarea, required=False, max_length=10000
    )


@dataclass
class PersonRecord:
    """One row of a person as the lead sees it before a GDPR request: when it
    was made, what it shares with the row she came from, and its appointments."""

    client: Client
    shares: str
    appointments: list


class PersonRecordsForm(forms.Form):
    """The lead confirms which of the person's rows an export or erasure includes."""

    records = forms.ModelMultipleChoiceField(
        label=_("Records included"),
        queryset=Client.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each booking made a record. Clear any record that belongs to someone else "
            "who gave the same email address or phone number."
        ),
        error_messages={"required": _("Choose at least one record.")},
    )

    def __init__(self, *args, client: Client, rows, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.rows = list(rows)
        field = self.fields["records"]
        field.queryset = rows
        field.initial = [row.pk for row in self.rows]
        field.label_from_instance = self._label

    @staticmethod
    def _label(row: Client) -> str:
        return _("Record %(number)s, made on %(day)s") % {
            "number": row.pk,
            "day": formats.date_format(timezone.localtime(row.created_at), "SHORT_DATE_FORMAT"),
        }

    def _shares(self, row: Client) -> str:
        """How the row was found: what it shares with the row the lead came from."""
        if row.pk == self.client.pk:
            return _("the record you came from")
        same_email = bool(row.email) and row.email.lower() == self.client.email.lower()
        digits = phone_digits(row.phone)
        same_phone = bool(digits) and digits == phone_digits(self.client.phone)
        if same_email and same_phone:
            return _("same email address and phone number")
        if same_email or same_phone:
            return _("same email address") if same_email else _("same phone number")
        return _("through another of her records")

    def overview(self) -> list[PersonRecord]:
        return [
            PersonRecord(
                row,
                self._shares(row),
                sorted(row.appointments.all(), key=lambda a: a.timespan.lower),
            )
            for row in self.rows
        ]

    def chosen_ids(self) -> list[int]:
        return [row.pk for row in self.cleaned_data["records"]]


class PeriodForm(forms.Form):
    """The statistics' period: a month, quarter or year, or days chosen freely."""

    KINDS = [
        ("month", _("Month")),
        ("quarter", _("Quarter")),
        ("year", _("Year")),
        ("custom", _("Chosen days")),
    ]

    kind = forms.ChoiceField(label=_("Period"), choices=KINDS, initial="month", required=False)
    day = DateInRangeField(
        label=_("A day in the month, quarter or year"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-12-01.")},
    )
    first = DateInRangeField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-12-01.")},
    )
    last = DateInRangeField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-12-01.")},
    )

    # Longer periods would make the unfilled slots slow to count.
    LONGEST = timedelta(days=3 * 366)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("kind") != "custom":
            return cleaned
        first, last = cleaned.get("first"), cleaned.get("last")
        if not first and "first" not in self.errors:
            self.add_error("first", _("Enter the first day of the period."))
        if not last and "last" not in self.errors:
            self.add_error("last", _("Enter the last day of the period."))
        if first and last and last < first:
            self.add_error("last", _("The last day cannot be before the first day."))
        elif first and last and last - first > self.LONGEST:
            self.add_error("last", _("Choose a period of at most three years."))
        return cleaned

    def period(self, today: date) -> Period:
        """The chosen period; the current month while the form is not valid."""
        if not self.is_valid():
            return period_of("month", today)
        data = self.cleaned_data
        kind = data.get("kind") or "month"
        if kind == "custom":
            return Period(data["first"], data["last"], kind)
        return period_of(kind, data.get("day") or today)
