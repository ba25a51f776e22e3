"""Site-wide pages that draw on several apps: home, About our data, and the error pages.

This is the top floor: it may import every app; no app imports it.
"""

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.views.generic import TemplateView

from careers.models import CareerPath, Figure
from careers.views import FIGURE_COLUMNS
from core.exports import LICENCE_URL
from core.models import Degree
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


def _citations(model, field):
    """A subquery: how many public `model` rows cite the outer source through `field`."""
    rows = (
        model.objects.published()
        .filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class HomeView(TemplateView):
    template_name = "site/home.html"

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


class AboutDataView(BreadcrumbsMixin, TemplateView):
    """Where every fact comes from, how fresh it is, and how we handle disagreement."""

    template_name = "site/about_data.html"

    def get_breadcrumbs(self):
        return [("About our data", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sources = list(
            Source.objects.annotate(
                **{f"cited_{name}": _citations(model, field) for name, model, field, _ in CITING}
            ).order_by("kind", "title")
        )
        for source in sources:
            source.citations = [
                (getattr(source, f"cited_{name}"), label)
                for name, _, _, label in CITING
                if getattr(source, f"cited_{name}")
            ]
        context["sources_by_kind"] = [
            (label, [source for source in sources if source.kind == kind])
            for kind, label in Source.Kind.choices
            if any(source.kind == kind for source in sources)
        ]
        context["counts"] = {
            "programs": Program.objects.published().count(),
            "facts": ProgramFact.objects.published().count(),
            "values": ProgramAttribute.objects.published().count(),
            "rankings": Ranking.objects.published().count(),
            "entries": RankingEntry.objects.published().count(),
            "careers": CareerPath.objects.published().count(),
            "figures": Figure.objects.published().count(),
            "questions": Question.objects.published().count(),
            "terms": GlossaryTerm.objects.published().count(),
        }
        context["verified"] = [
            (label, model.objects.published().aggregate(oldest=Min(f), newest=Max(f)))
            for label, model, f in [
                ("Programs", Program, "last_verified"),
                ("Program facts", ProgramFact, "last_verified"),
                ("Admissions values", ProgramAttribute, "last_verified"),
                ("Career figures", Figure, "last_verified"),
                ("FAQ answers", Question, "last_verified"),
                ("Admission checklist", Requirement, "last_verified"),
            ]
        ]
        context["coverage"] = ProgramAttribute.objects.coverage()
        context["disputed_programs"] = (
            Program.objects.published()
            .filter(facts__contradicts_listing=True)
            .select_related("university")
            .distinct()
        )
        return context


class DataView(BreadcrumbsMixin, TemplateView):
    """Open data: each download and the API, column by column, with licence and citation."""

    template_name = "site/data.html"

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
                    date
                    for model in (Program, ProgramAttribute, ProgramFact, Figure, Question)
                    if (date := model.objects.published().aggregate(d=Max("last_verified"))["d"])
                ),
                default=None,
            ),
        )
        return context
