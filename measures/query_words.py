"""Words of a search that name a filter's choice.

"Arabisch", "Bad Cannstatt", "Frauen" or "Beratung" in a search mean the
language of instruction, the district, the target group or the format: the
catalogue applies them as filters (shown as removable choices) and searches
the rest of the words as text. A phrase is known by the taxonomy's names in
every language and by the `SearchAlias` table, compared without case and
accents ("Möhringen", "moehringen", "MOHRINGEN").
"""

import re
import unicodedata
from dataclasses import dataclass

from .models import SearchAlias
from .search import with_umlauts

_WORD = re.compile(r"[^\W_]+")
# The longest phrase looked for, in words ("Mütter mit kleinen Kindern").
MAX_PHRASE_WORDS = 4


def normalised(text: str) -> str:
    """Lower case without accents, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_WORD.findall(bare))


@dataclass(frozen=True)
class UnderstoodWord:
    filter: str
    value: str
    phrase: str  # as the visitor wrote it


@dataclass
class Understanding:
    words: list[str]  # the search, split at spaces
    understood: list[tuple[int, int, UnderstoodWord]]  # word span [start, end)

    @property
    def choices(self) -> list[UnderstoodWord]:
        return [word for _start, _end, word in self.understood]

    def text_without(self, *removed: UnderstoodWord) -> str:
        """The search with every understood phrase left out, except those not in `removed`
        when `removed` is given: the text that remains searched as words."""
        skipped = set()
        for start, end, word in self.understood:
            if not removed or word in removed:
                skipped.update(range(start, end))
        return " ".join(word for n, word in enumerate(self.words) if n not in skipped)


def phrase_table(names: dict[str, dict[str, list[str]]]) -> dict[str, tuple[str, str]]:
    """normalised phrase → (filter, value), from `names` ({filter: {value: [names]}})
    and the aliases; an alias wins over a name."""
    table = {}
    for filter_name, values in names.items():
        for value, labels in values.items():
            for label in labels:
                if label:
                    table.setdefault(normalised(label), (filter_name, value))
    for alias in SearchAlias.objects.all():
        table[normalised(alias.phrase)] = (alias.filter, alias.value)
    table.pop("", None)
    return table


def understand(text: str, table: dict[str, tuple[str, str]]) -> Understanding:
    """The phrases of `text` found in `table`, longest first, left to right."""
    # Split at spaces only: "Stuttgart-Ost" is one phrase, "Deutsch-Sprachkurs" no name.
    words = text.split()
    keys = [normalised(word) for word in words]
    understood = []
    start = 0
    while start < len(words):
        length = _known_phrase_length(keys, start, table)
        if length:
            found = _lookup(" ".join(keys[start : start + length]), table)
            written = " ".join(words[start : start + length])
            understood.append((start, start + length, UnderstoodWord(*found, written)))
            start += length
        else:
            start += 1
    return Understanding(words, understood)


def _lookup(phrase: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    return table.get(phrase) or table.get(normalised(with_umlauts(phrase)))


def _known_phrase_length(keys: list[str], start: int, table: dict) -> int:
    """How many words from `start` on form a known phrase (0: none)."""
    if not keys[start]:
        return 0
    for length in range(min(MAX_PHRASE_WORDS, len(keys) - start), 0, -1):
        if _lookup(" ".join(keys[start : start + length]), table):
            return length
    return 0
