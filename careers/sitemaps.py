"""Sitemap section for career paths (config/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import CareerPath


class CareerSitemap(Sitemap):
    """A career page changes when its figures are checked again."""

    def items(self):
        return (
            CareerPath.objects.published()
            .annotate(figures_verified=Max("figures__last_verified"))
            .only("slug")
            .order_by("slug")
        )

    def lastmod(self, career):
        return career.figures_verified
