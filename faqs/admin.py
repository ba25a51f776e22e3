from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ContentAdmin, NoLostEditsMixin, RowLabelsMixin, TabularInline

from .models import Category, GlossaryTerm, Question, Requirement
from .resources import QuestionResource


def _preview(html):
    """Stored, sanitized HTML with glossary links, as the site shows it."""
    if not html:
        return "Save and continue editing to see the preview."
    linked = GlossaryTerm.objects.linker().link(html)
    # render() sanitized the HTML when it was saved; the linker only adds our own links.
    return format_html(
        '<div class="faq-preview">{}</div><p class="help">Updated when you save.</p>',
        mark_safe(linked),
    )


class QuestionInline(TabularInline):
    """The category's questions, to reorder; each is added and edited on its own page.

    A row here can't hold what a question needs (a slug, an answer, its sources), so
    questions added from it were published broken, taking the FAQ pages down with them.
    """

    model = Question
    fields = ["question", "level", "order", "is_published"]
    readonly_fields = ["question", "level", "is_published"]
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["order", "question"]

    def has_add_permission(self, request, obj=None):
        return False


class HasPublishedQuestionsFilter(admin.SimpleListFilter):
    title = "published questions"
    parameter_name = "has_questions"

    def lookups(self, request, model_admin):
        return [("yes", "Some"), ("no", "None")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.with_published_questions()
        if self.value() == "no":
            return queryset.exclude(questions__is_published=True)
        return queryset


@admin.register(Category)
class CategoryAdmin(RowLabelsMixin, NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "order", "question_total"]
    list_editable = ["order"]
    list_filter = [HasPublishedQuestionsFilter]
    list_select_related = False  # no foreign keys to follow
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description="questions", ordering="question_total")
    def question_total(self, obj):
        return obj.question_total


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    resource_classes = [QuestionResource]
    list_display = ["question", "category", "level", "order", "is_published", "last_verified"]
    list_display_links = ["question"]
    list_editable = ["order", "is_published"]
    list_filter = [
        "category",
        "level",
        "is_published",
        ("sources", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["category"]
    search_fields = ["question", "slug", "short_answer", "answer"]
    ordering = ["category__order", "category__name", "order", "question"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = [
        "category",
        "sources",
        "related_questions",
        "related_programs",
        "related_areas",
        "related_careers",
    ]
    readonly_fields = ["rendered_answer"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["category", "question", "slug", "level", "order", "is_published"]}),
        ("Answer", {"fields": ["short_answer", "answer", "rendered_answer"]}),
        ("Sources", {"fields": ["sources", "last_verified"]}),
        (
            "Related",
            {
                "fields": [
                    "related_questions",
                    "related_programs",
                    "related_areas",
                    "related_careers",
                ],
            },
        ),
    ]

    @admin.display(description="Rendered answer")
    def rendered_answer(self, obj):
        return _preview(obj.answer_html)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["term", "slug", "alias_summary", "link_in_answers", "is_published"]
    list_filter = [
        "is_published",
        "link_in_answers",
        ("sources", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = False  # no foreign keys to follow
    search_fields = ["term", "slug", "aliases", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    autocomplete_fields = ["sources"]
    readonly_fields = ["rendered_definition"]
    fields = [
        "term",
        "slug",
        "aliases",
        "link_in_answers",
        "is_published",
        "definition",
        "rendered_definition",
        "sources",
    ]

    @admin.display(description="also written")
    def alias_summary(self, obj):
        return ", ".join(obj.alias_list)

    @admin.display(description="Rendered definition")
    def rendered_definition(self, obj):
        return _preview(obj.definition_html)


@admin.register(Requirement)
class RequirementAdmin(RowLabelsMixin, NoLostEditsMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "importance", "level", "program", "source", "order"]
    list_editable = ["order"]
    list_filter = ["level", "kind", "importance", ("source", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["program__university", "source"]
    search_fields = ["title", "slug", "detail", "program__name", "program__university__name"]
    ordering = ["level", "kind", "order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["program", "source"]
    readonly_fields = ["rendered_detail"]
    fields = [
        "title",
        "slug",
        "kind",
        "importance",
        "level",
        "program",
        "detail",
        "rendered_detail",
        "source",
        "last_verified",
        "order",
    ]

    @admin.display(description="Rendered detail")
    def rendered_detail(self, obj):
        return _preview(obj.detail_html)
