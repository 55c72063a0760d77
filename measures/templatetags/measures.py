"""Measures on the pages of the apps below: `{% load measures %}`.

The home page (integration_portal) counts offers per life domain and a
partner's page (partners) lists the partner's offers, but neither app may
import this one. Their templates load this library instead: Django resolves
it when the page is rendered, so the dependency stays where it belongs.
"""

from django import template
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from integration_portal.models import LifeDomain
from partners.models import Partner

from .. import cards
from ..caching import shared_result
from ..models import Measure, life_domains_counted, offers_per_life_domain

register = template.Library()


@register.simple_tag
def life_domains_with_offer_counts() -> list[LifeDomain]:
    """Every life domain, each with the number of measures a citizen may see
    in it; the counts are shared by every process until the catalogue changes."""
    return life_domains_counted(shared_result("offers-per-life-domain", (), offers_per_life_domain))


@register.simple_tag
def visible_measures_of(partner: Partner) -> QuerySet[Measure]:
    """The partner's measures a citizen may see."""
    return Measure.objects.visible().filter(provider=partner)


@register.filter
def registration_facts(measure: Measure) -> SafeString:
    """The measure's registration status and free places, as items of a list
    of facts (the same items as on its card in the result list)."""
    return cards.registration_facts(measure)
