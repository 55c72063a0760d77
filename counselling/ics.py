"""The calendar file attached to confirmation emails."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Appointment


def appointment_calendar(appointment: Appointment, summary: str, description: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Buendnis fuer Integration Stuttgart//Counselling//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}@{settings.SITE_URL.split('://')[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.timespan.lower)
    event.add("dtend", appointment.timespan.upper)
    event.add("summary", summary)
    event.add("description", description)
    if appointment.location:
        event.add("location", f"{appointment.location.name}, {appointment.location.address}")
    calendar.add_component(event)
    return calendar.to_ical()
