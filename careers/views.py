from django.urls import reverse
from django.views import View
from django.views.generic import ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from core.exports import Column, export_meta, export_response
from core.seo import FilteredListMetaMixin, PageMetaMixin
from core.views import BreadcrumbsMixin, ForgivingFilterMixin, ForgivingPaginationMixin
from programs.models import RankingCriterion

from .filters import CareerPathFilter
from .models import CareerPath, Figure, degree_comparison, programs_for_career
from .seo import career_entity


def careers_crumb():
    return ("Careers", reverse("careers:list"))


class CareerListView(ForgivingFilterMixin, FilteredListMetaMixin, BreadcrumbsMixin, FilterView):
    """Every published role, filterable; the key figures on top."""

    page_title = "Careers in machine learning"
    meta_description = (
        "Where a master's or PhD in machine learning leads: roles, sectors, employers, skills "
        "and sourced figures on pay, demand and growth."
    )

    filterset_class = CareerPathFilter
    template_name = "careers/career_list.html"
    context_object_name = "careers"
    paginate_by = 12

    def get_queryset(self):
        return CareerPath.objects.published().for_listing()

    def get_breadcrumbs(self):
        return [("Careers", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["key_figures"] = Figure.objects.key().order_by("order", "label")
        return context


class CareerDetailView(
    ForgivingPaginationMixin, PageMetaMixin, BreadcrumbsMixin, SingleObjectMixin, ListView
):
    """A role, with the programs that lead there best-ranked first, a page at a time."""

    og_type = "article"

    def get_page_title(self, context):
        return f"{self.object.title} · Careers"

    def get_meta_description(self, context):
        return self.object.summary

    def get_structured_data(self, context):
        return [career_entity(self.request, self.object)]

    template_name = "careers/career_detail.html"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=CareerPath.objects.published().for_page())
        self.general_figures = self.object.load_page()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.criteria = list(RankingCriterion.objects.in_use())
        return programs_for_career(self.object)

    def get_breadcrumbs(self):
        return [careers_crumb(), (self.object.title, None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(career=self.object, **kwargs)
        context["programs"] = context["object_list"]
        context["general_figures"] = self.general_figures
        context["criteria"] = self.criteria
        return context


class PhdVsMastersView(PageMetaMixin, BreadcrumbsMixin, TemplateView):
    template_name = "careers/phd_vs_masters.html"
    page_title = "PhD or master's: where each leads · Careers"
    meta_description = (
        "A PhD and a master's in machine learning side by side: the roles and sectors each "
        "leads to, the figures, and what each degree asks of you."
    )

    def get_breadcrumbs(self):
        return [careers_crumb(), ("PhD or master's", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = degree_comparison()
        return context


FIGURE_COLUMNS = [
    Column("slug", lambda f: f.slug),
    Column("label", lambda f: f.label),
    Column("career", lambda f: f.career.title if f.career else ""),
    Column("degree", lambda f: f.get_degree_display()),
    Column("value", lambda f: f.value, "The number as the source gives it."),
    Column("shown_as", lambda f: f.display_value, "The value as our pages show it."),
    Column("unit", lambda f: f.get_unit_display()),
    Column("year", lambda f: f.year),
    Column("note", lambda f: f.note),
    Column("source", lambda f: f.source.title),
    Column("source_url", lambda f: f.source.url),
    Column("last_verified", lambda f: f.last_verified),
]


class FigureExportView(View):
    """/careers/figures/export.<csv|json>: every published career figure with its source."""

    def get(self, request, format):
        figures = list(
            Figure.objects.published().select_related("career", "source").order_by("order", "label")
        )
        meta = export_meta(request, count=len(figures))
        return export_response(format, "gradient-career-figures", FIGURE_COLUMNS, figures, meta)
