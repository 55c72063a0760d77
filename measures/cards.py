"""A measure as a card of the catalogue's result list, written in Python.

A page of results holds twenty cards of a dozen facts each; through the
template engine they took 15 ms of a page's 57 (each variable, filter and
`{% translate %}` resolved anew for every card), here about a fifth of that.
The markup is the one of KERN's cards the template had; every text is
escaped by `format_html`, the translations are the template's own.
"""

from functools import cache

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateformat import time_format
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from integration_portal.templatetags.portal import lang_attr
from integration_portal.translation import active_language

from .models import Measure, RegistrationStatus

_BADGE = (
    '<li><span class="kern-badge kern-badge--{}">'
    '<span class="kern-label kern-label--small">{}</span></span></li>'
)
_NOTE = '<p class="kern-body kern-body--small language-note">{}</p>'
_REGISTRATION_BADGES = {
    RegistrationStatus.FULL: "danger",
    RegistrationStatus.CLOSED: "danger",
    RegistrationStatus.WAITING_LIST: "warning",
}

_CARD = (
    '<li class="kern-card result"><div class="kern-card__container">'
    '<div class="kern-card__header">'
    '<h3 class="kern-heading-small result__title"><a class="kern-link" href="{}">'
    '<span dir="auto"{}>{}</span></a></h3>'
    '<p class="kern-body kern-body--small result__provider">{} · <bdi>{}</bdi></p>'
    "</div>"
    '<div class="kern-card__body"><p class="kern-body" dir="auto"{}>{}</p>{}'
    '<ul class="result__facts">{}</ul></div>'
    "</div></li>"
)


@cache
def _words(language: str) -> dict:
    """What cards say alike, in `language` (the active one): twenty cards
    asked for the same translations and formats some 500 times a page."""

    def labels(choices) -> dict:
        return {value: str(label) for value, label in choices}

    return {
        "ongoing": gettext("Ongoing"),
        "next date": gettext("Next date:"),
        "online": gettext("Online"),
        "free": gettext("Free of charge"),
        "childcare": gettext("With childcare"),
        "accessible": gettext("Wheelchair accessible"),
        "outdated": gettext("This translation may be out of date."),
        "german only": gettext("This offer is described in German only."),
        "partly": gettext("This offer is only partly translated; the rest is in German."),
        "from to": gettext("German %(needed)s to %(reached)s"),
        "up to": gettext("German up to %(reached)s"),
        "needed": gettext("German %(needed)s needed"),
        "date": get_format("SHORT_DATE_FORMAT"),
        "time": get_format("TIME_FORMAT"),
        "formats": labels(Measure.Format.choices),
        "course types": labels(Measure.CourseType.choices),
        "registration": labels(RegistrationStatus.choices),
    }


def registration_facts(measure: Measure, words: dict | None = None) -> SafeString:
    """Registration status and free places, as items of a list of facts."""
    facts = []
    status = measure.registration_status
    if status:
        badge = _REGISTRATION_BADGES.get(status, "success")
        label = (words or _words(active_language()))["registration"].get(status, status)
        facts.append(format_html(_BADGE, badge, label))
    places = measure.places_note()
    if places:
        facts.append(format_html("<li>{}</li>", places))
    return SafeString("".join(facts))


def _dates(measure: Measure, words: dict) -> str:
    start, end = measure.start_date, measure.end_date
    if not start:
        return words["ongoing"]
    first = date_format(start, words["date"])
    if end and end != start:
        return f"{first} – {date_format(end, words['date'])}"
    return first


def _next_date(measure: Measure, words: dict) -> SafeString:
    next_date = measure.next_date
    if next_date is None:
        return SafeString("")
    local = timezone.localtime(next_date)
    return format_html(
        '<li>{} <time datetime="{}"><bdi>{}, {}, {}</bdi></time></li>',
        words["next date"],
        date_format(local, "c"),
        date_format(local, "D"),
        date_format(local, words["date"]),
        time_format(local, words["time"]),
    )


def _german(measure: Measure, words: dict) -> str:
    needed, reached = measure.german_level_needed, measure.german_level_reached
    if needed and reached:
        return words["from to"] % {"needed": needed, "reached": reached}
    if reached:
        return words["up to"] % {"reached": reached}
    return words["needed"] % {"needed": needed}


def _facts(measure: Measure, words: dict) -> SafeString:
    place = (
        words["online"] if measure.is_online else ", ".join(measure.district_names) or "Stuttgart"
    )
    facts = [
        format_html("<li>{}</li>", _dates(measure, words)),
        _next_date(measure, words),
        registration_facts(measure, words),
        format_html("<li>{}</li>", place),
    ]
    if measure.is_free:
        facts.append(format_html(_BADGE, "success", words["free"]))
    if measure.childcare:
        ages = measure.childcare_ages
        label = words["childcare"] + (f" ({ages})" if ages else "")
        facts.append(format_html(_BADGE, "info", label))
    if measure.german_level_needed or measure.german_level_reached:
        facts.append(format_html("<li>{}</li>", _german(measure, words)))
    if measure.course_type:
        course_type = words["course types"].get(measure.course_type, measure.course_type)
        facts.append(format_html("<li>{}</li>", course_type))
    if measure.wheelchair_accessible:
        facts.append(format_html(_BADGE, "info", words["accessible"]))
    return SafeString("".join(facts))


def _language_notes(measure: Measure, words: dict) -> SafeString:
    notes = []
    if measure.translation_may_be_outdated:
        notes.append(words["outdated"])
    if measure.described_in_german_only:
        notes.append(words["german only"])
    elif measure.partly_translated:
        notes.append(words["partly"])
    return format_html_join("", _NOTE, ((note,) for note in notes))


def result_card(measure: Measure, list_query: str = "", words: dict | None = None) -> SafeString:
    """The measure's card; its link carries `list_query` (the way back to the list)."""
    words = words or _words(active_language())
    title, summary = measure.title, measure.summary
    url = measure.get_absolute_url() + (f"?{list_query}" if list_query else "")
    return format_html(
        _CARD,
        url,
        lang_attr(title),
        title,
        words["formats"].get(measure.format, measure.format),
        measure.provider.name,
        lang_attr(summary),
        summary,
        _language_notes(measure, words),
        _facts(measure, words),
    )


def result_cards(measures, list_query: str = "") -> SafeString:
    words = _words(active_language())
    return SafeString("".join(result_card(measure, list_query, words) for measure in measures))
