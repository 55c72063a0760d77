"""A list of measures to print: what a counsellor hands a mother at the end of
an appointment, what partners pin to a notice board.

One or two A4 pages, laid out for print first; the browser prints it or saves
it as PDF, with or without JavaScript. A reader of another language gets the
German text and hers side by side, so that whoever helps her (a neighbour, the
course's office) reads the same offer. Each measure carries a QR code of its
page in the catalogue, where its dates and places are always current.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import qrcode
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from integration_portal.translation import FALLBACK_LANGUAGE, active_language, ui_languages

from .models import Measure

# How many next dates each measure lists: enough to plan, few enough for paper.
NEXT_DATES = 3


@dataclass
class Column:
    """One language of the handout's texts."""

    code: str
    name: str
    bidi: bool

    @classmethod
    def of(cls, code: str) -> "Column":
        info = translation.get_language_info(code)
        return cls(code=code, name=info["name_local"], bidi=info["bidi"])

    @property
    def dir(self) -> str:
        return "rtl" if self.bidi else "ltr"


@dataclass
class Entry:
    """A measure as the handout prints it."""

    measure: Measure
    url: str
    qr_code: SafeString
    next_dates: list[datetime]
    note: str


@lru_cache(maxsize=2048)
def qr_code_svg(text: str) -> SafeString:
    """`text` as a QR code in inline SVG: one path of black squares on white.

    Choosing the mask takes most of the time of a code, and a measure's page
    keeps its address: the codes are kept for the next handout.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    path = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        'class="handout__qr-code" aria-hidden="true" focusable="false" '
        'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        '<path d="{path}" fill="#000"/></svg>',
        size=size,
        path=path,
    )


def reader_columns(reader_language: str | None) -> list[Column]:
    """German and the reader's language side by side; one column when she
    reads German, or the page's language when nobody named hers."""
    if reader_language not in ui_languages():
        reader_language = None
    if reader_language is None:
        return [Column.of(active_language())]
    if reader_language == FALLBACK_LANGUAGE:
        return [Column.of(FALLBACK_LANGUAGE)]
    return [Column.of(FALLBACK_LANGUAGE), Column.of(reader_language)]


def _printable(measures: Iterable[Measure]) -> list[Measure]:
    """The measures in the order given, with what the handout shows loaded in
    three queries; those no longer public are left out (their page is gone)."""
    wanted = [measure.pk for measure in measures]
    found = Measure.objects.visible().filter(pk__in=wanted).for_listing().in_bulk()
    return [found[pk] for pk in wanted if pk in found]


def handout_response(
    request: HttpRequest,
    measures: Iterable[Measure],
    *,
    title: str,
    notes: dict[int, str] | None = None,
    general_note: str = "",
    reader_language: str | None = None,
    back_url: str = "",
    notices: Iterable[str] = (),
    language_choice: QueryDict | None = None,
) -> HttpResponse:
    """The printable handout of `measures`.

    `notes` are a few words per measure (keyed by its pk) and `general_note`
    one for the whole list, both printed as written. `reader_language` puts the
    reader's language beside German. On screen only: `back_url` links back to
    where the list came from, `notices` say what the list leaves out, and
    `language_choice` (the query to keep) offers a form to choose the second
    language.
    """
    notes = notes or {}
    columns = reader_columns(reader_language)
    # The QR code opens the measure's page in the reader's language.
    with translation.override(columns[-1].code):
        entries = [
            Entry(
                measure=measure,
                url=(url := request.build_absolute_uri(measure.get_absolute_url())),
                qr_code=qr_code_svg(url),
                next_dates=measure.next_dates(count=NEXT_DATES),
                note=notes.get(measure.pk, ""),
            )
            for measure in _printable(measures)
        ]
    chosen = columns[-1].code if len(columns) > 1 else ""
    context = {
        "title": title,
        "entries": entries,
        "columns": columns,
        "general_note": general_note,
        "today": timezone.localdate(),
        "back_url": back_url,
        "notices": list(notices),
        "language_choice": (
            {
                "kept": [
                    (key, value)
                    for key in language_choice
                    if key != "reader"
                    for value in language_choice.getlist(key)
                ],
                "languages": [
                    Column.of(code) for code in ui_languages() if code != FALLBACK_LANGUAGE
                ],
                "chosen": chosen,
            }
            if language_choice is not None
            else None
        ),
    }
    return render(request, "measures/handout.html", context)
