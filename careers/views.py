from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from programs.mixins import ForgivingFilterMixin

from .filters import CareerPathFilter
from .models import CareerPath, Figure, degree_comparison


class CareerListView(ForgivingFilterMixin, FilterView):
    """Every published role, filterable; the key figures on top."""

    filterset_class = CareerPathFilter
    template_name = "careers/career_list.html"
    context_object_name = "careers"
    paginate_by = 12

    def get_queryset(self):
        return CareerPath.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["key_figures"] = Figure.objects.key().order_by("order", "label")
        return context


class CareerDetailView(DetailView):
    template_name = "careers/career_detail.html"
    context_object_name = "career"

    def get_queryset(self):
        return CareerPath.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        career = self.object
        context["programs"] = career.leading_programs()
        context["general_figures"] = list(career.general_figures())
        return context


class PhdVsMastersView(TemplateView):
    template_name = "careers/phd_vs_masters.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = degree_comparison()
        return context
