"""Counselling fixtures: a counsellor profile with a weekly rule. The builders
(`make_counsellor`, `add_rule`, `make_client`, `berlin`, `span`) are in
tests/factories.py."""

import pytest

from counselling.models import AvailabilityRule, Counsellor, Location
from integration_portal.models import Language
from integration_portal.roles import COUNSELLOR
from tests.factories import add_rule, make_counsellor, make_location, make_user


@pytest.fixture
def german(db) -> Language:
    return Language.objects.get(code="de")


@pytest.fixture
def location(db) -> Location:
    return make_location()


@pytest.fixture
def counsellor(counsellor_user, german) -> Counsellor:
    return make_counsellor(counsellor_user, german)


@pytest.fixture
def other_counsellor(german) -> Counsellor:
    return make_counsellor(make_user("counsellor-other@example.org", COUNSELLOR), german)


@pytest.fixture
def monday_rule(counsellor) -> AvailabilityRule:
    return add_rule(counsellor)


def answer_child(client, month: int = 5, year: int = 2025, language: str | None = None):
    """The booking's first question: the youngest child's month of birth."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language or translation.get_language()):
        url = reverse("counselling:child")
    return client.post(url, {"child_month": str(month), "child_year": str(year)})


@pytest.fixture(autouse=True)
def _outbox_sent_on_commit(settings):
    """Messages leave right after the commit, as if a worker were quick; the
    outbox's own tests switch this off and drive the worker."""
    settings.COUNSELLING_OUTBOX_SEND_ON_COMMIT = True


@pytest.fixture(autouse=True)
def _sms_in_memory(settings):
    """Short messages stay in `counselling.sms.outbox`, emptied for each test."""
    from counselling import sms

    settings.COUNSELLING_SMS_BACKEND = "counselling.sms.LocMemBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()
