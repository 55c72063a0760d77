from django import forms
from django.utils.translation import gettext_lazy as _


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
