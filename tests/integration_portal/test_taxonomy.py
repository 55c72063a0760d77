import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation

from demo.management.commands.seed_demo import Command as SeedDemo
from integration_portal.models import District, Language, LifeDomain, TargetGroup, User
from integration_portal.roles import DEPARTMENT_STAFF
from integration_portal.translation import translated_fields

pytestmark = pytest.mark.django_db


def test_the_23_stuttgart_districts_are_seeded_with_ascii_slugs():
    assert District.objects.count() == 23
    slugs = set(District.objects.values_list("slug", flat=True))
    assert {"mitte", "bad-cannstatt", "muehlhausen", "untertuerkheim", "sued"} <= slugs
    assert District.objects.get(slug="muehlhausen").name == "Mühlhausen"
    assert District.objects.filter(inner_city=True).count() == 5


def test_life_domains_have_the_specs_slugs_in_order():
    assert list(LifeDomain.objects.values_list("slug", flat=True)) == [
        "language",
        "education",
        "work",
        "health",
        "housing",
        "family",
        "participation",
        "orientation",
    ]


def test_every_seeded_name_exists_in_every_ui_language():
    for model in (LifeDomain, TargetGroup):
        for item in model.objects.all():
            for column in translated_fields("name"):
                assert getattr(item, column), (item.slug, column)


def test_names_follow_the_active_language_and_fall_back_to_german():
    domain = LifeDomain.objects.get(slug="work")
    with translation.override("en"):
        assert domain.name == "Work and career"
        assert domain.name.lang == "en"
    domain.name_tr = ""
    with translation.override("tr"):
        assert domain.name == "Arbeit und Beruf"
        assert domain.name.is_fallback


def test_languages_use_iso_codes_and_endonyms():
    arabic = Language.objects.get(code="ar")
    assert arabic.native_name == "العربية"
    with translation.override("tr"):
        assert str(arabic) == "العربية"
    with translation.override("de"):
        assert str(arabic) == "Arabisch"


def test_role_groups_exist_and_staff_may_edit_the_taxonomy():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"partner editor", "counsellor", "counselling lead", "department staff"} <= names
    staff = User.objects.create_user("s@example.org", "x", is_staff=True)
    staff.groups.add(Group.objects.get(name=DEPARTMENT_STAFF))
    staff = User.objects.get(pk=staff.pk)
    assert staff.has_perm("integration_portal.change_district")
    assert staff.has_perm("integration_portal.add_lifedomain")
    assert not staff.has_perm("integration_portal.delete_user")


def test_taxonomy_is_editable_in_the_admin(client, staff_user):
    client.force_login(staff_user)
    domain = LifeDomain.objects.get(slug="health")
    assert (
        client.get(f"/admin/integration_portal/lifedomain/{domain.pk}/change/").status_code == 200
    )
    assert client.get("/admin/integration_portal/district/").status_code == 200


def test_seed_demo_twice_duplicates_nothing():
    call_command(SeedDemo(), stdout=io.StringIO())
    counts = {model.__name__: model.objects.count() for model in apps.get_models()}
    call_command(SeedDemo(), stdout=io.StringIO())
    assert {model.__name__: model.objects.count() for model in apps.get_models()} == counts
    assert counts["User"] >= 5
    assert User.objects.filter(email="staff@example.org", groups__name=DEPARTMENT_STAFF).exists()
