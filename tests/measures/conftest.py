from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from tests import factories


@pytest.fixture(autouse=True)
def _words_that_name_choices(request) -> None:
    """The words that name the catalogue's choices ("Kurs", "Cannstatt", "عربي")
    and the synonyms come from data migrations, like the taxonomy: where an
    earlier test left a table empty, they are put back, so that no test depends
    on the order."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = {"db", "transactional_db"} & set(request.fixturenames)
    if marker is None and not uses_db:
        return
    transactional = bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from measures.models import SearchAlias, SynonymGroup

    if not SearchAlias.objects.exists():
        import_module("measures.migrations.0010_fill_search_aliases").fill(django_apps, None)
    if not SynonymGroup.objects.exists():
        import_module("measures.migrations.0022_fill_synonyms").fill(django_apps, None)


@pytest.fixture
def make_measure(partner_a):
    """`tests.factories.make_measure` with partner A as the provider."""

    def make(title: str = "Sprachcafé", **fields):
        return factories.make_measure(fields.pop("provider", partner_a), title, **fields)

    return make


@pytest.fixture
def yesterday():
    return timezone.localdate() - timedelta(days=1)
