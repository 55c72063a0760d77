"""The counsellors' desk: agenda, appointments, availability, statistics."""

import json
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integration_portal.audit import trail
from integration_portal.dates import in_range, parse_query_date
from integration_portal.permissions import (
    can_manage_counselling,
    can_see_notes,
    desk_required,
    lead_required,
)

from .forms import (
    AbsenceForm,
    AvailabilityRuleForm,
    DeskBookingForm,
    NotesForm,
    PeriodForm,
    PersonRecordsForm,
)
from .models import Absence, Appointment, AvailabilityRule, Client, Counsellor, Mode, SlotHold
from .services import (
    BookingError,
    ChangeNotAllowed,
    NotEligible,
    SlotTaken,
    appointments_during,
    book_appointment,
    cancel_appointment,
    delete_absence,
    erase_person,
    export_person,
    mark_attended,
    mark_no_show,
    person_rows,
    replacement_slot,
    save_absence,
    save_availability,
)
from .slots import BERLIN, free_slots
from .statistics import appointment_statistics, comparison, csv_export, waiting_list_demand
from .waiting_list import waiting_counts
from .week_grid import week_grid


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
    if not can_manage_counselling(user):
        counsellors = counsellors.filter(user=user)
    return get_object_or_404(counsellors, pk=pk)


@desk_required
def agenda(request: HttpRequest) -> HttpResponse:
    day = parse_query_date(request.GET.get("date")) or timezone.localdate()
    week = request.GET.get("view") == "week"
    # A week runs from Monday to Sunday, whichever of its days was asked for.
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
    lead = can_manage_counselling(request.user)
    shown = _week_counsellor(request, own, lead) if week else None
    return render(
        request,
        "counselling/desk/agenda.html",
        {
            "days": sorted(days.items()),
            "week": week,
            "day": day,
            "first_day": first,
            "last_day": last - timedelta(days=1),
            "previous": day - step if in_range(day - step) else None,
            "next": day + step if in_range(day + step) else None,
            "today": timezone.localdate(),
            "own": own,
            "counsellors": Counsellor.objects.select_related("user") if lead else [],
            "shown": shown,
            "grid": week_grid(shown, first) if shown else None,
        },
    )


def _week_counsellor(request: HttpRequest, own: Counsellor | None, lead: bool) -> Counsellor | None:
    """Whose week the calendar shows: a lead chooses any counsellor, else her own."""
    if not lead:
        return own
    chosen = request.GET.get("counsellor", "")
    counsellors = Counsellor.objects.select_related("user")
    if chosen.isdecimal():
        return counsellors.filter(pk=int(chosen)).first() or own
    return own or counsellors.first()


# The desk's status buttons, by the status they lead to.
STATUS_CHANGES = {
    Appointment.Status.ATTENDED: mark_attended,
    Appointment.Status.NO_SHOW: mark_no_show,
    Appointment.Status.CANCELLED: partial(cancel_appointment, by_staff=True),
}


def _record_status(request: HttpRequest, appointment: Appointment, status: str) -> None:
    """The service checks the change against the appointment's transitions and records it."""
    try:
        STATUS_CHANGES[status](appointment, user=request.user)
    except ChangeNotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The status is saved."))


@desk_required
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_user(request.user, pk)
    notes_form = NotesForm(initial={"notes": appointment.notes})
    action = request.POST.get("action")
    # Notes on an erased or anonymised client would bring back what was removed.
    takes_notes = can_see_notes(request.user, appointment) and not appointment.client.is_anonymised
    if request.method == "POST" and action == "notes" and takes_notes:
        notes_form = NotesForm(request.POST)
        if notes_form.is_valid():
            appointment.notes = notes_form.cleaned_data["notes"]
            appointment.save(update_fields=["notes"])
            messages.success(request, _("The notes are saved."))
            return redirect("desk:appointment", pk=pk)
    elif request.method == "POST" and action in STATUS_CHANGES:
        _record_status(request, appointment, action)
        return redirect("desk:appointment", pk=pk)
    return render(
        request,
        "counselling/desk/appointment.html",
        {
            "appointment": appointment,
            "transitions": appointment.allowed_transitions(timezone.now()),
            "history": trail(appointment),
            "notes_form": notes_form if takes_notes else None,
        },
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
        try:
            appointment = book_appointment(
                slot_key=data["slot"],
                details=form.client_details(
                    ui_language=request.LANGUAGE_CODE,
                    child_birth_month=data["child_birth_month"],
                    preferred_language=data["preferred_language"],
                ),
                topic=data["topic"],
                language=data["language"],
                interpreter_wanted=data["interpreter_wanted"],
                by_staff=True,
                user=request.user,
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
        if isinstance(item, AvailabilityRule):
            save_availability(item)
        else:
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
    """An absence over booked appointments is saved only once the desk has seen them
    and chosen, for each, to hand it to another counsellor or to cancel it."""
    counsellor = get_counsellor_for_user(request.user, counsellor_pk)
    absence = get_object_or_404(counsellor.absences, pk=pk) if pk else None
    title = _("Change absence") if absence else _("Add absence")
    form = AbsenceForm(request.POST or None, instance=absence)
    if request.method != "POST" or not form.is_valid():
        return _edit(request, counsellor, AbsenceForm, absence, title)
    item = form.save(commit=False)
    item.counsellor = counsellor
    affected = [
        (appointment, replacement_slot(appointment))
        for appointment in appointments_during(counsellor, item.start, item.end)
    ]
    decisions = {
        appointment.pk: request.POST.get(f"appointment-{appointment.pk}")
        for appointment, _slot in affected
    }
    decided = all(choice in ("move", "cancel") for choice in decisions.values())
    if affected and not (request.POST.get("confirmed") and decided):
        substitutes = Counsellor.objects.select_related("user").in_bulk(
            {slot.counsellor_id for _appointment, slot in affected if slot}
        )
        return render(
            request,
            "counselling/desk/absence_confirm.html",
            {
                "form": form,
                "counsellor": counsellor,
                "title": title,
                "affected": [
                    (appointment, substitutes.get(slot.counsellor_id) if slot else None)
                    for appointment, slot in affected
                ],
                "undecided": bool(request.POST.get("confirmed")),
            },
        )
    settled = save_absence(item, decisions, user=request.user)
    if affected:
        messages.success(
            request,
            _(
                "The absence is saved. Handed over: %(moved)s, cancelled: %(cancelled)s. "
                "Each client has been told."
            )
            % settled,
        )
    else:
        messages.success(request, _("Saved."))
    return redirect("desk:availability", counsellor_pk=counsellor.pk)


@desk_required
def rule_delete(request: HttpRequest, counsellor_pk: int, pk: int) -> HttpResponse:
    """A page that asks first (it works without JavaScript); only its POST deletes."""
    counsellor = get_counsellor_for_user(request.user, counsellor_pk)
    rule = get_object_or_404(
        AvailabilityRule.objects.select_related("location"), counsellor=counsellor, pk=pk
    )
    if request.method == "POST":
        rule.delete()
        messages.success(request, _("The availability is deleted."))
        return redirect("desk:availability", counsellor_pk=counsellor.pk)
    return render(
        request, "counselling/desk/rule_delete.html", {"counsellor": counsellor, "rule": rule}
    )


@require_POST
@desk_required
def absence_delete(request: HttpRequest, counsellor_pk: int, pk: int) -> HttpResponse:
    counsellor = get_counsellor_for_user(request.user, counsellor_pk)
    delete_absence(get_object_or_404(Absence, counsellor=counsellor, pk=pk))
    messages.success(request, _("Deleted."))
    return redirect("desk:availability", counsellor_pk=counsellor.pk)


@lead_required
def waiting_list(request: HttpRequest) -> HttpResponse:
    """Who waits for what, as counts only: the entries' contact data stay hidden."""
    now = timezone.now()
    return render(
        request,
        "counselling/desk/waiting_list.html",
        {
            "rows": waiting_counts(now),
            "held": SlotHold.objects.active(now).count(),
            "weeks": settings.COUNSELLING_WAITING_LIST_WEEKS,
            "hours": settings.COUNSELLING_HOLD_HOURS,
        },
    )


@lead_required
def statistics(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    period = form.period(timezone.localdate())
    figures = comparison(period, timezone.now())
    figures_by_chart = appointment_statistics(period)
    demand = waiting_list_demand(period)
    if request.GET.get("export") == "csv" and form.is_valid():
        response = HttpResponse(
            csv_export(period, figures, figures_by_chart["charts"], demand),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="counselling-{period.first}-{period.last}.csv"'
        )
        return response
    return render(
        request,
        "counselling/desk/statistics.html",
        {
            **figures_by_chart,
            "form": form,
            "period": period,
            "previous": period.previous(),
            "figures": figures,
            "demand": demand,
            "query": request.GET.urlencode(),
        },
    )


def _person_form(request: HttpRequest, pk: int) -> PersonRecordsForm:
    """The rows a GDPR request acts on, found by the person's email and phone,
    for the lead to confirm before anything happens."""
    client = get_object_or_404(Client, pk=pk, anonymised_at__isnull=True)
    data = request.POST if request.method == "POST" else None
    return PersonRecordsForm(data, client=client, rows=person_rows(client))


def _person_page(request: HttpRequest, form: PersonRecordsForm, **texts: Any) -> HttpResponse:
    return render(
        request,
        "counselling/desk/person.html",
        {"form": form, "client": form.client, "records": form.overview(), **texts},
    )


@lead_required
def client_export(request: HttpRequest, pk: int) -> HttpResponse:
    form = _person_form(request, pk)
    if request.method != "POST" or not form.is_valid():
        return _person_page(
            request, form, title=_("Export the client's data"), button=_("Download data (JSON)")
        )
    data = export_person(form.client, user=request.user, include=form.chosen_ids())
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="client-{form.client.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@lead_required
def client_erase(request: HttpRequest, pk: int) -> HttpResponse:
    form = _person_form(request, pk)
    if request.method != "POST" or not form.is_valid():
        return _person_page(
            request, form, title=_("Erase the client's data"), button=_("Erase data"), erase=True
        )
    erase_person(form.client, user=request.user, include=form.chosen_ids())
    messages.success(request, _("The client's personal data is erased."))
    return redirect("desk:agenda")
