"""View behaviour every app shares: forgiving filtered lists, breadcrumbs; readers' corrections."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from .corrections import CorrectionForm, over_rate_limit
from .pagination import OneQueryPaginator
from .security import same_origin_posts_only
from .validators import is_site_path


class ForgivingPaginationMixin:
    """For a ListView (MultipleObjectMixin): an out-of-range or malformed ?page= shows the
    nearest real page with a notice (`page_notice`), never a 404 or a 500."""

    paginator_class = OneQueryPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        requested = self.request.GET.get(self.page_kwarg, "")
        if requested == "last":
            page = paginator.page(paginator.num_pages)
        elif re.fullmatch(r"-?[0-9]{1,9}", requested) and int(requested) < 1:
            page = paginator.page(1)  # get_page() would jump to the last page
        else:
            page = paginator.get_page(requested)
        self.page_notice = ""
        if requested not in ("", "last", str(page.number)):
            self.page_notice = (
                f"There is no page “{requested[:20]}”; showing page {page.number} "
                f"of {paginator.num_pages}."
            )
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_notice"] = getattr(self, "page_notice", "")
        return context


class ForgivingFilterMixin(ForgivingPaginationMixin):
    """For a django-filter FilterView: odd query strings never fail or empty the page.

    An invalid filter value is left out (the valid ones still apply) and named in a
    notice; an out-of-range or malformed ?page= shows the nearest real page with a
    notice. A shared link with one stale value still shows something useful.
    """

    # Invalid fields drop out of cleaned_data; FilterSet.qs filters by the rest.
    strict = False
    # Parameters that change the order, not the set, of results.
    ordering_params = frozenset({"sort"})
    # Parameters that change how results look (e.g. ?view=table); "Clear all" keeps them too.
    display_params = frozenset()

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, so defaults (annotations, default order) apply to a bare URL too.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def filter_errors(self):
        """One line per rejected parameter, naming the value that was ignored."""
        form = self.filterset.form
        lines = []
        for name, errors in form.errors.items():
            label = str(form.fields[name].label if name in form.fields else name)
            label = label[:1].lower() + label[1:]  # "top N only", not "top n only"
            value = self.request.GET.get(name, "").replace("\x00", "")[:60]
            lines.append(f"Ignored {label} “{value}”: {' '.join(errors)}")
        return lines

    def has_active_filters(self):
        # An unticked checkbox cleans to False: not a filter in use.
        return any(
            value is not None and value is not False and value not in ("", [])
            for name, value in self.filterset.form.cleaned_data.items()
            if name not in self.ordering_params
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_errors"] = self.filter_errors()
        context["active_filters"] = self.has_active_filters()
        context["filter_chips"] = self.filterset.active_filter_chips(
            self.request.path, skip=self.ordering_params
        )
        context["clear_filters_url"] = self.clear_filters_url()
        context["filter_query"] = self.filter_query()
        return context

    def filter_query(self):
        """The query string's filter fields only: what the filter form shows (a key for
        the form kept rendered, the same on every page of the list and in either view)."""
        fields, query = self.filterset.form.fields, self.request.GET
        return urlencode(
            [(key, value) for key in query if key in fields for value in query.getlist(key)]
        )

    def clear_filters_url(self):
        """This list without its filters, in the same order and view."""
        kept = [
            (key, value)
            for key in self.request.GET
            if key in self.ordering_params | self.display_params
            for value in self.request.GET.getlist(key)
        ]
        return f"{self.request.path}?{urlencode(kept)}" if kept else self.request.path


class BreadcrumbsMixin:
    """Puts `breadcrumbs` in the context: Home, then get_breadcrumbs(), the page itself last.

    get_breadcrumbs() returns (label, url) pairs; the last pair is the current page,
    and its url is not linked. base.html renders them (includes/breadcrumbs.html).
    """

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        crumbs = self.get_breadcrumbs()
        context["breadcrumbs"] = [("Home", reverse("home")), *crumbs] if crumbs else []
        return context


@method_decorator(same_origin_posts_only, name="dispatch")
class CorrectionView(View):
    """POST a reader's correction (see core/corrections.py); a form with errors is shown
    again on a page of its own, and a good one returns the reader to where they were."""

    http_method_names = ["post"]

    def post(self, request):
        form = CorrectionForm(request.POST)
        page = request.POST.get("page")
        back = page if is_site_path(page) else "/"
        if form.is_spam:
            # Looks like success to the robot; nothing is kept.
            messages.success(request, CORRECTION_THANKS)
            return redirect(back)
        if over_rate_limit(request):
            context = {"form": form, "limited": True, "back": back}
            return render(request, "core/correction.html", context, status=429)
        if not form.is_valid():
            return render(request, "core/correction.html", {"form": form, "back": back}, status=400)
        form.save(request)
        messages.success(request, CORRECTION_THANKS)
        return redirect(form.cleaned_data["page"])


CORRECTION_THANKS = (
    "Thank you: an editor will check your correction against the sources and fix the page "
    "if it is wrong."
)
