"""Measures a counsellor recommends to a mother, needs no measure meets, and
the anonymous monthly counts the department learns from both.

`Recommendation`, `RecommendationList` and `UnmetNeed` reveal her needs: they
are personal data of the mother and go with her data (see `apps.py`). The
counts (`MonthlyCount`, `MeasureMonthlyCount`) name nobody and are written
when something is recommended or opened, so they outlive the personal rows.
"""

from datetime import date

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from counselling.models import Appointment
from integration_portal.models import District, Language, LifeDomain
from measures.models import Measure

MAX_RECOMMENDED = 10
NOTE_LENGTH = 300


def month_of(day: date) -> date:
    return day.replace(day=1)


class RecommendationList(models.Model):
    """What a counsellor gave a mother at one appointment: the measures and a
    note for the whole list ("call Ms X and say you come from us")."""

    appointment = models.OneToOneField(
        Appointment,
        on_delete=models.CASCADE,
        related_name="recommendation_list",
        verbose_name=_("appointment"),
    )
    general_note = models.CharField(
        _("note for the whole list"), max_length=NOTE_LENGTH, blank=True
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district she looks for offers in"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("list of recommended offers")
        verbose_name_plural = _("lists of recommended offers")

    def __str__(self) -> str:
        return str(_("Recommended offers #%(number)s") % {"number": self.pk})


class Recommendation(models.Model):
    recommendation_list = models.ForeignKey(
        RecommendationList,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("list"),
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="+", verbose_name=_("measure")
    )
    note = models.CharField(_("note"), max_length=NOTE_LENGTH, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    opened = models.PositiveIntegerField(_("opened from her page"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommended offer")
        verbose_name_plural = _("recommended offers")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation_list", "measure"], name="measure_recommended_once_per_list"
            )
        ]

    def __str__(self) -> str:
        return str(self.measure)


class UnmetNeed(models.Model):
    """A need the counsellor found no measure for: where, in which language,
    and a short text without personal data."""

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        related_name="unmet_needs",
        verbose_name=_("appointment"),
    )
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("life domain")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("language"),
    )
    text = models.CharField(_("what was needed"), max_length=200)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("need no offer met")
        verbose_name_plural = _("needs no offer met")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text


class MonthlyCount(models.Model):
    """How often something happened in a month, per life domain, district and
    language: no person, no text, kept after her data is purged."""

    class Kind(models.TextChoices):
        RECOMMENDED = "recommended", _("Recommendations made")
        OPENED = "opened", _("Recommended offers opened")
        UNMET_NEED = "unmet_need", _("Needs no offer met")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    month = models.DateField(_("month"))
    life_domain = models.ForeignKey(
        LifeDomain,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("life domain"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("district")
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("language")
    )
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("monthly count")
        verbose_name_plural = _("monthly counts")
        ordering = ["-month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "month", "life_domain", "district", "language"],
                name="one_monthly_count_per_cell",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=models.Q(month__day=1), name="monthly_count_month"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%Y-%m}: {self.count}"

    @classmethod
    def add(cls, kind: str, day: date, **cell: int | None) -> None:
        """Count one more `kind` in the month of `day`, in the cell named by the
        ids `life_domain_id`, `district_id` and `language_id`."""
        row, _created = cls.objects.get_or_create(kind=kind, month=month_of(day), **cell)
        cls.objects.filter(pk=row.pk).update(count=F("count") + 1)


class MeasureMonthlyCount(models.Model):
    """How often a measure was recommended, and opened from mothers' pages, in a
    month: what its partner sees, nothing about who."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="+", verbose_name=_("measure")
    )
    month = models.DateField(_("month"))
    recommended = models.PositiveIntegerField(_("recommended"), default=0)
    opened = models.PositiveIntegerField(_("opened"), default=0)

    class Meta:
        verbose_name = _("monthly count of a measure")
        verbose_name_plural = _("monthly counts of measures")
        ordering = ["-month", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "month"], name="one_count_per_measure_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="measure_monthly_count_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%Y-%m}"

    @classmethod
    def add(cls, measure_id: int, day: date, field: str) -> None:
        row, _created = cls.objects.get_or_create(measure_id=measure_id, month=month_of(day))
        cls.objects.filter(pk=row.pk).update(**{field: F(field) + 1})
