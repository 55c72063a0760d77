"""Editors' changes kept aside until the department approves them.

A partner's public profile and a measure stay as citizens know them while
their editors' changes wait for review. Each submission is a numbered revision
of its object; the department approves or sends back exactly the revision it
read. Changed again in the meantime, the object has a newer revision, and a
decision on the old number is refused: nobody publishes text they never saw.

The proposed values are JSON: model fields in their serialised form,
many-to-many fields as sorted lists of primary keys. `Revision` is the shape
shared by partner profiles (`PartnerRevision`) and measures
(`measures.MeasureRevision`); the functions below work on either.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class TransitionNotAllowed(Exception):
    """A state change that the object's current state does not allow; the
    message says why, in words for the person who asked for it."""


class RevisionOutdated(TransitionNotAllowed):
    """The revision someone decided on is no longer the one waiting."""


class RevisionQuerySet(models.QuerySet):
    def submitted(self) -> "RevisionQuerySet":
        return self.filter(status=Revision.Status.SUBMITTED)


class Revision(models.Model):
    """One submission of an editor's changes, and the department's decision on it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", gettext_lazy("waiting for review")
        APPROVED = "approved", gettext_lazy("approved")
        SENT_BACK = "sent_back", gettext_lazy("sent back")
        WITHDRAWN = "withdrawn", gettext_lazy("withdrawn")

    number = models.PositiveIntegerField(gettext_lazy("revision"))
    status = models.CharField(
        gettext_lazy("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    values = models.JSONField(gettext_lazy("proposed values"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(gettext_lazy("submitted"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(gettext_lazy("decided"), null=True, blank=True)
    comment = models.TextField(
        gettext_lazy("comment"),
        blank=True,
        help_text=gettext_lazy("Why the department sent the changes back."),
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-number"]

    def __str__(self) -> str:
        return _("Revision %(number)d") % {"number": self.number}

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_sent_back(self) -> bool:
        return self.status == self.Status.SENT_BACK

    def decide(self, status: str, user, comment: str = "") -> None:
        self.status = status
        self.decided_by = user if user is not None and user.is_authenticated else None
        self.decided_at = timezone.now()
        self.comment = comment
        self.save(update_fields=["status", "decided_by", "decided_at", "comment"])


def new_revision(revisions: models.Manager, values: dict, user) -> Revision:
    """The next numbered revision of the object behind the related manager
    `revisions` (e.g. `measure.revisions`); one still waiting is withdrawn, as
    the editors have replaced it. Call it with the object's row locked."""
    revisions.filter(status=Revision.Status.SUBMITTED).update(status=Revision.Status.WITHDRAWN)
    last = revisions.aggregate(last=models.Max("number"))["last"] or 0
    return revisions.create(
        number=last + 1,
        values=values,
        submitted_by=user if user is not None and user.is_authenticated else None,
        submitted_at=timezone.now(),
    )


def waiting_revision(revisions: models.Manager, number: object) -> Revision:
    """The revision waiting for review, if it is revision `number` (the one the
    reviewer read); else `RevisionOutdated`, or `TransitionNotAllowed` when
    nothing waits at all."""
    waiting = revisions.filter(status=Revision.Status.SUBMITTED).first()
    if waiting is None:
        raise TransitionNotAllowed(_("Nothing is waiting for review here."))
    if str(waiting.number) != str(number).strip():
        raise RevisionOutdated(
            _(
                "The editors have changed this since you opened it: revision %(number)s is "
                "waiting now. Please read it before you decide."
            )
            % {"number": waiting.number}
        )
    return waiting


# The values of a revision


def json_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def changed_values(form: forms.ModelForm, published: models.Model) -> dict:
    """The form's values that differ from the published object, as JSON."""
    changes = {}
    for name, value in form.cleaned_data.items():
        field = published._meta.get_field(name)
        if field.many_to_many:
            new = sorted(item.pk for item in value)
            old = sorted(getattr(published, name).values_list("pk", flat=True))
        else:
            new = json_value(value.pk if isinstance(value, models.Model) else value)
            old = json_value(getattr(published, field.attname))
        if new != old:
            changes[name] = new
    return changes


def apply_values(obj: models.Model, values: dict) -> None:
    """Make the approved values the published version of `obj`."""
    relations = {}
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.many_to_many:
            relations[name] = value
        else:
            setattr(obj, field.attname, field.to_python(value))
    obj.save()
    for name, primary_keys in relations.items():
        getattr(obj, name).set(primary_keys)


@dataclass
class DiffRow:
    label: str
    old: str
    new: str


def _display(field: models.Field, value: object) -> str:
    """A field's value as the reviewer reads it."""
    if field.many_to_many:
        objects = field.related_model.objects.filter(pk__in=value or [])
        return ", ".join(str(obj) for obj in objects) or "–"
    if field.is_relation:
        obj = field.related_model.objects.filter(pk=value).first() if value else None
        return str(obj) if obj else "–"
    value = field.to_python(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value in (None, ""):
        return "–"
    return str(formats.localize(value))


@dataclass
class FieldRow:
    label: str
    value: str


def listing(obj: models.Model, names: list[str]) -> list[FieldRow]:
    """Every field in `names` with its value as the reviewer reads it, in order."""
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            value = list(getattr(obj, name).values_list("pk", flat=True))
        else:
            value = getattr(obj, field.attname)
        rows.append(FieldRow(str(field.verbose_name), _display(field, value)))
    return rows


def diff(published: models.Model, values: dict) -> list[DiffRow]:
    """The proposed values beside the published ones, field by field."""
    rows = []
    for name, new in values.items():
        field = published._meta.get_field(name)
        if field.many_to_many:
            old = list(getattr(published, name).values_list("pk", flat=True))
        else:
            old = getattr(published, field.attname)
        rows.append(DiffRow(str(field.verbose_name), _display(field, old), _display(field, new)))
    return rows
