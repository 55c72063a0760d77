"""The search's relevance on the demo measures, measured by the relevance set
(tests/measures/relevance.json): recall@10 and mean reciprocal rank."""

import io
from collections import Counter

import pytest
from django.core.management import call_command

from bench.relevance import evaluate, load_cases
from demo.management.commands.seed_demo import Command as SeedDemo

# Measured with the set as written (recall@10 0.82, MRR 0.96 over 80 queries,
# with synonyms; 0.78 and 0.91 over the first 70 without them); a change that
# ranks worse fails here. The demo's dates follow the day, hence the margin.
MIN_RECALL = 0.78
MIN_MRR = 0.90


def test_the_relevance_set_covers_five_languages_and_enough_queries():
    cases = load_cases()
    assert len(cases) >= 60
    languages = Counter(case["language"] for case in cases)
    assert set(languages) == {"de", "en", "tr", "ar", "uk"}
    assert all(case["expected"] for case in cases)


@pytest.mark.django_db
def test_the_search_finds_what_the_relevance_set_expects():
    call_command(SeedDemo(), measures=240, stdout=io.StringIO())
    score = evaluate(load_cases())
    assert score.recall >= MIN_RECALL, (str(score), score.misses)
    assert score.mrr >= MIN_MRR, (str(score), score.misses)
