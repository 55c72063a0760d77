"""schema.org descriptions of measures, for search engines (JSON-LD)."""

from django.http import HttpRequest

from .models import Measure, Schedule

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _schedule(schedule: Schedule) -> dict | None:
    """A schema.org `Schedule` of a weekly series or single session."""
    if not schedule.has_fixed_times or schedule.start_time is None:
        return None
    data = {
        "@type": "Schedule",
        "startDate": schedule.valid_from.isoformat() if schedule.valid_from else None,
        "endDate": schedule.last_day().isoformat() if schedule.last_day() else None,
        "startTime": schedule.start_time.isoformat(),
        "endTime": schedule.end_time.isoformat() if schedule.end_time else None,
        "scheduleTimezone": "Europe/Berlin",
    }
    if schedule.kind == Schedule.Kind.WEEKLY:
        data["repeatFrequency"] = "P1W"
        data["byDay"] = [f"https://schema.org/{SCHEMA_DAYS[day]}" for day in schedule.weekdays]
        data["exceptDate"] = [day.isoformat() for day in schedule.excluded_days()]
    return _without_empty(data)


def _schedules(measure: Measure) -> list[dict]:
    return [data for data in map(_schedule, measure.schedules.all()) if data]


def _remaining_places(measure: Measure) -> int | None:
    """Only a current figure: an old one would mislead more than none."""
    if measure.registration_status == Measure.RegistrationStatus.FULL:
        return 0
    return measure.places_free if measure.places_are_current() else None


def _organisation(measure: Measure) -> dict:
    provider = measure.provider
    organisation = {"@type": "Organization", "name": provider.name}
    if provider.website:
        organisation["url"] = provider.website
    return organisation


def _place(measure: Measure) -> dict | None:
    if measure.is_online and not measure.venue_street and measure.registration_url:
        return {"@type": "VirtualLocation", "url": measure.registration_url}
    if not measure.venue_street:
        return None
    return {
        "@type": "Place",
        "name": measure.venue_name or measure.venue_address,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": measure.venue_street,
            "postalCode": measure.venue_postal_code,
            "addressLocality": measure.venue_city,
            "addressCountry": "DE",
        },
    }


def _offer(measure: Measure) -> dict:
    price = "0" if measure.is_free or measure.cost_amount is None else str(measure.cost_amount)
    offer = {"@type": "Offer", "price": price, "priceCurrency": "EUR"}
    if measure.registration_url:
        offer["url"] = measure.registration_url
    return offer


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def structured_data(measure: Measure, request: HttpRequest) -> dict:
    """`Course` with its instance for courses, `Event` for dated offers, else a
    service; of a measure read with `for_detail`."""
    languages = [language.code for language in measure.linked("languages")]
    common = {
        "@context": "https://schema.org",
        "name": str(measure.title),
        "description": str(measure.summary),
        "url": request.build_absolute_uri(measure.get_absolute_url()),
        "inLanguage": languages,
    }
    dates = {
        "startDate": measure.start_date.isoformat() if measure.start_date else None,
        "endDate": measure.end_date.isoformat() if measure.end_date else None,
    }
    place = _place(measure)
    if measure.format == Measure.Format.COURSE:
        instance = {
            "@type": "CourseInstance",
            "courseMode": "online" if measure.is_online else "onsite",
            "location": place,
            "courseSchedule": _schedules(measure),
            "remainingAttendeeCapacity": _remaining_places(measure),
            "maximumAttendeeCapacity": measure.capacity,
            **dates,
        }
        return _without_empty(
            {
                **common,
                "@type": "Course",
                "provider": _organisation(measure),
                "hasCourseInstance": _without_empty(instance),
                "offers": _offer(measure),
                "isAccessibleForFree": measure.is_free,
            }
        )
    if measure.format == Measure.Format.COUNSELLING or not measure.is_dated:
        return _without_empty(
            {
                **common,
                "@type": "GovernmentService"
                if measure.format == Measure.Format.COUNSELLING
                else "Service",
                "provider": _organisation(measure),
                "areaServed": {"@type": "City", "name": "Stuttgart"},
                "availableChannel": _without_empty(
                    {"@type": "ServiceChannel", "serviceLocation": place}
                ),
                "offers": _offer(measure),
            }
        )
    return _without_empty(
        {
            **common,
            "@type": "Event",
            **dates,
            "eventSchedule": _schedules(measure),
            "remainingAttendeeCapacity": _remaining_places(measure),
            "maximumAttendeeCapacity": measure.capacity,
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
            if measure.is_online
            else "https://schema.org/OfflineEventAttendanceMode",
            "location": place,
            "organizer": _organisation(measure),
            "isAccessibleForFree": measure.is_free,
            "offers": _offer(measure),
        }
    )
