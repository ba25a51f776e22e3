"""sitemap.xml: an index of one section per kind of page (/sitemap-<section>.xml).

Each section pages itself at `limit` URLs (?p=2…); every page of it is two queries.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from careers.sitemaps import CareerSitemap
from faqs.sitemaps import QuestionSitemap
from programs.sitemaps import ProgramSitemap, RankingSitemap, UniversitySitemap


class StaticPagesSitemap(Sitemap):
    """The pages that are not one object: home, the lists, the tools and the guides."""

    def items(self):
        return [
            "home",
            "programs:list",
            "programs:compare",
            "programs:shortlist",
            "programs:university-list",
            "programs:ranking-list",
            "careers:list",
            "careers:phd-vs-masters",
            "faqs:list",
            "faqs:requirements",
            "faqs:glossary",
            "about-data",
            "data",
        ]

    def location(self, url_name):
        return reverse(url_name)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "programs": ProgramSitemap,
    "universities": UniversitySitemap,
    "rankings": RankingSitemap,
    "careers": CareerSitemap,
    "questions": QuestionSitemap,
}
