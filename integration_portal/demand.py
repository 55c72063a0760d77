"""What people asked for and did not get, gathered for the steering overview.

The overview lives in `measures`, but some of what it weighs against the supply
is seen by apps that `measures` may not import: the counselling waiting list,
the needs counsellors record, the recommendations they make. Each such app
registers a source here in its `AppConfig.ready()`; the overview asks every
registered source and shows what exists, growing when a new source lands.

Sources return anonymous counts only: never a person, never a free text that
could name one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise


@dataclass(frozen=True)
class DemandCount:
    """How many times something was asked for in one month.

    `life_domain_id`, `district_id` and `language_id` name rows of the shared
    taxonomy where the source can attribute the count, `None` where it cannot.
    `category` is the source's own grouping where it has no life domain (the
    counselling topic of a waiting-list entry), already translated or lazy.
    """

    month: date
    count: int
    life_domain_id: int | None = None
    district_id: int | None = None
    language_id: int | None = None
    category: str | Promise = ""


@dataclass(frozen=True)
class DemandSource:
    """One kind of demand: `counts(first_day, end)` covers `first_day <= day < end`."""

    key: str
    label: str | Promise
    counts: Callable[[date, date], Iterable[DemandCount]]


_sources: dict[str, DemandSource] = {}


def register(source: DemandSource) -> None:
    _sources[source.key] = source


def sources() -> list[DemandSource]:
    return list(_sources.values())
