from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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
        return ["home", "measures:catalogue"]

    def location(self, item: str) -> str:
        return reverse(item)


class MeasureSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Measure.objects.visible().only("slug", "updated_at").order_by("pk")

    def lastmod(self, measure: Measure):
        return measure.updated_at


SITEMAPS = {"pages": HomeSitemap, "measures": MeasureSitemap}
