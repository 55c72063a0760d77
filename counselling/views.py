"""Public booking: one question per page, the answers kept in a draft (booking.py)."""

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from integration_portal.formats import format_duration
from integration_portal.models import Language
from integration_portal.net import client_ip
from integration_portal.translation import active_language

from . import booking
from .booking import BookingDraft
from .forms import ChildForm, DetailsForm, LanguageForm, LocationForm, ModeForm, SlotForm, TopicForm
from .models import Appointment, Location, Mode, Topic
from .services import (
    ChangeNotAllowed,
    NotEligible,
    RateLimited,
    SlotTaken,
    TooManyAppointments,
    book_appointment,
    cancel_appointment,
    move_appointment,
)
from .slots import (
    Slot,
    booking_horizon,
    find_slot,
    free_slots,
    locations_by_id,
    min_notice,
    slots_by_day,
)

# The session key of the draft, for tools that prepare a visitor's session.
SESSION_KEY = booking.SESSION_KEY
FAR_AWAY = timedelta(weeks=2)
NEXT_SLOTS_SHOWN = 5
# What secrets.token_urlsafe() produces; anything else cannot be a personal link.
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _step(name: str):
    """A page of the booking: it gets the draft, and sends the client back to
    the start when an earlier answer is missing."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            draft = booking.load(request)
            if not draft.can_open(name):
                return redirect("counselling:start")
            return view(request, draft, *args, **kwargs)

        return wrapper

    return decorator


def _back(draft: BookingDraft, step: str) -> str:
    return reverse(f"counselling:{draft.previous_step(step) or 'start'}")


def _answered(request: HttpRequest, draft: BookingDraft, step: str, **answers) -> HttpResponse:
    draft.answer(**answers)
    booking.store(request, draft)
    return redirect(f"counselling:{draft.next_step(step)}")


def office_phone() -> str:
    return settings.COUNSELLING_PHONE


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "counselling/start.html", {"phone": office_phone()})


def _question(
    request: HttpRequest, draft: BookingDraft, step: str, form, template: str = "question"
) -> HttpResponse:
    return render(
        request,
        f"counselling/{template}.html",
        {"form": form, "back": _back(draft, step), "step": step, "progress": draft.progress(step)},
    )


def _first_bookable_day() -> date:
    return timezone.localtime(timezone.now() + min_notice()).date()


@_step("child")
def child(request: HttpRequest, draft: BookingDraft) -> HttpResponse:
    """The first question: a child who is 3 before the first free day is told so at once."""
    born = draft.child_birth_month
    form = ChildForm(
        request.POST or None,
        initial={"child_month": born.month, "child_year": born.year} if born else {},
    )
    if request.method == "POST" and form.is_valid():
        response = _answered(
            request, draft, "child", child_birth_month=form.cleaned_data["child_birth_month"]
        )
        if draft.eligible_until() < _first_bookable_day():
            return redirect("counselling:not_eligible")
        return response
    return _question(request, draft, "child", form, template="child")


@_step("topic")
def topic(request: HttpRequest, draft: BookingDraft) -> HttpResponse:
    form = TopicForm(request.POST or None, initial={"topic": draft.topic})
    if request.method == "POST" and form.is_valid():
        return _answered(request, draft, "topic", topic=form.cleaned_data["topic"])
    return _question(request, draft, "topic", form)


@_step("language")
def language(request: HttpRequest, draft: BookingDraft) -> HttpResponse:
    form = LanguageForm(request.POST or None, initial={"language": draft.language_id})
    if request.method == "POST" and form.is_valid():
        return _answered(request, draft, "language", language_id=form.cleaned_data["language"].pk)
    return _question(request, draft, "language", form)


@_step("mode")
def mode(request: HttpRequest, draft: BookingDraft) -> HttpResponse:
    form = ModeForm(request.POST or None, initial={"mode": draft.mode})
    if request.method == "POST" and form.is_valid():
        return _answered(request, draft, "mode", mode=form.cleaned_data["mode"])
    return _question(request, draft, "mode", form)


@_step("location")
def location(request: HttpRequest, draft: BookingDraft) -> HttpResponse:
    form = LocationForm(request.POST or None, initial={"location": draft.location_id})
    if request.method == "POST" and form.is_valid():
        return _answered(request, draft, "location", location_id=form.cleaned_data["location"].pk)
    return _question(request, draft, "location", form)


def _matching_slots(draft: BookingDraft) -> list[Slot]:
    """The free times that fit her answers, up to the day her child turns 3."""
    until = draft.eligible_until()
    slots = free_slots(
        topic=draft.topic,
        language_id=draft.language_id,
        mode=draft.mode,
        location_id=draft.location_id,
    )
    return [slot for slot in slots if until is not None and slot.local_start.date() <= until]


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


@_step("slots")
def choose_slot(request: HttpRequest, draft: BookingDraft) -> HttpResponse:
    slots = _matching_slots(draft)
    form = SlotForm(
        request.POST or None,
        initial={"slot": draft.slot_key},
        slot_keys={slot.key for slot in slots},
    )
    if request.method == "POST" and form.is_valid():
        return _answered(request, draft, "slots", slot_key=form.cleaned_data["slot"])
    until = draft.eligible_until()
    return render(
        request,
        "counselling/slots.html",
        {
            "form": form,
            "back": _back(draft, "slots"),
            "phone": office_phone(),
            "progress": draft.progress("slots"),
            # Her child turns 3 within the weeks offered: say why later times are missing.
            "eligible_until": until if until < timezone.localdate() + booking_horizon() else None,
            **_slot_context(slots),
        },
    )


def _details_initial(draft: BookingDraft) -> dict:
    if draft.details is None:
        return {}
    details = draft.details
    return {
        "name": details.name,
        "email": details.email,
        "phone": details.phone,
        "interpreter_wanted": draft.interpreter_wanted,
    }


@_step("details")
def details(request: HttpRequest, draft: BookingDraft) -> HttpResponse:
    slot = find_slot(draft.slot_key)
    if slot is None:
        return redirect("counselling:slots")
    form = DetailsForm(request.POST or None, initial=_details_initial(draft), mode=draft.mode)
    if request.method == "POST" and form.is_valid():
        client_details = form.client_details(
            ui_language=active_language(),
            child_birth_month=draft.child_birth_month,
            # The language she chose for the counselling is the one she prefers.
            preferred_language=Language.objects.filter(pk=draft.language_id).first(),
        )
        return _answered(
            request,
            draft,
            "details",
            details=client_details,
            interpreter_wanted=form.cleaned_data["interpreter_wanted"],
        )
    return render(
        request,
        "counselling/details.html",
        {
            "form": form,
            "back": _back(draft, "details"),
            "progress": draft.progress("details"),
            "by_phone": draft.mode == Mode.PHONE,
            "retention_period": format_duration(settings.COUNSELLING_RETENTION_DAYS),
        },
    )


def not_eligible(request: HttpRequest) -> HttpResponse:
    return render(request, "counselling/not_eligible.html", {"phone": office_phone()})


def _book(request: HttpRequest, draft: BookingDraft, language: Language) -> HttpResponse:
    try:
        appointment = book_appointment(
            slot_key=draft.slot_key,
            details=replace(draft.details, ui_language=active_language()),
            topic=draft.topic,
            language=language,
            interpreter_wanted=draft.interpreter_wanted,
            ip_address=client_ip(request),
        )
    except SlotTaken:
        return _taken(request, draft)
    except (NotEligible, TooManyAppointments, RateLimited) as refusal:
        return refused(request, refusal)
    booking.finish(request, appointment, timezone.now())
    return redirect("counselling:done")


def refused(request: HttpRequest, refusal: Exception) -> HttpResponse:
    """Where a booking the rules refuse leads: the page for children too old,
    or the page on too many appointments or attempts (429 for the latter)."""
    if isinstance(refusal, NotEligible):
        return redirect("counselling:not_eligible")
    return render(
        request,
        "counselling/limit.html",
        {"too_many": isinstance(refusal, TooManyAppointments), "phone": office_phone()},
        status=429 if isinstance(refusal, RateLimited) else 200,
    )


@_step("check")
def check(request: HttpRequest, draft: BookingDraft) -> HttpResponse:
    slot = find_slot(draft.slot_key)
    language = Language.objects.filter(pk=draft.language_id).first()
    if slot is None or language is None:
        return _taken(request, draft)
    if request.method == "POST":
        return _book(request, draft, language)
    return render(
        request,
        "counselling/check.html",
        {
            "slot": slot,
            "topic": Topic(draft.topic).label,
            "language": language,
            "mode": Mode(draft.mode).label,
            "location": Location.objects.filter(pk=slot.location_id).first(),
            "details": draft.details,
            "interpreter_wanted": draft.interpreter_wanted,
            "back": _back(draft, "check"),
            "progress": draft.progress("check"),
        },
    )


def _taken(request: HttpRequest, draft: BookingDraft) -> HttpResponse:
    draft.slot_key = None
    booking.store(request, draft)
    slots = _matching_slots(draft)[:NEXT_SLOTS_SHOWN]
    form = SlotForm(slot_keys={slot.key for slot in slots})
    return render(
        request,
        "counselling/slots.html",
        {
            "form": form,
            "taken": True,
            "back": _back(draft, "slots"),
            "phone": office_phone(),
            **_slot_context(slots),
        },
        status=409,
    )


def done(request: HttpRequest) -> HttpResponse:
    token = booking.booked_token(request)
    if not token:
        return redirect("counselling:start")
    appointment = get_object_or_404(_appointments(), token=token)
    link = request.build_absolute_uri(reverse("counselling:appointment", args=[token]))
    response = render(request, "counselling/done.html", {"appointment": appointment, "link": link})
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
    booked = _appointment_for_token(token)
    return _private(
        render(
            request,
            "counselling/appointment.html",
            {
                "appointment": booked,
                "can_change": booked.can_be_changed(timezone.now()),
                "phone": office_phone(),
            },
        )
    )


@_token_form
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    booked = _appointment_for_token(token)
    if not booked.can_be_changed(timezone.now()):
        return redirect("counselling:appointment", token=token)
    if request.method == "POST":
        try:
            cancel_appointment(booked)
        except ChangeNotAllowed as refusal:
            messages.error(request, str(refusal))
        return redirect("counselling:appointment", token=token)
    return _private(render(request, "counselling/cancel.html", {"appointment": booked}))


def _move_slots(booked: Appointment) -> list[Slot]:
    slots = free_slots(
        topic=booked.topic,
        language_id=booked.language_id,
        mode=booked.mode,
        location_id=booked.location_id,
    )
    return [
        slot for slot in slots if booked.client.child_is_under_three_on(slot.local_start.date())
    ]


@_token_form
def move(request: HttpRequest, token: str) -> HttpResponse:
    booked = _appointment_for_token(token)
    if not booked.can_be_changed(timezone.now()):
        return redirect("counselling:appointment", token=token)
    slots = _move_slots(booked)
    form = SlotForm(request.POST or None, slot_keys={slot.key for slot in slots})
    taken = False
    if request.method == "POST" and form.is_valid():
        try:
            moved = move_appointment(booked, form.cleaned_data["slot"])
        except SlotTaken:
            taken = True
            slots = _move_slots(booked)
            form = SlotForm(slot_keys={slot.key for slot in slots})
        except NotEligible:
            return redirect("counselling:not_eligible")
        except ChangeNotAllowed as refusal:
            messages.error(request, str(refusal))
            return redirect("counselling:appointment", token=token)
        else:
            return redirect("counselling:appointment", token=moved.token)
    return _private(
        render(
            request,
            "counselling/slots.html",
            {
                "form": form,
                "taken": taken,
                "moving": booked,
                "back": reverse("counselling:appointment", args=[token]),
                "phone": office_phone(),
                **_slot_context(slots),
            },
        )
    )
