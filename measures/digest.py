"""The monthly digest to each partner's editors: what in their measures needs a look.

Measures nobody confirmed for 90 days, measures whose last day has passed
(they left the catalogue and wait to be archived) and registration deadlines
that have passed while registration is still shown as open. One mail per
partner and month, to that partner's editors only; a second run in the same
month sends nothing again (the audit trail remembers).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from integration_portal.audit import log_action, trail
from partners.models import Partner

from .models import Measure, RegistrationStatus

UNCONFIRMED_AFTER = timedelta(days=90)


@dataclass
class Digest:
    partner: Partner
    unconfirmed: list[Measure] = field(default_factory=list)
    past: list[Measure] = field(default_factory=list)
    deadline_passed: list[Measure] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.unconfirmed or self.past or self.deadline_passed)


def digest_for(partner: Partner, today: date) -> Digest:
    published = partner.measures.filter(status=Measure.Status.PUBLISHED).order_by("title_de")
    checked_before = datetime.combine(
        today - UNCONFIRMED_AFTER, time.min, tzinfo=timezone.get_current_timezone()
    )
    return Digest(
        partner=partner,
        unconfirmed=list(
            published.filter(
                models.Q(checked_at__lt=checked_before)
                | models.Q(checked_at__isnull=True, created_at__lt=checked_before)
            )
        ),
        past=list(published.filter(end_date__lt=today)),
        deadline_passed=list(
            published.filter(registration_deadline__lt=today).exclude(
                registration_status__in=[RegistrationStatus.FULL, RegistrationStatus.CLOSED]
            )
        ),
    )


def _sent_this_month(partner: Partner, today: date) -> bool:
    return (
        trail(partner)
        .filter(action="partner.measures_digest_sent", at__date__gte=today.replace(day=1))
        .exists()
    )


def send_digests(today: date | None = None) -> int:
    """Send this month's digests that are due; returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    partners = Partner.objects.filter(is_active=True, memberships__isnull=False).distinct()
    for partner in partners.order_by("slug"):
        recipients = sorted(
            {membership.user.email for membership in partner.memberships.select_related("user")}
        )
        if not recipients or _sent_this_month(partner, today):
            continue
        digest = digest_for(partner, today)
        if digest.is_empty():
            continue
        with translation.override("de"):
            body = render_to_string(
                "measures/emails/digest.txt",
                {
                    "digest": digest,
                    "partner_area": settings.SITE_URL + reverse("measures:partner_area"),
                },
            )
            subject = _("Your measures in the portal: please check") + f" – {partner.name}"
        with transaction.atomic():
            EmailMessage(subject, body, to=recipients).send()
            log_action(partner, "partner.measures_digest_sent", None, recipients=len(recipients))
        sent += 1
    return sent
