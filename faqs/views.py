from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from core.exports import Column, export_meta, export_response
from core.markdown import demote_headings
from core.search import excerpt, highlight
from core.seo import FilteredListMetaMixin, PageMetaMixin
from core.views import BreadcrumbsMixin, ForgivingFilterMixin

from .filters import FAQFilter
from .models import Category, GlossaryTerm, Question, Requirement
from .structured_data import defined_term_set, faq_page


def _link_glossary(questions, heading_level=None):
    """Set answer_display: the stored, sanitized answer with glossary links (one query).

    With `heading_level`, the level of the heading each answer sits under, the
    answer's own headings start one below it.
    """
    linker = GlossaryTerm.objects.linker()
    for question in questions:
        html = question.answer_html
        if heading_level:
            html = demote_headings(html, heading_level + 1)
        # answer_html was sanitized when it was saved; the linker only adds our own links.
        question.answer_display = mark_safe(linker.link(html))


def questions_crumb():
    return ("Questions", reverse("faqs:list"))


class FAQListView(ForgivingFilterMixin, FilteredListMetaMixin, BreadcrumbsMixin, FilterView):
    """Questions grouped by category, filtered by category and degree level, searchable.

    A search lists its results by relevance instead, each labelled with its category.
    The FAQPage markup of each question is on its own page only (FAQDetailView): this
    list links to them.
    """

    page_title = "Questions applicants ask"
    meta_description = (
        "Straight answers to what applicants to machine learning master's and PhD programs "
        "ask: choosing a program, the PhD or a master's, applying, publishing and careers, "
        "each with its source."
    )

    filterset_class = FAQFilter
    template_name = "faqs/question_list.html"
    context_object_name = "questions"
    paginate_by = 50

    def get_queryset(self):
        return Question.objects.published().for_listing()

    def get_breadcrumbs(self):
        return [("Questions", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = list(context["object_list"])
        terms = self.filterset.search_terms
        # Each question is a heading: under the results' <h2> when searching, otherwise
        # under its category's <h3>.
        question_heading_level = 3 if terms else 4
        _link_glossary(questions, question_heading_level)
        for question in questions:
            question.question_display = highlight(question.question, terms)
            question.match_excerpt = excerpt(question.answer_text, terms) if terms else ""
        context.update(
            object_list=questions,
            questions=questions,
            categories=Category.objects.with_published_questions(),
            search_terms=terms,
            searching=bool(terms),
            question_heading_level=question_heading_level,
        )
        return context


class FAQDetailView(PageMetaMixin, BreadcrumbsMixin, DetailView):
    """One question and its answer, with what it relates to."""

    template_name = "faqs/question_detail.html"
    context_object_name = "question"
    og_type = "article"

    def get_page_title(self, context):
        return self.object.question

    def get_meta_description(self, context):
        return self.object.summary

    def get_structured_data(self, context):
        # The one page whose markup carries this question (the lists only link to it).
        return [faq_page([self.object])]

    def get_queryset(self):
        return Question.objects.published().for_detail()

    def get_breadcrumbs(self):
        category = self.object.category
        return [
            questions_crumb(),
            (category.name, category.get_absolute_url()),
            ("This question", None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.object
        _link_glossary([question])
        related = list(question.related_questions.all())
        shown = {question.pk, *(other.pk for other in related)}
        more_in_category = (
            Question.objects.published()
            .filter(category_id=question.category_id)
            .exclude(pk__in=shown)
            .only("question", "slug", "category_id", "order")[:10]
        )
        context.update(
            related_questions=related,
            more_in_category=more_in_category,
        )
        return context


class RequirementsView(PageMetaMixin, BreadcrumbsMixin, TemplateView):
    """The admission checklist for each degree level."""

    template_name = "faqs/requirements.html"
    page_title = "Admission requirements"
    meta_description = (
        "What machine learning PhD and master's programs look for, as a checklist per degree "
        "level: qualifications, grades, research fit, experience, skills and each program's "
        "own rules, with sources."
    )

    def get_breadcrumbs(self):
        return [questions_crumb(), ("Admission requirements", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checklists"] = Requirement.objects.checklists()
        return context


class GlossaryView(PageMetaMixin, BreadcrumbsMixin, ListView):
    """Every term with its definition, each at its own anchor."""

    template_name = "faqs/glossary.html"
    context_object_name = "terms"
    page_title = "Glossary"
    meta_description = (
        "The words applicants to machine learning programs meet, defined plainly: PhD, machine "
        "learning, neural networks, deep learning, supervised and unsupervised learning and "
        "more."
    )

    def get_structured_data(self, context):
        return [defined_term_set(self.request, context["terms"])]

    def get_queryset(self):
        return GlossaryTerm.objects.published().prefetch_related("sources")

    def get_breadcrumbs(self):
        return [questions_crumb(), ("Glossary", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = list(context["terms"])
        linker = GlossaryTerm.linker_for(terms)
        letters = {}
        for term in terms:
            # Definitions link to the other terms they mention, never to themselves.
            term.definition_display = mark_safe(
                linker.link(term.definition_html, skip_url=term.get_absolute_url())
            )
            letters.setdefault(term.initial, []).append(term)
        context.update(terms=terms, letters=sorted(letters.items()))
        return context


GLOSSARY_COLUMNS = [
    Column("slug", lambda t: t.slug),
    Column("term", lambda t: t.term),
    Column("aliases", lambda t: t.alias_list),
    Column("definition", lambda t: t.definition, "Markdown, as written."),
    Column("sources", lambda t: [source.title for source in t.sources.all()]),
    Column("source_urls", lambda t: [source.url for source in t.sources.all() if source.url]),
]


class GlossaryExportView(View):
    """/faqs/glossary/export.<csv|json>: every published term with its sources."""

    def get(self, request, format):
        terms = list(GlossaryTerm.objects.published().prefetch_related("sources"))
        meta = export_meta(request, count=len(terms))
        return export_response(format, "gradient-glossary", GLOSSARY_COLUMNS, terms, meta)
