from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture
def make_measure(partner_a):
    """`tests.factories.make_measure` with partner A as the provider."""

    def make(title: str = "Sprachcafé", **fields):
        return factories.make_measure(fields.pop("provider", partner_a), title, **fields)

    return make


@pytest.fixture
def yesterday():
    return timezone.localdate() - timedelta(days=1)
