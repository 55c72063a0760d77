"""Public booking: one question per page, answers kept in the session."""

import re
from datetime import date, timedelta
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from integration_portal.formats import format_duration
from integration_portal.models import Language
from integration_portal.translation import active_language

from .forms import DetailsForm, LanguageForm, LocationForm, ModeForm, SlotForm, TopicForm
from .models import Appointment, Client, Location, Mode, Topic
from .services import (
    ChangeNotAllowed,
    ClientDetails,
    NotEligible,
    RateLimited,
    SlotTaken,
    TooManyAppointments,
    book_appointment,
    cancel_appointment,
    move_appointment,
)
from .slots import Slot, find_slot, free_slots, locations_by_id, slots_by_day

SESSION_KEY = "counselling_booking"
FAR_AWAY = timedelta(weeks=2)
NEXT_SLOTS_SHOWN = 5
# What secrets.token_urlsafe() produces; anything else cannot be a personal link.
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _answers(request: HttpRequest) -> dict:
    return request.session.get(SESSION_KEY, {})


def _save(request: HttpRequest, **values) -> None:
    answers = _answers(request)
    answers.update(values)
    request.session[SESSION_KEY] = answers


def _requires(*keys: str):
    """Send the client back to the start when an earlier answer is missing."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            answers = _answers(request)
            if any(key not in answers for key in keys):
                return redirect("counselling:start")
            return view(request, answers, *args, **kwargs)

        return wrapper

    return decorator


def office_phone() -> str:
    return settings.COUNSELLING_PHONE


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "counselling/start.html", {"phone": office_phone()})


def topic(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    form = TopicForm(request.POST or None, initial={"topic": answers.get("topic")})
    if request.method == "POST" and form.is_valid():
        _save(request, topic=form.cleaned_data["topic"])
        return redirect("counselling:language")
    return render(
        request,
        "counselling/question.html",
        {"form": form, "back": reverse("counselling:start"), "step": "topic"},
    )


@_requires("topic")
def language(request: HttpRequest, answers: dict) -> HttpResponse:
    form = LanguageForm(request.POST or None, initial={"language": answers.get("language")})
    if request.method == "POST" and form.is_valid():
        _save(request, language=form.cleaned_data["language"].pk)
        return redirect("counselling:mode")
    return render(
        request,
        "counselling/question.html",
        {"form": form, "back": reverse("counselling:topic"), "step": "language"},
    )


@_requires("topic", "language")
def mode(request: HttpRequest, answers: dict) -> HttpResponse:
    form = ModeForm(request.POST or None, initial={"mode": answers.get("mode")})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["mode"]
        _save(request, mode=chosen, location=None)
        if chosen == Mode.IN_PERSON:
            return redirect("counselling:location")
        return redirect("counselling:slots")
    return render(
        request,
        "counselling/question.html",
        {"form": form, "back": reverse("counselling:language"), "step": "mode"},
    )


@_requires("topic", "language", "mode")
def location(request: HttpRequest, answers: dict) -> HttpResponse:
    form = LocationForm(request.POST or None, initial={"location": answers.get("location")})
    if request.method == "POST" and form.is_valid():
        _save(request, location=form.cleaned_data["location"].pk)
        return redirect("counselling:slots")
    return render(
        request,
        "counselling/question.html",
        {"form": form, "back": reverse("counselling:mode"), "step": "location"},
    )


def _matching_slots(answers: dict) -> list[Slot]:
    return free_slots(
        topic=answers["topic"],
        language_id=answers["language"],
        mode=answers["mode"],
        location_id=answers.get("location"),
    )


def _slot_context(slots: list[Slot]) -> dict:
    places = locations_by_id(slots)
    days = [
        (day, [(slot, places.get(slot.location_id)) for slot in day_slots])
        for day, day_slots in slots_by_day(slots)
    ]
    first = days[0][0] if days else None
    return {
        "days": days,
        "first_day_far_away": first is not None and first > timezone.localdate() + FAR_AWAY,
    }


@_requires("topic", "language", "mode")
def choose_slot(request: HttpRequest, answers: dict) -> HttpResponse:
    slots = _matching_slots(answers)
    form = SlotForm(
        request.POST or None,
        initial={"slot": answers.get("slot")},
        slot_keys={slot.key for slot in slots},
    )
    if request.method == "POST" and form.is_valid():
        _save(request, slot=form.cleaned_data["slot"])
        return redirect("counselling:details")
    back = "counselling:location" if answers["mode"] == Mode.IN_PERSON else "counselling:mode"
    return render(
        request,
        "counselling/slots.html",
        {"form": form, "back": reverse(back), "phone": office_phone(), **_slot_context(slots)},
    )


def _chosen_slot(answers: dict) -> Slot | None:
    return find_slot(answers["slot"]) if answers.get("slot") else None


@_requires("topic", "language", "mode", "slot")
def details(request: HttpRequest, answers: dict) -> HttpResponse:
    slot = _chosen_slot(answers)
    if slot is None:
        return redirect("counselling:slots")
    initial = dict(answers.get("details", {}))
    if initial.get("child_birth_month"):
        born = date.fromisoformat(initial["child_birth_month"])
        initial.update(child_month=born.month, child_year=born.year)
    form = DetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        client = Client(child_birth_month=form.cleaned_data["child_birth_month"])
        _save(request, details=form.session_data())
        if not client.child_is_under_three_on(slot.local_start.date()):
            return redirect("counselling:not_eligible")
        return redirect("counselling:check")
    return render(
        request,
        "counselling/details.html",
        {
            "form": form,
            "back": reverse("counselling:slots"),
            "retention_period": format_duration(settings.COUNSELLING_RETENTION_DAYS),
        },
    )


def not_eligible(request: HttpRequest) -> HttpResponse:
    return render(request, "counselling/not_eligible.html", {"phone": office_phone()})


def _client_details(data: dict) -> ClientDetails:
    language = data.get("preferred_language")
    return ClientDetails(
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        child_birth_month=date.fromisoformat(data["child_birth_month"]),
        preferred_language=Language.objects.filter(pk=language).first() if language else None,
        ui_language=active_language(),
    )


def _next_free(answers: dict) -> list[Slot]:
    return _matching_slots(answers)[:NEXT_SLOTS_SHOWN]


@_requires("topic", "language", "mode", "slot", "details")
def check(request: HttpRequest, answers: dict) -> HttpResponse:
    slot = _chosen_slot(answers)
    language = Language.objects.filter(pk=answers["language"]).first()
    if slot is None or language is None:
        return _taken(request, answers)
    if request.method == "POST":
        try:
            appointment = book_appointment(
                slot_key=answers["slot"],
                details=_client_details(answers["details"]),
                topic=answers["topic"],
                language=language,
                interpreter_wanted=answers["details"]["interpreter_wanted"],
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except SlotTaken:
            return _taken(request, answers)
        except NotEligible:
            return redirect("counselling:not_eligible")
        except (TooManyAppointments, RateLimited) as error:
            return render(
                request,
                "counselling/limit.html",
                {"too_many": isinstance(error, TooManyAppointments), "phone": office_phone()},
                status=429 if isinstance(error, RateLimited) else 200,
            )
        del request.session[SESSION_KEY]
        request.session["counselling_booked"] = appointment.token
        return redirect("counselling:done")
    data = answers["details"]
    preferred = data.get("preferred_language")
    return render(
        request,
        "counselling/check.html",
        {
            "slot": slot,
            "topic": Topic(answers["topic"]).label,
            "language": language,
            "mode": Mode(answers["mode"]).label,
            "location": Location.objects.filter(pk=slot.location_id).first(),
            "details": data,
            "child_birth_month": date.fromisoformat(data["child_birth_month"]),
            "preferred_language": Language.objects.filter(pk=preferred).first()
            if preferred
            else None,
            "back": reverse("counselling:details"),
        },
    )


def _taken(request: HttpRequest, answers: dict) -> HttpResponse:
    answers.pop("slot", None)
    request.session[SESSION_KEY] = answers
    slots = _next_free(answers)
    form = SlotForm(slot_keys={slot.key for slot in slots})
    return render(
        request,
        "counselling/slots.html",
        {
            "form": form,
            "taken": True,
            "back": reverse("counselling:mode"),
            "phone": office_phone(),
            **_slot_context(slots),
        },
        status=409,
    )


def done(request: HttpRequest) -> HttpResponse:
    token = request.session.get("counselling_booked")
    if not token:
        return redirect("counselling:start")
    appointment = get_object_or_404(_appointments(), token=token)
    response = render(request, "counselling/done.html", {"appointment": appointment})
    return _private(response)


def _appointments():
    return Appointment.objects.select_related("location", "language", "client")


def _appointment_for_token(token: str) -> Appointment:
    """The one appointment a personal link opens; anything else is not found."""
    if not TOKEN.fullmatch(token):
        raise Http404
    return get_object_or_404(_appointments(), token=token)


def _token_form(view):
    """Forms on personal-link pages: the unguessable token in the URL is their secret.

    These pages send no referrer, so browsers post them with `Origin: null`,
    which Django's CSRF check refuses. A forged request would have to know the
    token, which is exactly what CSRF tokens protect, so the check adds nothing.
    """
    return csrf_exempt(view)


def _private(response: HttpResponse) -> HttpResponse:
    # The token is the only key to the appointment: never leak it to other sites or caches.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


def appointment(request: HttpRequest, token: str) -> HttpResponse:
    booking = _appointment_for_token(token)
    return _private(
        render(
            request,
            "counselling/appointment.html",
            {
                "appointment": booking,
                "can_change": booking.can_be_changed(timezone.now()),
                "phone": office_phone(),
            },
        )
    )


@_token_form
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    booking = _appointment_for_token(token)
    if not booking.can_be_changed(timezone.now()):
        return redirect("counselling:appointment", token=token)
    if request.method == "POST":
        try:
            cancel_appointment(booking)
        except ChangeNotAllowed:
            return redirect("counselling:appointment", token=token)
        return redirect("counselling:appointment", token=token)
    return _private(render(request, "counselling/cancel.html", {"appointment": booking}))


@_token_form
def move(request: HttpRequest, token: str) -> HttpResponse:
    booking = _appointment_for_token(token)
    if not booking.can_be_changed(timezone.now()):
        return redirect("counselling:appointment", token=token)
    slots = free_slots(
        topic=booking.topic,
        language_id=booking.language_id,
        mode=booking.mode,
        location_id=booking.location_id,
    )
    form = SlotForm(request.POST or None, slot_keys={slot.key for slot in slots})
    taken = False
    if request.method == "POST" and form.is_valid():
        try:
            moved = move_appointment(booking, form.cleaned_data["slot"])
        except SlotTaken:
            taken = True
        except NotEligible:
            return redirect("counselling:not_eligible")
        except ChangeNotAllowed:
            return redirect("counselling:appointment", token=token)
        else:
            return redirect("counselling:appointment", token=moved.token)
        slots = free_slots(
            topic=booking.topic,
            language_id=booking.language_id,
            mode=booking.mode,
            location_id=booking.location_id,
        )
        form = SlotForm(slot_keys={slot.key for slot in slots})
    return _private(
        render(
            request,
            "counselling/slots.html",
            {
                "form": form,
                "taken": taken,
                "moving": booking,
                "back": reverse("counselling:appointment", args=[token]),
                "phone": office_phone(),
                **_slot_context(slots),
            },
        )
    )
