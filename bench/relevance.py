"""How well the catalogue's search ranks: recall@10 and mean reciprocal rank
over a set of queries with the measures that must be found (the data file
tests/measures/relevance.json, kept apart so that it can follow the demo data).

A query is searched as a visitor's would be: in her interface language, with
the words that name filters applied as filters, in the catalogue's order.
"""

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Q
from django.http import QueryDict
from django.utils import translation

from measures.filters import MeasureFilter
from measures.models import Measure

CASES = Path(__file__).resolve().parent.parent / "tests" / "measures" / "relevance.json"
TOP = 10


@dataclass
class Score:
    recall: float = 0.0  # mean over the queries of the relevant share of the top 10
    mrr: float = 0.0  # mean of 1 / rank of the first relevant result (0: none in the top 10)
    queries: int = 0
    misses: list[str] = field(default_factory=list)  # queries without a hit in the top 10

    def __str__(self) -> str:
        return f"recall@{TOP} {self.recall:.3f}, MRR {self.mrr:.3f} over {self.queries} queries"


def load_cases(path: Path = CASES) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


def _relevant(title: str, expected: list[str]) -> bool:
    return any(title.startswith(prefix) for prefix in expected)


def evaluate(cases: list[dict]) -> Score:
    score = Score(queries=len(cases))
    recall_sum = rr_sum = 0.0
    for case in cases:
        expected = case["expected"]
        wanted = Q()
        for prefix in expected:
            wanted |= Q(title_de__startswith=prefix)
        relevant = Measure.objects.visible().filter(wanted).count()
        with translation.override(case["language"]):
            data = QueryDict(mutable=True)
            data["q"] = case["query"]
            filterset = MeasureFilter(data, understand_words=True)
            top = list(filterset.sorted_results().values_list("title_de", flat=True)[:TOP])
        hits = [rank for rank, title in enumerate(top, 1) if _relevant(title, expected)]
        if relevant:
            recall_sum += len(hits) / min(relevant, TOP)
        if hits:
            rr_sum += 1 / hits[0]
        else:
            score.misses.append(f"{case['language']}: {case['query']}")
    score.recall = recall_sum / len(cases)
    score.mrr = rr_sum / len(cases)
    return score


class _Discard(Exception):
    """Leaves the transaction that held the demo measures."""


def run(options: dict, stdout) -> None:
    """The relevance set's score on the demo measures (the catalogue it was
    written for), seeded into the benchmark database inside a transaction that
    is rolled back: the generated measures are hidden meanwhile (archived), then return."""
    from django.core.management import call_command
    from django.db import transaction

    from demo.management.commands.seed_demo import Command as SeedDemo

    stdout.write("\nSearch relevance (demo measures, relevance set in tests/measures)")
    try:
        with transaction.atomic():
            # the generated measures (slugs ending in -b<number>, see measures.py)
            Measure.objects.filter(slug__regex=r"-b[0-9]+$").update(status=Measure.Status.ARCHIVED)
            call_command(SeedDemo(), measures=240, stdout=io.StringIO())
            score = evaluate(load_cases())
            raise _Discard
    except _Discard:
        pass
    stdout.write(str(score))
    if score.misses:
        stdout.write("no relevant result in the top 10: " + "; ".join(score.misses))
