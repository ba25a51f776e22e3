import re

from django.db.models import Count, Min, Prefetch, Q
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from .charts import rank_comparison
from .filters import ProgramFilter, UniversityFilter
from .mixins import ForgivingFilterMixin
from .models import (
    Degree,
    Program,
    ProgramFact,
    Ranking,
    RankingCriterion,
    RankingEntry,
    ResearchArea,
    University,
)

# A NUL byte or other junk in ?p= must not reach the database (PostgreSQL rejects NUL).
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


class HomeView(TemplateView):
    template_name = "programs/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rankings = list(Ranking.objects.with_entries())
        frontier = list(ResearchArea.objects.filter(is_frontier=True).select_related("source"))
        context["frontier_areas"] = frontier
        context["frontier_sources"] = list(
            {a.source_id: a.source for a in frontier if a.source}.values()
        )
        context["ranking_tops"] = [(ranking, ranking.top_rows(5)) for ranking in rankings]
        context["counts"] = Program.objects.published().aggregate(
            programs=Count("pk"),
            phd=Count("pk", filter=Q(degree=Degree.PHD)),
            masters=Count("pk", filter=Q(degree=Degree.MASTERS)),
            universities=Count("university", distinct=True),
        )
        return context


class ProgramListView(ForgivingFilterMixin, FilterView):
    filterset_class = ProgramFilter
    template_name = "programs/program_list.html"
    context_object_name = "programs"
    # Large enough that today's whole catalogue fits one page, so compare ticks span it.
    paginate_by = 40
    # Choosing the criterion alone narrows nothing; it only steers "Top N".
    ordering_params = frozenset({"sort", "criterion"})

    def get_queryset(self):
        return Program.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["selected_area"] = self.filterset.form.cleaned_data.get("area")
        context["compare_selected"] = self.request.GET.getlist("p")
        return context


class ProgramDetailView(DetailView):
    template_name = "programs/program_detail.html"
    context_object_name = "program"

    def get_queryset(self):
        return (
            Program.objects.published()
            .select_related("university__location_source", "source", "details_source")
            .prefetch_related(
                "focus_areas",
                Prefetch("facts", queryset=ProgramFact.objects.select_related("source")),
                Prefetch("ranking_entries", queryset=RankingEntry.objects.in_table_order()),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object
        context["sibling_programs"] = (
            Program.objects.published()
            .filter(university=program.university)
            .exclude(pk=program.pk)
            .with_dispute_flag()
            .order_by("-degree", "name")
        )
        return context


class ProgramCompareView(TemplateView):
    """Up to MAX programs side by side, chosen with ?p=<slug>&p=<slug> (shareable)."""

    template_name = "programs/program_compare.html"
    MAX = 4

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requested = list(
            dict.fromkeys(s.strip() for s in self.request.GET.getlist("p") if s.strip())
        )
        notices = []
        if len(requested) > self.MAX:
            notices.append(
                f"You can compare up to {self.MAX} programs; showing the first {self.MAX}."
            )
            requested = requested[: self.MAX]
        found = {
            program.slug: program
            for program in Program.objects.published()
            .filter(slug__in=[slug for slug in requested if SLUG.fullmatch(slug)])
            .for_listing()
            .with_research_ranks()
            .select_related("details_source", "source")
        }
        unknown = [slug.replace("\x00", "") for slug in requested if slug not in found]
        if unknown:
            notices.append(
                "We couldn't find "
                + ", ".join(f"“{slug[:60]}”" for slug in unknown)
                + "; the other programs are compared below."
            )
        context["programs"] = [found[slug] for slug in requested if slug in found]
        context["notices"] = notices
        return context


class UniversityListView(ForgivingFilterMixin, FilterView):
    filterset_class = UniversityFilter
    template_name = "programs/university_list.html"
    context_object_name = "universities"

    def get_queryset(self):
        published = Q(programs__is_published=True)
        return University.objects.annotate(
            program_count=Count("programs", filter=published, distinct=True),
            phd_count=Count(
                "programs", filter=published & Q(programs__degree=Degree.PHD), distinct=True
            ),
            masters_count=Count(
                "programs", filter=published & Q(programs__degree=Degree.MASTERS), distinct=True
            ),
            best_ml_rank=Min(
                "programs__ranking_entries__rank",
                filter=published
                & Q(programs__ranking_entries__criterion__slug=RankingCriterion.ML_RESEARCH),
            ),
        ).order_by("region", "name")


class UniversityDetailView(DetailView):
    template_name = "programs/university_detail.html"
    context_object_name = "university"
    queryset = University.objects.select_related("location_source")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programs"] = (
            Program.objects.published()
            .filter(university=self.object)
            .for_listing()
            .with_research_ranks()
            .order_by("-degree", "name")
        )
        context["ranking_entries"] = RankingEntry.objects.filter(
            program__university=self.object, program__is_published=True
        ).in_table_order()
        return context


class RankingListView(ListView):
    template_name = "programs/ranking_list.html"
    context_object_name = "rankings"

    def get_queryset(self):
        return Ranking.objects.with_entries()


class RankingDetailView(DetailView):
    template_name = "programs/ranking_detail.html"
    context_object_name = "ranking"
    SORTS = {
        "university": ("University", lambda row: row.university.name),
        "program": ("Program as printed", lambda row: row.published_name.lower()),
    }

    def get_queryset(self):
        return Ranking.objects.with_entries()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ranking = self.object
        criteria = ranking.criteria()
        rows = published_order = ranking.rows()
        sort_options = [(c.slug, c.short_name) for c in criteria] + [
            (key, label) for key, (label, _) in self.SORTS.items()
        ]
        sort = self.request.GET.get("sort", "")
        valid = {key for key, _ in sort_options}
        context["sort_error"] = ""
        if sort and sort not in valid:
            context["sort_error"] = f"Can't sort by “{sort[:40]}”; showing the table as published."
            sort = ""
        if sort in self.SORTS:
            rows = sorted(rows, key=self.SORTS[sort][1])
        elif sort:
            rows = sorted(rows, key=lambda r: (r.rank(sort) or 10**6, r.university.name))
        context.update(
            criteria=criteria,
            rows=rows,
            sort=sort or (criteria[0].slug if criteria else ""),
            sort_options=sort_options,
            chart=rank_comparison(
                published_order,
                criteria[0] if criteria else None,
                criteria[1] if len(criteria) > 1 else None,
            ),
        )
        return context
