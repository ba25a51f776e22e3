"""Sitemap sections for programs, universities and ranking tables (config/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q

from .models import Program, Ranking, University


class ProgramSitemap(Sitemap):
    def items(self):
        return Program.objects.published().only("slug", "last_verified").order_by("slug")

    def lastmod(self, program):
        return program.last_verified


class UniversitySitemap(Sitemap):
    """A university page changes when one of its programs does."""

    def items(self):
        return (
            University.objects.published()
            .annotate(
                programs_verified=Max(
                    "programs__last_verified", filter=Q(programs__is_published=True)
                )
            )
            .only("slug")
            .order_by("slug")
        )

    def lastmod(self, university):
        return university.programs_verified


class RankingSitemap(Sitemap):
    def items(self):
        return Ranking.objects.published().only("slug", "last_verified").order_by("slug")

    def lastmod(self, ranking):
        return ranking.last_verified
