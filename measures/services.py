"""The review workflow of measures: draft → submitted → published → archived,
and changes to published measures reviewed before they go public."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from partners.models import Partner

from .forms import MeasureForm
from .models import Measure


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "angebot"
    slug, number = base, 1
    while Measure.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_measure(form: MeasureForm, partner: Partner) -> Measure:
    """A new draft of `partner` from a valid form."""
    measure = form.save(commit=False)
    measure.provider = partner
    measure.status = Measure.Status.DRAFT
    with transaction.atomic():
        measure.slug = _unique_slug(measure.title_de)
        measure.save()
        form.save_m2m()
    return measure


def _json_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _changes(form: MeasureForm, published: Measure) -> dict:
    """The form's values that differ from the published version, as JSON."""
    changes = {}
    for name, value in form.cleaned_data.items():
        field = Measure._meta.get_field(name)
        if field.many_to_many:
            new = sorted(item.pk for item in value)
            old = sorted(getattr(published, name).values_list("pk", flat=True))
        else:
            new, old = _json_value(value), _json_value(getattr(published, field.attname))
        if new != old:
            changes[name] = new
    return changes


def save_editor_changes(form: MeasureForm) -> Measure:
    """Save an editor's edit. A draft changes at once; a published measure keeps
    its published version until the department approves the changes."""
    measure = form.instance
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        if current.status != Measure.Status.PUBLISHED:
            form.save()
            return measure
        changes = _changes(form, current)
        if changes:
            current.propose_changes(changes, timezone.now())
        elif current.pending_changes:
            # Edited back to the published version: nothing left to review.
            current.discard_pending_changes()
        return current


def submit_for_review(measure: Measure) -> None:
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        if current.can_be_submitted():
            current.submit()


def archive(measure: Measure) -> None:
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        if current.can_be_archived():
            # Changes proposed for a measure that goes away have nothing left to change.
            if current.pending_changes:
                current.discard_pending_changes()
            current.archive()


def approve(measure: Measure) -> Measure:
    """Publish a submitted measure, or the changes to a published one."""
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        if current.status == Measure.Status.SUBMITTED:
            current.publish()
        elif current.has_submitted_changes():
            current.apply_pending_changes()
        return current


def send_back(measure: Measure, comment: str) -> Measure:
    """Return a submitted measure as a draft, or refuse changes to a published
    one (it stays published as it was); either way with the reason."""
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        if current.status == Measure.Status.SUBMITTED:
            current.send_back(comment)
        elif current.has_submitted_changes():
            current.send_back_changes(comment)
        return current
