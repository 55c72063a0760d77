"""The calendar file attached to the mails: one event per appointment for good.

The event's UID is the appointment's, so a move replaces the entry in her
calendar (a higher SEQUENCE) and a cancellation removes it (METHOD:CANCEL).
"""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Appointment


def event_uid(appointment: Appointment) -> str:
    return f"appointment-{appointment.pk}@{settings.SITE_URL.split('://')[-1]}"


def appointment_calendar(appointment: Appointment, summary: str, description: str) -> bytes:
    cancelled = appointment.status == Appointment.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Buendnis fuer Integration Stuttgart//Counselling//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", event_uid(appointment))
    event.add("sequence", appointment.sequence + (1 if cancelled else 0))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.timespan.lower)
    event.add("dtend", appointment.timespan.upper)
    event.add("summary", summary)
    event.add("description", description)
    if appointment.location:
        event.add("location", f"{appointment.location.name}, {appointment.location.address}")
    elif appointment.join_link:
        event.add("location", appointment.join_link)
        event.add("url", appointment.join_link)
    calendar.add_component(event)
    return calendar.to_ical()
