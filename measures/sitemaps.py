from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.http import urlencode

from integration_portal.models import District, Language, LifeDomain, TargetGroup
from partners.models import Partner

from .models import Measure


class PortalSitemap(Sitemap):
    """Every page in every UI language, each naming its translations."""

    i18n = True
    alternates = True
    x_default = True


class HomeSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["home", "measures:catalogue", "partners:directory"]

    def location(self, item: str) -> str:
        return reverse(item)


class MeasureSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Measure.objects.visible().only("slug", "updated_at").order_by("pk")

    def lastmod(self, measure: Measure):
        return measure.updated_at


class PartnerSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Partner.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, partner: Partner):
        return partner.updated_at


# catalogue parameter → the taxonomy it chooses from, its key field, the measures' relation
FACETS = [
    ("domain", LifeDomain, "slug", "life_domains"),
    ("district", District, "slug", "districts"),
    ("language", Language, "code", "languages"),
    ("target_group", TargetGroup, "slug", "target_groups"),
]


class FacetSitemap(PortalSitemap):
    """The catalogue with one choice of one filter, for each choice that has
    offers. Combinations of choices are left to visitors: they are `noindex`
    and their links `nofollow`, so crawlers do not multiply the catalogue."""

    changefreq = "daily"
    priority = 0.5

    def items(self) -> list[tuple[str, str]]:
        choices = []
        for parameter, model, key, relation in FACETS:
            offered = Measure.objects.visible().filter(**{relation: OuterRef("pk")})
            keys = model.objects.filter(Exists(offered)).order_by(key).values_list(key, flat=True)
            choices += [(parameter, value) for value in keys]
        return choices

    def location(self, item: tuple[str, str]) -> str:
        return f"{reverse('measures:catalogue')}?{urlencode([item])}"


SITEMAPS = {
    "pages": HomeSitemap,
    "measures": MeasureSitemap,
    "partners": PartnerSitemap,
    "facets": FacetSitemap,
}
