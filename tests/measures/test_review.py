import re
from datetime import date, time

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from integration_portal.audit import trail
from integration_portal.models import District, Language, LifeDomain
from measures.forms import MeasureForm, ScheduleFormSet
from measures.models import Measure, Schedule
from tests.factories import with_changes

# The review queue and the dashboard as the root URLconf mounts them
# (`/<lang>/review/`, `/<lang>/staff/`), also where it does not yet.
pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(make_measure) -> Measure:
    return make_measure("Bewerbungstraining", status=Measure.Status.SUBMITTED)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("editor_a", 403),
        ("editor_b", 403),
        ("counsellor", 403),
        ("lead", 403),
        ("staff", 200),
        ("superuser", 200),
    ],
)
@pytest.mark.parametrize("view", ["queue", "detail"])
def test_review_pages_answer_each_role_as_expected(
    client, role_users, submitted, view, role, expected
):
    client.force_login(role_users[role])
    url = reverse(f"review:{view}", args=[submitted.pk] if view == "detail" else [])
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("view", ["queue", "detail"])
def test_anonymous_visitors_are_sent_to_the_login_from_the_review(client, submitted, view):
    url = reverse(f"review:{view}", args=[submitted.pk] if view == "detail" else [])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("action", ["publish", "send_back"])
def test_only_department_staff_decide(client, editor_a, submitted, action):
    client.force_login(editor_a)
    response = client.post(reverse(f"review:{action}", args=[submitted.pk]), {"comment": "x"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Measure.Status.SUBMITTED


def test_a_draft_is_not_in_the_review_queue(client, staff_user, make_measure):
    draft = make_measure("Noch nicht fertig", status=Measure.Status.DRAFT)
    client.force_login(staff_user)
    assert "Noch nicht fertig" not in client.get(reverse("review:queue")).content.decode()
    assert client.get(reverse("review:detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("review:publish", args=[draft.pk])).status_code == 404


def test_sending_back_needs_a_comment(client, staff_user, submitted):
    client.force_login(staff_user)
    response = client.post(reverse("review:send_back", args=[submitted.pk]), {"comment": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler:" in page
    assert 'href="#id_comment"' in page
    submitted.refresh_from_db()
    assert submitted.status == Measure.Status.SUBMITTED


def shown_revision(client, measure: Measure) -> str:
    """The revision number the review page shows, and its forms carry."""
    page = client.get(reverse("review:detail", args=[measure.pk])).content.decode()
    numbers = set(re.findall(r'name="revision" value="(\d+)"', page))
    assert len(numbers) == 1, numbers
    return numbers.pop()


def decide(client, measure: Measure, action: str, **data):
    """Publish or send back on the review page, for the revision it shows."""
    data["revision"] = shown_revision(client, measure)
    return client.post(reverse(f"review:{action}", args=[measure.pk]), data)


def measure_form_data(title: str = "Deutschkurs für Mütter", **overrides) -> dict:
    """What an editor fills in for a new measure."""
    data = {
        "title_de": title,
        "summary_de": "Deutsch lernen mit Kinderbetreuung",
        "description_de": "Ein Kurs am Vormittag, während die Kinder betreut werden.",
        "format": "course",
        "life_domains": [LifeDomain.objects.get(slug="language").pk],
        "districts": [District.objects.get(slug="mitte").pk],
        "is_free": "on",
        "childcare": "on",
        "venue_city": "Stuttgart",
        **schedule_form_data(),
    }
    data.update(overrides)
    return data


def schedule_form_data(measure: Measure | None = None, *new: dict) -> dict:
    """The times part of the form: the measure's times unchanged, then `new` ones."""
    formset = ScheduleFormSet(instance=measure or Measure(), prefix="times")
    data = {}
    forms = list(formset.initial_forms)
    for number, form in enumerate(forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if name in ("id", "measure"):
                value = form.instance.pk if name == "id" else (measure.pk if measure else "")
            elif name == "exception_dates":
                value = field.prepare_value(value)
            elif isinstance(value, bool):
                value = "on" if value else ""
            if isinstance(value, list):
                data[f"times-{number}-{name}"] = [str(item) for item in value]
            elif value not in (None, ""):
                data[f"times-{number}-{name}"] = str(value)
    for offset, values in enumerate(new):
        for name, value in values.items():
            data[f"times-{len(forms) + offset}-{name}"] = value
    data["times-TOTAL_FORMS"] = str(len(forms) + len(new))
    data["times-INITIAL_FORMS"] = str(len(forms))
    return data


def current_form_data(measure: Measure) -> dict:
    """The edit form as it arrives when the editor changes nothing."""
    data = {}
    for name, value in MeasureForm(instance=measure).initial.items():
        if isinstance(value, list):
            data[name] = [item.pk for item in value]
        elif value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = str(value)
    data.update(schedule_form_data(measure))
    return data


def _edit(client, measure: Measure, **changes) -> None:
    data = {**current_form_data(measure), **changes}
    response = client.post(reverse("measures:partner_measure_edit", args=[measure.pk]), data)
    assert response.status_code == 302, response.content.decode()


def test_the_review_workflow_from_draft_to_catalogue_and_changes_reviewed_again(
    client, editor_a, staff_user
):
    editor, staff = Client(), Client()
    editor.force_login(editor_a)
    staff.force_login(staff_user)

    editor.post(
        reverse("measures:partner_measure_create", args=["partner-a"]),
        measure_form_data("Sprachkurs am Vormittag"),
    )
    measure = Measure.objects.get(title_de="Sprachkurs am Vormittag")
    editor.post(reverse("measures:partner_measure_submit", args=[measure.pk]))
    assert "Sprachkurs am Vormittag" in staff.get(reverse("review:queue")).content.decode()

    decide(staff, measure, "send_back", comment="Bitte die Uhrzeiten ergänzen.")
    measure.refresh_from_db()
    assert measure.status == Measure.Status.DRAFT
    own_page = editor.get(reverse("measures:partner_measure", args=[measure.pk]))
    assert "Bitte die Uhrzeiten ergänzen." in own_page.content.decode()

    _edit(editor, measure, schedule_text="dienstags 9–11:30 Uhr")
    editor.post(reverse("measures:partner_measure_submit", args=[measure.pk]))
    decide(staff, measure, "publish")
    measure.refresh_from_db()
    assert measure.status == Measure.Status.PUBLISHED
    assert measure.sent_back_revision is None
    catalogue = client.get(reverse("measures:catalogue")).content.decode()
    assert "Sprachkurs am Vormittag" in catalogue

    # A published text changed by its editor goes public only once approved.
    _edit(editor, measure, title_de="Sprachkurs am Vormittag (neu)")
    measure.refresh_from_db()
    assert measure.title_de == "Sprachkurs am Vormittag"
    assert measure.waiting_revision.values == {"title_de": "Sprachkurs am Vormittag (neu)"}
    assert "(neu)" not in client.get(reverse("measures:catalogue")).content.decode()
    assert "(neu)" not in client.get(measure.get_absolute_url()).content.decode()
    assert "(neu)" not in client.get("/api/measures.json").content.decode()

    review_page = staff.get(reverse("review:detail", args=[measure.pk])).content.decode()
    assert "<del>Sprachkurs am Vormittag</del>" in review_page
    assert "<ins>Sprachkurs am Vormittag (neu)</ins>" in review_page

    decide(staff, measure, "publish")
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.title_de == "Sprachkurs am Vormittag (neu)"
    assert measure.waiting_revision is None
    assert "(neu)" in client.get(reverse("measures:catalogue")).content.decode()
    assert [entry.action for entry in trail(measure)] == [
        "measure.changes_approved",
        "measure.changes_submitted",
        "measure.published",
        "measure.submitted",
        "measure.sent_back",
        "measure.submitted",
        "measure.created",
    ]


def test_refused_changes_leave_the_published_version_and_come_back_to_the_editor(
    client, editor_a, staff_user, make_measure
):
    measure = make_measure("Elterncafé", districts=("mitte", "ost"))
    client.force_login(editor_a)
    _edit(client, measure, title_de="Elterncafé XXL", is_free="", cost_amount="5.50")
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.waiting_revision.values == {
        "title_de": "Elterncafé XXL",
        "is_free": False,
        "cost_amount": "5.50",
    }

    staff = Client()
    staff.force_login(staff_user)
    decide(staff, measure, "send_back", comment="Bleibt kostenlos.")
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.status == Measure.Status.PUBLISHED
    assert measure.title_de == "Elterncafé"
    assert measure.waiting_revision is None
    assert "Elterncafé XXL" not in staff.get(reverse("review:queue")).content.decode()

    form_page = client.get(reverse("measures:partner_measure_edit", args=[measure.pk]))
    assert 'value="Elterncafé XXL"' in form_page.content.decode()
    assert (
        "Bleibt kostenlos."
        in client.get(reverse("measures:partner_measure", args=[measure.pk])).content.decode()
    )


def test_approved_changes_to_relations_are_published(client, editor_a, staff_user, make_measure):
    measure = make_measure("Elterncafé", districts=("mitte",))
    client.force_login(editor_a)
    ost = District.objects.get(slug="ost")
    _edit(client, measure, districts=[ost.pk])
    measure.refresh_from_db()
    assert list(measure.districts.values_list("slug", flat=True)) == ["mitte"]

    staff = Client()
    staff.force_login(staff_user)
    page = staff.get(reverse("review:detail", args=[measure.pk])).content.decode()
    assert "<ins>Ost</ins>" in page
    decide(staff, measure, "publish")
    assert list(measure.districts.values_list("slug", flat=True)) == ["ost"]


def test_staff_cannot_publish_changes_made_after_they_opened_the_review(
    client, editor_a, staff_user, make_measure
):
    """The editor changes her submitted changes again while staff read them:
    the approval names the revision staff read and is refused."""
    measure = make_measure("Elterncafé")
    client.force_login(editor_a)
    _edit(client, measure, title_de="Elterncafé am Abend")
    staff = Client()
    staff.force_login(staff_user)
    read = shown_revision(staff, measure)

    _edit(client, measure, title_de="Elterncafé am Abend – jetzt mit Gewinnspiel")
    response = staff.post(reverse("review:publish", args=[measure.pk]), {"revision": read})
    assert response["Location"] == reverse("review:detail", args=[measure.pk])
    measure.refresh_from_db()
    assert measure.title_de == "Elterncafé"
    page = staff.get(response["Location"]).content.decode()
    assert "Die Redaktion hat das geändert, seit Sie es geöffnet haben" in page
    assert "<ins>Elterncafé am Abend – jetzt mit Gewinnspiel</ins>" in page

    decide(staff, measure, "publish")
    measure.refresh_from_db()
    assert measure.title_de == "Elterncafé am Abend – jetzt mit Gewinnspiel"


def test_an_approval_without_the_revision_read_publishes_nothing(client, staff_user, make_measure):
    measure = make_measure("Elterncafé")
    with_changes(measure, title_de="Elterncafé XXL")
    client.force_login(staff_user)
    for data in ({}, {"revision": ""}, {"revision": "x"}, {"revision": "2"}):
        client.post(reverse("review:publish", args=[measure.pk]), data)
    measure.refresh_from_db()
    assert measure.title_de == "Elterncafé"
    assert measure.waiting_revision.number == 1


def test_a_new_measure_resubmitted_meanwhile_is_not_published_on_the_old_reading(
    client, editor_a, staff_user, make_measure
):
    measure = make_measure("Nähcafé", status=Measure.Status.SUBMITTED)
    staff, colleague = Client(), Client()
    staff.force_login(staff_user)
    colleague.force_login(staff_user)
    read = shown_revision(staff, measure)
    # A colleague sends it back; the editor changes the draft and submits it again.
    decide(colleague, measure, "send_back", comment="Bitte Ort angeben.")
    client.force_login(editor_a)
    _edit(client, measure, venue_name="Hinterhof")
    client.post(reverse("measures:partner_measure_submit", args=[measure.pk]))

    staff.post(reverse("review:publish", args=[measure.pk]), {"revision": read})
    measure.refresh_from_db()
    assert measure.status == Measure.Status.SUBMITTED
    assert measure.waiting_revision.number == 2


def test_a_refused_send_back_keeps_the_comment_for_the_revision_now_waiting(
    client, editor_a, staff_user, make_measure
):
    measure = make_measure("Elterncafé")
    client.force_login(editor_a)
    _edit(client, measure, title_de="Elterncafé am Abend")
    staff = Client()
    staff.force_login(staff_user)
    read = shown_revision(staff, measure)
    _edit(client, measure, title_de="Elterncafé am Morgen")

    response = staff.post(
        reverse("review:send_back", args=[measure.pk]),
        {"revision": read, "comment": "Bitte den alten Titel lassen."},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Die Redaktion hat das geändert, seit Sie es geöffnet haben" in page
    assert "Bitte den alten Titel lassen." in page
    assert 'name="revision" value="2"' in page
    assert Measure.objects.get(pk=measure.pk).waiting_revision.number == 2


def test_the_review_page_shows_the_history_with_names(client, editor_a, staff_user, make_measure):
    measure = make_measure("Elterncafé", status=Measure.Status.DRAFT)
    editor = Client()
    editor.force_login(editor_a)
    editor.post(reverse("measures:partner_measure_submit", args=[measure.pk]))
    client.force_login(staff_user)
    page = client.get(reverse("review:detail", args=[measure.pk])).content.decode()
    history = page[page.index('id="trail-heading"') :]
    assert "Zur Prüfung eingereicht" in history
    assert "editor-a@example.org" in history


def test_the_editor_sees_the_history_of_her_measure_without_the_names_of_staff(
    client, editor_a, staff_user, make_measure
):
    measure = make_measure("Elterncafé", status=Measure.Status.DRAFT)
    client.force_login(editor_a)
    client.post(reverse("measures:partner_measure_submit", args=[measure.pk]))
    staff = Client()
    staff.force_login(staff_user)
    decide(staff, measure, "send_back", comment="Bitte Uhrzeiten ergänzen.")
    page = client.get(reverse("measures:partner_measure", args=[measure.pk])).content.decode()
    history = page[page.index('id="trail-heading"') :]
    assert "Bitte Uhrzeiten ergänzen." in history
    assert "staff@example.org" not in page
    assert "editor-a@example.org" not in history


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_submits_a_measure_that_staff_publish_into_the_catalogue(
    live_server, page: Page, browser, editor_a, staff_user
):
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.locator("#id_login").fill(editor_a.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.get_by_role("link", name="Partner area")).to_be_visible()
    page.get_by_role("link", name="Partner area").click()
    page.get_by_role("link", name="New measure").click()
    page.get_by_label("Title", exact=False).first.fill("Nähcafé für Frauen")
    page.locator("#id_summary_de").fill("Gemeinsam nähen und Deutsch sprechen")
    page.locator("#id_description_de").fill("Jeden Mittwoch im Stadtteilhaus.")
    page.get_by_label("Group").check()
    page.get_by_role("link", name="Who for", exact=True).click()
    page.get_by_label("Participation").check()
    page.get_by_role("link", name="Where", exact=True).click()
    page.get_by_label("Mitte", exact=True).check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nähcafé für Frauen")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("The measure has been submitted for review.")).to_be_visible()

    staff_client = Client()
    staff_client.force_login(staff_user)
    staff_context = browser.new_context()
    staff_context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": staff_client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    staff_page = staff_context.new_page()
    staff_page.goto(f"{live_server.url}/en/review/")
    staff_page.get_by_role("link", name="Nähcafé für Frauen").click()
    staff_page.get_by_role("button", name="Publish").click()
    expect(staff_page.get_by_text("is published")).to_be_visible()
    staff_context.close()

    page.goto(f"{live_server.url}/en/measures/")
    expect(page.get_by_role("link", name="Nähcafé für Frauen")).to_be_visible()


def test_a_new_measures_review_page_shows_every_field_its_editors_fill_in(
    client, staff_user, make_measure
):
    measure = make_measure(
        "Elterncafé",
        status=Measure.Status.SUBMITTED,
        languages=("de", "tr"),
        start_date=date(2027, 2, 1),
        end_date=date(2027, 3, 26),
        contact_email="kontakt@verein.example",
        contact_phone="0711 123456",
        venue_street="Marktplatz 1",
        registration_url="https://verein.example/anmeldung",
    )
    Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.WEEKLY,
        weekdays=[1],
        start_time=time(9),
        end_time=time(11, 30),
        valid_from=date(2027, 2, 1),
        valid_until=date(2027, 3, 26),
    )
    client.force_login(staff_user)
    page = client.get(reverse("review:detail", args=[measure.pk])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    for label, value in [
        ("Beginn", "1. Februar 2027"),
        ("Ende", "26. März 2027"),
        ("Kontakt-E-Mail", "kontakt@verein.example"),
        ("Straße und Hausnummer", "Marktplatz 1"),
        (
            "Sprachen des Angebots",
            ", ".join(str(lang) for lang in Language.objects.filter(code__in=["de", "tr"])),
        ),
    ]:
        assert f"{label} {value}" in text, label
    assert "0711 123456" in text
    assert "https://verein.example/anmeldung" in text
    assert "Zeiten Di, 09:00–11:30, vom 1. Februar 2027 bis 26. März 2027" in text
