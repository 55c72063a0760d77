"""`manage.py reindex_search`: the vocabulary and the compounds' parts of all
measures, refreshed (e.g. after measures were inserted in bulk)."""

from io import StringIO

import pytest
from django.core.management import call_command

from measures.models import Measure, SearchWord

pytestmark = pytest.mark.django_db


def _insert(partner, title: str, slug: str) -> None:
    # In bulk: neither the vocabulary nor the compounds' parts are kept.
    Measure.objects.bulk_create(
        [
            Measure(
                slug=slug,
                title_de=title,
                summary_de=title,
                description_de=title,
                format=Measure.Format.GROUP,
                provider=partner,
                status=Measure.Status.PUBLISHED,
            )
        ]
    )


def test_reindex_refreshes_the_vocabulary_and_splits_compounds(client, partner_a):
    _insert(partner_a, "Kinderbetreuung im Stadtteil", "a")
    _insert(partner_a, "Betreuung für Kinder", "b")
    assert Measure.objects.get(slug="a").search_compound_parts == ""
    assert not SearchWord.objects.filter(word="betreuung").exists()
    output = StringIO()
    call_command("reindex_search", stdout=output)
    assert "Measures reindexed: 2" in output.getvalue()
    assert SearchWord.objects.filter(word="kinderbetreuung").exists()
    parts = Measure.objects.get(slug="a").search_compound_parts.split()
    assert {"kinder", "betreuung"} <= set(parts)
    # Running it again changes nothing.
    call_command("reindex_search", stdout=StringIO())
    assert Measure.objects.get(slug="a").search_compound_parts.split() == parts


@pytest.mark.parametrize("term", ["Sprachcafe", "Sprachcafé", "sprachcafe"])
def test_the_german_index_folds_accents(client, make_measure, term):
    make_measure("Sprachcafé am Montag")
    make_measure("Nähcafé")
    response = client.get("/de/measures/", {"q": term})
    titles = [measure.title_de for measure in response.context["page"].object_list]
    assert titles == ["Sprachcafé am Montag"]
    # Found directly, not by the typo-tolerant fallback.
    assert not response.context["search"].typo_tolerant


def test_umlauts_are_still_found_both_ways(client, make_measure):
    make_measure("Hilfe beim Übersetzen")
    for term in ("Übersetzen", "Ubersetzen", "Uebersetzen"):
        response = client.get("/de/measures/", {"q": term})
        assert response.context["page"].paginator.count == 1, term
