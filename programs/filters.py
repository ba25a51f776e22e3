import django_filters
from django import forms
from django.db.models import F
from django.db.models.functions import Lower

from core.filters import SearchFilter, SearchFilterSet
from core.models import Degree

from .models import Program, Ranking, RankingCriterion, Region, ResearchArea, University


class AreaChoiceField(forms.ModelChoiceField):
    """Research areas with how many published programs list each one."""

    def label_from_instance(self, area):
        return f"{area.name} ({area.program_count})"


class AreaChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


def state_choices():
    states = (
        University.objects.published().order_by("state").values_list("state", flat=True).distinct()
    )
    return [(state, state) for state in states]


class ProgramFilter(SearchFilterSet):
    """Filters and sorts for /programs/. Sorts by rank come from the criteria the
    published tables use, so a new criterion is a new sort with no code change."""

    SORTS = {
        "name": (Lower("name"), "university__name"),
        "university": ("university__name", "-degree", "name"),
        "duration": (F("duration_min_months").asc(nulls_last=True), "name"),
    }
    SORT_CHOICES = [
        ("name", "Program name"),
        ("university", "University"),
        ("duration", "Duration (shortest first)"),
    ]

    q = SearchFilter(
        label="Search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. statistics, Stanford, NLP"}
        ),
    )
    degree = django_filters.ChoiceFilter(
        choices=Degree.level_choices,
        empty_label="Any degree",
        error_messages={"invalid_choice": "“%(value)s” is not a degree; choose PhD or Master's."},
    )
    region = django_filters.ChoiceFilter(
        field_name="university__region", choices=Region, label="Region", empty_label="Any region"
    )
    state = django_filters.ChoiceFilter(
        field_name="university__state",
        choices=state_choices,
        label="State",
        empty_label="Any state",
    )
    university = django_filters.ModelChoiceFilter(
        queryset=University.objects.published().only("name", "slug"),
        to_field_name="slug",
        label="University",
        empty_label="Any university",
    )
    kind = django_filters.ChoiceFilter(
        choices=Program.Kind, label="Program type", empty_label="Any type"
    )
    area = AreaChoiceFilter(
        field_name="focus_areas",
        queryset=ResearchArea.objects.select_related("source").with_program_counts(),
        to_field_name="slug",
        label="Research area",
        empty_label="Any area",
    )
    ranking = django_filters.ModelChoiceFilter(
        queryset=Ranking.objects.published().only("title", "slug", "publisher", "edition_year"),
        to_field_name="slug",
        method="in_ranking",
        label="Listed in ranking",
        empty_label="Any ranking",
    )
    criterion = django_filters.ChoiceFilter(
        method="noop",
        label="Rank on",
        empty_label=None,
        help_text="The criterion “Top N only” applies to, and the list is ordered by.",
        error_messages={"invalid_choice": "“%(value)s” is not a criterion our tables rank on."},
    )
    top = django_filters.NumberFilter(
        method="in_top",
        label="Top N only",
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"placeholder": "e.g. 5"}),
    )
    sort = django_filters.ChoiceFilter(
        method="noop",
        label="Sort by",
        empty_label="Best match, then rank",
        help_text="Without a search: best-ranked first.",
        error_messages={"invalid_choice": "“%(value)s” is not one of the orders we offer."},
    )

    class Meta:
        model = Program
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query for the criteria the published tables use: they make the choices.
        self.criteria = list(RankingCriterion.objects.in_use())
        self.filters["criterion"].extra["choices"] = [(c.slug, c.name) for c in self.criteria]
        self.filters["sort"].extra["choices"] = [
            (criterion.slug, f"{criterion.short_name} rank") for criterion in self.criteria
        ] + self.SORT_CHOICES

    def filter_queryset(self, queryset):
        # Ranks shown and sorted on are those of the chosen table, if any.
        ranking = self.form.cleaned_data.get("ranking")
        queryset = super().filter_queryset(queryset.for_listing(ranking))
        sort = self.form.cleaned_data.get("sort")
        if sort in self.SORTS:
            return queryset.order_by(*self.SORTS[sort])
        # The sort's criterion first, else the one "Rank on" names, then the others.
        first_criterion = sort or self.form.cleaned_data.get("criterion")
        criteria = sorted(self.criteria, key=lambda criterion: criterion.slug != first_criterion)
        # Best match first only when no sort was chosen.
        first = ("search_position",) if self.search_terms and not sort else ()
        return queryset.order_by(
            *first, *queryset.rank_ordering(criteria, ranking), "university__name", "name"
        )

    def in_ranking(self, queryset, name, ranking):
        return queryset.in_ranking(ranking)

    def noop(self, queryset, name, value):
        return queryset  # read by filter_queryset and in_top

    def in_top(self, queryset, name, value):
        # With no choice, the dropdown shows the first criterion; filter by that one too.
        chosen = self.form.cleaned_data.get("criterion")
        criterion = next((c for c in self.criteria if not chosen or c.slug == chosen), None)
        if criterion is None:
            return queryset.none()
        return queryset.in_top(criterion, value, self.form.cleaned_data.get("ranking"))


class UniversityFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(choices=Region, empty_label="Any region")
    state = django_filters.ChoiceFilter(choices=state_choices, empty_label="Any state")

    class Meta:
        model = University
        fields = []
