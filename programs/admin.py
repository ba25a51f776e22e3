from django.contrib import admin

from .models import (
    Program,
    ProgramFact,
    Ranking,
    RankingCriterion,
    RankingEntry,
    ResearchArea,
    Source,
    University,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published", "url"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "url", "slug"]
    prepopulated_fields = {"slug": ["title"]}


class ProgramInline(admin.TabularInline):
    """The university's programs, to open; a program is added on its own page (it needs a source)."""

    model = Program
    fields = ["name", "degree", "kind", "is_published", "last_verified"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("university")


@admin.register(University)
class UniversityAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "city", "state", "region", "is_published"]
    list_filter = ["is_published", "region", "state"]
    search_fields = ["name", "short_name", "city", "slug"]
    list_select_related = ["location_source"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["location_source"]
    inlines = [ProgramInline]


@admin.register(ResearchArea)
class ResearchAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "is_frontier", "source"]
    list_filter = ["is_frontier"]
    search_fields = ["name", "summary", "slug"]
    list_select_related = ["source"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["source"]


class ProgramFactInline(admin.TabularInline):
    model = ProgramFact
    fields = [
        "order",
        "key",
        "topic",
        "statement",
        "source",
        "last_verified",
        "contradicts_listing",
    ]
    extra = 0
    show_change_link = True
    autocomplete_fields = ["source"]


class RankingEntryInline(admin.TabularInline):
    model = RankingEntry
    fields = ["program", "criterion", "rank", "published_name"]
    extra = 0
    show_change_link = True
    autocomplete_fields = ["program"]

    def get_queryset(self, request):
        # Row titles name the program's university and the criterion.
        return super().get_queryset(request).select_related("program__university", "criterion")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "program":
            # The autocomplete label of each row names the university.
            kwargs["queryset"] = Program.objects.select_related("university")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "criterion":
            # A few criteria: read them once for the whole formset, not once per row.
            field.choices = list(field.choices)
        return field


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "university",
        "degree",
        "kind",
        "is_published",
        "on_the_site",
        "last_verified",
    ]
    list_filter = ["degree", "kind", "is_published", "university__region", "university"]
    list_editable = ["is_published"]
    search_fields = [
        "name",
        "slug",
        "university__name",
        "university__short_name",
        "department",
        "core_courses",
    ]
    list_select_related = ["university"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(boolean=True, description="on the site")
    def on_the_site(self, program):
        """Published, and so is its university: the published rule, as pages apply it."""
        return program.is_published and program.university.is_published

    autocomplete_fields = ["university", "focus_areas", "source", "details_source"]
    date_hierarchy = "last_verified"
    inlines = [ProgramFactInline]
    fieldsets = [
        (None, {"fields": ["university", "name", "slug", "degree", "kind", "department"]}),
        (
            "Details",
            {
                "fields": [
                    ("duration_min_months", "duration_max_months"),
                    "format",
                    "location",
                    "funding",
                    "core_courses",
                    "tracks",
                    "focus_areas",
                    "description",
                    "official_url",
                ]
            },
        ),
        (
            "Sources and publishing",
            {"fields": ["source", "details_source", "last_verified", "is_published"]},
        ),
    ]


@admin.register(ProgramFact)
class ProgramFactAdmin(admin.ModelAdmin):
    list_display = [
        "program",
        "topic",
        "statement",
        "source",
        "contradicts_listing",
        "last_verified",
    ]
    list_filter = ["topic", "contradicts_listing", "source"]
    search_fields = ["statement", "key", "program__name", "program__university__name"]
    list_select_related = ["program__university", "source"]
    autocomplete_fields = ["program", "source"]


@admin.register(RankingCriterion)
class RankingCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "order"]
    list_editable = ["order"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "edition_year", "degree", "source", "is_published"]
    list_filter = ["is_published", "publisher", "edition_year", "degree"]
    search_fields = ["title", "publisher", "slug"]
    list_select_related = ["source"]
    prepopulated_fields = {"slug": ["title", "edition_year"]}
    autocomplete_fields = ["source"]
    inlines = [RankingEntryInline]


@admin.register(RankingEntry)
class RankingEntryAdmin(admin.ModelAdmin):
    list_display = ["program", "ranking", "criterion", "rank", "published_name"]
    list_filter = ["ranking", "criterion"]
    search_fields = [
        "program__name",
        "program__university__name",
        "published_name",
        "ranking__title",
    ]
    list_select_related = ["program__university", "ranking", "criterion"]
    autocomplete_fields = ["ranking", "program", "criterion"]
