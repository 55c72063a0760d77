"""A first visit on a prepaid phone: what the public pages cost over the wire.

Counted from what a page links, not timed: the HTML compressed with gzip, and
each collected static file it links (style sheets, scripts, icons, preloads)
in the compressed form WhiteNoise sends, plus the web fonts the style sheets
would fetch for the page. A face counts when its `unicode-range` covers a
character of the page's text: in every weight for the script of the page's
language, in the regular weight for another script's few words (the names in
the language switcher, a title in another language).
"""

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.core.cache import cache

from integration_portal.models import LifeDomain

BUDGET = 150_000

PAGES = [
    "/de/",
    "/de/measures/",
    "/de/counselling/",
    "/ar/",
    "/ar/measures/",
    "/ar/counselling/",
    "/uk/",
    "/tr/",
    "/tr/measures/",
    "/uk/measures/",
    "/en/",
]


class _PageParts(HTMLParser):
    """The static URLs a page links and the text it shows."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.other_files: list[str] = []
        self.text: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self._skipping += 1
        if tag == "link":
            rel = (attributes.get("rel") or "").split()
            if "stylesheet" in rel:
                self.stylesheets.append(attributes["href"])
            elif {"icon", "preload"} & set(rel):
                self.other_files.append(attributes["href"])
        elif tag in ("script", "img") and attributes.get("src"):
            self.other_files.append(attributes["src"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.text.append(data)


def _collected_path(url: str) -> Path:
    assert url.startswith(settings.STATIC_URL), f"{url} is not a collected static file"
    return Path(settings.STATIC_ROOT) / url.removeprefix(settings.STATIC_URL)


def wire_bytes(url: str) -> int:
    """The bytes WhiteNoise sends for a static file to a browser that takes brotli."""
    path = _collected_path(url)
    for compressed in (path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")):
        if compressed.exists():
            return compressed.stat().st_size
    return path.stat().st_size


_FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}")
_FONT_URL = re.compile(r"""url\(\s*["']?([^"')]+\.woff2?)["']?\s*\)""")
_UNICODE_RANGE = re.compile(r"unicode-range\s*:\s*([^;]+);")


def _code_points(unicode_range: str) -> list[tuple[int, int]]:
    spans = []
    for part in unicode_range.split(","):
        first, _dash, last = part.strip().removeprefix("U+").partition("-")
        spans.append((int(first, 16), int(last or first, 16)))
    return spans


# letters of the script each page language is written in
MAIN_LETTERS = {"de": "aä", "en": "a", "tr": "aşğı", "uk": "\u0430\u0457", "ar": "\u0627"}
REGULAR = 400


def _weights(face: str) -> tuple[int, int]:
    found = re.search(r"font-weight\s*:\s*(\d+)(?:\s+(\d+))?", face)
    if found is None:
        return REGULAR, REGULAR
    return int(found.group(1)), int(found.group(2) or found.group(1))


def font_files(stylesheet_url: str, text: str, main_letters: str = "a") -> set[str]:
    """The font files a style sheet would fetch for `text` on a page written
    in the script of `main_letters`: each face whose `unicode-range` covers one
    of its characters (a face without one covers all), in other scripts only
    the regular weight."""
    css = _collected_path(stylesheet_url).read_text(encoding="utf-8")
    characters = {ord(character) for character in text}
    files = set()
    for face in _FONT_FACE.findall(css):
        found = _FONT_URL.search(face)
        if found is None:
            continue
        unicode_range = _UNICODE_RANGE.search(face)
        spans = _code_points(unicode_range.group(1)) if unicode_range else [(0, 0x10FFFF)]
        covered = {c for c in characters if any(first <= c <= last for first, last in spans)}
        main_script = any(
            first <= ord(letter) <= last for letter in main_letters for first, last in spans
        )
        lightest, heaviest = _weights(face)
        if covered and (main_script or lightest <= REGULAR <= heaviest):
            files.add(urljoin(stylesheet_url, found.group(1)))
    return files


def first_visit_bytes(client, path: str) -> dict[str, int]:
    """Every file of a first visit to `path` with its bytes over the wire."""
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    parts = _PageParts()
    parts.feed(html)
    text = "".join(parts.text)
    files = {path: len(gzip.compress(response.content))}
    linked = set(parts.stylesheets) | set(parts.other_files)
    main_letters = MAIN_LETTERS[path.split("/")[1]]
    for stylesheet in parts.stylesheets:
        linked |= font_files(stylesheet, text, main_letters)
    for url in sorted(linked):
        files[url] = wire_bytes(url)
    return files


@pytest.fixture
def full_catalogue(make_measure) -> None:
    """A full page of results, with texts in German and Arabic, and no cached pages."""
    domains = [domain.slug for domain in LifeDomain.objects.all()]
    for number in range(25):
        make_measure(
            f"Sprachkurs für Eltern mit Kinderbetreuung {number}",
            title_ar=f"دورة لغة للآباء مع رعاية الأطفال {number}",
            title_tr=f"Çocuk bakımlı ebeveynler için dil kursu {number}",
            title_uk=f"Мовний курс для батьків із доглядом за дітьми {number}",
            summary_ar="دورة لغة ألمانية للأمهات والآباء، مع رعاية الأطفال أثناء الدرس.",
            domains=(domains[number % len(domains)],),
            is_free=number % 2 == 0,
            childcare=True,
        )
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_a_first_visit_to_a_public_page_stays_within_the_phone_budget(client, full_catalogue, path):
    files = first_visit_bytes(client, path)
    total = sum(files.values())
    listing = "\n".join(f"{size:>8} {url}" for url, size in files.items())
    assert total <= BUDGET, f"{path}: {total} bytes on a first visit\n{listing}"


@pytest.mark.django_db
def test_arabic_pages_count_the_arabic_face_in_every_weight_german_pages_the_latin_one(
    client, full_catalogue
):
    german = first_visit_bytes(client, "/de/counselling/")
    arabic = first_visit_bytes(client, "/ar/counselling/")

    assert len([url for url in arabic if "/noto-sans-arabic-" in url]) == 2
    assert len([url for url in german if "/fira-sans-latin-" in url]) == 3
    assert not [url for url in german if "/noto-sans-arabic-600" in url]


def test_a_face_is_counted_only_for_the_letters_it_covers(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "f.css").write_text(
        '@font-face { font-family: "A"; src: url("../fonts/latin.woff2") format("woff2");'
        " unicode-range: U+0000-00FF, U+0131; }\n"
        '@font-face { font-family: "B"; src: url("../fonts/arabic.woff2") format("woff2");'
        " unicode-range: U+0600-06FF; }\n"
        '@font-face { font-family: "C"; src: url("../fonts/all.woff2"); }\n'
    )
    url = f"{settings.STATIC_URL}css/f.css"

    assert font_files(url, "Straße") == {
        f"{settings.STATIC_URL}fonts/latin.woff2",
        f"{settings.STATIC_URL}fonts/all.woff2",
    }
    assert f"{settings.STATIC_URL}fonts/arabic.woff2" in font_files(url, "مرحبا")


def test_a_foreign_script_counts_in_the_regular_weight_only(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "f.css").write_text(
        '@font-face { src: url("a-400.woff2"); font-weight: 400; unicode-range: U+0600-06FF; }\n'
        '@font-face { src: url("a-600.woff2"); font-weight: 600; unicode-range: U+0600-06FF; }\n'
        '@font-face { src: url("l-6.woff2"); font-weight: 500 700; unicode-range: U+0000-00FF; }\n'
    )
    url = f"{settings.STATIC_URL}f.css"
    static = settings.STATIC_URL

    assert font_files(url, "Deutsch العربية", "a") == {f"{static}a-400.woff2", f"{static}l-6.woff2"}
    assert font_files(url, "Deutsch العربية", "\u0627") == {
        f"{static}a-400.woff2",
        f"{static}a-600.woff2",
    }
