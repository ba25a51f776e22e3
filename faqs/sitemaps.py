"""Sitemap section for questions (config/urls.py)."""

from django.contrib.sitemaps import Sitemap

from .models import Question


class QuestionSitemap(Sitemap):
    def items(self):
        return Question.objects.published().only("slug", "last_verified").order_by("slug")

    def lastmod(self, question):
        return question.last_verified
