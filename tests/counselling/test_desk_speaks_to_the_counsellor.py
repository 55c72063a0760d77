"""The desk addresses the counsellor, shows weeks from Monday, languages by
name, a moved appointment as one row, and asks before deleting availability."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from counselling.models import AvailabilityRule
from counselling.services import move_appointment
from counselling.slots import free_slots
from tests.factories import add_rule

from .test_absence_over_bookings import NOW, TUESDAY, book_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def _desk_url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def test_the_desk_booking_form_speaks_of_the_client_not_to_her(client, counsellor_user, counsellor):
    add_rule(counsellor, weekday=1)
    client.force_login(counsellor_user)
    form = client.get(_desk_url("desk:book", "en", counsellor.pk)).context["form"]
    with translation.override("en"):
        texts = [
            str(text)
            for field in form.fields.values()
            for text in (field.label, field.help_text, *field.error_messages.values())
        ]
    addressed_to_her = [text for text in texts if " your " in f" {text.lower()} "]
    assert addressed_to_her == []
    assert "Client's name or a pseudonym" in texts


def test_the_week_runs_from_monday_whichever_day_was_asked_for(client, counsellor_user, counsellor):
    client.force_login(counsellor_user)
    thursday = TUESDAY + timedelta(days=2)
    url = _desk_url("desk:agenda", "de")
    response = client.get(f"{url}?view=week&date={thursday.isoformat()}")
    days = [day for day, _appointments in response.context["days"]]
    assert days[0].weekday() == 0 and len(days) == 7
    assert days[0] == TUESDAY - timedelta(days=1)
    assert "Montag, 30. November 2026" in response.content.decode()
    assert "Sonntag, 6. Dezember 2026" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "shown"),
    [("de", "(Deutsch)"), ("ar", '(<bdi lang="de">Deutsch</bdi>)')],
)
def test_the_agenda_names_languages_instead_of_codes(
    client, counsellor_user, counsellor, german, language, shown
):
    add_rule(counsellor, weekday=1)
    book_with(counsellor, german, 9, "tr", "ayse@example.net")
    client.force_login(counsellor_user)
    url = _desk_url("desk:agenda", language)
    content = client.get(f"{url}?date={TUESDAY.isoformat()}").content.decode()
    assert shown in content
    assert "(de)" not in content


def test_a_moved_appointment_is_one_row_marked_as_moved(
    client, counsellor_user, counsellor, german
):
    add_rule(counsellor, weekday=1)
    appointment = book_with(counsellor, german, 10, "de", "ayse@example.net")
    eleven = next(
        slot
        for slot in free_slots(counsellor_id=counsellor.pk, notice=timedelta(0))
        if slot.local_start.date() == TUESDAY and slot.local_start.hour == 11
    )
    move_appointment(appointment, eleven.key)
    client.force_login(counsellor_user)
    url = _desk_url("desk:agenda", "en")
    content = client.get(f"{url}?date={TUESDAY.isoformat()}").content.decode()
    assert content.count(reverse("desk:appointment", args=[appointment.pk])) == 1
    # The header row and one row for the appointment.
    assert content.count('<tr class="kern-table__row">') == 2
    assert "11:00" in content and "10:00" not in content
    assert "(moved)" in content


def test_deleting_availability_asks_first_on_a_page_without_javascript(
    client, counsellor_user, counsellor
):
    rule = add_rule(counsellor, weekday=1)
    client.force_login(counsellor_user)
    availability = client.get(_desk_url("desk:availability", "en", counsellor.pk)).content
    delete_url = _desk_url("desk:rule_delete", "en", counsellor.pk, rule.pk)
    # The list links to the question; no button there deletes at once.
    assert f'href="{delete_url}"'.encode() in availability
    assert f'action="{delete_url}"'.encode() not in availability

    question = client.get(delete_url)
    assert question.status_code == 200
    content = question.content.decode()
    assert "Delete this availability?" in content and "<script" not in content.split("<main")[1]
    assert AvailabilityRule.objects.filter(pk=rule.pk).exists()

    response = client.post(delete_url)
    assert response.status_code == 302
    assert not AvailabilityRule.objects.filter(pk=rule.pk).exists()


def test_her_own_week_is_headed_as_hers_and_a_colleagues_by_name(
    client, counsellor_user, lead_user, counsellor, other_counsellor
):
    other_counsellor.user.first_name, other_counsellor.user.last_name = "Selin", "Kaya"
    other_counsellor.user.save()
    client.force_login(counsellor_user)
    own = client.get(_desk_url("desk:agenda", "en") + "?view=week").content.decode()
    assert "Your week" in own
    assert "Week of" not in own
    client.force_login(lead_user)
    url = _desk_url("desk:agenda", "en") + f"?view=week&counsellor={other_counsellor.pk}"
    colleague = client.get(url).content.decode()
    assert "Selin Kaya" in colleague
    assert "counsellor-other@example.org</bdi>" not in colleague
