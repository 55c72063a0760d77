"""Emails to clients: in German, followed by the language she used on the portal."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from . import sms
from .ics import appointment_calendar
from .models import Appointment, SlotHold


def personal_link(appointment: Appointment, language: str) -> str:
    with translation.override(language):
        path = reverse("counselling:appointment", args=[appointment.token])
    return f"{settings.SITE_URL}{path}"


def _languages(appointment: Appointment) -> list[str]:
    chosen = appointment.client.ui_language
    return ["de"] if chosen == "de" else ["de", chosen]


def booking_link(language: str) -> str:
    """Where she books a new appointment, in her language."""
    with translation.override(language):
        path = reverse("counselling:start")
    return f"{settings.SITE_URL}{path}"


# What each mail is about, in its subject (in German, as the whole mail starts).
SUBJECTS = {
    "confirmation": gettext_lazy("Your counselling appointment"),
    "reminder": gettext_lazy("Your counselling appointment"),
    "moved": gettext_lazy("Your counselling appointment has been moved"),
    "cancelled": gettext_lazy("Your counselling appointment has been cancelled"),
    "recommendations": gettext_lazy("Offers recommended for you"),
    "offer": gettext_lazy("A counselling appointment is free for you"),
}
# The mails that carry the appointment for her calendar.
CALENDAR_KINDS = {"confirmation", "moved", "cancelled"}


def _render(appointment: Appointment, kind: str) -> tuple[str, str]:
    parts = []
    for language in _languages(appointment):
        with translation.override(language):
            parts.append(
                render_to_string(
                    f"counselling/email/{kind}.txt",
                    {
                        "appointment": appointment,
                        "link": personal_link(appointment, language),
                        "book_link": booking_link(language),
                    },
                ).strip()
            )
    with translation.override("de"):
        subject = str(SUBJECTS[kind])
    return subject, "\n\n----------\n\n".join(parts)


def sms_text(appointment: Appointment, kind: str) -> str:
    """A short message: what happened and when in German, then in her language,
    then her personal link (or, after a cancellation, where to book again)."""
    lines = []
    for language in _languages(appointment):
        with translation.override(language):
            lines.append(
                render_to_string(
                    "counselling/sms/message.txt", {"appointment": appointment, "kind": kind}
                ).strip()
            )
    language = appointment.client.ui_language
    link = booking_link(language) if kind == "cancelled" else personal_link(appointment, language)
    return "\n".join([*lines, link])


def deliver(appointment: Appointment, kind: str) -> str:
    """Send by email when she gave an address, else by SMS to her phone; the
    channel used, or "" when there is no way to reach her. A mail server or
    gateway that fails raises, for the outbox to try again later."""
    if not appointment.client.email:
        if not appointment.client.phone:
            return ""
        sms.get_backend().send(appointment.client.phone, sms_text(appointment, kind))
        return "sms"
    subject, body = _render(appointment, kind)
    message = EmailMessage(subject, body, to=[appointment.client.email])
    if kind in CALENDAR_KINDS:
        with translation.override("de"):
            ics = appointment_calendar(
                appointment, str(SUBJECTS["confirmation"]), personal_link(appointment, "de")
            )
        message.attach("termin.ics", ics, "text/calendar")
    message.send()
    return "email"


def waiting_link(token: str, language: str) -> str:
    """Her personal link to her place on the waiting list and the time held for her."""
    with translation.override(language):
        path = reverse("counselling:waiting", args=[token])
    return f"{settings.SITE_URL}{path}"


def deliver_offer(hold: SlotHold) -> str:
    """Tell her that a time is held for her, by email if she gave one, else by SMS;
    in German and in the language she used on the portal."""
    entry = hold.entry
    languages = ["de"] if entry.ui_language == "de" else ["de", entry.ui_language]
    if not entry.email:
        lines = []
        for language in languages:
            with translation.override(language):
                lines.append(render_to_string("counselling/sms/offer.txt", {"hold": hold}).strip())
        sms.get_backend().send(
            entry.phone, "\n".join([*lines, waiting_link(entry.token, entry.ui_language)])
        )
        return "sms"
    parts = []
    for language in languages:
        with translation.override(language):
            parts.append(
                render_to_string(
                    "counselling/email/offer.txt",
                    {"hold": hold, "link": waiting_link(entry.token, language)},
                ).strip()
            )
    with translation.override("de"):
        subject = str(SUBJECTS["offer"])
    EmailMessage(subject, "\n\n----------\n\n".join(parts), to=[entry.email]).send()
    return "email"
