from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from integration_portal.dates import DateInRangeField
from integration_portal.translation import translated_fields

from .models import Partner

DESCRIPTION_FIELDS = translated_fields("description")


def portal_formfield(field: models.Field, **kwargs) -> forms.Field | None:
    """Form fields of a model as the portal's forms check them: people type
    "www.example.org" and mean https; dates lie between 2000 and 2100, checked
    before the form compares them with each other."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs.setdefault("form_class", DateInRangeField)
    return field.formfield(**kwargs)


class PartnerProfileForm(forms.ModelForm):
    """What a partner's editors may change on its public profile. Sector,
    visibility, logo and membership stay with the department."""

    class Meta:
        model = Partner
        formfield_callback = portal_formfield
        fields = [
            *DESCRIPTION_FIELDS,
            "website",
            "email",
            "phone",
            "street",
            "postal_code",
            "city",
            "district",
            "life_domains",
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 6}) for name in DESCRIPTION_FIELDS},
            "life_domains": forms.CheckboxSelectMultiple,
        }


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, at most 2 MB, with the columns of the export. Partners are matched by "
            "slug: existing ones are updated, new ones created. If any line is wrong, nothing "
            "is imported."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class InviteEditorForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        help_text=_("The email is written in this language; the portal offers all five."),
    )


class NewInvitationLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The address to which your invitation was sent."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
