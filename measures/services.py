"""The review workflow of measures, the only way a measure's status changes.

    draft → submitted → published → archived
    submitted → draft (sent back with a comment)
    published: changes submitted → approved (published) or sent back (kept aside)

Every function locks the measure, raises `TransitionNotAllowed` (with a
message for people) when its state does not allow the step, and records who
did what in the audit trail, in the same transaction. The review queue, the
admin and the partner area all call these functions. The department decides on
a numbered revision, the one it read: changed again since, the decision is
refused (`RevisionOutdated`).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal.audit import log_action, register_actions
from partners.models import Partner
from partners.revisions import (
    Revision,
    RevisionOutdated,
    TransitionNotAllowed,
    apply_values,
    changed_values,
    new_revision,
    waiting_revision,
)

from .forms import MeasureForm, ScheduleFormSet
from .models import Measure, MeasureRevision

__all__ = [
    "RevisionOutdated",
    "TransitionNotAllowed",
    "approve",
    "archive",
    "confirm_still_correct",
    "confirm_translation",
    "create_measure",
    "save_editor_changes",
    "save_schedules",
    "send_back",
    "submit_for_review",
    "withdraw_changes",
]

register_actions(
    {
        "measure.created": gettext_lazy("created as a draft"),
        "measure.submitted": gettext_lazy("submitted for review"),
        "measure.published": gettext_lazy("approved and published"),
        "measure.sent_back": gettext_lazy("sent back to the editors"),
        "measure.changes_submitted": gettext_lazy("changes submitted for review"),
        "measure.changes_approved": gettext_lazy("changes approved and published"),
        "measure.changes_sent_back": gettext_lazy("changes sent back to the editors"),
        "measure.changes_withdrawn": gettext_lazy("changes withdrawn"),
        "measure.archived": gettext_lazy("archived"),
        "measure.times_changed": gettext_lazy("times changed"),
        "measure.places_updated": gettext_lazy("places and registration updated"),
        "measure.confirmed": gettext_lazy("confirmed as still correct"),
        "measure.translation_confirmed": gettext_lazy("translation confirmed as still correct"),
        # Logged on the partner by measures/digest.py.
        "partner.measures_digest_sent": gettext_lazy("monthly digest sent to the editors"),
    }
)


# Paths beside the measures' pages under /measures/ (measures/urls.py).
RESERVED_SLUGS = {"handout"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "angebot"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Measure.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _locked(measure: Measure) -> Measure:
    return Measure.objects.select_for_update().get(pk=measure.pk)


# Facts that change by the week and that people act on: the editors' changes
# go online at once, also for published measures (texts and categories wait
# for review). Places free are validated against the number of places.
FAST_FIELDS = ["capacity", "places_free", "registration_status"]


def create_measure(form: MeasureForm, partner: Partner, user) -> Measure:
    """A new draft of `partner` from a valid form."""
    measure = form.save(commit=False)
    measure.provider = partner
    measure.status = Measure.Status.DRAFT
    if measure.places_free is not None:
        measure.places_updated_at = timezone.now()
    with transaction.atomic():
        measure.slug = _unique_slug(measure.title_de)
        measure.save()
        form.save_m2m()
        log_action(measure, "measure.created", user)
    return measure


def save_editor_changes(form: MeasureForm, user) -> MeasureRevision | None:
    """Save an editor's edit. A draft changes at once (returns None); a published
    measure keeps its published version and the changes become a revision for
    review (returned). Edited back to the published version, changes still
    open are withdrawn (returns None)."""
    with transaction.atomic():
        current = _locked(form.instance)
        if current.status == Measure.Status.DRAFT:
            # Only the form's fields: the status is the services' to change.
            measure = form.save(commit=False)
            if measure.places_free != current.places_free:
                measure.places_updated_at = timezone.now()
            fields = [
                name for name in form.cleaned_data if not Measure._meta.get_field(name).many_to_many
            ]
            measure.save(update_fields=[*fields, "places_updated_at", "updated_at"])
            form.save_m2m()
            return None
        if current.status != Measure.Status.PUBLISHED:
            raise TransitionNotAllowed(_("This measure cannot be changed in its current state."))
        _update_facts(current, form.cleaned_data, user)
        changes = changed_values(form, current)
        if changes:
            revision = new_revision(current.revisions, changes, user)
            log_action(current, "measure.changes_submitted", user, revision=revision.number)
            return revision
        _withdraw_open_changes(current, user)
        return None


def confirm_still_correct(measure: Measure, user) -> Measure:
    """The editors checked the published measure and everything is still right."""
    with transaction.atomic():
        current = _locked(measure)
        if current.status != Measure.Status.PUBLISHED:
            raise TransitionNotAllowed(_("Only a published measure can be confirmed."))
        current.checked_at = timezone.now()
        current.save(update_fields=["checked_at", "updated_at"])
        log_action(current, "measure.confirmed", user)
    return current


def confirm_translation(measure: Measure, language: str, user) -> Measure:
    """The editors checked the texts of `language` against the changed German
    ones: they are no longer marked as possibly out of date."""
    with transaction.atomic():
        current = _locked(measure)
        if language not in current.translations_to_check:
            raise TransitionNotAllowed(_("This translation is not waiting to be checked."))
        current.translations_to_check = [
            code for code in current.translations_to_check if code != language
        ]
        current.save(update_fields=["translations_to_check", "updated_at"])
        log_action(current, "measure.translation_confirmed", user, language=language)
    return current


def _update_facts(measure: Measure, data: dict, user) -> None:
    """Apply the fast facts of `data` that differ from the published `measure`."""
    fields = [name for name in FAST_FIELDS if name in data and data[name] != getattr(measure, name)]
    if not fields:
        return
    for name in fields:
        setattr(measure, name, data[name])
    if "places_free" in fields:
        measure.places_updated_at = timezone.now()
    measure.checked_at = timezone.now()
    measure.save(update_fields=[*fields, "places_updated_at", "checked_at", "updated_at"])
    log_action(measure, "measure.places_updated", user, fields=fields)


def save_schedules(formset: ScheduleFormSet, user) -> bool:
    """Save the measure's times from a valid formset; True if any changed.

    Times are facts people act on, like a cancelled session: they go online at
    once, for published measures too, and are logged; texts and categories
    still wait for review."""
    if not formset.has_changed():
        return False
    with transaction.atomic():
        measure = _locked(formset.instance)
        formset.save()
        # The catalogue's cached pages and open data versions follow updated_at.
        now = timezone.now()
        Measure.objects.filter(pk=measure.pk).update(updated_at=now, checked_at=now)
        log_action(measure, "measure.times_changed", user)
    return True


def _withdraw_open_changes(measure: Measure, user) -> MeasureRevision | None:
    open_changes = measure.open_changes()
    if open_changes is not None:
        open_changes.decide(Revision.Status.WITHDRAWN, user)
        log_action(measure, "measure.changes_withdrawn", user, revision=open_changes.number)
    return open_changes


def withdraw_changes(measure: Measure, user) -> MeasureRevision:
    """The editors take back their changes to a published measure."""
    with transaction.atomic():
        current = _locked(measure)
        withdrawn = _withdraw_open_changes(current, user)
        if withdrawn is None:
            raise TransitionNotAllowed(_("There are no changes to withdraw."))
    return withdrawn


def submit_for_review(measure: Measure, user) -> MeasureRevision:
    with transaction.atomic():
        current = _locked(measure)
        if not current.can_be_submitted():
            raise TransitionNotAllowed(_("Only a draft can be submitted for review."))
        revision = new_revision(current.revisions, {}, user)
        current.status = Measure.Status.SUBMITTED
        current.save(update_fields=["status", "updated_at"])
        log_action(current, "measure.submitted", user, revision=revision.number)
    return revision


def approve(measure: Measure, number: object, user) -> Measure:
    """Publish revision `number`: a submitted measure, or the changes to a published one."""
    with transaction.atomic():
        current = _locked(measure)
        revision = waiting_revision(current.revisions, number)
        if current.status == Measure.Status.SUBMITTED:
            current.status = Measure.Status.PUBLISHED
            current.save(update_fields=["status", "updated_at"])
            action = "measure.published"
        elif current.status == Measure.Status.PUBLISHED:
            apply_values(current, revision.values)
            action = "measure.changes_approved"
        else:
            raise TransitionNotAllowed(_("This measure cannot be published in its current state."))
        revision.decide(Revision.Status.APPROVED, user)
        log_action(current, action, user, revision=revision.number)
    return current


def send_back(measure: Measure, number: object, comment: str, user) -> Measure:
    """Refuse revision `number` with the reason: a submitted measure returns to
    its editors as a draft; refused changes leave the published version online
    and stay with the editors to rework."""
    with transaction.atomic():
        current = _locked(measure)
        revision = waiting_revision(current.revisions, number)
        if current.status == Measure.Status.SUBMITTED:
            current.status = Measure.Status.DRAFT
            current.save(update_fields=["status", "updated_at"])
            action = "measure.sent_back"
        elif current.status == Measure.Status.PUBLISHED:
            action = "measure.changes_sent_back"
        else:
            raise TransitionNotAllowed(_("This measure cannot be sent back in its current state."))
        revision.decide(Revision.Status.SENT_BACK, user, comment)
        log_action(current, action, user, revision=revision.number, comment=comment)
    return current


def archive(measure: Measure, user) -> Measure:
    """Take the measure out of use; changes waiting for it have nothing left to change."""
    with transaction.atomic():
        current = _locked(measure)
        if not current.can_be_archived():
            raise TransitionNotAllowed(_("The measure is archived already."))
        open_revision = current.waiting_revision or current.sent_back_revision
        if open_revision is not None:
            open_revision.decide(Revision.Status.WITHDRAWN, user)
        current.status = Measure.Status.ARCHIVED
        current.save(update_fields=["status", "updated_at"])
        log_action(current, "measure.archived", user)
    return current
