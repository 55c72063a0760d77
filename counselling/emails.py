"""Emails to clients: in German, followed by the language she used on the portal."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .ics import appointment_calendar
from .models import Appointment

logger = logging.getLogger(__name__)


def personal_link(appointment: Appointment, language: str) -> str:
    with translation.override(language):
        path = reverse("counselling:appointment", args=[appointment.token])
    return f"{settings.SITE_URL}{path}"


def _languages(appointment: Appointment) -> list[str]:
    chosen = appointment.client.ui_language
    return ["de"] if chosen == "de" else ["de", chosen]


def _render(appointment: Appointment, template: str) -> tuple[str, str]:
    parts = []
    for language in _languages(appointment):
        with translation.override(language):
            parts.append(
                render_to_string(
                    template,
                    {"appointment": appointment, "link": personal_link(appointment, language)},
                ).strip()
            )
    with translation.override("de"):
        subject = _("Your counselling appointment")
    return subject, "\n\n----------\n\n".join(parts)


def _load(appointment_id: int) -> Appointment:
    return Appointment.objects.select_related(
        "client", "location", "language", "counsellor__user"
    ).get(pk=appointment_id)


def _send(appointment: Appointment, template: str, with_calendar: bool) -> bool:
    if not appointment.client.email:
        return False
    subject, body = _render(appointment, template)
    message = EmailMessage(subject, body, to=[appointment.client.email])
    if with_calendar:
        with translation.override("de"):
            ics = appointment_calendar(appointment, subject, personal_link(appointment, "de"))
        message.attach("termin.ics", ics, "text/calendar")
    try:
        message.send()
    except Exception:
        # The booking stands; the page shows the personal link. No address in the log.
        logger.exception("counselling email failed for appointment %s", appointment.pk)
        return False
    return True


def send_confirmation(appointment_id: int) -> bool:
    return _send(_load(appointment_id), "counselling/email/confirmation.txt", True)


def send_reminder(appointment: Appointment) -> bool:
    return _send(appointment, "counselling/email/reminder.txt", False)
