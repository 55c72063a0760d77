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
