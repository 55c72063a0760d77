from django import forms
from django.utils.translation import gettext_lazy as _

from integration_portal.models import District, Language, LifeDomain
from measures.models import Measure

from .models import MAX_RECOMMENDED, NOTE_LENGTH
from .services import Recommended


class RecommendForm(forms.Form):
    """The measures ticked in the desk's search results, a note for each, and
    one for the whole list. The notes of each measure arrive as `note-<pk>`."""

    measure = forms.TypedMultipleChoiceField(
        label=_("Offers to recommend"),
        coerce=int,
        error_messages={
            "required": _("Tick at least one offer to recommend."),
            "invalid_choice": _("One of the ticked offers is no longer published."),
        },
    )
    general_note = forms.CharField(
        label=_("Note for the whole list"),
        help_text=_("For example: call Ms X and say you come from us."),
        max_length=NOTE_LENGTH,
        required=False,
    )
    district = forms.ModelChoiceField(
        label=_("District she looks for offers in"),
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
    )

    def __init__(self, *args, measures: list[Measure], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.measures = {measure.pk: measure for measure in measures}
        self.fields["measure"].choices = [(pk, str(m)) for pk, m in self.measures.items()]

    def clean_measure(self) -> list[int]:
        chosen = self.cleaned_data["measure"]
        if len(chosen) > MAX_RECOMMENDED:
            raise forms.ValidationError(
                _("Tick at most %(max)d offers.") % {"max": MAX_RECOMMENDED}
            )
        return chosen

    def clean(self) -> dict:
        cleaned = super().clean()
        notes = {}
        for pk in cleaned.get("measure", []):
            note = self.data.get(f"note-{pk}", "").strip()
            if len(note) > NOTE_LENGTH:
                self.add_error(
                    "measure",
                    _("The note on “%(title)s” is longer than %(max)d characters.")
                    % {"title": self.measures[pk].title_de, "max": NOTE_LENGTH},
                )
            notes[pk] = note
        cleaned["notes"] = notes
        return cleaned

    def recommended(self) -> list[Recommended]:
        notes = self.cleaned_data["notes"]
        return [
            Recommended(self.measures[pk], notes.get(pk, "")) for pk in self.cleaned_data["measure"]
        ]


class UnmetNeedForm(forms.Form):
    life_domain = forms.ModelChoiceField(
        label=_("Life domain"),
        queryset=LifeDomain.objects.all(),
        error_messages={"required": _("Choose the life domain of the need.")},
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.all(), required=False
    )
    language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.all(), required=False
    )
    text = forms.CharField(
        label=_("What was needed"),
        help_text=_(
            "A few words about the offer that is missing, such as “evening German course "
            "with childcare”. No name, no personal details: the department reads this."
        ),
        max_length=200,
        error_messages={"required": _("Say in a few words what was needed.")},
    )
