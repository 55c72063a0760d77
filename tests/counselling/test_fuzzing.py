"""Arbitrary answers to every question of the booking, and arbitrary personal
links: the answer is never a server error, and nothing typed comes back as
live markup."""

from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from counselling.slots import free_slots
from counselling.views import SESSION_KEY
from tests.fuzzing import FUZZ, any_text, assert_no_live_marker, repeated_text, with_marker

pytestmark = pytest.mark.django_db

# question → its page and its form fields
QUESTIONS = {
    "child": ("child", ["child_month", "child_year"]),
    "topic": ("topic", ["topic"]),
    "language": ("language", ["language"]),
    "mode": ("mode", ["mode"]),
    "location": ("place", ["location"]),
    "slot": ("time", ["slot"]),
    "details": (
        "details",
        [
            "name",
            "email",
            "phone",
            "interpreter_wanted",
            "consent",
            "website",
        ],
    ),
}
KNOWN_VALUES = [
    "",
    "career",
    "phone",
    "in_person",
    "video",
    "on",
    "1",
    "0",
    "-1",
    "6",
    "13",
    "2025",
    "1900",
    "99999999999999999999999",
    "mutter@example.net",
    "a@b",
    "0711 123456",
    "1-20270201T0800-phone-0",
    "x-y-z-w",
    "1-99999999T9999-phone-0",
]

very_long = repeated_text(["ä", "<script>", "\x00", "-"], 200, 2000)


@pytest.fixture
def answers(monday_rule, german, location) -> dict:
    """Every question answered well, as the session holds them before the check page."""
    return {
        "child": "2026-01-01",
        "topic": "career",
        "language": german.pk,
        "mode": "phone",
        "location": None,
        "slot": free_slots()[0].key,
        "details": {
            "name": "Ayşe",
            "email": "mutter@example.net",
            "phone": "+49711123456",
            "child_birth_month": "2026-01-01",
            "preferred_language": None,
            "interpreter_wanted": False,
        },
    }


@FUZZ
@given(question=st.sampled_from(list(QUESTIONS)), data=st.data())
def test_any_answer_to_any_booking_question_gives_a_page_not_an_error(
    client, answers, question, data
):
    session = client.session
    session[SESSION_KEY] = answers
    session.save()
    known = st.sampled_from(
        [*KNOWN_VALUES, str(answers["language"]), answers["slot"], answers["slot"] + "\x00"]
    )
    value = st.one_of(known, any_text, with_marker, very_long)
    path, fields = QUESTIONS[question]
    form = data.draw(
        st.dictionaries(
            st.sampled_from([*fields, "csrfmiddlewaretoken", "unexpected"]),
            st.lists(value, min_size=1, max_size=3),
            max_size=len(fields) + 1,
        )
    )
    response = client.post(f"/en/counselling/{path}/", form)
    assert response.status_code in {200, 302}
    assert_no_live_marker(response.content.decode())


@FUZZ
@example(token="\x00")
@given(token=st.one_of(any_text.filter(lambda text: text not in {"", ".", ".."}), with_marker))
def test_any_personal_link_is_found_or_not_found(client, answers, token):
    for page in ["", "cancel/", "move/"]:
        response = client.get(f"/en/counselling/appointment/{quote(token, safe='')}/{page}")
        assert response.status_code == 404
        assert_no_live_marker(response.content.decode())
