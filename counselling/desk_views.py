"""The counsellors' desk: agenda, appointments, availability, statistics."""

import json
from datetime import date, datetime, time, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integration_portal.roles import COUNSELLING_LEAD

from .forms import AbsenceForm, AvailabilityRuleForm, DeskBookingForm, NotesForm
from .models import Absence, Appointment, AvailabilityRule, Client, Counsellor, Mode
from .services import (
    BookingError,
    ClientDetails,
    NotEligible,
    SlotTaken,
    book_appointment,
    cancel_appointment,
    erase_client,
    export_client,
    set_status,
)
from .slots import BERLIN, free_slots
from .statistics import appointment_statistics


def is_lead(user) -> bool:
    return user.is_superuser or user.has_role(COUNSELLING_LEAD)


def desk_required(view):
    """Counsellors and leads only; anonymous visitors are sent to the login."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.works_at_desk():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def lead_required(view):
    @wraps(view)
    @desk_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_lead(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_appointment_for_user(user, pk: int) -> Appointment:
    """An appointment the user may see; another counsellor's is simply not found."""
    return get_object_or_404(
        Appointment.objects.visible_to(user).select_related(
            "client", "counsellor__user", "location", "language"
        ),
        pk=pk,
    )


def get_counsellor_for_user(user, pk: int) -> Counsellor:
    """A counsellor profile the user may manage: her own, or any for a lead."""
    counsellors = Counsellor.objects.select_related("user")
    if not is_lead(user):
        counsellors = counsellors.filter(user=user)
    return get_object_or_404(counsellors, pk=pk)


def _parse_date(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@desk_required
def agenda(request: HttpRequest) -> HttpResponse:
    day = _parse_date(request.GET.get("date"))
    week = request.GET.get("view") == "week"
    first = day - timedelta(days=day.weekday()) if week else day
    last = first + timedelta(days=7 if week else 1)
    start = datetime.combine(first, time(0), tzinfo=BERLIN)
    end = datetime.combine(last, time(0), tzinfo=BERLIN)
    appointments = (
        Appointment.objects.visible_to(request.user)
        .filter(timespan__overlap=DateTimeTZRange(start, end))
        .select_related("client", "counsellor__user", "location", "language")
        .order_by("timespan")
    )
    days: dict[date, list[Appointment]] = {
        first + timedelta(days=n): [] for n in range((last - first).days)
    }
    for appointment in appointments:
        days.setdefault(appointment.start.date(), []).append(appointment)
    step = timedelta(days=7 if week else 1)
    own = Counsellor.objects.filter(user=request.user).first()
    lead = is_lead(request.user)
    return render(
        request,
        "counselling/desk/agenda.html",
        {
            "days": sorted(days.items()),
            "week": week,
            "day": day,
            "previous": day - step,
            "next": day + step,
            "today": timezone.localdate(),
            "own": own,
            "is_lead": lead,
            "counsellors": Counsellor.objects.select_related("user") if lead else [],
        },
    )


@desk_required
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_user(request.user, pk)
    notes_form = NotesForm(initial={"notes": appointment.notes})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "notes":
            notes_form = NotesForm(request.POST)
            if notes_form.is_valid():
                appointment.notes = notes_form.cleaned_data["notes"]
                appointment.save(update_fields=["notes"])
                messages.success(request, _("The notes are saved."))
                return redirect("desk:appointment", pk=pk)
        elif action in (Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW):
            set_status(appointment, action)
            messages.success(request, _("The status is saved."))
            return redirect("desk:appointment", pk=pk)
        elif action == "cancel" and appointment.status == Appointment.Status.BOOKED:
            cancel_appointment(appointment, by_staff=True)
            messages.success(request, _("The appointment is cancelled."))
            return redirect("desk:appointment", pk=pk)
    return render(
        request,
        "counselling/desk/appointment.html",
        {"appointment": appointment, "notes_form": notes_form, "is_lead": is_lead(request.user)},
    )


@desk_required
def book(request: HttpRequest, counsellor_pk: int) -> HttpResponse:
    counsellor = get_counsellor_for_user(request.user, counsellor_pk)
    slots = free_slots(counsellor_id=counsellor.pk, notice=timedelta(0))
    choices = [
        (
            slot.key,
            f"{slot.local_start:%d.%m.%Y %H:%M}–{slot.local_end:%H:%M} ({Mode(slot.mode).label})",
        )
        for slot in slots
    ]
    form = DeskBookingForm(request.POST or None, slot_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = ClientDetails(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            child_birth_month=data["child_birth_month"],
            preferred_language=data["preferred_language"],
            ui_language=request.LANGUAGE_CODE,
        )
        try:
            appointment = book_appointment(
                slot_key=data["slot"],
                details=details,
                topic=data["topic"],
                language=data["language"],
                interpreter_wanted=data["interpreter_wanted"],
                by_staff=True,
            )
        except SlotTaken:
            form.add_error("slot", _("This time was just taken. Please choose another."))
        except NotEligible:
            form.add_error("child_month", _("The youngest child is 3 or older on that day."))
        except BookingError:
            form.add_error(None, _("The appointment could not be booked."))
        else:
            messages.success(request, _("The appointment is booked."))
            return redirect("desk:appointment", pk=appointment.pk)
    return render(request, "counselling/desk/book.html", {"form": form, "counsellor": counsellor})


@desk_required
def availability(request: HttpRequest, counsellor_pk: int) -> HttpResponse:
    counsellor = get_counsellor_for_user(request.user, counsellor_pk)
    return render(
        request,
        "counselling/desk/availability.html",
        {
            "counsellor": counsellor,
            "rules": counsellor.rules.select_related("location"),
            "absences": counsellor.absences.filter(end__gte=timezone.now()),
        },
    )


def _edit(
    request: HttpRequest, counsellor: Counsellor, form_class, instance, title: str
) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.counsellor = counsellor
        item.save()
        messages.success(request, _("Saved."))
        return redirect("desk:availability", counsellor_pk=counsellor.pk)
    return render(
        request,
        "counselling/desk/edit.html",
        {"form": form, "counsellor": counsellor, "title": title},
    )


@desk_required
def rule_edit(request: HttpRequest, counsellor_pk: int, pk: int | None = None) -> HttpResponse:
    counsellor = get_counsellor_for_user(request.user, counsellor_pk)
    rule = get_object_or_404(counsellor.rules, pk=pk) if pk else None
    title = _("Change availability") if rule else _("Add availability")
    return _edit(request, counsellor, AvailabilityRuleForm, rule, title)


@desk_required
def absence_edit(request: HttpRequest, counsellor_pk: int, pk: int | None = None) -> HttpResponse:
    counsellor = get_counsellor_for_user(request.user, counsellor_pk)
    absence = get_object_or_404(counsellor.absences, pk=pk) if pk else None
    title = _("Change absence") if absence else _("Add absence")
    return _edit(request, counsellor, AbsenceForm, absence, title)


@require_POST
@desk_required
def rule_delete(request: HttpRequest, counsellor_pk: int, pk: int) -> HttpResponse:
    counsellor = get_counsellor_for_user(request.user, counsellor_pk)
    get_object_or_404(AvailabilityRule, counsellor=counsellor, pk=pk).delete()
    messages.success(request, _("Deleted."))
    return redirect("desk:availability", counsellor_pk=counsellor.pk)


@require_POST
@desk_required
def absence_delete(request: HttpRequest, counsellor_pk: int, pk: int) -> HttpResponse:
    counsellor = get_counsellor_for_user(request.user, counsellor_pk)
    get_object_or_404(Absence, counsellor=counsellor, pk=pk).delete()
    messages.success(request, _("Deleted."))
    return redirect("desk:availability", counsellor_pk=counsellor.pk)


@lead_required
def statistics(request: HttpRequest) -> HttpResponse:
    return render(request, "counselling/desk/statistics.html", appointment_statistics())


@lead_required
def client_export(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client, pk=pk)
    response = HttpResponse(
        json.dumps(export_client(client), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="client-{client.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@lead_required
def client_erase(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client, pk=pk, anonymised_at__isnull=True)
    if request.method == "POST":
        erase_client(client)
        messages.success(request, _("The client's personal data is erased."))
        return redirect("desk:agenda")
    return render(request, "counselling/desk/erase.html", {"client": client})
