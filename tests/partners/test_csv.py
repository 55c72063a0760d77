"""CSV export and import of partners in the admin."""

import csv
import datetime
import io

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from hypothesis import given
from hypothesis import strategies as st

from partners import services
from partners.csv_io import COLUMN_TITLES, COLUMNS, CsvImportError, export_partners
from partners.models import Partner
from tests.fuzzing import FUZZ, any_text

from .conftest import store_file

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/partners/partner/import/"
EXPORT_URL = "/admin/partners/partner/export/"
HEADER = "slug,name,sector,district,life_domains,member_since,is_public,is_active\n"


def snapshot(partner: Partner) -> dict:
    data = model_to_dict(partner, exclude=["id", "life_domains", "logo"])
    data["logo"] = partner.logo.name
    data["life_domains"] = sorted(domain.slug for domain in partner.life_domains.all())
    return data


def read_export(response) -> list[dict]:
    """The export as German Excel reads it: UTF-8 with BOM, cells split at semicolons."""
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


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
    staff_client, full_partner, partner_a, media
):
    store_file(media, full_partner.logo.name)
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
    rows = read_export(staff_client.get(EXPORT_URL))
    assert rows[0]["Name"] == "'@SUM(A1)"
    assert rows[0]["Beschreibung (en)"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["Telefon"] == "'+49 711 123456"


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
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [COLUMN_TITLES[column] for column in COLUMNS]
    assert [row[0] for row in rows[1:]] == ["partner-a"]


def test_export_button_keeps_the_changelists_filters(staff_client, partner_a, partner_b):
    response = staff_client.get(EXPORT_URL, {"sector__exact": "welfare"})
    assert [row["Kürzel"] for row in read_export(response)] == ["partner-b"]


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
            HEADER + "a,A,culture,ost,,31.13.2020,true,true\n",
            "Line 2: “31.13.2020” in column member_since is not a date like 31.05.2019.",
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


# Every cell is checked as the admin's form checks it; no file gives a server error.


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "a,A\x00B,culture,ost,,,true,true",
            "Line 2, column name: Null characters are not allowed.",
        ),
        (
            "a\x00,A,culture,ost,,,true,true",
            "Line 2, column slug: Null characters are not allowed.",
        ),
        ("a,A,culture,ost\x00,,,true,true", "Line 2, column district: Null characters"),
        ("a b,A,culture,ost,,,true,true", "Line 2, column slug:"),
        (f"a,{'x' * 201},culture,ost,,,true,true", "Line 2, column name:"),
        (
            "a,A,culture,ost,,1899-12-31,true,true",
            "Line 2, column member_since: Please enter a date",
        ),
        (
            "a,A,culture,ost,,9999-12-31,true,true",
            "Line 2, column member_since: Please enter a date",
        ),
    ],
)
def test_every_cell_is_checked_like_the_admins_form(staff_client, line, message):
    response = upload(staff_client, (HEADER + line + "\n").encode())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("website", "javascript:alert(1)"),
        ("email", "nicht-erreichbar"),
        ("city", ""),
        ("phone", "0" * 41),
    ],
)
def test_addresses_and_lengths_are_checked_like_the_admins_form(staff_client, column, value):
    content = f"slug,name,sector,{column}\na,A,culture,{value}\n"
    response = upload(staff_client, content.encode())
    assert f"Line 2, column {column}:" in response.content.decode()
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    "logo",
    [
        "../../../../etc/passwd",
        "/etc/passwd",
        "partners/logos/../../settings.py",
        "partners/logos/",
        "partners/logos/missing.png",
        "partners/logos\\..\\..\\x.png",
        "counselling/secret.png",
    ],
)
def test_the_logo_column_cannot_point_a_partner_at_any_file(staff_client, media, logo):
    store_file(media, "counselling/secret.png")
    response = upload(staff_client, f"slug,name,sector,logo\na,A,culture,{logo}\n".encode())
    assert "Line 2, column logo:" in response.content.decode()
    assert not Partner.objects.exists()


def test_the_logo_column_keeps_the_logo_or_names_one_the_portal_stored(
    staff_client, media, full_partner
):
    store_file(media, "partners/logos/neu.png")
    content = (
        "slug,name,sector,logo\n"
        f"koepru,Köprü,migrant-organisation,{full_partner.logo.name}\n"
        "neu,Neu,culture,partners/logos/neu.png\n"
        "ohne,Ohne,culture,\n"
    )
    assert upload(staff_client, content.encode()).status_code == 302
    logos = dict(Partner.objects.values_list("slug", "logo"))
    assert logos == {"koepru": full_partner.logo.name, "neu": "partners/logos/neu.png", "ohne": ""}


class OversizedUpload(io.BytesIO):
    """An upload whose size the server knows before reading it."""

    size = 50 * 1024 * 1024

    def read(self, size=-1):
        raise AssertionError("an oversized upload must not be read")


def test_an_oversized_upload_is_refused_before_it_is_read(staff_user):
    with pytest.raises(CsvImportError, match="größer als 2 MB"):
        services.import_partners_csv(OversizedUpload(), staff_user)


def test_an_upload_is_never_read_beyond_two_megabytes(staff_user):
    class Unsized(io.BytesIO):
        size = 0
        reads: list = []

        def read(self, size=-1):
            self.reads.append(size)
            return super().read(size)

    upload = Unsized(HEADER.encode() + b"x" * (5 * 1024 * 1024))
    with pytest.raises(CsvImportError, match="größer als 2 MB"):
        services.import_partners_csv(upload, staff_user)
    assert upload.reads == [2 * 1024 * 1024 + 1]


CELLS = st.one_of(
    st.sampled_from(["", "a", "ost", "culture", "true", "nein", "2020-01-31", "family|work"]),
    st.sampled_from(["'=1+1", '"quoted, cell"', "partners/logos/x.png", "../x", "\x00", "\r"]),
    any_text,
)
LINES = st.lists(st.lists(CELLS, max_size=10), max_size=6)
HEADERS = st.lists(st.sampled_from([*COLUMNS, "", "unknown", "slug"]), max_size=12)


def _csv_bytes(header: list[str], lines: list[list[str]], raw: bytes) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue().encode("utf-8", "surrogatepass") + raw


@FUZZ
@given(
    header=st.one_of(st.just(["slug", "name", "sector", *COLUMNS[3:]]), HEADERS),
    lines=LINES,
    raw=st.one_of(st.just(b""), st.binary(max_size=40)),
)
def test_no_import_file_gives_anything_but_an_import_or_line_numbered_problems(
    staff_user, header, lines, raw
):
    content = _csv_bytes(header, lines, raw)
    try:
        with transaction.atomic():
            services.import_partners_csv(io.BytesIO(content), staff_user)
            transaction.set_rollback(True)
    except CsvImportError as error:
        assert error.problems
        assert all(isinstance(problem, str) and problem for problem in error.problems)


def test_the_export_is_for_german_spreadsheets(staff_client, full_partner):
    full_partner.member_since = datetime.date(2019, 5, 31)
    full_partner.sector = Partner.Sector.WELFARE
    full_partner.is_public = False
    full_partner.save()
    response = staff_client.get(EXPORT_URL)
    row = read_export(response)[0]
    assert row["Mitglied seit"] == "31.05.2019"
    assert row["Bereich"] == "Wohlfahrtspflege"
    assert (row["Im Verzeichnis"], row["Aktiv"]) == ("nein", "ja")
    assert row["Kürzel"] == full_partner.slug


def test_the_old_comma_format_still_imports(staff_client):
    response = upload(
        staff_client, (HEADER + "alt,Alter Verein,culture,ost,,2019-05-31,true,false\n").encode()
    )
    assert response.status_code == 302
    partner = Partner.objects.get(slug="alt")
    assert partner.member_since == datetime.date(2019, 5, 31)
    assert (partner.sector, partner.is_public, partner.is_active) == ("culture", True, False)


def test_the_report_lists_every_problem_of_every_line(staff_client):
    content = (
        "Kürzel;Name;Bereich;E-Mail;Mitglied seit;Aktiv\n"
        "a;A;Kultur;kein-at;32.01.2020;vielleicht\n"
        "b;B;Astrologie;b@example.org;01.02.2020;ja\n"
        "c;C;Wohlfahrtspflege;auch-kein-at;01.02.2020;ja\n"
    )
    html = upload(staff_client, content.encode("utf-8-sig")).content.decode()
    expected = [
        "Line 2: “32.01.2020” in column member_since is not a date like 31.05.2019.",
        "Line 2: “vielleicht” in column is_active is neither true nor false.",
        "Line 2, column email:",
        "Line 3, column sector:",
        "Line 4, column email:",
    ]
    positions = [html.index(problem) for problem in expected]
    assert positions[2] < positions[3] < positions[4]
    assert max(positions[:2]) < positions[3]
    assert not Partner.objects.exists()
