from django.urls import reverse
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from core.views import BreadcrumbsMixin, ForgivingFilterMixin
from programs.models import RankingCriterion

from .filters import CareerPathFilter
from .models import CareerPath, Figure, degree_comparison


def careers_crumb():
    return ("Careers", reverse("careers:list"))


class CareerListView(ForgivingFilterMixin, BreadcrumbsMixin, FilterView):
    """Every published role, filterable; the key figures on top."""

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


class CareerDetailView(BreadcrumbsMixin, DetailView):
    template_name = "careers/career_detail.html"
    context_object_name = "career"

    def get_queryset(self):
        return CareerPath.objects.published().for_detail()

    def get_breadcrumbs(self):
        return [careers_crumb(), (self.object.title, None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        career = self.object
        criteria = list(RankingCriterion.objects.in_use())
        context["programs"] = career.leading_programs(criteria)
        context["general_figures"] = list(career.general_figures())
        context["criteria"] = criteria
        return context


class PhdVsMastersView(BreadcrumbsMixin, TemplateView):
    template_name = "careers/phd_vs_masters.html"

    def get_breadcrumbs(self):
        return [careers_crumb(), ("PhD or master's", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = degree_comparison()
        return context
