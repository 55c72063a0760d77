"""The body of a measure's page, written in Python (as the result cards are).

Through the template engine the page's 200 nodes (each variable, filter, tag
and `{% translate %}` resolved anew for every page) took a third of an
uncached page's time. The markup is the one the template had; every value is
escaped by `format_html`, the translations are the template's own: a
`{% translate %}` text is escaped as the template escaped it, a
`{% blocktranslate %}` text keeps its markup and only its values are escaped.
The providers' free texts (venue, costs, times, how to register) are written
in one language, whichever the page's is: each is isolated and takes its own
direction, so that a German note keeps its full stop at its end on an Arabic
page.
"""

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat, linebreaks_filter
from django.template.defaultfilters import time as time_filter
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from integration_portal.templatetags.portal import lang_attr, web_url

from .cards import registration_facts
from .models import Measure

_NOTE = (
    '      <div class="kern-alert kern-alert--info language-note">\n'
    '        <div class="kern-alert__body"><p class="kern-body">{}</p></div>\n'
    "      </div>\n"
)
_FACT = (
    '      <div class="kern-description-list-item">\n'
    '        <dt class="kern-description-list-item__key">{}</dt>\n'
    '        <dd class="kern-description-list-item__value">{}</dd>\n'
    "      </div>\n"
)


def _(text: str) -> SafeString:
    """A `{% translate %}`: the project's own translation, inserted as it is."""
    return mark_safe(gettext(text))  # noqa: S308 -- our own translations  # nosec B308, B703


def _block(text: str, **values) -> SafeString:
    """A `{% blocktranslate %}`: the translation as it is, its values escaped."""
    return mark_safe(text % {name: conditional_escape(value) for name, value in values.items()})  # noqa: S308 -- our own translations, the values escaped  # nosec B308, B703


def _joined(parts) -> SafeString:
    return SafeString("".join(parts))


def _lines(parts) -> SafeString:
    """The parts of a fact that the template wrote on lines of their own."""
    return _joined(["\n", *(format_html("{}\n", part) for part in parts)])


def _comma_separated(items) -> SafeString:
    return SafeString(", ".join(items))


def _day(value) -> str:
    return date_filter(value, "DATE_FORMAT")


def _heading(measure: Measure, catalogue_url: str) -> SafeString:
    free = (
        format_html(
            '<span class="kern-badge kern-badge--success"><span class="kern-label '
            'kern-label--small">{}</span></span>',
            _("Free of charge"),
        )
        if measure.is_free
        else ""
    )
    return format_html(
        '<p class="kern-body"><a class="kern-link" href="{}"><span class="kern-icon '
        'kern-icon--arrow-back" aria-hidden="true"></span>{}</a></p>\n\n<article>\n'
        '  <h1 class="kern-heading-large detail__title" dir="auto"{}>{}</h1>\n'
        '  <p class="kern-body kern-body--large" dir="auto"{}>{}</p>\n'
        '  <p class="kern-body">\n'
        '    <span class="kern-badge kern-badge--info"><span class="kern-label '
        'kern-label--small">{}</span></span>\n'
        "    {}\n"
        "  </p>\n",
        catalogue_url,
        _("All offers"),
        lang_attr(measure.title),
        measure.title,
        lang_attr(measure.summary),
        measure.summary,
        measure.get_format_display(),
        free,
    )


def _about(measure: Measure) -> SafeString:
    notes = []
    if measure.translation_may_be_outdated:
        notes.append(
            _(
                "The German text of this offer has changed since it was translated. "
                "This translation may be out of date."
            )
        )
    if measure.described_in_german_only:
        notes.append(_("This offer is described in German only."))
    elif measure.partly_translated:
        notes.append(_("This offer is only partly translated; the rest is in German."))
    return format_html(
        '  <section class="detail__section" aria-labelledby="what-heading">\n'
        '    <h2 class="kern-heading-medium" id="what-heading">{}</h2>\n'
        "{}"
        '    <div class="prose" dir="auto"{}>{}</div>\n'
        "  </section>\n",
        _("What it is about"),
        _joined(format_html(_NOTE, note) for note in notes),
        lang_attr(measure.description),
        linebreaks_filter(measure.description, autoescape=True),
    )


def _named(objects, empty: str) -> SafeString:
    if not objects:
        return conditional_escape(empty)
    return _comma_separated(
        format_html("<span{}>{}</span>", lang_attr(obj.name), obj.name) for obj in objects
    )


def _when(measure: Measure, schedules, next_dates) -> SafeString:
    if measure.start_date:
        if measure.end_date and measure.end_date != measure.start_date:
            when = _block(
                gettext("%(start)s to %(end)s"),
                start=_day(measure.start_date),
                end=_day(measure.end_date),
            )
        else:
            when = conditional_escape(_day(measure.start_date))
    else:
        when = _("Ongoing")
    parts = [when]
    if schedules:
        parts.append(
            _joined(format_html("<br><bdi>{}</bdi>", schedule.describe()) for schedule in schedules)
        )
    if measure.schedule_text:
        parts.append(format_html("<br><bdi>{}</bdi>", measure.schedule_text))
    if next_dates:
        dates = []
        for start in next_dates:
            local = timezone.localtime(start)
            dates.append(
                format_html(
                    '<li><time datetime="{}"><bdi>{}, {}, {}</bdi></time></li>',
                    date_filter(local, "c"),
                    date_filter(local, "l"),
                    _day(local),
                    time_filter(local, "TIME_FORMAT"),
                )
            )
        parts.append(
            format_html(
                '<br>{}\n<ul class="kern-list detail__next-dates">{}</ul>',
                _("Next dates:"),
                _joined(dates),
            )
        )
    return _lines(parts)


def _where(measure: Measure, districts, map_url: str) -> SafeString:
    parts = []
    if measure.is_online:
        parts.append(
            format_html("{}{}", _("Online"), SafeString("<br>") if measure.venue_address else "")
        )
    if measure.venue_name:
        parts.append(format_html("<bdi>{}</bdi><br>", measure.venue_name))
    if measure.venue_address:
        parts.append(format_html("<bdi>{}</bdi>", measure.venue_address))
    if districts:
        parts.append(
            format_html(
                "<br>{} {}",
                _("District:"),
                _comma_separated(conditional_escape(district) for district in districts),
            )
        )
    if map_url:
        parts.append(
            format_html(
                '<br><a class="kern-link" href="{}" rel="noopener">{}<span class="kern-sr-only"> '
                "{}</span></a>",
                map_url,
                _("Show on OpenStreetMap"),
                _("(external website)"),
            )
        )
    return _lines(parts)


def _cost(measure: Measure) -> SafeString:
    if measure.is_free:
        cost = _("Free of charge")
    elif measure.cost_amount is not None:
        cost = _block(gettext("%(amount)s euros"), amount=floatformat(measure.cost_amount, 2))
    else:
        cost = _("There is a fee.")
    note = format_html("<br><bdi>{}</bdi>\n", measure.cost_note) if measure.cost_note else ""
    return format_html("\n{}\n{}", cost, note)


def _childcare(measure: Measure) -> SafeString:
    if not measure.childcare:
        return _("No childcare.")
    parts = [_("Yes, childcare is offered.")]
    ages = measure.childcare_ages
    if ages:
        parts.append(_block(" " + gettext("For children aged %(ages)s."), ages=ages))
    if measure.childcare_on_site:
        parts.append(format_html(" {}", _("On site, during the sessions.")))
    return _joined(parts)


def _german(measure: Measure) -> SafeString:
    if measure.german_level_needed:
        needed = _block(gettext("Level needed: %(level)s"), level=measure.german_level_needed)
    else:
        needed = _("No German needed.")
    parts = ["\n", needed, "\n"]
    if measure.german_level_reached:
        parts.append(
            _block(
                "<br>" + gettext("Level reached at the end: %(level)s"),
                level=measure.german_level_reached,
            )
        )
        parts.append("\n")
    if measure.course_type:
        parts.append(format_html("<br>{}\n", measure.get_course_type_display()))
    return _joined(parts)


def _facts(measure: Measure, page: dict) -> SafeString:
    catalogue = reverse("measures:catalogue")
    domains = _comma_separated(
        format_html(
            '<a class="kern-link" href="{}?domain={}"><span{}>{}</span></a>',
            catalogue,
            domain.slug,
            lang_attr(domain.name),
            domain.name,
        )
        for domain in page["life_domains"]
    )
    languages = (
        _comma_separated(
            format_html('<span lang="{}">{}</span>', language.code, language.name)
            for language in page["languages"]
        )
        if page["languages"]
        else _("German")
    )
    facts = [
        (_("For whom"), _named(page["target_groups"], _("Everyone"))),
        (_("Area of life"), domains),
        (_("When"), _when(measure, page["schedules"], page["next_dates"])),
        (_("Where"), _where(measure, page["districts"], page["map_url"])),
        (_("Cost"), _cost(measure)),
        (_("Languages"), languages),
        (_("Childcare"), _childcare(measure)),
    ]
    if measure.german_level_needed or measure.german_level_reached or measure.course_type:
        facts.append((_("German"), _german(measure)))
    accessible = (
        _("The venue is wheelchair accessible.")
        if measure.wheelchair_accessible
        else _("The venue is not known to be wheelchair accessible. Please ask the provider.")
    )
    facts.append((_("Accessibility"), accessible))
    calendar = ""
    if measure.is_dated or page["next_dates"]:
        calendar = format_html(
            '      <div class="detail__actions">\n'
            '        <a class="kern-btn kern-btn--secondary" href="{}" download><span '
            'class="kern-icon kern-icon--calendar-today" aria-hidden="true"></span><span '
            'class="kern-label">{}</span></a>\n'
            "      </div>\n",
            reverse("measures:calendar", args=[measure.slug]),
            _("Add to calendar"),
        )
    return format_html(
        '  <section class="detail__section" aria-labelledby="facts-heading">\n'
        '    <h2 class="kern-heading-medium" id="facts-heading">{}</h2>\n'
        '    <dl class="kern-description-list detail__facts">\n{}    </dl>\n{}'
        "  </section>\n",
        _("At a glance"),
        _joined(format_html(_FACT, key, value) for key, value in facts),
        calendar,
    )


def _registration(measure: Measure) -> SafeString:
    parts = []
    if measure.registration_status or measure.places_note():
        parts.append(
            format_html(
                '    <ul class="result__facts detail__registration">{}\n</ul>\n',
                registration_facts(measure),
            )
        )
    if measure.registration_required:
        deadline = (
            _block(
                " " + gettext("Registration closes on %(deadline)s."),
                deadline=_day(measure.registration_deadline),
            )
            if measure.registration_deadline
            else ""
        )
        parts.append(
            format_html(
                '      <p class="kern-body">{}{}</p>\n',
                _("Please register in advance."),
                deadline,
            )
        )
    else:
        parts.append(
            format_html(
                '      <p class="kern-body">{}</p>\n',
                _("No registration needed – just come along."),
            )
        )
    if measure.registration_info:
        parts.append(
            format_html(
                '    <div class="prose" dir="auto">{}</div>\n',
                linebreaks_filter(measure.registration_info, autoescape=True),
            )
        )
    registration_url = web_url(measure.registration_url)
    if registration_url:
        parts.append(
            format_html(
                '    <p class="kern-body"><a class="kern-btn kern-btn--primary" href="{}" '
                'rel="noopener"><span class="kern-label">{}</span></a></p>\n',
                registration_url,
                _("Register online"),
            )
        )
    return format_html(
        '  <section class="detail__section" aria-labelledby="register-heading">\n'
        '    <h2 class="kern-heading-medium" id="register-heading">{}</h2>\n{}'
        "  </section>\n",
        _("How to take part"),
        _joined(parts),
    )


def _checked(measure: Measure) -> SafeString:
    outdated = ""
    if measure.may_be_outdated():
        outdated = format_html(
            '    <div class="kern-alert kern-alert--warning" role="note"><div '
            'class="kern-alert__body"><p class="kern-body">{}</p></div></div>\n',
            _(
                "This information may be out of date: the provider has not checked it for "
                "more than six months. Please ask the provider before you go."
            ),
        )
    return format_html(
        '  <section class="detail__section" aria-labelledby="checked-heading">\n'
        '    <h2 class="kern-heading-small" id="checked-heading">{}</h2>\n'
        '    <p class="kern-body">{}</p>\n{}'
        "  </section>\n",
        _("Up to date?"),
        _block(gettext("Checked by the provider on %(day)s."), day=_day(measure.last_checked())),
        outdated,
    )


def _contact(measure: Measure, cooperating_partners) -> SafeString:
    provider = measure.provider
    try:
        provider_url = reverse("partners:detail", args=[provider.slug])
    except NoReverseMatch:
        provider_url = ""
    name = format_html("<bdi>{}</bdi>", provider.name)
    facts = [
        (
            _("Provider"),
            format_html('<a class="kern-link" href="{}">{}</a>', provider_url, name)
            if provider_url
            else name,
        )
    ]
    if cooperating_partners:
        facts.append(
            (
                _("In co-operation with"),
                _comma_separated(
                    format_html("<bdi>{}</bdi>", partner) for partner in cooperating_partners
                ),
            )
        )
    if measure.contact_email:
        facts.append(
            (
                _("Email"),
                format_html(
                    '<a class="kern-link" href="mailto:{}"><bdi dir="ltr">{}</bdi></a>',
                    measure.contact_email,
                    measure.contact_email,
                ),
            )
        )
    if measure.contact_phone:
        facts.append(
            (
                _("Phone"),
                format_html(
                    '<a class="kern-link" href="tel:{}"><bdi dir="ltr">{}</bdi></a>',
                    measure.contact_phone.replace(" ", ""),
                    measure.contact_phone,
                ),
            )
        )
    return format_html(
        '  <section class="detail__section" aria-labelledby="contact-heading">\n'
        '    <h2 class="kern-heading-medium" id="contact-heading">{}</h2>\n'
        '    <dl class="kern-description-list">\n{}    </dl>\n'
        "  </section>\n",
        _("Contact and provider"),
        _joined(format_html(_FACT, key, value) for key, value in facts),
    )


def measure_page(measure: Measure, page: dict) -> SafeString:
    """The page's body below the frame: `page` holds what the view worked out
    (`catalogue_url`, `schedules`, `next_dates`, the linked `life_domains`,
    `target_groups` and `languages`, `districts`, `cooperating_partners`,
    `map_url`)."""
    return _joined(
        [
            _heading(measure, page["catalogue_url"]),
            "\n",
            _about(measure),
            "\n",
            _facts(measure, page),
            "\n",
            _registration(measure),
            "\n",
            _checked(measure),
            "\n",
            _contact(measure, page["cooperating_partners"]),
            "</article>\n",
        ]
    )
