from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NoLostEditsMixin, RowLabelsMixin, TabularInline

from .models import ApplicationField, CareerPath, DegreeDemand, Employer, Figure, Sector, Skill


class FigureInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        headlines = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_headline") and not form.cleaned_data.get("DELETE")
        ]
        if len(headlines) > 1:
            raise ValidationError("Only one figure per role can be the headline figure.")

    def save(self, commit=True):
        # Rows are saved in order: a headline moved up the list would otherwise meet the
        # old headline (still set) and break the one-headline constraint.
        if commit and self.instance.pk:
            chosen = [
                form.instance.pk
                for form in self.forms
                if form.cleaned_data.get("is_headline") and not form.cleaned_data.get("DELETE")
            ]
            if chosen:
                self.instance.figures.filter(is_headline=True).exclude(pk=chosen[0]).update(
                    is_headline=False
                )
        return super().save(commit)


class FigureInline(TabularInline):
    model = Figure
    formset = FigureInlineFormSet
    extra = 0
    show_change_link = True
    fields = [
        "label",
        "slug",
        "kind",
        "value",
        "unit",
        "qualifier",
        "scope",
        "year",
        "period",
        "source",
        "is_headline",
        "is_key",
        "order",
        "last_verified",
    ]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["label"]}


@admin.register(CareerPath)
class CareerPathAdmin(RowLabelsMixin, NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["title", "degree", "sector_list", "figure_count", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "degree", "sectors", "skills__category"]
    search_fields = ["title", "summary", "work", "employers__name", "skills__name"]
    list_select_related = ["degree_source"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "degree_source",
        "sectors",
        "employers",
        "skills",
        "application_fields",
        "research_areas",
        "sources",
    ]
    inlines = [FigureInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "work", "order", "is_published"]}),
        ("Degree", {"fields": ["degree", "degree_note", "degree_source"]}),
        (
            "Where and with what",
            {"fields": ["sectors", "employers", "skills", "application_fields"]},
        ),
        (
            "Links and sources",
            {
                "fields": ["research_areas", "sources"],
                "description": "Research areas decide which programs are shown as leading "
                "to this role.",
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(figure_total=Count("figures", distinct=True))
            .prefetch_related("sectors")
        )

    @admin.display(description="sectors")
    def sector_list(self, obj):
        return ", ".join(sector.name for sector in obj.sectors.all())

    @admin.display(description="figures", ordering="figure_total")
    def figure_count(self, obj):
        return obj.figure_total


@admin.register(Figure)
class FigureAdmin(NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = [
        "label",
        "display_value",
        "year",
        "career",
        "degree",
        "source",
        "is_key",
        "is_headline",
    ]
    list_filter = ["kind", "degree", "is_key", "is_headline", "source"]
    search_fields = ["label", "scope", "note", "career__title", "source__title"]
    list_select_related = ["career", "source"]
    autocomplete_fields = ["career", "source"]
    prepopulated_fields = {"slug": ["label"]}
    fieldsets = [
        (None, {"fields": ["label", "slug", "career", "degree"]}),
        (
            "The number",
            {"fields": ["kind", "value", "unit", "qualifier", "scope", "note"]},
        ),
        ("When and where from", {"fields": ["year", "year_basis", "period", "source"]}),
        ("Display", {"fields": ["is_key", "is_headline", "order", "last_verified"]}),
    ]

    @admin.display(description="value")
    def display_value(self, obj):
        return obj.display_value


@admin.register(Sector)
class SectorAdmin(RowLabelsMixin, NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    list_filter = ["careers__degree"]
    search_fields = ["name", "description"]
    list_select_related = False  # no foreign keys to follow
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Employer)
class EmployerAdmin(NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "source"]
    list_filter = ["kind", "source"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["name", "description"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Skill)
class SkillAdmin(NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["name", "category", "order", "source"]
    list_filter = ["category", "source"]
    search_fields = ["name", "description"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ApplicationField)
class ApplicationFieldAdmin(NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["name", "source_titles"]
    list_filter = ["sources"]
    search_fields = ["name"]
    autocomplete_fields = ["sources"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sources")

    @admin.display(description="sources")
    def source_titles(self, obj):
        return "; ".join(source.title for source in obj.sources.all())


@admin.register(DegreeDemand)
class DegreeDemandAdmin(RowLabelsMixin, NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["title", "degree", "kind", "order", "source"]
    list_editable = ["order"]
    list_filter = ["degree", "kind", "source"]
    search_fields = ["title", "description"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["title"]}
