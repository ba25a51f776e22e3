import django_filters
from django import forms
from django.db.models import Count, Exists, F, OuterRef, Q

from .models import (
    Degree,
    Program,
    Ranking,
    RankingCriterion,
    RankingEntry,
    Region,
    ResearchArea,
    University,
)

# Spellings students type for the same thing as our data says.
SEARCH_SYNONYMS = {
    "masters": "master",
    "master's": "master",
    "ms": "master",
    "doctorate": "phd",
    "ph.d.": "phd",
    "ph.d": "phd",
}


# Words that name a degree level, after SEARCH_SYNONYMS.
DEGREE_WORDS = {"master": Degree.MASTERS, "phd": Degree.PHD}


def search_words(value, limit=8):
    """Split a query into at most `limit` words, folding common spellings together."""
    words = []
    for word in value.lower().split()[:limit]:
        word = word.strip(",;:.!?\"'()")
        if word:
            words.append(SEARCH_SYNONYMS.get(word, word))
    return words


class AreaChoiceField(forms.ModelChoiceField):
    """Research areas with how many published programs list each one."""

    def label_from_instance(self, area):
        return f"{area.name} ({area.program_count})"


class AreaChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


def state_choices():
    states = University.objects.order_by("state").values_list("state", flat=True).distinct()
    return [(state, state) for state in states]


class ProgramFilter(django_filters.FilterSet):
    SORTS = {
        "ml-rank": (F("ml_rank").asc(nulls_last=True), "university__name", "name"),
        "ai-rank": (F("ai_rank").asc(nulls_last=True), "university__name", "name"),
        "name": ("name", "university__name"),
        "university": ("university__name", "-degree", "name"),
        "duration": (F("duration_min_months").asc(nulls_last=True), "name"),
    }
    SORT_CHOICES = [
        ("ml-rank", "ML research rank"),
        ("ai-rank", "AI research rank"),
        ("name", "Program name"),
        ("university", "University"),
        ("duration", "Duration (shortest first)"),
    ]
    DEFAULT_SORT = "ml-rank"

    q = django_filters.CharFilter(
        method="search",
        label="Search",
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. statistics, Stanford"}
        ),
    )
    degree = django_filters.ChoiceFilter(choices=Degree, empty_label="Any degree")
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
        queryset=University.objects.only("name", "slug"),
        to_field_name="slug",
        label="University",
        empty_label="Any university",
    )
    kind = django_filters.ChoiceFilter(
        choices=Program.Kind, label="Program type", empty_label="Any type"
    )
    area = AreaChoiceFilter(
        field_name="focus_areas",
        queryset=ResearchArea.objects.select_related("source")
        .annotate(program_count=Count("programs", filter=Q(programs__is_published=True)))
        # Aggregating queries ignore Meta.ordering.
        .order_by("name"),
        to_field_name="slug",
        label="Research area",
        empty_label="Any area",
    )
    ranking = django_filters.ModelChoiceFilter(
        queryset=Ranking.objects.only("title", "slug", "publisher", "edition_year"),
        to_field_name="slug",
        method="in_ranking",
        label="Listed in ranking",
        empty_label="Any ranking",
    )
    criterion = django_filters.ModelChoiceFilter(
        queryset=RankingCriterion.objects.only("name", "slug"),
        to_field_name="slug",
        method="noop",
        label="Rank on",
        empty_label=None,
        help_text="The criterion “Top N only” applies to.",
    )
    top = django_filters.NumberFilter(
        method="in_top",
        label="Top N only",
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"placeholder": "e.g. 5"}),
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="sort_by", label="Sort by", empty_label=None
    )

    class Meta:
        model = Program
        fields = []

    def filter_queryset(self, queryset):
        # Ranks shown and sorted on are those of the chosen table, if any.
        queryset = queryset.with_research_ranks(self.form.cleaned_data.get("ranking"))
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = self.sort_by(queryset, "sort", self.DEFAULT_SORT)
        return queryset

    def search(self, queryset, name, value):
        """Every word must match somewhere: name, university, place, courses, areas..."""
        for word in search_words(value):
            area_match = ResearchArea.objects.filter(programs=OuterRef("pk"), name__icontains=word)
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(university__name__icontains=word)
                | Q(university__short_name__icontains=word)
                | Q(university__city__icontains=word)
                | Q(university__state__iexact=word)
                | Q(location__icontains=word)
                | Q(department__icontains=word)
                | Q(core_courses__icontains=word)
                | Q(tracks__icontains=word)
                | Q(description__icontains=word)
                | Q(degree=DEGREE_WORDS.get(word, ""))
                | Exists(area_match)
            )
        return queryset

    def in_ranking(self, queryset, name, ranking):
        return queryset.filter(
            Exists(RankingEntry.objects.filter(program=OuterRef("pk"), ranking=ranking))
        )

    def noop(self, queryset, name, value):
        return queryset  # read by in_top

    def in_top(self, queryset, name, value):
        # With no choice, the dropdown shows the first criterion; filter by that one too.
        criterion = (
            self.form.cleaned_data.get("criterion") or self.filters["criterion"].queryset.first()
        )
        entries = RankingEntry.objects.filter(
            program=OuterRef("pk"), rank__lte=value, criterion=criterion
        )
        ranking = self.form.cleaned_data.get("ranking")
        if ranking is not None:
            entries = entries.filter(ranking=ranking)
        return queryset.filter(Exists(entries))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.SORTS[value])


class UniversityFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(choices=Region, empty_label="Any region")
    state = django_filters.ChoiceFilter(choices=state_choices, empty_label="Any state")

    class Meta:
        model = University
        fields = []
