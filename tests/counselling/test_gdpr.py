"""GDPR requests act on the person, not on one booking's row: Art. 15 export
and Art. 17 erasure take every row with her email address (in any case) or
her phone number (however written), the lead sees which rows before
confirming, and the audit trail records who did it without personal data."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from counselling.models import Appointment, Client, Mode, Topic
from counselling.services import purge_personal_data
from integration_portal.audit import trail
from integration_portal.models import LogEntry
from tests.factories import make_client, span

pytestmark = pytest.mark.django_db


def appointment_for(
    client: Client, counsellor, german, days: int, status=Appointment.Status.BOOKED
):
    start = (timezone.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    return Appointment.objects.create(
        counsellor=counsellor,
        client=client,
        timespan=span(start),
        topic=Topic.CAREER,
        mode=Mode.PHONE,
        language=german,
        status=status,
    )


@pytest.fixture
def rows(counsellor, german) -> dict[str, Client]:
    """One mother who booked three times, each time a little differently, and
    another woman."""
    people = {
        "email only": make_client(name="Aylin", email="Aylin@Example.net", phone=""),
        "both": make_client(name="Ayla K.", email="aylin@example.net", phone="0711 123456"),
        "phone only": make_client(name="A. K.", email="", phone="0711-12 34 56"),
        "someone else": make_client(name="Olga", email="olga@example.net", phone="0711 999999"),
    }
    for days, name in enumerate(people, start=3):
        appointment_for(people[name], counsellor, german, days=days)
    appointment_for(
        people["both"], counsellor, german, days=-30, status=Appointment.Status.ATTENDED
    )
    return people


def ids(*clients: Client) -> list[int]:
    return sorted(client.pk for client in clients)


def test_the_person_is_every_row_with_her_email_in_any_case_or_her_phone_however_written(rows):
    hers = ids(rows["email only"], rows["both"], rows["phone only"])
    for start in ("email only", "both", "phone only"):
        assert ids(*rows[start].same_person()) == hers
    assert ids(*rows["someone else"].same_person()) == ids(rows["someone else"])


def test_an_anonymised_row_belongs_to_nobody(rows):
    rows["phone only"].anonymise(timezone.now())
    assert ids(*rows["email only"].same_person()) == ids(rows["email only"], rows["both"])


@pytest.fixture
def lead(client, lead_user):
    client.force_login(lead_user)
    return client


@pytest.mark.parametrize("url_name", ["desk:client_export", "desk:client_erase"])
def test_the_lead_sees_which_rows_are_included_before_confirming(lead, rows, url_name):
    response = lead.get(reverse(url_name, args=[rows["email only"].pk]))
    content = response.content.decode()
    for name in ("email only", "both", "phone only"):
        assert f'name="records" value="{rows[name].pk}"' in content
        assert f'value="{rows[name].pk}" id="id_records_' in content
    assert content.count(" checked") == 3
    assert "gleiche Telefonnummer" not in content
    assert "über einen anderen ihrer Einträge" in content
    # Dates and appointments, never the other rows' names or contacts, nor anyone else's.
    assert "Termine" in content
    for other in ("Ayla K.", "A. K.", "0711 123456", "Olga", "olga@example.net"):
        assert other not in content
    assert f'value="{rows["someone else"].pk}"' not in content


def test_export_holds_every_row_of_the_person_and_nobody_else(lead, rows, lead_user):
    person = ids(rows["email only"], rows["both"], rows["phone only"])
    response = lead.post(
        reverse("desk:client_export", args=[rows["phone only"].pk]), {"records": person}
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="client-{rows["phone only"].pk}.json"'
    )
    records = json.loads(response.content)["records"]
    assert sorted(record["name"] for record in records) == ["A. K.", "Ayla K.", "Aylin"]
    assert sum(len(record["appointments"]) for record in records) == 4
    assert "olga" not in response.content.decode()
    for client in (rows["email only"], rows["both"], rows["phone only"]):
        entry = trail(client).get()
        assert (entry.action, entry.user, entry.data) == (
            "client.exported",
            lead_user,
            {"rows": person},
        )


def test_erasure_blanks_every_row_and_cancels_only_her_upcoming_appointments(lead, rows):
    person = ids(rows["email only"], rows["both"], rows["phone only"])
    response = lead.post(reverse("desk:client_erase", args=[rows["both"].pk]), {"records": person})
    assert response.url == reverse("desk:agenda")
    for client in Client.objects.filter(pk__in=person):
        assert (client.name, client.email, client.phone) == ("", "", "")
        assert client.anonymised_at is not None
    statuses = Appointment.objects.filter(client__in=person).values_list("status", flat=True)
    assert sorted(statuses) == ["attended", "cancelled", "cancelled", "cancelled"]
    other = Client.objects.get(pk=rows["someone else"].pk)
    assert other.email == "olga@example.net"
    assert other.appointments.get().status == Appointment.Status.BOOKED


def test_the_lead_can_leave_out_a_row_that_belongs_to_someone_else(lead, rows):
    response = lead.post(
        reverse("desk:client_erase", args=[rows["email only"].pk]),
        {"records": ids(rows["email only"], rows["both"])},
    )
    assert response.status_code == 302
    kept = Client.objects.get(pk=rows["phone only"].pk)
    assert (kept.phone, kept.anonymised_at) == ("0711-12 34 56", None)


def test_another_persons_row_cannot_be_slipped_into_a_request(lead, rows):
    response = lead.post(
        reverse("desk:client_erase", args=[rows["email only"].pk]),
        {"records": ids(rows["email only"], rows["someone else"])},
    )
    assert response.status_code == 200
    assert "<title>Fehler:" in response.content.decode()
    assert not Client.objects.filter(anonymised_at__isnull=False).exists()


@pytest.mark.parametrize("url_name", ["desk:client_export", "desk:client_erase"])
def test_confirming_without_any_row_is_a_clear_error(lead, rows, url_name):
    response = lead.post(reverse(url_name, args=[rows["both"].pk]), {})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Wählen Sie mindestens einen Eintrag." in content
    assert not Client.objects.filter(anonymised_at__isnull=False).exists()
    assert not LogEntry.objects.exists()


def test_erasure_and_purge_are_in_the_audit_trail_without_personal_data(lead, rows, lead_user):
    person = ids(rows["email only"], rows["both"], rows["phone only"])
    lead.post(reverse("desk:client_erase", args=[rows["both"].pk]), {"records": person})
    erased = trail(rows["both"]).filter(action="client.erased").get()
    assert erased.user == lead_user
    assert erased.data["rows"] == person
    cancelled = Appointment.objects.get(client=rows["both"], status="cancelled")
    assert erased.data["cancelled"] == [cancelled.pk]
    assert trail(cancelled).get().data == {"status": "cancelled", "via": "erasure"}
    assert purge_personal_data(now=timezone.now() + timedelta(days=400)) == 1
    purged = trail(rows["someone else"]).get()
    assert (purged.action, purged.user) == ("client.anonymised", None)
    recorded = json.dumps(list(LogEntry.objects.values("action", "data")))
    for personal in ("Aylin", "aylin", "Olga", "olga", "123456", "12 34 56", "999999"):
        assert personal not in recorded


def test_an_anonymised_client_has_no_export_or_erasure_page(lead, rows):
    rows["email only"].anonymise(timezone.now())
    for page in ("desk:client_export", "desk:client_erase"):
        assert lead.get(reverse(page, args=[rows["email only"].pk])).status_code == 404
