"""Mails to a partner's editors when the department publishes or sends back
what they submitted.

Each editor gets a mail of her own (the others' addresses stay private), in
the language of the page she last submitted a measure from, German for an
editor who never did.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from integration_portal.translation import FALLBACK_LANGUAGE
from partners.models import PartnerMembership

from .models import Measure, MeasureRevision


def editors_with_language(measure: Measure) -> list[tuple[str, str]]:
    """(address, language) of each active editor of the measure's partner."""
    latest = MeasureRevision.objects.filter(submitted_by=models.OuterRef("user")).order_by(
        "-submitted_at"
    )
    memberships = (
        PartnerMembership.objects.filter(partner_id=measure.provider_id, user__is_active=True)
        .annotate(language=models.Subquery(latest.values("language")[:1]))
        .order_by("user__email")
        .values_list("user__email", "language")
    )
    return [(email, language or FALLBACK_LANGUAGE) for email, language in memberships]


def send_decision(measure: Measure, revision: MeasureRevision, published: bool) -> int:
    """Tell the editors that `revision` was published or sent back (with the
    reviewer's comment); returns how many mails were sent."""
    recipients = editors_with_language(measure)
    for email, language in recipients:
        with translation.override(language):
            context = {
                "measure": measure,
                "title": measure.title_de,
                "published": published,
                "is_change": bool(revision.values),
                "comment": revision.comment,
                "link": settings.SITE_URL
                + reverse("measures:partner_measure", kwargs={"pk": measure.pk}),
            }
            if published:
                subject = _("Published: %(title)s") % {"title": measure.title_de}
            else:
                subject = _("Please revise: %(title)s") % {"title": measure.title_de}
            body = render_to_string("measures/emails/decision.txt", context)
        EmailMessage(subject, body, to=[email]).send()
    return len(recipients)
