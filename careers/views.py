from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from .filters import CareerPathFilter
from .models import CareerPath, Figure, degree_comparison


class CareerListView(FilterView):
    """Every published role, filterable; the key figures on top."""

    filterset_class = CareerPathFilter
    template_name = "careers/career_list.html"
    context_object_name = "careers"
    paginate_by = 12
    # An invalid filter is reported and ignored; the valid ones still apply.
    strict = False

    def get_queryset(self):
        return CareerPath.objects.published().for_listing()

    def filter_errors(self):
        """One line per rejected parameter, naming the value we ignored."""
        form = self.filterset.form
        lines = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else name
            value = self.request.GET.get(name, "").replace("\x00", "")[:60]
            lines.append(f"Ignored {label.lower()} “{value}”: {' '.join(errors)}")
        return lines

    def paginate_queryset(self, queryset, page_size):
        """Like Paginator.get_page(): a bad page number shows a page and says why."""
        paginator = self.get_paginator(queryset, page_size)
        requested = self.request.GET.get(self.page_kwarg, "")
        if requested == "last":
            requested = paginator.num_pages
        page = paginator.get_page(requested or 1)
        if requested and str(requested) != str(page.number):
            self.page_notice = (
                f"There is no page “{str(requested)[:20]}”; "
                f"showing page {page.number} of {paginator.num_pages}."
            )
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_errors"] = self.filter_errors()
        context["page_notice"] = getattr(self, "page_notice", "")
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
