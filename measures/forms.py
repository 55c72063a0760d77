"""Forms of the partner area and the review queue."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from integration_portal.models import District, Language, LifeDomain, TargetGroup
from integration_portal.translation import translated_fields, ui_languages
from partners.forms import portal_formfield
from partners.models import Partner

from .models import Measure

TEXT_FIELDS = ["title", "summary", "description"]
# Language by language, as the form shows them: title, summary, description.
TEXT_COLUMNS = [
    column
    for code in ui_languages()
    for column in translated_fields(*TEXT_FIELDS, languages=[code])
]


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
            "wheelchair_accessible",
            "registration_required",
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

    def fact_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in TEXT_COLUMNS]


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
