import django_filters
from django import forms

from core.filters import SearchFilter, SearchFilterSet
from core.models import Degree

from .models import CareerPath, Sector, Skill


class CareerPathFilter(SearchFilterSet):
    """Filters for /careers/. Unknown values are form errors, never server errors."""

    q = SearchFilter(
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. research, finance"}),
        help_text="Searches titles, descriptions, employers, skills and fields.",
    )
    degree = django_filters.ChoiceFilter(
        label="Degree",
        choices=Degree.level_choices,
        method="filter_degree",
        empty_label="Any degree",
        help_text="Roles open to graduates of this degree, including those taking either.",
        error_messages={"invalid_choice": "“%(value)s” is not a degree; choose PhD or Master's."},
    )
    sector = django_filters.ModelChoiceFilter(
        label="Sector",
        queryset=Sector.objects.all(),
        to_field_name="slug",
        field_name="sectors",
        empty_label="Any sector",
    )
    skill = django_filters.ModelChoiceFilter(
        label="Skill",
        queryset=Skill.objects.in_category_order(),
        to_field_name="slug",
        field_name="skills",
        empty_label="Any skill",
    )

    class Meta:
        model = CareerPath
        fields = ["q", "degree", "sector", "skill"]

    def filter_degree(self, queryset, name, value):
        return queryset.for_degree(value)
