"""Two people racing for one slot: the database decides, one wins."""

import threading

import pytest
from django.db import connection

from counselling.models import Appointment, Counsellor
from counselling.services import SlotTaken
from integration_portal.models import Language, User
from tests.factories import add_rule

from .test_booking import book, details, first_key


@pytest.fixture
def german_with_one_counsellor(transactional_db) -> Language:
    """Created here, not from the seeded taxonomy: an earlier transactional
    test in the session may have flushed it away."""
    german, _created = Language.objects.get_or_create(
        code="de", defaults={"name_de": "Deutsch", "name_en": "German", "native_name": "Deutsch"}
    )
    counsellor = Counsellor.objects.create(
        user=User.objects.create_user(email="racing-counsellor@example.org"),
        modes=["phone"],
        topics=["career"],
    )
    counsellor.languages.add(german)
    add_rule(counsellor)
    return german


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_people_racing_for_one_slot_give_one_appointment(german_with_one_counsellor):
    german = german_with_one_counsellor
    key = first_key()
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(number: int) -> None:
        try:
            barrier.wait()
            book(german, key, details=details(email=f"racer{number}@example.net"))
            result = "booked"
        except SlotTaken:
            result = "taken"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["taken"] * 19
    assert Appointment.objects.count() == 1
