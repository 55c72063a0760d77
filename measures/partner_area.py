"""The partner area's measures: editors keep their partners' measures.

Which partners a user edits is the partners app's answer
(`get_partner_for_editor`, `Partner.objects.editable_by`); every view reaches
a measure only through `get_measure_for_editor`, which answers 404 for
anything outside the editor's memberships. Profiles are edited in
partners/partner_area.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from integration_portal.audit import trail
from partners.models import Partner
from partners.partner_area import get_partner_for_editor
from partners.revisions import diff, listing

from . import services
from .forms import MeasureForm, ScheduleFormSet
from .models import Measure


def get_measure_for_editor(user, pk: int) -> Measure:
    partners = Partner.objects.editable_by(user)
    queryset = Measure.objects.select_related("provider").filter(provider__in=partners)
    return get_object_or_404(queryset, pk=pk)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    measures = Measure.objects.order_by("status", "title_de").with_latest_revision()
    partners = Partner.objects.editable_by(request.user).prefetch_related(
        Prefetch("measures", queryset=measures)
    )
    return render(request, "measures/partner_area/index.html", {"partners": partners})


@login_required
def measure_create(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_partner_for_editor(request.user, slug)
    form = MeasureForm(request.POST or None)
    schedules = ScheduleFormSet(request.POST or None, instance=form.instance, prefix="times")
    # Both are checked (all errors at once), the form first: the times are
    # checked against the dates just entered.
    if all([form.is_valid(), schedules.is_valid()]):
        measure = services.create_measure(form, partner, request.user)
        schedules.instance = measure
        services.save_schedules(schedules, request.user)
        messages.success(
            request,
            _("The draft has been saved. Submit it for review when it is complete."),
        )
        return redirect("measures:partner_measure", pk=measure.pk)
    return render(
        request,
        "measures/partner_area/measure_form.html",
        {"partner": partner, "form": form, "schedules": schedules, "measure": None},
    )


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The measure's state, the department's comment, what the editor can do
    next and what happened so far (without the names of department staff)."""
    measure = get_measure_for_editor(request.user, pk)
    waiting = measure.waiting_revision
    context = {
        "measure": measure,
        "trail": trail(measure),
        # While the department reviews, she reads what she submitted: the new
        # measure whole, or her changes beside the published version.
        "submitted_fields": (
            listing(measure, MeasureForm.Meta.fields)
            if waiting and measure.status == Measure.Status.SUBMITTED
            else []
        ),
        "diff": (
            diff(measure, waiting.values)
            if waiting and measure.status == Measure.Status.PUBLISHED
            else []
        ),
    }
    return render(request, "measures/partner_area/measure.html", context)


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_editor(request.user, pk)
    if not measure.is_editable_by_editors():
        messages.error(request, _("This measure cannot be changed in its current state."))
        return redirect("measures:partner_measure", pk=measure.pk)
    # Changes waiting or sent back by the department are the starting point for the rework.
    open_changes = measure.open_changes()
    initial = open_changes.values if open_changes else None
    form = MeasureForm(request.POST or None, instance=measure, initial=initial)
    schedules = ScheduleFormSet(request.POST or None, instance=measure, prefix="times")
    if all([form.is_valid(), schedules.is_valid()]):
        try:
            revision = services.save_editor_changes(form, request.user)
            services.save_schedules(schedules, request.user)
        except services.TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your changes have been submitted for review. "
                    "The published version stays visible until they are approved."
                )
                if revision
                else _("The measure has been saved."),
            )
        return redirect("measures:partner_measure", pk=measure.pk)
    return render(
        request,
        "measures/partner_area/measure_form.html",
        {"partner": measure.provider, "form": form, "schedules": schedules, "measure": measure},
    )


def _state_change(request: HttpRequest, pk: int, change, done: str) -> HttpResponse:
    """Run one of the services' state changes on the editor's measure and say how it went."""
    measure = get_measure_for_editor(request.user, pk)
    try:
        change(measure, request.user)
    except services.TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("measures:partner_measure", pk=measure.pk)


@require_POST
@login_required
def measure_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request, pk, services.submit_for_review, _("The measure has been submitted for review.")
    )


@require_http_methods(["GET", "POST"])
@login_required
def measure_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (a page, so that it works without JavaScript), archives on the answer."""
    if request.method == "POST":
        return _state_change(request, pk, services.archive, _("The measure has been archived."))
    measure = get_measure_for_editor(request.user, pk)
    if not measure.can_be_archived():
        messages.error(request, _("The measure is archived already."))
        return redirect("measures:partner_measure", pk=measure.pk)
    return render(request, "measures/partner_area/archive.html", {"measure": measure})


@require_POST
@login_required
def measure_withdraw_changes(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request, pk, services.withdraw_changes, _("Your changes have been withdrawn.")
    )


@require_POST
@login_required
def measure_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request,
        pk,
        services.confirm_still_correct,
        _("Thank you: the measure is marked as checked today."),
    )


@require_POST
@login_required
def measure_confirm_translation(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    return _state_change(
        request,
        pk,
        lambda measure, user: services.confirm_translation(measure, language, user),
        _("Thank you: the translation is marked as still correct."),
    )
