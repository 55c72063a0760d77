"""Every text a resident can read is translated, in all five languages of the portal.

The catalogues are read as files, so a gap fails here before anyone sees English on
a Turkish page. Which entries must be filled:

- German (``de``): every entry of every catalogue, none fuzzy. German is the
  portal's main language, staff pages included.
- English (``en``): English is the source language, so a msgstr may stay empty
  (gettext then shows the msgid); no entry may be fuzzy, as a fuzzy entry is a
  translation nobody has checked.
- Turkish, Arabic, Ukrainian (``tr``, ``ar``, ``uk``): every *public* entry, with
  every plural form of the language, none fuzzy. Staff-only texts (the counselling
  desk, the admin, statistics, field names) may stay empty.

An entry is public when one of its ``#:`` references (paths relative to the
catalogue's project or app directory) points at a public file:

- root catalogue (``locale/``): ``templates/`` except ``templates/admin/``, and
  ``integration_portal/dates.py``, ``forms.py``, ``views.py`` and ``settings.py``
  (the message on dates out of range, the feedback form, error answers, the
  language names of the language switch);
- ``partners``: ``templates/partners/``, ``filters.py``, ``views.py``;
- ``measures``: ``templates/measures/catalogue.html``, ``detail.html`` and the
  handout (``handout.html``, ``_handout_measure.html``), the result cards and
  the measure's page written in Python (``cards.py``, ``measure_page.py``),
  ``filters.py``, ``views.py``;
- ``counselling``: ``templates/counselling/`` except ``templates/counselling/desk/``
  (the booking flow, the personal appointment page and the client emails), and
  ``forms.py``, ``emails.py``, ``views.py``;
- ``recommendations``: ``templates/recommendations/_offers_for_her.html`` (the
  offers on her personal page; the desk's pages are staff-only);
- ``models.py`` of each of these: only the choice labels of the fields that a public
  template shows with ``get_<field>_display`` (a partner's sector, a measure's
  format, an appointment's topic, mode and status). The other model texts are field
  names and help texts of the admin.
"""

import gettext
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LANGUAGES = ("de", "en", "tr", "ar", "uk")
PUBLIC_LANGUAGES = ("tr", "ar", "uk")

# Catalogue directory (relative to BASE_DIR) -> (app label of its models, directory
# its references are relative to, public path prefixes, excluded prefixes).
CATALOGUES = {
    "locale": (
        "integration_portal",
        ".",
        (
            "templates/",
            "integration_portal/dates.py",
            "integration_portal/forms.py",
            "integration_portal/views.py",
            "integration_portal/settings.py",
        ),
        ("templates/admin/",),
    ),
    "partners/locale": (
        "partners",
        "partners",
        ("templates/partners/", "filters.py", "views.py"),
        (),
    ),
    "measures/locale": (
        "measures",
        "measures",
        (
            "templates/measures/catalogue.html",
            "templates/measures/detail.html",
            "templates/measures/handout.html",
            "templates/measures/_handout_measure.html",
            "cards.py",
            "measure_page.py",
            "filters.py",
            "views.py",
        ),
        (),
    ),
    "counselling/locale": (
        "counselling",
        "counselling",
        ("templates/counselling/", "forms.py", "emails.py", "views.py"),
        ("templates/counselling/desk/",),
    ),
    "recommendations/locale": (
        "recommendations",
        "recommendations",
        ("templates/recommendations/_offers_for_her.html",),
        (),
    ),
}

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def is_fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def is_filled(self, nplurals: int) -> bool:
        forms = nplurals if self.msgid_plural is not None else 1
        return all(self.msgstr.get(index) for index in range(forms))

    def label(self) -> str:
        return f"{self.msgid!r} ({', '.join(self.references) or 'no reference'})"


@dataclass
class Catalogue:
    path: Path
    header: str
    entries: list[Entry]

    @property
    def nplurals(self) -> int:
        match = re.search(r"nplurals\s*=\s*(\d+)", self.header)
        assert match, f"{self.path}: no Plural-Forms header"
        return int(match.group(1))


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda match: escapes.get(match.group(1), match.group(0)), text[1:-1])


def parse_po(path: Path) -> Catalogue:
    """Read a .po file: msgctxt, msgid, msgid_plural, msgstr[n], multi-line strings,
    ``#,`` flags and ``#:`` references. An entry ends where a comment or a new msgid
    follows its msgstr. Obsolete ``#~`` entries are skipped."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, current, started
        if started:
            entries.append(entry)
        entry, current, started = Entry(), None, False

    keyword = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$")
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            # Blank lines separate entries by custom only; msgfmt reads across them.
            continue
        if line.startswith("#"):
            if started and current and current[0] == "msgstr":
                finish()
            if line.startswith("#:"):
                entry.references += [ref.rsplit(":", 1)[0] for ref in line[2:].split()]
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith('"'):
            assert current, f"{path}: continuation line without keyword: {raw}"
            name, index = current
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
        else:
            match = keyword.match(line)
            assert match, f"{path}: cannot read line: {raw}"
            name, index, text = match.group(1), int(match.group(2) or 0), _unquote(match.group(3))
            if started and current and current[0] == "msgstr" and name != "msgstr":
                finish()
            started = True
            current = (name, index)
            if name == "msgstr":
                entry.msgstr[index] = text
            else:
                setattr(entry, name, text)
    finish()
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    assert header, f"{path}: no header entry"
    return Catalogue(path, header.msgstr.get(0, ""), [e for e in entries if e is not header])


@cache
def catalogue(directory: str, language: str) -> Catalogue:
    return parse_po(Path(settings.BASE_DIR) / directory / language / "LC_MESSAGES" / "django.po")


@cache
def public_choice_labels(directory: str) -> frozenset[str]:
    """English labels of the choices that public templates show with get_<field>_display."""
    app_label, base, prefixes, excluded = CATALOGUES[directory]
    base_dir = Path(settings.BASE_DIR) / base
    shown: set[str] = set()
    for template in (base_dir / "templates").rglob("*"):
        reference = template.relative_to(base_dir).as_posix()
        if template.is_file() and is_public_reference(reference, prefixes, excluded):
            shown |= set(re.findall(r"\.get_(\w+)_display", template.read_text(encoding="utf-8")))
    labels: set[str] = set()
    with translation.override(None):
        for model in apps.get_app_config(app_label).get_models():
            for model_field in model._meta.get_fields():
                if model_field.name in shown and getattr(model_field, "choices", None):
                    labels |= {str(label) for _value, label in model_field.flatchoices}
    return frozenset(labels)


def is_public_reference(
    reference: str, prefixes: tuple[str, ...], excluded: tuple[str, ...]
) -> bool:
    return reference.startswith(prefixes) and not reference.startswith(excluded)


def is_public(directory: str, entry: Entry) -> bool:
    _app_label, _base, prefixes, excluded = CATALOGUES[directory]
    for reference in entry.references:
        if is_public_reference(reference, prefixes, excluded):
            return True
        if reference.endswith("models.py") and entry.msgid in public_choice_labels(directory):
            return True
    return False


def failures(entries: list[str]) -> str:
    return f"{len(entries)} entries:\n" + "\n".join(entries)


@pytest.mark.parametrize("directory", CATALOGUES)
def test_german_catalogue_translates_every_entry(directory):
    german = catalogue(directory, "de")
    missing = [
        entry.label()
        for entry in german.entries
        if entry.is_fuzzy or not entry.is_filled(german.nplurals)
    ]
    assert not missing, f"{german.path}: empty or fuzzy, " + failures(missing)


@pytest.mark.parametrize("directory", CATALOGUES)
def test_english_catalogue_has_no_fuzzy_entries(directory):
    english = catalogue(directory, "en")
    fuzzy = [entry.label() for entry in english.entries if entry.is_fuzzy]
    assert not fuzzy, f"{english.path}: fuzzy, " + failures(fuzzy)


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
@pytest.mark.parametrize("directory", CATALOGUES)
def test_public_entries_are_translated(directory, language):
    translated = catalogue(directory, language)
    missing = [
        entry.label()
        for entry in translated.entries
        if is_public(directory, entry)
        and (entry.is_fuzzy or not entry.is_filled(translated.nplurals))
    ]
    assert not missing, f"{translated.path}: public but empty or fuzzy, " + failures(missing)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("directory", CATALOGUES)
def test_translations_keep_placeholders_and_markup(directory, language):
    """A lost %(phone)s or <a href> breaks the page; a doubled one shows twice."""
    broken = []
    for entry in catalogue(directory, language).entries:
        for index, text in entry.msgstr.items():
            if not text:
                continue
            source = entry.msgid_plural if entry.msgid_plural and index else entry.msgid
            if entry.msgid_plural is None:
                placeholders_fit = sorted(PLACEHOLDER.findall(text)) == sorted(
                    PLACEHOLDER.findall(source)
                )
            else:
                # A plural form may leave out the number ("one offer", "two offers").
                placeholders_fit = set(PLACEHOLDER.findall(text)) <= set(
                    PLACEHOLDER.findall(entry.msgid_plural)
                )
            if not placeholders_fit or MARKUP.findall(text) != MARKUP.findall(source):
                broken.append(f"{entry.label()} -> {text!r}")
    assert not broken, f"{directory} [{language}]: placeholders or markup differ, " + failures(
        broken
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("directory", CATALOGUES)
def test_no_translation_repeats_itself(directory, language):
    doubled = [
        entry.label()
        for entry in catalogue(directory, language).entries
        for text in entry.msgstr.values()
        if len(text) > 1 and text[: len(text) // 2] * 2 == text
    ]
    assert not doubled, f"{directory} [{language}]: text written twice, " + failures(doubled)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("directory", CATALOGUES)
def test_compiled_catalogue_matches_its_source(directory, language):
    """Django reads the .mo file: a .po edited but not compiled changes nothing."""
    source = catalogue(directory, language)
    with source.path.with_suffix(".mo").open("rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)
    stale = []
    for entry in source.entries:
        text = entry.msgstr.get(0)
        if entry.msgid_plural is not None or entry.is_fuzzy or not text:
            continue
        if entry.msgctxt is None:
            shown = compiled.gettext(entry.msgid)
        else:
            shown = compiled.pgettext(entry.msgctxt, entry.msgid)
        if shown != text:
            stale.append(entry.label())
    assert not stale, f"{source.path}: run compilemessages, " + failures(stale)


def test_public_rule_covers_the_booking_flow_but_not_the_desk():
    public = {
        entry.msgid
        for entry in catalogue("counselling/locale", "tr").entries
        if is_public("counselling/locale", entry)
    }
    # Form errors, the email, the topic and status labels reach the client ...
    assert {"Choose a topic.", "Your counselling appointment", "Childcare", "Booked"} <= public
    # ... while desk pages and field names of the admin do not.
    assert not {"Save notes", "Counselling statistics", "slot length in minutes"} & public


def test_parser_reads_plural_forms_flags_and_continuation_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=3; plural=0;\\n"\n\n'
        "#: templates/a.html:3 forms.py:7\n#, fuzzy, python-format\n"
        'msgid "%(n)s offer"\nmsgid_plural "%(n)s offers"\n'
        'msgstr[0] "eins"\nmsgstr[1] "zw"\n"ei"\nmsgstr[2] ""\n\n'
        'msgid ""\n"Say \\"hi\\""\n\nmsgstr "Sag \\"hallo\\""\n'
        '#: views.py:9\nmsgid "Bye"\nmsgstr ""\n',
        encoding="utf-8",
    )
    parsed = parse_po(po)
    offer, greeting, bye = parsed.entries
    assert parsed.nplurals == 3
    assert offer.references == ["templates/a.html", "forms.py"]
    assert offer.is_fuzzy
    assert offer.msgstr == {0: "eins", 1: "zwei", 2: ""}
    assert not offer.is_filled(parsed.nplurals)
    assert greeting.msgid == 'Say "hi"'
    assert greeting.msgstr == {0: 'Sag "hallo"'}
    assert bye.references == ["views.py"]
    assert not bye.is_filled(parsed.nplurals)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("tr", "3 yaşından küçük çocuğu olan anneler için danışmanlık"),
        ("ar", "استشارات للأمهات اللواتي لديهن أطفال دون سن الثالثة"),
        ("uk", "Консультації для матерів із дітьми до 3 років"),
    ],
)
def test_booking_start_page_speaks_the_residents_language(client, language, heading):
    with translation.override(language):
        url = reverse("counselling:start")
    response = client.get(url)
    assert response.status_code == 200
    assert heading in response.content.decode()
