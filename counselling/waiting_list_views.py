"""The waiting list's pages: joining from the choice of times, and her personal
link, which shows her place, books a time held for her or lets her leave."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from integration_portal.formats import format_duration
from integration_portal.models import Language
from integration_portal.net import client_ip
from integration_portal.translation import active_language

from . import booking, phones, waiting_list
from .booking import BookingDraft
from .forms import DetailsForm, WaitingListForm
from .models import Location, Mode, SlotHold, Topic, WaitingListEntry
from .services import (
    NotEligible,
    RateLimited,
    SlotTaken,
    TooManyAppointments,
    book_appointment,
)
from .slots import Slot
from .views import TOKEN, _back, _private, _step, _token_form, office_phone, refused


def _wish_context(draft: BookingDraft) -> dict:
    return {
        "topic": Topic(draft.topic).label,
        "language": Language.objects.filter(pk=draft.language_id).first(),
        "mode": Mode(draft.mode).label,
        "location": Location.objects.filter(pk=draft.location_id).first(),
    }


@_step("slots")
def join(request: HttpRequest, draft: BookingDraft) -> HttpResponse:
    """No time suits her: she leaves a way to reach her, the rest she has answered."""
    context = _wish_context(draft)
    place = context["location"]
    form = WaitingListForm(
        request.POST or None,
        mode=draft.mode,
        initial={"district": place.district_id if place else None},
    )
    if request.method == "POST" and form.is_valid() and context["language"] is not None:
        data = form.cleaned_data
        entry = waiting_list.join(
            waiting_list.Wish(
                topic=draft.topic,
                language=context["language"],
                mode=draft.mode,
                district=data.get("district"),
                email=data["email"],
                phone=data["phone"],
                child_birth_month=draft.child_birth_month,
                ui_language=active_language(),
            ),
            now=timezone.now(),
        )
        return redirect("counselling:waiting", token=entry.token)
    return render(
        request,
        "counselling/waiting_list_join.html",
        {
            "form": form,
            "back": reverse("counselling:slots")
            if draft.can_open("slots")
            else _back(draft, "slots"),
            "by_phone": draft.mode == Mode.PHONE,
            "weeks": settings.COUNSELLING_WAITING_LIST_WEEKS,
            **context,
        },
    )


def _entry_for_token(token: str) -> WaitingListEntry:
    """The entry a personal link opens while it lasts; anything else is not found."""
    if not TOKEN.fullmatch(token):
        raise Http404
    return get_object_or_404(
        WaitingListEntry.objects.current(timezone.now()).select_related("language", "district"),
        token=token,
    )


def _book_held(request: HttpRequest, entry: WaitingListEntry, hold: SlotHold, form) -> HttpResponse:
    slot = Slot(
        hold.counsellor_id, hold.timespan.lower, hold.timespan.upper, hold.mode, hold.location_id
    )
    try:
        appointment = book_appointment(
            slot_key=slot.key,
            details=form.client_details(
                ui_language=active_language(),
                child_birth_month=entry.child_birth_month,
                preferred_language=entry.language,
            ),
            topic=entry.topic,
            language=entry.language,
            interpreter_wanted=form.cleaned_data["interpreter_wanted"],
            ip_address=client_ip(request),
            hold=hold,
        )
    except SlotTaken:
        return redirect("counselling:waiting", token=entry.token)
    except (NotEligible, TooManyAppointments, RateLimited) as refusal:
        return refused(request, refusal)
    booking.finish(request, appointment, timezone.now())
    return redirect("counselling:done")


@_token_form
def waiting(request: HttpRequest, token: str) -> HttpResponse:
    """Her place on the list; when a time is held for her, the time and the form to book it."""
    entry = _entry_for_token(token)
    hold = waiting_list.held_for(entry, timezone.now())
    form = None
    if hold is not None:
        form = DetailsForm(
            request.POST or None,
            mode=hold.mode,
            initial={"email": entry.email, "phone": phones.for_display(entry.phone)},
        )
        if request.method == "POST" and form.is_valid():
            return _book_held(request, entry, hold, form)
    return _private(
        render(
            request,
            "counselling/waiting.html",
            {
                "entry": entry,
                "hold": hold,
                "form": form,
                "link": request.build_absolute_uri(),
                "phone": office_phone(),
                "retention_period": format_duration(settings.COUNSELLING_RETENTION_DAYS),
            },
        )
    )


@_token_form
def leave(request: HttpRequest, token: str) -> HttpResponse:
    """A page that asks first; its POST takes her off the list and erases her entry."""
    entry = _entry_for_token(token)
    if request.method == "POST":
        waiting_list.leave(entry, now=timezone.now())
        return _private(render(request, "counselling/waiting_leave.html", {"left": True}))
    return _private(render(request, "counselling/waiting_leave.html", {"entry": entry}))
