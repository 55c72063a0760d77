"""Recommending measures at an appointment and recording needs no measure meets.

Each operation writes the personal rows, the anonymous counts and (where she
is told) the outbox message in one transaction: they stand or fall together.
Nothing here logs a note, a need's text or anything about her.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counselling import outbox
from counselling.models import Appointment, OutboxMessage
from integration_portal.audit import log_action, register_actions
from integration_portal.models import District, Language, LifeDomain
from measures.models import Measure

from .models import (
    MAX_RECOMMENDED,
    MeasureMonthlyCount,
    MonthlyCount,
    Recommendation,
    RecommendationList,
    UnmetNeed,
)

register_actions(
    {
        "appointment.recommended": gettext_lazy("Offers recommended"),
        "appointment.unmet_need": gettext_lazy("Need without an offer recorded"),
    }
)


class RecommendationError(Exception):
    """What the counsellor asked for cannot be done; the message says why."""


@dataclass(frozen=True)
class Recommended:
    measure: Measure
    note: str = ""


def can_recommend_on(appointment: Appointment) -> bool:
    """Offers are recommended during or after an appointment that takes place,
    for a mother whose data is still here."""
    return appointment.is_active and not appointment.client.is_anonymised


def her_district(appointment: Appointment) -> District | None:
    """Where she looks for offers when the counsellor does not say: the
    district of the office she came to."""
    return appointment.location.district if appointment.location_id else None


def primary_life_domain_id(measure: Measure) -> int | None:
    """The life domain a recommendation of `measure` is counted in: its first in
    the taxonomy's order. One count per recommendation keeps the sums over
    districts and languages true."""
    return measure.life_domains.order_by("order", "slug").values_list("pk", flat=True).first()


def _count(appointment: Appointment, district: District | None, measure: Measure, now: datetime):
    """One recommendation in her district and language, and for the measure's partner."""
    day = timezone.localdate(now)
    MonthlyCount.add(
        MonthlyCount.Kind.RECOMMENDED,
        day,
        life_domain_id=primary_life_domain_id(measure),
        district_id=district.pk if district else None,
        language_id=appointment.language_id,
    )
    MeasureMonthlyCount.add(measure.pk, day, "recommended")


@transaction.atomic
def recommend(
    appointment: Appointment,
    chosen: list[Recommended],
    *,
    general_note: str = "",
    district: District | None = None,
    user=None,
    now: datetime | None = None,
) -> RecommendationList:
    """Give her these measures (in this order) with their notes. Measures
    already on her list keep their place and are counted once; the list grows
    up to `MAX_RECOMMENDED`. She is told through the outbox."""
    now = now or timezone.now()
    if not can_recommend_on(appointment):
        raise RecommendationError(_("Offers can no longer be recommended on this appointment."))
    listed, _created = RecommendationList.objects.select_for_update().get_or_create(
        appointment=appointment
    )
    district = district or listed.district or her_district(appointment)
    present = {item.measure_id: item for item in listed.recommendations.all()}
    new = [item for item in chosen if item.measure.pk not in present]
    if len(present) + len(new) > MAX_RECOMMENDED:
        raise RecommendationError(
            _("At most %(max)d offers can be recommended at one appointment.")
            % {"max": MAX_RECOMMENDED}
        )
    for item in chosen:
        if item.measure.pk in present and present[item.measure.pk].note != item.note:
            present[item.measure.pk].note = item.note
            present[item.measure.pk].save(update_fields=["note"])
    for position, item in enumerate(new, start=len(present)):
        Recommendation.objects.create(
            recommendation_list=listed, measure=item.measure, note=item.note, position=position
        )
        _count(appointment, district, item.measure, now)
    listed.general_note = general_note
    listed.district = district
    listed.save()
    if new:
        log_action(appointment, "appointment.recommended", user, count=len(new))
        outbox.enqueue(appointment, OutboxMessage.Kind.RECOMMENDATIONS, now=now)
    return listed


@transaction.atomic
def remove_recommendation(appointment: Appointment, measure_id: int) -> None:
    """Take a measure off her list; the counts keep that it was recommended."""
    Recommendation.objects.filter(
        recommendation_list__appointment=appointment, measure_id=measure_id
    ).delete()


@transaction.atomic
def record_unmet_need(
    appointment: Appointment,
    *,
    life_domain: LifeDomain,
    district: District | None,
    language: Language | None,
    text: str,
    user=None,
    now: datetime | None = None,
) -> UnmetNeed:
    now = now or timezone.now()
    if not can_recommend_on(appointment):
        raise RecommendationError(_("Needs can no longer be recorded on this appointment."))
    need = UnmetNeed.objects.create(
        appointment=appointment,
        life_domain=life_domain,
        district=district,
        language=language,
        text=text,
    )
    MonthlyCount.add(
        MonthlyCount.Kind.UNMET_NEED,
        timezone.localdate(now),
        life_domain_id=life_domain.pk,
        district_id=district.pk if district else None,
        language_id=language.pk if language else None,
    )
    log_action(appointment, "appointment.unmet_need", user)
    return need


@transaction.atomic
def count_opening(recommendation: Recommendation, *, now: datetime | None = None) -> None:
    """She opened a recommended measure from her page: one more on the
    recommendation, and in the anonymous counts (no time, no address kept)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    Recommendation.objects.filter(pk=recommendation.pk).update(opened=F("opened") + 1)
    listed = recommendation.recommendation_list
    MonthlyCount.add(
        MonthlyCount.Kind.OPENED,
        day,
        life_domain_id=primary_life_domain_id(recommendation.measure),
        district_id=listed.district_id,
        language_id=listed.appointment.language_id,
    )
    MeasureMonthlyCount.add(recommendation.measure_id, day, "opened")


def forget_client(sender, client, now, **kwargs) -> None:
    """Her recommendations and needs go with her personal data (erasure, purge)."""
    RecommendationList.objects.filter(appointment__client=client).delete()
    UnmetNeed.objects.filter(appointment__client=client).delete()


def export_client(sender, client, **kwargs) -> dict:
    """Her recommendations and recorded needs, for her Art. 15 export."""
    lists = (
        RecommendationList.objects.filter(appointment__client=client)
        .select_related("appointment", "district")
        .prefetch_related("recommendations__measure")
        .order_by("created_at")
    )
    needs = (
        UnmetNeed.objects.filter(appointment__client=client)
        .select_related("appointment", "life_domain", "district", "language")
        .order_by("created_at")
    )
    return {
        "recommended_offers": [
            {
                "appointment_start": listed.appointment.start.isoformat(),
                "note": listed.general_note,
                "district": listed.district.name if listed.district else None,
                "offers": [
                    {
                        "measure": item.measure.title_de,
                        "url": item.measure.get_absolute_url(),
                        "note": item.note,
                        "opened": item.opened,
                    }
                    for item in listed.recommendations.all()
                ],
            }
            for listed in lists
        ],
        "needs_without_offer": [
            {
                "appointment_start": need.appointment.start.isoformat(),
                "life_domain": need.life_domain.slug,
                "district": need.district.name if need.district else None,
                "language": need.language.code if need.language else None,
                "text": need.text,
                "recorded_at": need.created_at.isoformat(),
            }
            for need in needs
        ],
    }
