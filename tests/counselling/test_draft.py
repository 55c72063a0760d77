"""The booking's answers travel between its pages as one typed draft, kept in
the session only while needed: a shared browser shows the next person neither
the last booking's personal link nor the answers of an abandoned booking."""

from datetime import date, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from counselling.booking import BOOKED_KEY, SESSION_KEY, BookingDraft
from counselling.forms import DetailsForm
from counselling.models import Appointment, Client, Mode, Topic
from counselling.services import ClientDetails
from counselling.slots import free_slots
from tests.fuzzing import FUZZ, any_text

from .conftest import answer_child

pytestmark = pytest.mark.django_db


def test_the_place_is_asked_only_for_appointments_in_person():
    by_phone = BookingDraft(topic=Topic.CAREER, language_id=1, mode=Mode.PHONE)
    assert by_phone.next_step("mode") == "slots"
    assert by_phone.previous_step("slots") == "mode"
    in_person = BookingDraft(topic=Topic.CAREER, language_id=1, mode=Mode.IN_PERSON)
    assert in_person.next_step("mode") == "location"
    assert in_person.previous_step("slots") == "location"
    assert not in_person.can_open("slots")
    assert not by_phone.can_open("slots")
    by_phone.answer(child_birth_month=date(2025, 1, 1))
    assert by_phone.can_open("slots") and not by_phone.can_open("details")
    assert BookingDraft().previous_step("child") is None
    assert BookingDraft().previous_step("topic") == "child"


def test_the_progress_counts_the_place_only_for_appointments_in_person():
    assert BookingDraft(mode=Mode.PHONE).progress("child") == (1, 7)
    assert BookingDraft(mode=Mode.PHONE).progress("slots") == (5, 7)
    assert BookingDraft(mode=Mode.IN_PERSON).progress("slots") == (6, 8)


def test_a_changed_month_of_birth_needs_a_new_time_and_updates_the_details(german):
    details = ClientDetails("Ayşe", "a@example.net", "", date(2024, 3, 1), german, "tr")
    draft = BookingDraft(child_birth_month=date(2024, 3, 1), slot_key="k", details=details)
    draft.answer(child_birth_month=date(2024, 3, 1))
    assert draft.slot_key == "k"
    draft.answer(child_birth_month=date(2024, 9, 1))
    assert draft.slot_key is None
    assert draft.details.child_birth_month == date(2024, 9, 1)


def test_a_draft_comes_back_from_the_session_as_it_went_in(german):
    draft = BookingDraft(
        child_birth_month=date(2026, 3, 1),
        topic=Topic.GERMAN,
        language_id=german.pk,
        mode=Mode.VIDEO,
        slot_key="1-20270201T0800-video-0",
        details=ClientDetails("Ayşe", "a@example.net", "", date(2026, 3, 1), german, "tr"),
        interpreter_wanted=True,
    )
    assert BookingDraft.from_session(draft.to_session()) == draft


def test_a_changed_topic_way_or_place_needs_a_new_time():
    draft = BookingDraft(
        topic=Topic.CAREER, language_id=1, mode=Mode.IN_PERSON, location_id=2, slot_key="k"
    )
    draft.answer(topic=Topic.CAREER)
    assert draft.slot_key == "k"
    draft.answer(mode=Mode.PHONE)
    assert (draft.location_id, draft.slot_key) == (None, None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=8,
)
draft_values = st.fixed_dictionaries(
    {},
    optional={
        "child": st.sampled_from(["2025-01-01", "2026-13-01", "1900-01-01"]) | json_values,
        "topic": st.sampled_from(Topic.values) | json_values,
        "language": st.integers(-1, 10**12) | json_values,
        "mode": st.sampled_from(Mode.values) | json_values,
        "location": st.integers(-1, 10**12) | json_values,
        "slot": st.sampled_from(["1-20270201T0800-phone-0", "1-99999999T9999-phone-0"])
        | json_values,
        "details": st.fixed_dictionaries(
            {},
            optional={
                "name": json_values,
                "email": json_values,
                "phone": json_values,
                "child_birth_month": st.sampled_from(
                    ["2026-01-01", "0001-01-01", "9999-12-31", "2026-02-30"]
                )
                | json_values,
                "preferred_language": json_values,
                "interpreter_wanted": json_values,
            },
        )
        | json_values,
    },
)
STEPS = ["child", "topic", "language", "mode", "place", "time", "details", "check", "booked"]


@FUZZ
@given(
    draft=draft_values | json_values,
    booked=json_values,
    step=st.sampled_from(STEPS),
    post=st.booleans(),
)
def test_old_or_garbled_session_content_never_breaks_a_booking_page(
    client, monday_rule, draft, booked, step, post
):
    session = client.session
    session[SESSION_KEY] = draft
    session[BOOKED_KEY] = booked
    session.save()
    url = f"/de/counselling/{step}/"
    response = client.post(url, {}) if post else client.get(url)
    assert response.status_code in {200, 302, 409}


def walk_to_check(client, german) -> None:
    answer_child(client)
    client.post(reverse("counselling:topic"), {"topic": Topic.CAREER})
    client.post(reverse("counselling:language"), {"language": german.pk})
    client.post(reverse("counselling:mode"), {"mode": "phone"})
    key = client.get(reverse("counselling:slots")).context["days"][0][1][0][0].key
    client.post(reverse("counselling:slots"), {"slot": key})
    client.post(
        reverse("counselling:details"),
        {
            "name": "Aylin Yılmaz",
            "phone": "0711 9876543",
            "consent": "on",
        },
    )


def stored_session(client) -> dict:
    return Session.objects.get(session_key=client.session.session_key).get_decoded()


def test_an_anonymous_visitors_answers_expire_after_30_minutes_without_an_answer(
    client, monday_rule, german, monkeypatch
):
    walk_to_check(client, german)
    assert "Aylin Yılmaz" in str(stored_session(client))
    assert client.session.get_expiry_age() == 30 * 60
    later = timezone.now() + timedelta(minutes=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("clearsessions")
    assert not Session.objects.exists()


def test_a_signed_in_user_keeps_her_session_length(client, counsellor_user, monday_rule, german):
    client.force_login(counsellor_user)
    before = client.session.get_expiry_age()
    walk_to_check(client, german)
    assert client.session.get_expiry_age() == before > 30 * 60


def test_the_answers_leave_the_session_once_booked(client, monday_rule, german):
    walk_to_check(client, german)
    response = client.post(reverse("counselling:check"))
    assert response.url == reverse("counselling:done")
    stored = str(stored_session(client))
    for answer in ("Aylin", "9876543", "2025-05"):
        assert answer not in stored
    assert Client.objects.get().name == "Aylin Yılmaz"


def test_the_personal_link_is_shown_for_a_few_minutes_only(
    client, monday_rule, german, monkeypatch
):
    walk_to_check(client, german)
    client.post(reverse("counselling:check"))
    token = Appointment.objects.get().token
    assert token in client.get(reverse("counselling:done")).content.decode()
    assert token in client.get(reverse("counselling:done")).content.decode()
    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get(reverse("counselling:done"))
    assert response.url == reverse("counselling:start")
    assert token not in str(stored_session(client))


def test_a_personal_link_left_in_a_session_by_an_earlier_version_is_not_shown(
    client, monday_rule, german
):
    walk_to_check(client, german)
    client.post(reverse("counselling:check"))
    session = client.session
    session[BOOKED_KEY] = Appointment.objects.get().token
    session.save()
    assert client.get(reverse("counselling:done")).url == reverse("counselling:start")


def test_the_public_form_and_the_desk_give_the_same_client_details(german):
    form = DetailsForm({"name": "Oksana", "phone": "٠٧١١ ١٢٣٤٥٦", "consent": "on"})
    assert form.is_valid(), form.errors
    details = form.client_details(
        ui_language="uk", child_birth_month=date(2025, 3, 1), preferred_language=german
    )
    assert details == ClientDetails("Oksana", "", "+49711123456", date(2025, 3, 1), german, "uk")


@pytest.mark.parametrize("phone", ["call me", "abc", "0711", "+49 7", "0711 1"])
def test_a_phone_number_must_be_one_that_can_be_called(phone):
    form = DetailsForm({"name": "O", "phone": phone, "consent": "on"})
    assert not form.is_valid()
    assert "phone" in form.errors


def test_the_desk_booking_stores_the_phone_as_digits_anyone_can_dial(
    client, counsellor_user, counsellor, monday_rule, german
):
    client.force_login(counsellor_user)
    url = reverse("desk:book", args=[counsellor.pk])
    key = free_slots(counsellor_id=counsellor.pk)[0].key
    client.post(
        url,
        {
            "slot": key,
            "topic": Topic.CAREER,
            "language": german.pk,
            "name": "Frau Y",
            "phone": "٠٧١١ ٢٢٢٢٢",
            "child_month": "1",
            "child_year": "2025",
            "consent": "on",
        },
    )
    assert Client.objects.get().phone == "+4971122222"
