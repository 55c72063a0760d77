"""Arbitrary input to the waiting list and to the desk's newer forms (an absence
over bookings with its decisions, notes): never a server error, nothing typed
comes back as live markup, and what she typed is shown again to be corrected."""

from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from counselling import waiting_list
from counselling.models import Mode, Topic
from counselling.services import cancel_appointment
from counselling.slots import free_slots
from counselling.views import SESSION_KEY
from tests.factories import make_appointment, make_client
from tests.fuzzing import FUZZ, any_text, assert_no_live_marker, repeated_text, with_marker

pytestmark = pytest.mark.django_db

very_long = repeated_text(["ä", "<script>", "\x00", "-", "٠"], 200, 2000)
KNOWN = ["", "on", "0", "1", "-1", "a@b", "mutter@example.net", "0711 123456", "+90 532 1234567"]
KNOWN += ["٠١٥١ ٢٣٤٥٦٧٨٩", "abc", "2026-12-01T08:00", "2026-12-01T13:00", "9999-99-99T99:99"]
KNOWN += ["move", "cancel", "notes", "x" * 10001]
values = st.one_of(st.sampled_from(KNOWN), any_text, with_marker, very_long)


def form_of(fields: list[str]):
    return st.dictionaries(
        st.sampled_from([*fields, "csrfmiddlewaretoken", "unexpected"]),
        st.lists(values, min_size=1, max_size=3),
        max_size=len(fields) + 1,
    )


def typed_is_kept(content: str, form: dict, fields: list[str]) -> None:
    """A plain value of a text field that came back with the form is shown as typed."""
    for name in fields:
        typed = form.get(name, [""])[-1]
        plain = typed.isprintable() and typed == typed.strip() and 0 < len(typed) <= 40
        if plain and "\x00" not in typed:
            assert f'value="{escape(typed)}"' in content, name


@pytest.fixture
def in_person_answers(german, location) -> dict:
    return {
        "child": "2026-01-01",
        "topic": "career",
        "language": german.pk,
        "mode": "in_person",
        "location": location.pk,
    }


JOIN_FIELDS = ["email", "phone", "district", "consent", "website"]


@FUZZ
@given(form=form_of(JOIN_FIELDS))
def test_any_input_to_the_waiting_list_gives_a_page_and_keeps_what_she_typed(
    client, in_person_answers, form
):
    session = client.session
    session[SESSION_KEY] = in_person_answers
    session.save()
    response = client.post("/en/counselling/waiting-list/", form)
    assert response.status_code in {200, 302}
    content = response.content.decode()
    assert_no_live_marker(content)
    if response.status_code == 200:
        typed_is_kept(content, form, ["email", "phone"])


@pytest.fixture
def held(counsellor, monday_rule, german) -> str:
    slot = free_slots()[0]
    taken = make_appointment(counsellor, slot.start, client=make_client(email="x@example.net"))
    entry = waiting_list.join(
        waiting_list.Wish(
            Topic.CAREER, german, Mode.PHONE, None, "wartet@example.net", "", date(2025, 6, 1), "de"
        ),
        now=timezone.now(),
    )
    cancel_appointment(taken, by_staff=True)
    return entry.token


HOLD_FIELDS = ["name", "email", "phone", "interpreter_wanted", "consent", "website"]


@FUZZ
@given(form=form_of(HOLD_FIELDS))
def test_any_input_to_the_held_time_gives_a_page_and_keeps_what_she_typed(client, held, form):
    response = client.post(f"/en/counselling/waiting-list/{held}/", form)
    assert response.status_code in {200, 302}
    content = response.content.decode()
    assert_no_live_marker(content)
    if response.status_code == 200:
        typed_is_kept(content, form, ["name", "email", "phone"])


@FUZZ
@given(token=st.one_of(any_text.filter(lambda text: text not in {"", ".", ".."}), with_marker))
def test_any_waiting_list_link_is_found_or_not_found(client, token):
    for page in ["", "leave/"]:
        response = client.get(f"/en/counselling/waiting-list/{quote(token, safe='')}/{page}")
        assert response.status_code == 404
        assert_no_live_marker(response.content.decode())


@pytest.fixture
def desk(client, counsellor_user, counsellor, monday_rule, german):
    client.force_login(counsellor_user)
    slot = free_slots()[0]
    return make_appointment(counsellor, slot.start), counsellor


@FUZZ
@given(data=st.data())
def test_any_absence_over_bookings_gives_a_page(client, desk, data):
    appointment, counsellor = desk
    around = [
        timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
        for moment in (appointment.start - timedelta(hours=1), appointment.end + timedelta(hours=1))
    ]
    dates = st.one_of(st.sampled_from(around), values)
    form = data.draw(
        st.fixed_dictionaries(
            {
                "start": st.lists(dates, min_size=1, max_size=2),
                "end": st.lists(dates, min_size=1, max_size=2),
                "reason": st.lists(values, min_size=1, max_size=2),
                "confirmed": st.lists(values, max_size=2),
                f"appointment-{appointment.pk}": st.lists(values, max_size=2),
            }
        )
    )
    response = client.post(f"/en/desk/counsellors/{counsellor.pk}/absences/new/", form)
    assert response.status_code in {200, 302}
    content = response.content.decode()
    assert_no_live_marker(content)
    if response.status_code == 200:
        reason = form["reason"][-1]
        if reason.isprintable() and reason == reason.strip() and 0 < len(reason) <= 40:
            assert escape(reason) in content


@FUZZ
@given(form=form_of(["notes", "action"]))
def test_any_notes_give_a_page(client, desk, form):
    appointment, _counsellor = desk
    response = client.post(f"/en/desk/appointments/{appointment.pk}/", form)
    assert response.status_code in {200, 302}
    assert_no_live_marker(response.content.decode())
