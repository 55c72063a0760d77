"""CSV export and import of partners in the admin."""

import csv
import io

import pytest
from django.forms.models import model_to_dict

from partners.csv_io import COLUMNS, export_partners
from partners.models import Partner

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/partners/partner/import/"
EXPORT_URL = "/admin/partners/partner/export/"
HEADER = "slug,name,sector,district,life_domains,member_since,is_public,is_active\n"


def snapshot(partner: Partner) -> dict:
    data = model_to_dict(partner, exclude=["id", "life_domains", "logo"])
    data["logo"] = partner.logo.name
    data["life_domains"] = sorted(domain.slug for domain in partner.life_domains.all())
    return data


def upload(client, content: bytes, name: str = "partners.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(IMPORT_URL, {"file": file})


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_export_then_import_changes_nothing_and_restores_every_field(
    staff_client, full_partner, partner_a
):
    before = {partner.slug: snapshot(partner) for partner in Partner.objects.all()}
    exported = staff_client.get(EXPORT_URL)
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    content = exported.content

    Partner.objects.all().delete()
    response = upload(staff_client, content)

    assert response.status_code == 302
    after = {partner.slug: snapshot(partner) for partner in Partner.objects.all()}
    assert after == before


def test_import_updates_existing_partners_by_slug(staff_client, full_partner):
    content = export_partners(Partner.objects.all()).replace(
        "Stuttgarter Straße 88", "Neue Straße 1"
    )
    upload(staff_client, content.encode())
    full_partner.refresh_from_db()
    assert full_partner.street == "Neue Straße 1"
    assert Partner.objects.count() == 1


def test_export_escapes_cells_that_spreadsheets_would_run_as_formulas(staff_client, full_partner):
    full_partner.name = "@SUM(A1)"
    full_partner.save()
    rows = list(
        csv.DictReader(io.StringIO(staff_client.get(EXPORT_URL).content.decode("utf-8-sig")))
    )
    assert rows[0]["name"] == "'@SUM(A1)"
    assert rows[0]["description_en"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["phone"] == "'+49 711 123456"


def test_import_removes_the_escaping_apostrophe(staff_client):
    upload(
        staff_client,
        (HEADER.replace("\n", ",phone\n") + "neu,'=Neu,welfare,,,,true,true,'+49 711 1\n").encode(),
    )
    partner = Partner.objects.get(slug="neu")
    assert partner.name == "=Neu"
    assert partner.phone == "+49 711 1"


def test_export_action_on_selected_partners(staff_client, partner_a, partner_b):
    response = staff_client.post(
        "/admin/partners/partner/",
        {"action": "export_csv", "_selected_action": [partner_a.pk]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    assert [row[0] for row in rows[1:]] == ["partner-a"]


def test_export_button_keeps_the_changelists_filters(staff_client, partner_a, partner_b):
    response = staff_client.get(EXPORT_URL, {"sector__exact": "welfare"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["partner-b"]


def test_changelist_links_to_import_and_export(staff_client):
    html = staff_client.get("/admin/partners/partner/").content.decode()
    assert 'href="/admin/partners/partner/import/"' in html
    assert 'href="/admin/partners/partner/export/' in html


def test_import_accepts_utf8_with_byte_order_mark(staff_client):
    content = (
        "\ufeff" + HEADER + "gruen,Grüner Verein,culture,ost,family|work,2020-01-31,true,false\n"
    )
    response = upload(staff_client, content.encode("utf-8"))
    assert response.status_code == 302
    partner = Partner.objects.get(slug="gruen")
    assert partner.name == "Grüner Verein"
    assert partner.district.slug == "ost"
    assert sorted(partner.life_domains.values_list("slug", flat=True)) == ["family", "work"]
    assert partner.is_active is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            HEADER + "a,A,culture,atlantis,,,true,true\n",
            "Line 2: there is no district with the slug “atlantis”.",
        ),
        (
            HEADER + "a,A,culture,ost,,31.01.2020,true,true\n",
            "Line 2: “31.01.2020” in column member_since is not a date like 2019-05-31.",
        ),
        (
            HEADER + "a,A,culture,ost,cooking,,true,true\n",
            "Line 2: there is no life domain with the slug “cooking”.",
        ),
        (
            HEADER + "a,A,culture,ost,,,vielleicht,true\n",
            "Line 2: “vielleicht” in column is_public is neither true nor false.",
        ),
        (
            HEADER
            + "a,A,culture,ost,,,true,true\n"
            + "b,B,culture,ost,,,true,true\n"
            + "a,A2,culture,,,,true,true\n",
            "Line 4: the slug “a” already appears in line 2.",
        ),
        ("slug,sector\na,culture\n", "Required columns are missing: name."),
        (HEADER + "a,A,astrology,ost,,,true,true\n", "Line 2, column sector:"),
        (HEADER, "The file contains no partners."),
    ],
)
def test_a_bad_line_imports_nothing_and_says_which_line_is_wrong(staff_client, content, message):
    good_line = "gut,Guter Verein,culture,ost,,,true,true\n"
    lines = content.splitlines(keepends=True)
    content = lines[0] + good_line + "".join(lines[1:]) if len(lines) > 1 else content
    # The good line is now line 2; the line numbers in the messages move by one.
    expected = (
        message.replace("Line 4", "Line 5").replace("line 2", "line 3").replace("Line 2", "Line 3")
    )
    response = upload(staff_client, content.encode())
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert "Nothing was imported" in html
    assert not Partner.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(staff_client):
    content = (HEADER + "a,Bäckerei,business,ost,,,true,true\n").encode("cp1252")
    response = upload(staff_client, content)
    assert "The file is not encoded as UTF-8" in response.content.decode()
    assert not Partner.objects.exists()


def test_a_file_that_is_not_csv_is_refused_with_the_line(staff_client):
    oversized_cell = "x" * 200_000
    response = upload(
        staff_client, (HEADER + f"a,{oversized_cell},culture,ost,,,true,true\n").encode()
    )
    assert "Line 2 cannot be read as CSV" in response.content.decode()
    assert not Partner.objects.exists()


def test_a_file_over_two_megabytes_is_refused(staff_client):
    content = HEADER.encode() + b"a,A,culture,ost,,,true,true," + b"x" * (2 * 1024 * 1024)
    response = upload(staff_client, content)
    assert "larger than 2 MB" in response.content.decode()
    assert not Partner.objects.exists()


def test_import_page_speaks_german_to_german_staff(staff_client):
    staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    response = upload(staff_client, HEADER.encode() + b"a,A,culture,atlantis,,,true,true\n")
    html = response.content.decode()
    assert "<title>Fehler:" in html
    assert "Zeile 2: Es gibt keinen Stadtbezirk mit dem Slug „atlantis“." in html
