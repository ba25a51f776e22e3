"""Site-wide pages that draw on several apps: home, About our data, and the error pages.

This is the top floor: it may import every app; no app imports it.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    DateField,
    F,
    Max,
    Min,
    Q,
    Value,
)
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from careers.models import CareerPath, Figure
from careers.views import FIGURE_COLUMNS
from core.exports import LICENCE_URL
from core.models import Degree
from core.seo import PageMetaMixin
from core.views import BreadcrumbsMixin
from faqs.models import GlossaryTerm, Question, Requirement
from faqs.views import GLOSSARY_COLUMNS
from programs.exports import program_columns
from programs.models import (
    Program,
    ProgramAttribute,
    ProgramFact,
    Ranking,
    RankingCriterion,
    RankingEntry,
    ResearchArea,
    Source,
)

from . import seo
from .feeds import recent_changes

# What cites a source, and what each is called on the About page. Each counts only what
# the public can see.
CITING = [
    ("programs", Program, "source", "program listings"),
    ("facts", ProgramFact, "source", "program facts"),
    ("values", ProgramAttribute, "source", "admissions values"),
    ("rankings", Ranking, "source", "ranking tables"),
    ("careers", CareerPath, "sources", "career descriptions"),
    ("figures", Figure, "source", "career figures"),
    ("questions", Question, "sources", "FAQ answers"),
    ("requirements", Requirement, "source", "admission checklist items"),
    ("terms", GlossaryTerm, "sources", "glossary definitions"),
]


# What the About page counts and how fresh it is: (name, model, its last-verified field or
# None, the label of its freshness row or None), in page order.
TALLIED = [
    ("programs", Program, "last_verified", "Programs"),
    ("facts", ProgramFact, "last_verified", "Program facts"),
    ("values", ProgramAttribute, "last_verified", "Admissions values"),
    ("rankings", Ranking, None, None),
    ("entries", RankingEntry, None, None),
    ("careers", CareerPath, None, None),
    ("figures", Figure, "last_verified", "Career figures"),
    ("questions", Question, "last_verified", "FAQ answers"),
    ("terms", GlossaryTerm, None, None),
    ("requirements", Requirement, "last_verified", "Admission checklist"),
]


def _tallies(tallied):
    """{name: {"count", "oldest", "newest"}} of each model's public rows, in one query
    (a UNION ALL of one aggregate row per model, tagged with its name)."""
    no_date = Value(None, output_field=DateField())
    parts = [
        model.objects.published()
        .order_by()
        .values(tally=Value(name, output_field=CharField()))
        .annotate(
            count=Count("pk"),
            oldest=Min(field) if field else no_date,
            newest=Max(field) if field else no_date,
        )
        for name, model, field, _ in tallied
    ]
    rows = parts[0].union(*parts[1:], all=True)
    return {row.pop("tally"): row for row in rows}


def _citation_counts(citing):
    """{source id: {name: count}}: how many public rows of each citing model cite each
    source, in one query (a UNION ALL of one grouped count per model, tagged with its
    name): a scan of each table, not a count per source and model."""
    parts = [
        model.objects.published()
        .filter(**{f"{field}__isnull": False})
        .order_by()
        .values(citing=Value(name, output_field=CharField()), cited=F(field))
        .annotate(count=Count("pk"))
        for name, model, field, _ in citing
    ]
    counts = {}
    for row in parts[0].union(*parts[1:], all=True):
        counts.setdefault(row["cited"], {})[row["citing"]] = row["count"]
    return counts


class HomeView(PageMetaMixin, TemplateView):
    template_name = "site/home.html"
    page_title = "Choose a graduate program in machine learning"

    def get_meta_description(self, context):
        counts = context["counts"]
        return (
            f"Compare {counts['programs']} ML graduate programs ({counts['phd']} PhD, "
            f"{counts['masters']} master's) at {counts['universities']} universities: research "
            "rankings, deadlines, costs, careers and straight answers, every fact sourced."
        )

    def get_structured_data(self, context):
        return [seo.website(self.request)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        frontier = list(ResearchArea.objects.filter(is_frontier=True).select_related("source"))
        context["frontier_areas"] = frontier
        context["frontier_sources"] = list(
            {area.source_id: area.source for area in frontier if area.source}.values()
        )
        context["rankings"] = Ranking.objects.latest_editions().with_top_rows(5, essentials=True)
        context["counts"] = Program.objects.published().aggregate(
            programs=Count("pk"),
            phd=Count("pk", filter=Q(degree=Degree.PHD)),
            masters=Count("pk", filter=Q(degree=Degree.MASTERS)),
            universities=Count("university", distinct=True),
        )
        context["key_figures"] = Figure.objects.key().order_by("order", "label")[:3]
        context["questions"] = Question.objects.published().select_related("category")[:5]
        return context


class AboutDataView(PageMetaMixin, BreadcrumbsMixin, TemplateView):
    """Where every fact comes from, how fresh it is, and how we handle disagreement."""

    template_name = "site/about_data.html"
    page_title = "About our data"
    page_type = "AboutPage"
    meta_description = (
        "Where every fact on Gradient comes from: the sources behind programs, rankings, "
        "careers and answers, how recently we checked them, and how we show disagreements."
    )

    DISPUTED_SHOWN = 10

    def get_breadcrumbs(self):
        return [("About our data", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sources = list(Source.objects.order_by("kind", "title"))
        counts = _citation_counts(CITING)
        for source in sources:
            cited = counts.get(source.pk, {})
            source.citations = [
                (cited[name], label) for name, _, _, label in CITING if cited.get(name)
            ]
        context["sources_by_kind"] = [
            (label, [source for source in sources if source.kind == kind])
            for kind, label in Source.Kind.choices
            if any(source.kind == kind for source in sources)
        ]
        tallies = _tallies(TALLIED)
        context["counts"] = {name: tallies[name]["count"] for name, *_ in TALLIED}
        context["verified"] = [
            (label, tallies[name]) for name, _, field, label in TALLIED if label is not None
        ]
        context["coverage"] = ProgramAttribute.objects.coverage()
        # A few by name, and the programs list filtered to all of them: one more than
        # shown is read to know whether the list goes on.
        disputed = list(
            Program.objects.published()
            .disputed()
            .select_related("university")
            .order_by("university__name", "name", "pk")[: self.DISPUTED_SHOWN + 1]
        )
        context["disputed_programs"] = disputed[: self.DISPUTED_SHOWN]
        context["more_disputed"] = len(disputed) > self.DISPUTED_SHOWN
        return context


class DataView(PageMetaMixin, BreadcrumbsMixin, TemplateView):
    """Open data: each download and the API, column by column, with licence and citation."""

    template_name = "site/data.html"
    page_title = "Open data"
    meta_description = (
        "Download Gradient's programs, rankings, career figures and glossary as CSV or JSON, "
        "or use the read-only API, under CC BY 4.0."
    )

    def get_structured_data(self, context):
        description = self.get_meta_description(context)
        return [seo.open_data(self.request, description, context["last_checked"])]

    def get_breadcrumbs(self):
        return [("Open data", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        criteria = list(RankingCriterion.objects.in_use())
        context.update(
            licence_url=LICENCE_URL,
            program_columns=program_columns(criteria),
            ranking_example=Ranking.objects.latest_editions().first(),
            figure_columns=FIGURE_COLUMNS,
            glossary_columns=GLOSSARY_COLUMNS,
            rankings=Ranking.objects.published(),
            latest_changes=recent_changes(5),
            last_checked=max(
                (
                    tally["newest"]
                    for tally in _tallies(
                        [
                            (name, model, "last_verified", None)
                            for name, model in [
                                ("programs", Program),
                                ("values", ProgramAttribute),
                                ("facts", ProgramFact),
                                ("figures", Figure),
                                ("questions", Question),
                            ]
                        ]
                    ).values()
                    if tally["newest"]
                ),
                default=None,
            ),
        )
        return context


@cache_control(public=True, max_age=24 * 3600)
def robots_txt(request):
    """Everything public may be crawled (variations of a page name it as canonical); the
    admin and the correction form may not."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


ROBOTS_DISALLOW = ("/admin/", "/corrections/")


@cache_control(public=True, max_age=24 * 3600)
def security_txt(request):
    """RFC 9116: whom to tell about a vulnerability. Expires stays under a year ahead
    (the RFC asks for less) and changes once a day, so caches may keep it that long."""
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    expires = today + timedelta(days=364)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"Canonical: {request.build_absolute_uri(reverse('security-txt'))}",
        "Preferred-Languages: en",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
