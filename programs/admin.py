from django import forms
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils.html import format_html
from import_export.forms import ConfirmImportForm, ImportForm
from simple_history.admin import SimpleHistoryAdmin

from core.admin import (
    ContentAdmin,
    ImportPreviewMixin,
    NoLostEditsMixin,
    RowLabelsMixin,
    TabularInline,
)

from .models import (
    VALUE_SPECS,
    Program,
    ProgramAttribute,
    ProgramFact,
    Ranking,
    RankingCriterion,
    RankingEntry,
    ResearchArea,
    Source,
    University,
)
from .resources import (
    ProgramAttributeResource,
    ProgramResource,
    RankingTableResource,
    UniversityResource,
)


@admin.register(Source)
class SourceAdmin(NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["title", "publisher", "kind", "published", "url"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "url", "slug"]
    prepopulated_fields = {"slug": ["title"]}


class ProgramInline(TabularInline):
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
class UniversityAdmin(ContentAdmin):
    resource_classes = [UniversityResource]
    list_display = ["name", "short_name", "city", "state", "region", "is_published"]
    list_filter = ["is_published", "region", "state"]
    search_fields = ["name", "short_name", "city", "slug"]
    list_select_related = ["location_source"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["location_source"]
    inlines = [ProgramInline]


@admin.register(ResearchArea)
class ResearchAreaAdmin(NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["name", "is_frontier", "source"]
    list_filter = ["is_frontier"]
    search_fields = ["name", "summary", "slug"]
    list_select_related = ["source"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["source"]


class ProgramFactInline(TabularInline):
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


def _value_fields_help():
    """'Application deadline: date, cycle. …' from VALUE_SPECS, for editors."""
    field = ProgramAttribute._meta.get_field
    parts = []
    for attribute, spec in VALUE_SPECS.items():
        names = [str(field(name).verbose_name) for name in spec.required]
        if spec.one_of:
            names.append(" or ".join(str(field(name).verbose_name) for name in spec.one_of))
        names += [f"{field(name).verbose_name} (optional)" for name in spec.optional]
        parts.append(f"{attribute.label}: {', '.join(names)}")
    return "Fill only the value fields the attribute takes. " + "; ".join(parts) + "."


ATTRIBUTE_FIELDSETS = [
    (None, {"fields": [("attribute", "order"), ("source", "cycle"), "note"]}),
    (
        "Value",
        {
            "fields": [
                "date",
                ("amount", "currency", "period"),
                "funding",
                ("test_policy", "toefl_minimum", "ielts_minimum"),
                ("duration_min", "duration_max", "duration_unit"),
                ("pace", "delivery"),
                "pathway",
                ("number", "number_high"),
                "url",
            ]
        },
    ),
    ("Checking", {"fields": [("last_verified", "disputed")]}),
]


class AttributeFormMixin:
    """The attribute choice tells editors which value fields each attribute takes."""

    fieldsets = ATTRIBUTE_FIELDSETS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "attribute":
            field.help_text = _value_fields_help()
        return field


class ProgramAttributeInline(AttributeFormMixin, admin.StackedInline):
    model = ProgramAttribute
    extra = 0

    def get_queryset(self, request):
        # Row titles name the program; the autocomplete shows each row's source.
        return super().get_queryset(request).select_related("program", "source")

    show_change_link = True
    autocomplete_fields = ["source"]


@admin.register(ProgramAttribute)
class ProgramAttributeAdmin(AttributeFormMixin, ContentAdmin):
    resource_classes = [ProgramAttributeResource]
    list_display = ["program", "attribute", "value", "cycle", "source", "disputed", "last_verified"]
    list_filter = ["attribute", "disputed", "source__kind", "program__degree"]
    search_fields = ["program__name", "program__university__name", "note", "cycle", "source__title"]
    list_select_related = ["program__university", "source"]
    autocomplete_fields = ["program", "source"]
    fieldsets = [(None, {"fields": ["program"]}), *ATTRIBUTE_FIELDSETS]
    date_hierarchy = "last_verified"

    @admin.display(description="value")
    def value(self, row):
        return row.value_display


class RankingEntryInline(TabularInline):
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
class ProgramAdmin(ContentAdmin):
    resource_classes = [ProgramResource]
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

    autocomplete_fields = ["university", "focus_areas", "source", "details_source", "areas_source"]
    date_hierarchy = "last_verified"
    inlines = [ProgramAttributeInline, ProgramFactInline]
    fieldsets = [
        (None, {"fields": ["university", "name", "slug", "degree", "kind", "department"]}),
        (
            "Details",
            {
                "fields": [
                    "location",
                    "core_courses",
                    "tracks",
                    "focus_areas",
                    "areas_source",
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
class ProgramFactAdmin(NoLostEditsMixin, SimpleHistoryAdmin):
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
class RankingCriterionAdmin(RowLabelsMixin, NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "order"]
    list_editable = ["order"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Ranking)
class RankingAdmin(NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["title", "publisher", "edition_year", "degree", "source", "is_published"]
    list_filter = ["is_published", "publisher", "edition_year", "degree"]
    search_fields = ["title", "publisher", "slug"]
    list_select_related = ["source"]
    prepopulated_fields = {"slug": ["title", "edition_year"]}
    autocomplete_fields = ["source"]
    inlines = [RankingEntryInline]
    readonly_fields = ["entries_import"]

    @admin.display(description="import entries")
    def entries_import(self, ranking):
        """A new edition: save the table, then fill it from one CSV."""
        if not ranking.pk:
            return "Save the table first, then import its entries from a CSV file."
        url = reverse("admin:programs_rankingentry_import")
        return format_html(
            '<a href="{}?ranking={}">Import this table\'s entries from a CSV file</a>',
            url,
            ranking.pk,
        )


class RankingImportForm(ImportForm):
    ranking = forms.ModelChoiceField(
        queryset=Ranking.objects.all(),
        help_text="The table the file is an edition of. Create it first (title, publisher, "
        "edition year, degree, source); the file gives its entries.",
    )


class RankingConfirmImportForm(ConfirmImportForm):
    ranking = forms.ModelChoiceField(queryset=Ranking.objects.all(), widget=forms.HiddenInput)


@admin.register(RankingEntry)
class RankingEntryAdmin(NoLostEditsMixin, ImportPreviewMixin, SimpleHistoryAdmin):
    """Entries are imported a table at a time (programs.resources.RankingTableResource);
    the table's page links here with itself chosen. Downloads are the public
    /rankings/<slug>/export.csv."""

    resource_classes = [RankingTableResource]
    import_form_class = RankingImportForm
    confirm_form_class = RankingConfirmImportForm

    def get_import_form_initial(self, request):
        return {**super().get_import_form_initial(request), "ranking": request.GET.get("ranking")}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["ranking"] = import_form.cleaned_data["ranking"].pk
        return initial

    def generate_log_entries(self, result, request):
        """One line in the table's own admin log (each entry's history names the editor)."""
        ranking = Ranking.objects.filter(pk=request.POST.get("ranking")).first()
        if ranking is not None:
            LogEntry.objects.log_actions(
                request.user.pk,
                [ranking],
                CHANGE,
                change_message=f"Imported entries: {result.totals['new']} new rows, "
                f"{result.totals['update']} changed, {result.totals['skip']} unchanged.",
                single_object=True,
            )

    def process_result(self, result, request):
        response = super().process_result(result, request)
        ranking = request.POST.get("ranking")
        if ranking:
            response["Location"] = reverse("admin:programs_ranking_change", args=[ranking])
        return response

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
