"""Full-text search over measures in PostgreSQL, with a typo-tolerant fallback.

Every word counts, none blocks: measures that contain all the words are
shown when there are any; otherwise those containing the most words come
first, and the page says that none contains them all. The last word also
matches as a prefix, for people still typing it.

Full text first, in all five languages whatever the visitor's: German
stemming over the German texts ("Deutschkurs" finds "Deutschkurse", "Mutter"
finds "Mütter"), English, Turkish and Arabic stemming over those texts, the
Ukrainian ones without accents; ranked by where a word occurs (title before
summary before description), a measure with text in the visitor's language
first.
Only when no word finds anything do trigrams of the accent-free title catch
typing errors ("Deutshkurs"). Both paths use GIN indexes.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import reduce
from operator import add

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Lower
from django.utils.translation import get_language

from .models import (
    SEARCH_CONFIG_OF_LANGUAGE,
    UNACCENTED_CONFIGS,
    Measure,
    MeasureQuerySet,
    PortalUnaccent,
    SynonymGroup,
)
from .vocabulary import corrections, split_terms

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8

# People without a German keyboard write "Muetter" for "Mütter"; the German
# stemmer folds umlauts but does not know these spellings.
_UMLAUT_SPELLINGS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("Ae", "Ä"), ("Oe", "Ö"), ("Ue", "Ü"))
_WORD = re.compile(r"[^\W_]+")
# Shorter terms match too much as prefixes.
MIN_PREFIX_LENGTH = 4
# The word being typed matches as a prefix from this length on.
MIN_LAST_PREFIX_LENGTH = 2
# Text search configurations whose stemming a term is tried with: those the
# measures' texts are indexed with (`SEARCH_CONFIG_OF_LANGUAGE`).
SEARCH_CONFIGS = tuple(dict.fromkeys(SEARCH_CONFIG_OF_LANGUAGE.values()))
# A measure with a title in the visitor's language comes before one without
# among those that match equally well.
OWN_LANGUAGE_BONUS = 0.5
# A word with many synonyms would make a query too broad (and too long).
MAX_SYNONYMS = 12


class Mode(StrEnum):
    ALL_WORDS = "all"  # every result contains every word
    SOME_WORDS = "some"  # none contains all words: those with the most come first
    SIMILAR_TITLES = "similar"  # no word found: titles that look alike


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


def without_stopwords(terms: list[str]) -> list[str]:
    """The terms less those a text search configuration ignores ("für", "the"),
    which no measure can contain; all of them if nothing else is left."""
    if not terms:
        return terms
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t, bool_and(numnode(plainto_tsquery(c::regconfig, t)) > 0) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) CROSS JOIN unnest(%s::text[]) c "
            "GROUP BY t, n ORDER BY n",
            [terms, [config for config in SEARCH_CONFIGS if config != "simple"]],
        )
        meaningful = [term for term, keep in cursor.fetchall() if keep]
    return meaningful or terms


def synonyms_of(terms: list[str]) -> dict[str, list[str]]:
    """The synonyms (`SynonymGroup`) of each term that has some, in one query."""
    forms = {term: {term.lower(), with_umlauts(term).lower()} for term in terms}
    wanted = sorted(set().union(*forms.values())) if forms else []
    if not wanted:
        return {}
    groups = list(
        SynonymGroup.objects.filter(words__overlap=wanted).values_list("words", flat=True)
    )
    found = {}
    for term, own in forms.items():
        others = [word for words in groups if own & set(words) for word in words if word not in own]
        if others:
            found[term] = list(dict.fromkeys(others))[:MAX_SYNONYMS]
    return found


# A query as SQL and its parameters.
Sql = tuple[str, list]


def _params(queries: list[Sql]) -> list:
    return [param for _sql, params in queries for param in params]


def _joined(operator: str, queries: list[Sql]) -> Sql:
    return f" {operator} ".join(f"({sql})" for sql, _params in queries), _params(queries)


def _either(queries: list[Sql]) -> Sql:
    return _joined("||", queries)


def _both(queries: list[Sql]) -> Sql:
    return _joined("&&", queries)


def _plain(text: str, config: str) -> Sql:
    """The words of `text`, stemmed, all of them; without accents where the
    configuration's texts are indexed so."""
    if config in UNACCENTED_CONFIGS:
        return "plainto_tsquery(%s::regconfig, portal_unaccent(%s))", [config, text]
    return "plainto_tsquery(%s::regconfig, %s)", [config, text]


def _synonym(synonym: str, config: str) -> Sql:
    """A synonym in one configuration: a word also as a prefix, like a term;
    a phrase with all its words."""
    if " " not in synonym:
        return _term(synonym, config, last=False)
    return _plain(synonym, config)


def _term(term: str, config: str, *, last: bool) -> Sql:
    """The stemmed term, also as a prefix: the German stemmer gives "Deutschkurs" and
    "Deutschkurse" different stems, and "deutschkur:*" finds both.

    Terms are letters and digits only, so they cannot carry tsquery syntax.
    Ukrainian and German texts are indexed without accents, so is the term.
    """
    prefix = len(term) >= (MIN_LAST_PREFIX_LENGTH if last else MIN_PREFIX_LENGTH)
    if not prefix:
        return _plain(term, config)
    if config in UNACCENTED_CONFIGS:
        return "to_tsquery(%s::regconfig, portal_unaccent(%s) || ':*')", [config, term]
    return "to_tsquery(%s::regconfig, %s)", [config, f"{term}:*"]


def term_query(
    term: str,
    *,
    last: bool = False,
    parts: list[str] | None = None,
    synonyms: list[str] | None = None,
) -> Sql:
    """One term in any configuration's stemming, or with umlauts restored, or,
    for a German compound, all of its parts, or one of its synonyms. Written
    as SQL directly: built as Django expressions, a query of this size took
    longer to compile than PostgreSQL took to run it."""
    alternatives = [_term(term, config, last=last) for config in SEARCH_CONFIGS]
    umlauted = with_umlauts(term)
    if umlauted != term:
        alternatives.append(_term(umlauted, "german", last=last))
    if parts:
        alternatives.append(_both([_plain(part, "german") for part in parts]))
    for synonym in synonyms or []:
        alternatives += [_synonym(synonym, config) for config in SEARCH_CONFIGS]
    return _either(alternatives)


Words = dict[str, list[str]] | None


def term_queries(terms: list[str], parts: Words = None, synonyms: Words = None) -> list[Sql]:
    parts, synonyms = parts or {}, synonyms or {}
    return [
        term_query(
            term, last=n == len(terms) - 1, parts=parts.get(term), synonyms=synonyms.get(term)
        )
        for n, term in enumerate(terms)
    ]


def _count_matching(queries: list[SearchQuery]) -> object:
    """How many of `queries` a measure matches."""
    return reduce(
        add, [Case(When(Q(search_vector=one), then=Value(1)), default=Value(0)) for one in queries]
    )


class FrozenQuery(SearchQuery):
    """A search query as PostgreSQL worked it out, used as a tsquery literal.

    A query over five configurations, umlaut spellings, compound parts and
    synonyms is dozens of `to_tsquery` calls: worked out once per search
    (`frozen`), each statement that uses it is small to build and plan, and
    ranking does not evaluate those calls again for every measure."""

    def __init__(self, text: str) -> None:
        super().__init__(Value(text))
        self.text = text

    def as_sql(self, compiler, connection, function=None, template=None):
        return "%s::tsquery", [self.text]


def frozen(queries: list[Sql]) -> list[FrozenQuery]:
    """`queries` worked out by PostgreSQL, all in one round trip."""
    if not queries:
        return []
    selects = ", ".join(f"({sql})::text" for sql, _params in queries)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}", _params(queries))
        return [FrozenQuery(text) for text in cursor.fetchone()]


@dataclass
class WordQueries:
    """The queries of a search's words, frozen: all words, any word, each
    word (a synonym counting for it) and each word itself."""

    all_words: FrozenQuery
    any_word: FrozenQuery
    each_word: list[FrozenQuery]
    each_own_word: list[FrozenQuery]

    @classmethod
    def of(cls, terms: list[str], parts: Words, synonyms: Words) -> "WordQueries":
        each = term_queries(terms, parts, synonyms)
        own = term_queries(terms, parts) if synonyms else []
        all_words, any_word, *rest = frozen([_both(each), _either(each), *each, *own])
        each_word = rest[: len(each)]
        return cls(all_words, any_word, each_word, rest[len(each) :] or each_word)


def _like(term: str, word: str) -> str:
    """`word` capitalised as `term` is ("Deutshkurs": "Deutschkurs")."""
    return word[:1].upper() + word[1:] if term[:1].isupper() else word


@dataclass
class Search:
    """What one search request looks for, and how.

    The mode is decided once, over all visible measures, so that the results
    and every facet count search the same way.
    """

    terms: list[str]
    mode: Mode = Mode.ALL_WORDS
    # the parts of the terms that are German compounds of catalogue words
    parts: dict[str, list[str]] = field(default_factory=dict)
    # the synonyms of the terms that have some
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    # the search with misspelt words corrected to the catalogue's ("" if none)
    suggestion: str = ""
    # whether the results are those of the suggestion (the words found nothing)
    corrected: bool = False
    # the words' queries, worked out once (none without words)
    queries: WordQueries | None = None

    @classmethod
    def for_text(cls, raw_text: str) -> "Search":
        terms = without_stopwords(search_terms(clean_query(raw_text)))
        if not terms:
            return cls(terms)
        search = cls._for_terms(terms)
        # A word the catalogue does not have may be misspelt, even when its
        # stem or prefix finds offers.
        corrected = corrections(terms, [with_umlauts(term) for term in terms])
        if not corrected:
            return search
        corrected_terms = [_like(term, corrected.get(term, term)) for term in terms]
        search.suggestion = " ".join(corrected_terms)
        if search.mode == Mode.SIMILAR_TITLES:
            instead = cls._for_terms(corrected_terms)
            if instead.mode != Mode.SIMILAR_TITLES:
                instead.suggestion, instead.corrected = search.suggestion, True
                return instead
        return search

    @classmethod
    def _for_terms(cls, terms: list[str]) -> "Search":
        parts = split_terms(terms)
        synonyms = synonyms_of(terms)
        queries = WordQueries.of(terms, parts, synonyms)
        visible = Measure.objects.visible()
        if visible.filter(search_vector=queries.all_words).exists():
            mode = Mode.ALL_WORDS
        elif len(terms) > 1 and visible.filter(search_vector=queries.any_word).exists():
            mode = Mode.SOME_WORDS
        else:
            mode = Mode.SIMILAR_TITLES
        return cls(terms, mode, parts, synonyms, queries=queries)

    @property
    def typo_tolerant(self) -> bool:
        return self.mode == Mode.SIMILAR_TITLES

    @property
    def some_words_only(self) -> bool:
        return self.mode == Mode.SOME_WORDS

    @staticmethod
    def _rank(query: SearchQuery) -> object:
        """Where the words occur, and a bonus for text in the visitor's language."""
        rank = SearchRank(F("search_vector"), query)
        language = (get_language() or "de").split("-")[0]
        if language == "de" or language not in SEARCH_CONFIG_OF_LANGUAGE:
            return rank
        own = Case(
            When(~Q(**{f"title_{language}": ""}), then=Value(OWN_LANGUAGE_BONUS)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        return rank + own

    def _exact_words(self, matched: object) -> object:
        """How many of the words themselves (not only a synonym) a measure
        contains: an offer with the visitor's own word comes first."""
        if not self.synonyms:
            return matched
        return _count_matching(self.queries.each_own_word)

    def apply(self, queryset: MeasureQuerySet) -> MeasureQuerySet:
        """`queryset` narrowed to the matches, annotated with `search_rank`,
        `words_matched` (how many of the words a measure contains, a synonym
        counting for its word) and `exact_words` (the words themselves)."""
        if not self.terms:
            return queryset.none()
        if self.queries is None:
            self.queries = WordQueries.of(self.terms, self.parts, self.synonyms)
        if self.mode == Mode.ALL_WORDS:
            query = self.queries.all_words
            matched = Value(len(self.terms), output_field=IntegerField())
            return queryset.filter(search_vector=query).annotate(
                search_rank=self._rank(query),
                words_matched=matched,
                exact_words=self._exact_words(matched),
            )
        if self.mode == Mode.SOME_WORDS:
            query = self.queries.any_word
            matched = _count_matching(self.queries.each_word)
            return queryset.filter(search_vector=query).annotate(
                search_rank=self._rank(query),
                words_matched=matched,
                exact_words=self._exact_words(matched),
            )
        normalised = Lower(PortalUnaccent(Value(" ".join(self.terms))))
        return queryset.filter(title_normalised__trigram_word_similar=normalised).annotate(
            search_rank=TrigramWordSimilarity(normalised, "title_normalised"),
            words_matched=Value(0, output_field=IntegerField()),
            exact_words=Value(0, output_field=IntegerField()),
        )
