"""Partners as CSV: export for department staff, and the parsing half of the import.

The export is written for German spreadsheet programs: cells separated by
semicolons, UTF-8 with a byte order mark, German column titles, dates like
31.05.2019, "ja"/"nein" and the German names of the sectors. The import reads
that and the older comma-separated files with column codes, ISO dates and
sector codes, so an exported file imported again changes nothing. Cells that
a spreadsheet would run as a formula are written with a leading apostrophe
and read back without it.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from integration_portal.dates import validate_date_in_range
from integration_portal.translation import translated_fields

from .models import Partner

MAX_FILE_SIZE = 2 * 1024 * 1024
LIST_SEPARATOR = "|"

TEXT_COLUMNS = [
    "name",
    "sector",
    *translated_fields("description"),
    "website",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "logo",
]
COLUMNS = [
    "slug",
    *TEXT_COLUMNS,
    "district",
    "life_domains",
    "member_since",
    "is_public",
    "is_active",
]
REQUIRED_COLUMNS = ["slug", "name", "sector"]
# The column titles of the export; the file format is German whatever the
# language of the person exporting, so that every file reads back the same.
COLUMN_TITLES = {
    "slug": "Kürzel",
    "name": "Name",
    "sector": "Bereich",
    **{
        f"description_{code}": f"Beschreibung ({code})"
        for code in (name.removeprefix("description_") for name in translated_fields("description"))
    },
    "website": "Website",
    "email": "E-Mail",
    "phone": "Telefon",
    "street": "Straße",
    "postal_code": "PLZ",
    "city": "Ort",
    "logo": "Logo",
    "district": "Stadtbezirk",
    "life_domains": "Lebensbereiche",
    "member_since": "Mitglied seit",
    "is_public": "Im Verzeichnis",
    "is_active": "Aktiv",
}
_COLUMN_OF_TITLE = {title.casefold(): column for column, title in COLUMN_TITLES.items()}
GERMAN_DATE = "%d.%m.%Y"

# Spreadsheets run cells starting with these as formulas (CSV injection). The
# apostrophe itself is escaped too, so that a value that really starts with one
# survives the round trip.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
_TRUE = {"true", "1", "yes", "ja"}
_FALSE = {"false", "0", "no", "nein"}


class CsvImportError(Exception):
    """The file cannot be imported; `problems` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class PartnerRow:
    """One data line of an import file: its text cells as typed (checked later
    by the same form fields as in the admin), the rest already converted."""

    line: int
    slug: str
    texts: dict[str, str] = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    district_slug: str | None = None
    life_domain_slugs: list[str] | None = None
    logo: str | None = None


def escape_cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def unescape_cell(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def _sector_titles() -> dict[str, str]:
    with translation.override("de"):
        return {code: str(label) for code, label in Partner.Sector.choices}


def export_partners(partners: Iterable[Partner]) -> str:
    """The partners as CSV text for German spreadsheets (without the byte
    order mark, which the response adds): a title line, one partner per line."""
    sectors = _sector_titles()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([COLUMN_TITLES[column] for column in COLUMNS])
    for partner in partners:
        row = [partner.slug]
        row += [
            sectors.get(partner.sector, partner.sector)
            if column == "sector"
            else str(getattr(partner, column) or "")
            for column in TEXT_COLUMNS
        ]
        row += [
            partner.district.slug if partner.district else "",
            LIST_SEPARATOR.join(domain.slug for domain in partner.life_domains.all()),
            partner.member_since.strftime(GERMAN_DATE) if partner.member_since else "",
            "ja" if partner.is_public else "nein",
            "ja" if partner.is_active else "nein",
        ]
        writer.writerow([escape_cell(cell) for cell in row])
    return buffer.getvalue()


def _too_large() -> CsvImportError:
    return CsvImportError([_("The file is larger than 2 MB. Please split it into smaller files.")])


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, refused by its size before anything is read,
    and never more than 2 MB read into memory."""
    if getattr(upload, "size", 0) > MAX_FILE_SIZE:
        raise _too_large()
    content = upload.read(MAX_FILE_SIZE + 1)
    if len(content) > MAX_FILE_SIZE:
        raise _too_large()
    return content


def decode_upload(content: bytes) -> str:
    """The file's text; UTF-8 with or without a byte order mark, nothing else."""
    if len(content) > MAX_FILE_SIZE:
        raise _too_large()
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError(
            [
                _(
                    "The file is not encoded as UTF-8. Please save it as “CSV UTF-8” "
                    "in your spreadsheet program and upload it again."
                )
            ]
        ) from None


def _parse_bool(value: str, column: str, line: int, problems: list[str]) -> bool | None:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    problems.append(
        _("Line %(line)d: “%(value)s” in column %(column)s is neither true nor false.")
        % {"line": line, "value": value, "column": column}
    )
    return None


def _read_date(value: str) -> datetime.date:
    """A German date (31.05.2019) or, as older files have it, an ISO one."""
    if "." in value:
        return datetime.datetime.strptime(value, GERMAN_DATE).date()
    return datetime.date.fromisoformat(value)


def _parse_date(value: str, line: int, problems: list[str]) -> datetime.date | None:
    if not value.strip():
        return None
    try:
        day = _read_date(value.strip())
    except ValueError:
        problems.append(
            _("Line %(line)d: “%(value)s” in column member_since is not a date like 31.05.2019.")
            % {"line": line, "value": value}
        )
        return None
    try:
        validate_date_in_range(day)
    except ValidationError as error:
        problems.extend(
            _("Line %(line)d, column %(column)s: %(message)s")
            % {"line": line, "column": "member_since", "message": message}
            for message in error.messages
        )
        return None
    return day


def _delimiter(text: str) -> str:
    """Semicolons as the export writes them, or commas as older files have them:
    whichever separates the title line."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def parse_partners(text: str) -> tuple[list[PartnerRow], list[str]]:
    """Read and check every line: the rows read and the problems found in any
    of them. A file that cannot be read at all raises `CsvImportError`."""
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _parse_records(reader)
    except csv.Error as error:
        raise CsvImportError(
            [
                _("Line %(line)d cannot be read as CSV: %(error)s.")
                % {"line": reader.line_num + 1, "error": error}
            ]
        ) from None


def _parse_records(reader: csv.DictReader) -> tuple[list[PartnerRow], list[str]]:
    header = [
        _COLUMN_OF_TITLE.get(name.strip().casefold(), name.strip())
        for name in (reader.fieldnames or [])
    ]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise CsvImportError(
            [_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}]
        )
    reader.fieldnames = header

    sector_codes = {title.casefold(): code for code, title in _sector_titles().items()}
    problems: list[str] = []
    rows: list[PartnerRow] = []
    first_line_of_slug: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if None in record:
            problems.append(_("Line %(line)d has more cells than the header.") % {"line": line})
            continue
        cells = {
            column: unescape_cell(value or "")
            for column, value in record.items()
            if column in COLUMNS
        }
        # No text field of the portal takes a NUL character, and PostgreSQL
        # refuses it: the line is reported before any cell reaches a query.
        with_nul = [column for column, value in cells.items() if "\x00" in value]
        if with_nul:
            problems.extend(
                _("Line %(line)d, column %(column)s: %(message)s")
                % {"line": line, "column": column, "message": _("Null characters are not allowed.")}
                for column in with_nul
            )
            continue
        slug = cells["slug"].strip()
        if not slug:
            problems.append(_("Line %(line)d: the slug is empty.") % {"line": line})
            continue
        if slug in first_line_of_slug:
            problems.append(
                _("Line %(line)d: the slug “%(slug)s” already appears in line %(first)d.")
                % {"line": line, "slug": slug, "first": first_line_of_slug[slug]}
            )
            continue
        first_line_of_slug[slug] = line

        row = PartnerRow(line=line, slug=slug)
        for column in TEXT_COLUMNS:
            if column in cells and column != "logo":
                row.texts[column] = cells[column]
        if "sector" in row.texts:
            sector = row.texts["sector"]
            row.texts["sector"] = sector_codes.get(sector.strip().casefold(), sector)
        if "logo" in cells:
            row.logo = cells["logo"].strip()
        if "member_since" in cells:
            row.values["member_since"] = _parse_date(cells["member_since"], line, problems)
        for column in ("is_public", "is_active"):
            if column in cells:
                row.values[column] = _parse_bool(cells[column], column, line, problems)
        if "district" in cells:
            row.district_slug = cells["district"].strip()
        if "life_domains" in cells:
            row.life_domain_slugs = [
                slug.strip() for slug in cells["life_domains"].split(LIST_SEPARATOR) if slug.strip()
            ]
        rows.append(row)

    if not rows and not problems:
        raise CsvImportError([_("The file contains no partners.")])
    return rows, problems
