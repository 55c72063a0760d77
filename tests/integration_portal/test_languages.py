"""The UI languages come from settings.LANGUAGES alone: every translated model
has a column per language, and every list of per-language columns follows it."""

import pytest
from django.conf import settings
from django.test import override_settings

from integration_portal.admin import LifeDomainAdmin, TargetGroupAdmin
from integration_portal.models import LifeDomain, TargetGroup
from integration_portal.translation import translated_fields, ui_languages
from measures.admin import MeasureAdmin
from measures.forms import MeasureForm
from measures.models import Measure
from measures.opendata import FIELDS as OPEN_DATA_FIELDS
from partners.admin import PartnerAdmin
from partners.csv_io import COLUMNS as CSV_COLUMNS
from partners.forms import PartnerProfileForm
from partners.models import Partner

TRANSLATED = [
    (Measure, "title"),
    (Measure, "summary"),
    (Measure, "description"),
    (Partner, "description"),
    (LifeDomain, "name"),
    (TargetGroup, "name"),
]


def test_translated_fields_name_one_column_per_language_of_settings():
    assert translated_fields("title", "summary") == [
        "title_de",
        "title_en",
        "title_tr",
        "title_ar",
        "title_uk",
        "summary_de",
        "summary_en",
        "summary_tr",
        "summary_ar",
        "summary_uk",
    ]
    assert translated_fields("title", languages=["ar"]) == ["title_ar"]


def test_a_language_added_in_settings_is_one_more_column_each():
    with override_settings(LANGUAGES=[*settings.LANGUAGES, ("fr", "French")]):
        assert translated_fields("name") == [
            "name_de",
            "name_en",
            "name_tr",
            "name_ar",
            "name_uk",
            "name_fr",
        ]


@pytest.mark.parametrize(("model", "name"), TRANSLATED, ids=lambda v: getattr(v, "__name__", v))
def test_every_translated_model_has_a_column_per_ui_language(model, name):
    columns = {field.name for field in model._meta.get_fields()}
    missing = [column for column in translated_fields(name) if column not in columns]
    assert not missing, f"{model.__name__} needs a migration adding {missing}"


def test_forms_admin_pages_open_data_and_csv_carry_every_language():
    measure_texts = set(translated_fields("title", "summary", "description"))
    assert measure_texts <= set(MeasureForm.base_fields)
    assert [code for code, _legend, _fields in MeasureForm().language_fieldsets()] == ui_languages()
    assert measure_texts <= set(MeasureAdmin.fieldsets[1][1]["fields"])
    assert measure_texts <= set(OPEN_DATA_FIELDS)
    assert set(translated_fields("description")) <= set(PartnerProfileForm.base_fields)
    assert set(translated_fields("description")) <= set(CSV_COLUMNS)
    partner_fields = {name for _t, options in PartnerAdmin.fieldsets for name in options["fields"]}
    assert set(translated_fields("description")) <= partner_fields
    for admin_class in (LifeDomainAdmin, TargetGroupAdmin):
        assert set(translated_fields("name")) <= set(admin_class.fields)
