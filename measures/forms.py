"""Forms of the partner area and the review queue."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integration_portal.dates import DateInRangeField
from integration_portal.models import District, Language, LifeDomain, TargetGroup
from integration_portal.translation import translated_fields, ui_languages
from partners.forms import portal_formfield
from partners.models import Partner

from .models import Measure, Schedule, day_ranges

TEXT_FIELDS = ["title", "summary", "description"]
# Language by language, as the form shows them: title, summary, description.
TEXT_COLUMNS = [
    column
    for code in ui_languages()
    for column in translated_fields(*TEXT_FIELDS, languages=[code])
]


# The partner area's form in sections that fit a screen or two each:
# (anchor, heading, fields). The texts in other languages form the last
# section ("translations"), built by `MeasureForm.translation_rows`.
MEASURE_SECTIONS = [
    (
        "what",
        pgettext_lazy("form section", "What"),
        ["title_de", "summary_de", "description_de", "format"],
    ),
    (
        "who",
        pgettext_lazy("form section", "Who for"),
        [
            "life_domains",
            "target_groups",
            "languages",
            "german_level_needed",
            "german_level_reached",
            "course_type",
            "childcare",
            "childcare_age_from",
            "childcare_age_to",
            "childcare_on_site",
            "cooperating_partners",
        ],
    ),
    (
        "when",
        pgettext_lazy("form section", "When"),
        ["start_date", "end_date", "schedule_text", "valid_until"],
    ),
    (
        "where",
        pgettext_lazy("form section", "Where"),
        [
            "is_online",
            "districts",
            "venue_name",
            "venue_street",
            "venue_postal_code",
            "venue_city",
            "wheelchair_accessible",
        ],
    ),
    (
        "registration",
        pgettext_lazy("form section", "Registration and cost"),
        [
            "is_free",
            "cost_amount",
            "cost_note",
            "registration_required",
            "registration_status",
            "capacity",
            "places_free",
            "registration_info",
            "registration_url",
            "registration_deadline",
            "contact_email",
            "contact_phone",
        ],
    ),
]


@dataclass
class FormSection:
    anchor: str
    heading: str
    fields: list[forms.BoundField]
    next_anchor: str
    next_heading: str


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class MeasureForm(forms.ModelForm):
    """A measure as its partner's editors keep it: the texts per language
    (German required, the others optional), then the facts citizens filter by."""

    class Meta:
        model = Measure
        formfield_callback = portal_formfield
        fields = [
            *TEXT_COLUMNS,
            "format",
            "life_domains",
            "target_groups",
            "languages",
            "cooperating_partners",
            "is_online",
            "districts",
            "venue_name",
            "venue_street",
            "venue_postal_code",
            "venue_city",
            "start_date",
            "end_date",
            "schedule_text",
            "valid_until",
            "is_free",
            "cost_amount",
            "cost_note",
            "childcare",
            "childcare_age_from",
            "childcare_age_to",
            "childcare_on_site",
            "german_level_needed",
            "german_level_reached",
            "course_type",
            "wheelchair_accessible",
            "registration_required",
            "registration_status",
            "capacity",
            "places_free",
            "registration_info",
            "registration_url",
            "registration_deadline",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            **dict.fromkeys(translated_fields("description"), forms.Textarea(attrs={"rows": 6})),
            **dict.fromkeys(translated_fields("summary"), forms.Textarea(attrs={"rows": 2})),
            "format": forms.RadioSelect,
            "life_domains": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
            "cooperating_partners": forms.CheckboxSelectMultiple,
            "registration_info": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "valid_until": DateInput(),
            "registration_deadline": DateInput(),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_domains"].queryset = LifeDomain.objects.all()
        self.fields["target_groups"].queryset = TargetGroup.objects.all()
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["districts"].queryset = District.objects.all()
        self.fields["cooperating_partners"].queryset = Partner.objects.filter(is_active=True)
        self.fields["format"].choices = Measure.Format.choices

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        if end and not start:
            self.add_error("start_date", _("Enter the start date as well."))
        if not data.get("is_free") and data.get("cost_amount") is None:
            self.add_error("cost_amount", _("Enter the cost, or tick “free of charge”."))
        if not data.get("is_online") and not data.get("districts"):
            self.add_error(
                "districts", _("Choose at least one district, or tick “takes place online”.")
            )
        return data

    def language_fieldsets(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(code, legend, fields) per language, for one fieldset each."""
        return [
            (code, label, [self[name] for name in TEXT_COLUMNS if name.endswith(f"_{code}")])
            for code, label in settings.LANGUAGES
        ]

    def sections(self) -> list[FormSection]:
        """The form's sections in the order an editor fills them in. The times
        (a formset) belong to "when"; the translations come last, beside the
        German texts."""
        following = [(anchor, heading) for anchor, heading, _names in MEASURE_SECTIONS[1:]]
        following.append(("translations", pgettext_lazy("form section", "Translations")))
        return [
            FormSection(anchor, heading, [self[name] for name in names], *following[number])
            for number, (anchor, heading, names) in enumerate(MEASURE_SECTIONS)
        ]

    def translation_rows(
        self,
    ) -> list[tuple[str, str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        """(code, language, [(German field, field in that language)]) for the
        languages other than German, so that each text stands beside its original."""
        return [
            (
                code,
                label,
                [(self[f"{name}_de"], self[f"{name}_{code}"]) for name in TEXT_FIELDS],
            )
            for code, label in settings.LANGUAGES
            if code != "de"
        ]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


def _numeric(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


class DatePeriodsField(forms.CharField):
    """Days without sessions, typed one day or period per line
    ("6.4.2027" or "29.3.2027 – 10.4.2027"), stored as the list of days."""

    widget = forms.Textarea(attrs={"rows": 3})
    LONGEST_PERIOD = timedelta(days=120)
    # The same in every language of the page: the German way and ISO.
    INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]

    def prepare_value(self, value: object) -> str:
        if isinstance(value, list):
            return "\n".join(
                _numeric(first) if first == last else f"{_numeric(first)} – {_numeric(last)}"
                for first, last in day_ranges(value)
            )
        return super().prepare_value(value)

    def has_changed(self, initial: object, data: object) -> bool:
        try:
            days = self.to_python(data)
        except ValidationError:
            return True
        return sorted(initial or []) != days

    def to_python(self, value: object) -> list[date]:
        text = super().to_python(value)
        day_field = DateInRangeField(input_formats=self.INPUT_FORMATS)
        days: list[date] = []
        for line in filter(None, (line.strip() for line in text.splitlines())):
            parts = [part.strip() for part in line.replace("–", " - ").split(" - ")]
            if len(parts) > 2 or not all(parts):
                raise ValidationError(
                    _("“%(line)s” is neither a day nor a period such as 29.3.2027 – 10.4.2027.")
                    % {"line": line}
                )
            try:
                first, last = day_field.clean(parts[0]), day_field.clean(parts[-1])
            except ValidationError as error:
                if any(item.code == "invalid" for item in error.error_list):
                    raise ValidationError(
                        _("“%(line)s” is neither a day nor a period such as 29.3.2027 – 10.4.2027.")
                        % {"line": line}
                    ) from error
                raise ValidationError(
                    _("“%(line)s”: %(error)s") % {"line": line, "error": " ".join(error.messages)}
                ) from error
            if last < first or last - first > self.LONGEST_PERIOD:
                raise ValidationError(
                    _("“%(line)s”: a period runs forwards and lasts 120 days at most.")
                    % {"line": line}
                )
            days.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
        return sorted(set(days))


class ScheduleForm(forms.ModelForm):
    """One series, single session or "by appointment" of a measure."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=Schedule.WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exception_dates = DatePeriodsField(
        label=_("No sessions on"),
        required=False,
        help_text=_(
            "One day or period per line, for example the school holidays: 29.3.2027 – 10.4.2027"
        ),
    )

    class Meta:
        model = Schedule
        formfield_callback = portal_formfield
        fields = [
            "kind",
            "weekdays",
            "start_time",
            "end_time",
            "valid_from",
            "valid_until",
            "exception_dates",
            "skips_public_holidays",
        ]
        widgets = {
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }


ScheduleFormSet = forms.inlineformset_factory(
    Measure,
    Schedule,
    form=ScheduleForm,
    extra=1,
    max_num=20,
    validate_max=True,
    can_delete=True,
)


class ApproveForm(forms.Form):
    """The department's approval of the revision it read."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class SendBackForm(ApproveForm):
    """The department's refusal of the revision it read, with the reason."""

    comment = forms.CharField(
        label=_("What the editors should change"),
        help_text=_("The partner's editors see this text in the partner area."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
    )


class SteeringForm(forms.Form):
    """What the steering overview weighs the supply by, and what its map shows.
    An unknown value falls back to the first choice, with a message."""

    MAP_CHOICES = [("supply", _("Supply")), ("demand", _("Demand"))]

    figure = forms.ChoiceField(label=_("Weigh the supply by"), required=False)
    map = forms.ChoiceField(label=_("Colour the map by"), choices=MAP_CHOICES, required=False)

    def __init__(self, *args, figures: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = list(figures.items())

    def choice(self, name: str) -> str:
        """The chosen value, or the first choice where none or an unknown one was given."""
        self.is_valid()  # fills cleaned_data with the fields that are valid
        return self.cleaned_data.get(name) or self.fields[name].choices[0][0]
