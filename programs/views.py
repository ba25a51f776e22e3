import re
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from core.exports import THIRD_PARTY_TABLE, export_meta, export_response
from core.fragments import find_kept_fragments
from core.sections import sections_for
from core.security import same_origin_posts_only
from core.seo import FilteredListMetaMixin, PageMetaMixin, absolute, item_list
from core.views import BreadcrumbsMixin, ForgivingFilterMixin, ForgivingPaginationMixin

from . import seo
from .charts import rank_comparison
from .compare import compare_rows, source_cells
from .exports import program_columns, ranking_columns, stream_programs
from .filters import ProgramFilter, UniversityFilter
from .forms import ShortlistChangeForm
from .models import (
    ESSENTIALS,
    Program,
    ProgramFact,
    Ranking,
    RankingCriterion,
    RankingEntry,
    University,
    best_rank_prefetches,
    card_prefetches,
)
from .shortlist import COMPARE_MAX, MAX_PROGRAMS, Shortlist, ShortlistFull, programs_in_order

# A NUL byte or other junk in ?p= must not reach the database (PostgreSQL rejects NUL).
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


def find_kept_cards(request, programs, ranking=None):
    """Program cards kept (templates/programs/includes/program_card.html), and what the
    others read prefetched (core/fragments.py). `programs` come from for_cards(ranking):
    a card is kept by the table its ranks come from."""
    ranks_from = ranking.pk if ranking else 0
    if any(program.ranks_from != ranks_from for program in programs):
        raise ValueError("find_kept_cards() needs programs of for_cards() with the same ranking")
    prefetches = card_prefetches(ranking)
    find_kept_fragments(request, "program_card", programs, ("pk", "ranks_from"), prefetches)


def programs_crumb():
    return ("Programs", reverse("programs:list"))


class ProgramListView(ForgivingFilterMixin, FilteredListMetaMixin, BreadcrumbsMixin, FilterView):
    filterset_class = ProgramFilter
    page_title = "ML graduate programs"
    meta_description = (
        "Browse, filter and sort ML PhD and Master's programs by degree, region, research "
        "area and research rank, with deadlines, costs and funding."
    )
    template_name = "programs/program_list.html"
    context_object_name = "programs"
    # A screenful or two of cards on a phone; about 120 KB of HTML at most.
    paginate_by = 20
    # Choosing the criterion alone narrows nothing; it only steers "Top N".
    ordering_params = frozenset({"sort", "criterion"})
    # ?view=table: one dense row per program; anything else shows cards.
    display_params = frozenset({"view"})
    VIEWS = ("cards", "table")

    def get_queryset(self):
        return Program.objects.published()

    def get_view_mode(self):
        requested = self.request.GET.get("view", "")
        return requested if requested in self.VIEWS else "cards"

    def paginate_queryset(self, queryset, page_size):
        if self.get_view_mode() != "cards":
            return super().paginate_queryset(queryset, page_size)
        # The filter prefetches all a card reads; cards already kept need none of it.
        paginator, page, programs, is_paginated = super().paginate_queryset(
            queryset.prefetch_related(None), page_size
        )
        find_kept_cards(self.request, programs, self.filterset.form.cleaned_data.get("ranking"))
        return paginator, page, programs, is_paginated

    def get_breadcrumbs(self):
        return [("Programs", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["selected_area"] = self.filterset.form.cleaned_data.get("area")
        context["criteria"] = self.filterset.criteria
        context["editions"] = Ranking.objects.latest_editions().editions()
        context["view_mode"] = self.get_view_mode()
        context["essential_attributes"] = ESSENTIALS
        return context


class ProgramDetailView(PageMetaMixin, BreadcrumbsMixin, DetailView):
    template_name = "programs/program_detail.html"
    context_object_name = "program"
    og_type = "article"

    def get_page_title(self, context):
        return f"{self.object.name}, {self.object.university.short_name}"

    def get_meta_description(self, context):
        return seo.program_description(self.object)

    def get_structured_data(self, context):
        return [seo.program_entity(self.request, self.object)]

    def get_queryset(self):
        return (
            Program.objects.published()
            .select_related(
                "university__location_source", "source", "details_source", "areas_source"
            )
            .prefetch_related(
                "focus_areas",
                Prefetch("facts", queryset=ProgramFact.objects.select_related("source")),
                Prefetch(
                    "ranking_entries",
                    queryset=RankingEntry.objects.published().in_table_order(),
                ),
            )
            .with_ranks()
            .with_attributes()
        )

    def get_breadcrumbs(self):
        university = self.object.university
        return [
            programs_crumb(),
            (university.short_name, university.get_absolute_url()),
            (self.object.name, None),
        ]

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
        # Sections other apps add (careers: "Where this degree leads").
        context["sections"] = sections_for("program-detail", program)
        context["university_ranks"] = program.shown_rank_cells()
        return context


class ProgramCompareView(PageMetaMixin, BreadcrumbsMixin, TemplateView):
    """Up to MAX programs side by side, chosen with ?p=<slug>&p=<slug> (shareable)."""

    template_name = "programs/program_compare.html"
    MAX = 4

    def get_page_title(self, context):
        names = [f"{p.university.short_name} {p.name}" for p in context["programs"]]
        return "Compare " + " vs ".join(names) if names else "Compare programs"

    def get_meta_description(self, context):
        if len(context["programs"]) < 2:
            return "Choose two to four ML graduate programs and compare them side by side."
        return (
            self.get_page_title(context)
            + ": deadlines, costs, funding, tests, rankings and sources side by side."
        )

    def get_structured_data(self, context):
        return [item_list(self.request, context["programs"])]

    def get_breadcrumbs(self):
        return [programs_crumb(), ("Compare", None)]

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
            .select_related("details_source", "source", "areas_source")
        }
        unknown = [slug.replace("\x00", "") for slug in requested if slug not in found]
        if unknown:
            rest = "; the other programs are compared below." if len(found) > 1 else "."
            notices.append(
                "We couldn't find " + ", ".join(f"“{slug[:60]}”" for slug in unknown) + rest
            )
        programs = [found[slug] for slug in requested if slug in found]
        context["programs"] = programs
        context["notices"] = notices
        context["only_differences"] = self.request.GET.get("show") == "differences"
        if len(programs) >= 2:
            rows = compare_rows(programs)
            # Rows other apps add (careers: where each degree leads).
            rows += [section.data["row"] for section in sections_for("program-compare", programs)]
            context["sources"] = source_cells(programs, rows)
            if context["only_differences"]:
                rows = [row for row in rows if row.differs]
            context["rows"] = rows
        return context


class UniversityListView(ForgivingFilterMixin, FilteredListMetaMixin, BreadcrumbsMixin, FilterView):
    filterset_class = UniversityFilter
    page_title = "Universities"
    meta_description = (
        "Universities with graduate programs in machine learning, by region: each with its "
        "PhD and master's programs and its best research ranks."
    )
    template_name = "programs/university_list.html"
    context_object_name = "universities"
    paginate_by = 50

    def get_queryset(self):
        return University.objects.published().with_program_counts().order_by("region", "name", "pk")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, universities, is_paginated = super().paginate_queryset(queryset, page_size)
        # Kept rows (templates/programs/university_list.html) read no ranks.
        find_kept_fragments(
            self.request, "university_row", universities, ("pk",), best_rank_prefetches()
        )
        return paginator, page, universities, is_paginated

    def get_breadcrumbs(self):
        return [("Universities", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["criteria"] = RankingCriterion.objects.in_use()
        return context


class UniversityDetailView(PageMetaMixin, BreadcrumbsMixin, DetailView):
    template_name = "programs/university_detail.html"
    context_object_name = "university"

    def get_page_title(self, context):
        return self.object.name

    def get_meta_description(self, context):
        return seo.university_description(self.object, context["programs"])

    def get_structured_data(self, context):
        return [seo.university_entity(self.request, self.object)]

    def get_queryset(self):
        return University.objects.published().select_related("location_source")

    def get_breadcrumbs(self):
        return [
            ("Universities", reverse("programs:university-list")),
            (self.object.short_name, None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programs"] = list(
            Program.objects.published()
            .filter(university=self.object)
            .for_cards()
            .order_by("-degree", "name")
        )
        find_kept_cards(self.request, context["programs"])
        context["criteria"] = RankingCriterion.objects.in_use()
        context["ranking_entries"] = (
            RankingEntry.objects.published()
            .filter(program__university=self.object)
            .in_table_order()
        )
        return context


class RankingListView(PageMetaMixin, BreadcrumbsMixin, ListView):
    template_name = "programs/ranking_list.html"
    context_object_name = "rankings"
    page_title = "Rankings"
    page_type = "CollectionPage"
    meta_description = (
        "Every research ranking of ML programs we hold, as each publisher printed it: the top "
        "five of each table, its edition, method and source."
    )

    def get_structured_data(self, context):
        return [item_list(self.request, context["rankings"])]

    def get_queryset(self):
        return Ranking.objects.published().with_top_rows(5)

    def get_breadcrumbs(self):
        return [("Rankings", None)]


class RankingDetailView(
    ForgivingPaginationMixin, PageMetaMixin, BreadcrumbsMixin, SingleObjectMixin, ListView
):
    """A table as published, a page of rows at a time, in any of its sort_options()."""

    template_name = "programs/ranking_detail.html"
    paginate_by = Ranking.ROWS_PER_PAGE

    def get_page_title(self, context):
        return f"{self.object.title} ({self.object.edition_year})"

    def get_meta_description(self, context):
        return seo.ranking_description(self.object, context["rows"])

    def get_structured_data(self, context):
        return [seo.ranking_entity(self.request, self.object, context["rows"])]

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=Ranking.objects.published().select_related("source"))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        sort = self.request.GET.get("sort", "")
        self.sort_error = ""
        if sort and sort not in dict(self.object.sort_options()):
            self.sort_error = f"Can't sort by “{sort[:40]}”; showing the table as published."
            sort = ""
        self.sort = sort
        return self.object.row_keys(sort)

    def get_breadcrumbs(self):
        return [
            ("Rankings", reverse("programs:ranking-list")),
            (f"{self.object.title} ({self.object.edition_year})", None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(ranking=self.object, **kwargs)
        ranking = self.object
        criteria = ranking.criteria()
        rows = ranking.page_rows(context["object_list"])
        context.update(
            criteria=criteria,
            rows=rows,
            sort=self.sort or (criteria[0].slug if criteria else ""),
            sort_error=self.sort_error,
            sort_options=ranking.sort_options(),
            chart=rank_comparison(
                rows,
                criteria[0] if criteria else None,
                criteria[1] if len(criteria) > 1 else None,
            ),
        )
        return context


def _back(request, fallback):
    """Where the visitor came from (this site only), else `fallback`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@method_decorator(same_origin_posts_only, name="dispatch")
class ShortlistChangeView(View):
    """Every shortlist change is a POST (from our own pages only) that says what happened
    and sends the visitor back to the page they were on."""

    def get(self, request):
        return redirect("programs:shortlist")

    def post(self, request):
        form = ShortlistChangeForm(request.POST)
        shortlist = Shortlist(request.session)
        back = _back(request, reverse("programs:shortlist"))
        if not form.is_valid():
            messages.error(
                request, "That change to your shortlist didn't make sense; nothing changed."
            )
            return redirect(back)
        if form.action == "clear":
            shortlist.clear()
            messages.success(request, "Your shortlist is empty now.")
        elif form.action == "copy":
            shortlist.replace(form.cleaned_data["p"])
            count = len(shortlist)
            messages.success(
                request, f"Your shortlist now holds the {count} shared program{pluralize(count)}."
            )
        else:
            self.change(request, shortlist, form.action, form.slug)
        return redirect(back)

    def change(self, request, shortlist, action, slug):
        program = Program.objects.published().select_related("university").filter(slug=slug).first()
        if program is None:
            messages.error(request, "We couldn't find that program; nothing changed.")
            return
        name = f"{program.name}, {program.university.short_name}"
        if action == "add":
            try:
                added = shortlist.add(slug)
            except ShortlistFull:
                messages.error(
                    request,
                    f"Your shortlist is full ({MAX_PROGRAMS} programs): remove one to add {name}.",
                )
                return
            text = "Added {} to your shortlist." if added else "{} is already on your shortlist."
        elif action == "remove":
            removed = shortlist.remove(slug)
            text = "Removed {} from your shortlist." if removed else "{} wasn't on your shortlist."
        else:
            moved = shortlist.move(slug, -1 if action == "up" else 1)
            where = "up" if action == "up" else "down"
            text = f"Moved {{}} {where}." if moved else f"{{}} can't move further {where}."
        messages.success(request, text.format(name))


class ShortlistView(PageMetaMixin, BreadcrumbsMixin, TemplateView):
    """The visitor's shortlist, or (shared=True) a list someone shared: ?p=<slug>&p=…"""

    template_name = "programs/shortlist.html"
    shared = False

    def get_page_title(self, context):
        return "A shared shortlist" if self.shared else "Your shortlist"

    def get_meta_description(self, context):
        if self.shared and context["programs"]:
            names = ", ".join(p.name + ", " + p.university.short_name for p in context["programs"])
            return f"A shared shortlist of ML graduate programs: {names}."
        return (
            "A shortlist of ML graduate programs with their deadlines, costs, funding and "
            "length, to compare side by side."
        )

    def get_structured_data(self, context):
        return [item_list(self.request, context["programs"])]

    def get_breadcrumbs(self):
        return [programs_crumb(), ("Shared shortlist" if self.shared else "Your shortlist", None)]

    def get_canonical_url(self, context):
        # Every shortlist, one's own or shared, folds into the page that explains them.
        return absolute(self.request, reverse("programs:shortlist"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.shared:
            requested = [s for s in self.request.GET.getlist("p") if SLUG.fullmatch(s)]
            slugs = list(dict.fromkeys(requested))[:MAX_PROGRAMS]
        else:
            slugs = Shortlist(self.request.session).slugs
        programs = programs_in_order(Program.objects.for_cards(), slugs)
        find_kept_cards(self.request, programs)
        context.update(
            programs=programs,
            shared=self.shared,
            editable=not self.shared,
            criteria=RankingCriterion.objects.in_use(),
            share_query=urlencode([("p", program.slug) for program in programs]),
            compare_max=COMPARE_MAX,
        )
        return context


class ProgramExportView(ProgramListView):
    """/programs/export.<csv|json>?…: the list page's programs, same filters, same order,
    every page at once."""

    def get_queryset(self):
        return super().get_queryset().select_related("source")  # the listing_source column

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        programs = self.filterset.qs
        fmt = kwargs["format"]
        meta = None
        if fmt == "json":  # only JSON says how many rows follow
            meta = export_meta(request, count=programs.count(), ignored=self.filter_errors())
        columns = program_columns(self.filterset.criteria, fmt)
        rows = stream_programs(programs, self.filterset.form.cleaned_data.get("ranking"))
        return export_response(fmt, "gradient-programs", columns, rows, meta)


class ShortlistExportView(View):
    def get(self, request, format):
        slugs = Shortlist(request.session).slugs
        programs = programs_in_order(Program.objects.for_listing(), slugs)
        columns = program_columns(list(RankingCriterion.objects.in_use()), format)
        meta = export_meta(request, count=len(programs))
        return export_response(format, "gradient-shortlist", columns, programs, meta)


class RankingExportView(DetailView):
    """A ranking table as published, one row per printed row."""

    def get_queryset(self):
        return Ranking.objects.published().with_entries()

    def get(self, request, *args, format, **kwargs):
        ranking = self.get_object()
        meta = export_meta(
            request,
            table=ranking.title,
            publisher=ranking.publisher,
            edition_year=ranking.edition_year,
            source=ranking.source.url or ranking.source.title,
            licence=THIRD_PARTY_TABLE,
        )
        name = f"gradient-ranking-{ranking.slug}"
        return export_response(format, name, ranking_columns(ranking), ranking.rows(), meta)
