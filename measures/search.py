"""Full-text search over measures in PostgreSQL, with a typo-tolerant fallback.

Full text first: German stemming over the German texts ("Deutschkurs" finds
"Deutschkurse", "Mutter" finds "Mütter"), English stemming over the English
ones, ranked by where a word occurs (title before summary before description).
Only when that finds nothing anywhere do trigrams of the accent-free title
catch typing errors ("Deutshkurs"). Both paths use GIN indexes.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import F, Value
from django.db.models.functions import Lower

from .models import Measure, MeasureQuerySet, PortalUnaccent

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8

# People without a German keyboard write "Muetter" for "Mütter"; the German
# stemmer folds umlauts but does not know these spellings.
_UMLAUT_SPELLINGS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("Ae", "Ä"), ("Oe", "Ö"), ("Ue", "Ü"))
_WORD = re.compile(r"[^\W_]+")
# Shorter terms match too much as prefixes.
MIN_PREFIX_LENGTH = 4


def clean_query(raw: str) -> str:
    """The text worth searching for: printable, single-spaced, not overly long."""
    printable = "".join(char if char.isprintable() else " " for char in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search_terms(text: str) -> list[str]:
    return _WORD.findall(text)[:MAX_TERMS]


def with_umlauts(word: str) -> str:
    for spelling, umlaut in _UMLAUT_SPELLINGS:
        word = word.replace(spelling, umlaut)
    return word


def _term(term: str, config: str) -> SearchQuery:
    """The stemmed term, also as a prefix: the German stemmer gives "Deutschkurs" and
    "Deutschkurse" different stems, and "deutschkur:*" finds both.

    Terms are letters and digits only, so they cannot carry tsquery syntax.
    """
    if len(term) < MIN_PREFIX_LENGTH:
        return SearchQuery(term, config=config)
    return SearchQuery(f"{term}:*", config=config, search_type="raw")


def full_text_query(terms: list[str]) -> SearchQuery:
    """Every term must match, in German or English stemming or with umlauts restored."""
    query = None
    for term in terms:
        term_query = _term(term, "german") | _term(term, "english")
        umlauted = with_umlauts(term)
        if umlauted != term:
            term_query |= _term(umlauted, "german")
        query = term_query if query is None else query & term_query
    return query


@dataclass
class Search:
    """What one search request looks for, and how.

    Whether to fall back to trigrams is decided once, over all visible
    measures, so that the results and every facet count search the same way.
    """

    terms: list[str]
    typo_tolerant: bool = False

    @classmethod
    def for_text(cls, raw_text: str) -> "Search":
        terms = search_terms(clean_query(raw_text))
        if not terms:
            return cls(terms)
        found = Measure.objects.visible().filter(search_vector=full_text_query(terms)).exists()
        return cls(terms, typo_tolerant=not found)

    def apply(self, queryset: MeasureQuerySet) -> MeasureQuerySet:
        """`queryset` narrowed to the matches, annotated with `search_rank`."""
        if not self.terms:
            return queryset.none()
        if not self.typo_tolerant:
            query = full_text_query(self.terms)
            return queryset.filter(search_vector=query).annotate(
                search_rank=SearchRank(F("search_vector"), query)
            )
        normalised = Lower(PortalUnaccent(Value(" ".join(self.terms))))
        return queryset.filter(title_normalised__trigram_word_similar=normalised).annotate(
            search_rank=TrigramWordSimilarity(normalised, "title_normalised")
        )
