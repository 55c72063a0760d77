"""The catalogue's own vocabulary, and German compounds split by it.

"Sprachkurs" should find "Sprach- und Integrationskurs", "Kinderbetreuung"
"Betreuung für Kinder". PostgreSQL's German stemmer does not split
compounds, and a Hunspell dictionary would have to be installed into the
server's directories, which a managed PostgreSQL does not allow. So the
portal splits in Python, into words its own texts contain: a compound is
split where both sides (allowing a linking "s", "es", "n", "en" and a
dropped final "e") are words of the catalogue. The parts are stored with the
measure (`search_compound_parts`, indexed with its texts) and a search term
is split the same way, so either spelling finds the other.
"""

import re
from collections.abc import Iterable

from django.db import connection

from .models import Measure, SearchWord

_WORD = re.compile(r"[^\W\d_]+")
MIN_WORD_LENGTH = 3
MAX_WORD_LENGTH = 60
# Parts shorter than this are too often accidental ("er", "ein").
MIN_PART_LENGTH = 3
# Only words this long are tried as compounds.
MIN_COMPOUND_LENGTH = 7
_LINKS = ("s", "es", "n", "en")
_ENDINGS = ("e", "en", "n", "s", "es", "er")


def words_of(text: str) -> list[str]:
    """The words of `text` worth keeping, in lower case."""
    return [
        word
        for word in (match.lower() for match in _WORD.findall(text))
        if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH
    ]


def record(words: Iterable[str]) -> None:
    """Adds the words to the vocabulary (those already there stay)."""
    unique = sorted(set(words))
    if unique:
        SearchWord.objects.bulk_create(
            [SearchWord(word=word) for word in unique], ignore_conflicts=True
        )


def _head_forms(head: str) -> list[str]:
    """What the first part of a compound may be as a word: "Sprach" is
    "Sprache", "Integrations" is "Integration", "Kinder" is "Kinder"."""
    forms = [head, head + "e"]
    forms += [head[: -len(link)] for link in _LINKS if head.endswith(link)]
    return [form for form in forms if len(form) >= MIN_PART_LENGTH]


def _tail_forms(tail: str) -> list[str]:
    """What the last part may be as a word: "Kurse" is "Kurs"."""
    forms = [tail]
    forms += [tail[: -len(ending)] for ending in _ENDINGS if tail.endswith(ending)]
    return [form for form in forms if len(form) >= MIN_PART_LENGTH]


def _candidates(word: str) -> set[str]:
    """Every word a part of `word` could be."""
    found = set()
    for start in range(len(word)):
        for end in range(start + MIN_PART_LENGTH, len(word) + 1):
            piece = word[start:end]
            found.update(_head_forms(piece))
            found.update(_tail_forms(piece))
    return found


def known_words(candidates: Iterable[str]) -> set[str]:
    candidates = sorted(set(candidates))
    if not candidates:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM measures_searchword WHERE word = ANY(%s::varchar[])", [candidates]
        )
        return {word for (word,) in cursor.fetchall()}


def split(word: str, known: set[str]) -> list[str]:
    """The parts of the compound `word` as words of `known`, longest first
    part first; [] when it is no compound of known words."""
    word = word.lower()
    if len(word) < MIN_COMPOUND_LENGTH:
        return []
    return _split(word, known) or []


def _split(word: str, known: set[str]) -> list[str] | None:
    for cut in range(len(word) - MIN_PART_LENGTH, MIN_PART_LENGTH - 1, -1):
        head, tail = word[:cut], word[cut:]
        heads = [form for form in _head_forms(head) if form in known]
        if not heads:
            continue
        tails = [form for form in _tail_forms(tail) if form in known]
        if tails:
            return [heads[0], tails[0]]
        rest = _split(tail, known) if len(tail) >= 2 * MIN_PART_LENGTH else None
        if rest:
            return [heads[0], *rest]
    return None


def compound_parts(text: str, vocabulary: set[str] | None = None) -> str:
    """The parts of the compounds in `text`, for the index ("" if none).

    `vocabulary`: the known words, else those of the catalogue's vocabulary
    that could be parts (one query).
    """
    words = {word for word in words_of(text) if len(word) >= MIN_COMPOUND_LENGTH}
    if vocabulary is None:
        candidates = set()
        for word in words:
            candidates |= _candidates(word)
        vocabulary = known_words(candidates)
    known = vocabulary | set(words_of(text))
    parts = []
    for word in sorted(words):
        parts += split(word, known - {word})
    return " ".join(dict.fromkeys(parts))


def split_terms(terms: list[str]) -> dict[str, list[str]]:
    """term → its parts, for the terms that are compounds of catalogue words."""
    long_terms = [term.lower() for term in terms if len(term) >= MIN_COMPOUND_LENGTH]
    if not long_terms:
        return {}
    candidates = set()
    for term in long_terms:
        candidates |= _candidates(term)
    known = known_words(candidates)
    found = {}
    for term in terms:
        parts = split(term, known - {term.lower()})
        if parts:
            found[term] = parts
    return found


def prepare_for_bulk_insert(measures: Iterable[Measure]) -> None:
    """What `Measure.save` does for each, for measures inserted in bulk:
    their words join the vocabulary and their compounds are split."""
    measures = list(measures)
    words = set()
    for measure in measures:
        words.update(words_of(measure.searched_text()))
    record(words)
    vocabulary = set(SearchWord.objects.values_list("word", flat=True))
    for measure in measures:
        measure.search_compound_parts = compound_parts(measure.searched_text("_de"), vocabulary)


REINDEX_BATCH = 500


def reindex_all() -> int:
    """Refreshes the vocabulary from every measure's texts, then splits every
    measure's compounds again with it (a compound may only now be splittable,
    since its parts arrived with later measures). Returns the number of measures."""
    fields = ("pk", "search_compound_parts", *Measure.SEARCHED_TEXT_FIELDS)
    measures = Measure.objects.only(*fields).order_by("pk")
    for measure in measures.iterator(chunk_size=REINDEX_BATCH):
        record(words_of(measure.searched_text()))
    vocabulary = set(SearchWord.objects.values_list("word", flat=True))
    changed, count = [], 0
    for measure in measures.iterator(chunk_size=REINDEX_BATCH):
        count += 1
        parts = compound_parts(measure.searched_text("_de"), vocabulary)
        if parts != measure.search_compound_parts:
            measure.search_compound_parts = parts
            changed.append(measure)
        if len(changed) >= REINDEX_BATCH:
            Measure.objects.bulk_update(changed, ["search_compound_parts"])
            changed = []
    Measure.objects.bulk_update(changed, ["search_compound_parts"])
    return count


# How alike a suggestion must be (pg_trgm's similarity, 0–1).
MIN_SIMILARITY = 0.35


def corrections(terms: list[str], spelt: list[str]) -> dict[str, str]:
    """term → the catalogue's word it is probably a misspelling of, for the
    terms the catalogue does not know. `spelt`: each term with its umlauts
    restored ("Muetter": "Mütter"), which counts as known. One query, over
    the vocabulary's trigram index."""
    # Terms are letters and digits only: no LIKE wildcards among them.
    lowered = [term.lower() for term in terms]
    with connection.cursor() as cursor:
        cursor.execute(
            # A word that begins a known one counts as known: it is being typed.
            "SELECT t, u, "
            "EXISTS (SELECT 1 FROM measures_searchword w WHERE w.word LIKE t || '%%'), "
            "EXISTS (SELECT 1 FROM measures_searchword w WHERE w.word = u), "
            "(SELECT w.word FROM measures_searchword w WHERE lower(w.word) %% t "
            "AND similarity(lower(w.word), t) >= %s "
            "ORDER BY similarity(lower(w.word), t) DESC, w.word LIMIT 1) "
            "FROM unnest(%s::text[], %s::text[]) AS x(t, u)",
            [MIN_SIMILARITY, lowered, [word.lower() for word in spelt]],
        )
        rows = cursor.fetchall()
    found = {}
    for term, (lower, umlauted, known, umlauted_known, similar) in zip(terms, rows, strict=True):
        if known:
            continue
        if umlauted_known and umlauted != lower:
            found[term] = umlauted
        elif similar and similar != lower:
            found[term] = similar
    return found
