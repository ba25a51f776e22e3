import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from programs.models import Degree

from .models import ApplicationField, CareerPath, Employer, Sector, Skill


class CareerPathFilter(django_filters.FilterSet):
    """Filters for /careers/. Unknown values are form errors, never server errors."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. research, finance"}),
        help_text="Searches titles, descriptions, employers, skills and fields.",
    )
    degree = django_filters.ChoiceFilter(
        label="Degree",
        choices=Degree.choices,
        method="filter_degree",
        empty_label="Any degree",
        help_text="Roles open to graduates of this degree, including those taking either.",
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

    def search(self, queryset, name, value):
        # Every word must match somewhere; a handful of words is plenty.
        for term in value.split()[:10]:
            linked = {"careers": OuterRef("pk"), "name__icontains": term}
            queryset = queryset.filter(
                Q(title__icontains=term)
                | Q(summary__icontains=term)
                | Q(work__icontains=term)
                | Exists(Employer.objects.filter(**linked))
                | Exists(Skill.objects.filter(**linked))
                | Exists(ApplicationField.objects.filter(**linked))
            )
        return queryset
