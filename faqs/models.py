"""Straight answers for applicants: questions by category, admission requirements, a glossary.

Answers, definitions and requirement details are Markdown written in the admin.
Their sanitized HTML is stored on every save, fixture loads included (see
render_on_save below); glossary links are added when a page is shown, so a new
term reaches every answer without re-saving it.
"""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Window
from django.db.models.functions import Lower, RowNumber
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from careers.models import CareerPath
from core.markdown import plain_text, render_markdown
from core.models import (
    LEVELS,
    Degree,
    Ordered,
    Publishable,
    PublishedQuerySet,
    SlugNaturalKey,
    SlugNaturalKeyManager,
    Verified,
    published_q,
)
from core.search import SearchQuerySet
from programs.models import Program, ProgramFact, ResearchArea, Source

from .glossary import GlossaryLinker

MARKDOWN_HELP = (
    "Markdown: **bold**, *italic*, [a link](https://…), lists with '-', tables. "
    "HTML is cleaned out; images are not allowed."
)
# Paths under /faqs/ that a question's slug must not take.
RESERVED_SLUGS = frozenset({"requirements", "glossary"})


def validate_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(value)s” is the address of another FAQ page; choose another slug.",
            code="reserved",
            params={"value": value},
        )


def _ordered_sources():
    return Prefetch("sources", queryset=Source.objects.order_by("title"))


class CategoryQuerySet(models.QuerySet):
    def with_published_questions(self):
        """Categories that have something to show, with how many questions."""
        return (
            self.annotate(
                question_count=Count("questions", filter=published_q(Question, "questions__"))
            )
            .filter(question_count__gt=0)
            # Meta.ordering is not applied to aggregating queries.
            .order_by("order", "name")
        )


class Category(SlugNaturalKey, Ordered):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences shown under the category's heading."
    )

    objects = SlugNaturalKeyManager.from_queryset(CategoryQuerySet)()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('faqs:list')}?category={self.slug}"


class QuestionQuerySet(PublishedQuerySet, SearchQuerySet):
    # Most telling first (see core.search.relevance): wording, one-line answer, answer.
    search_fields = ("question", "short_answer", "answer_text")

    def for_level(self, level):
        """Questions for applicants to `level`, general ones included."""
        return self.filter(level__in=Degree(level).covers())

    def for_listing(self):
        return self.select_related("category").prefetch_related(_ordered_sources())

    def for_detail(self):
        return self.select_related("category").prefetch_related(
            _ordered_sources(),
            Prefetch(
                "related_questions",
                queryset=Question.objects.published().select_related("category"),
            ),
            Prefetch(
                "related_programs",
                queryset=Program.objects.published()
                .select_related("university")
                .with_dispute_flag(),
            ),
            Prefetch("related_areas", queryset=ResearchArea.objects.order_by("name")),
            Prefetch("related_careers", queryset=CareerPath.objects.published()),
        )


class Question(SlugNaturalKey, Publishable, Ordered, Verified):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="questions")
    question = models.CharField(
        max_length=255, help_text="Phrased the way an applicant would ask it, ending in '?'."
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
        validators=[validate_not_reserved],
        help_text="The question's address, /faqs/<slug>/. Changing it breaks saved links.",
    )
    short_answer = models.CharField(
        max_length=200,
        blank=True,
        help_text="The answer in one sentence, e.g. 'Not necessarily.' Shown first, and "
        "used as the page description for search engines.",
    )
    answer = models.TextField(help_text=MARKDOWN_HELP)
    answer_html = models.TextField(editable=False, blank=True)
    answer_text = models.TextField(
        editable=False, blank=True, help_text="The answer as plain text, for search."
    )
    level = models.CharField(
        "degree level",
        max_length=10,
        choices=Degree,
        default=Degree.ANY,
        help_text="Which applicants the question is for.",
    )
    sources = models.ManyToManyField(
        Source,
        related_name="faq_questions",
        help_text="Where the facts in the answer come from.",
    )
    related_questions = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="referenced_by",
        help_text="Shown as 'Related questions' under the answer.",
    )
    related_programs = models.ManyToManyField(
        Program,
        blank=True,
        related_name="faq_questions",
        help_text="Programs the answer talks about. Unpublished programs are not shown.",
    )
    related_areas = models.ManyToManyField(
        ResearchArea,
        blank=True,
        related_name="faq_questions",
        help_text="Research areas the answer talks about.",
    )
    related_careers = models.ManyToManyField(
        CareerPath,
        blank=True,
        related_name="faq_questions",
        help_text="Careers the answer talks about. Unpublished careers are not shown.",
    )

    objects = SlugNaturalKeyManager.from_queryset(QuestionQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["category__order", "category__name", "order", "question"]
        constraints = [
            models.UniqueConstraint(
                Lower("question"),
                name="faq_question_text_unique",
                violation_error_message="There is already a question with this wording.",
            ),
            models.CheckConstraint(
                condition=Q(level__in=Degree.values),
                name="faq_question_level_valid",
                violation_error_message="Choose a degree level from the list.",
            ),
            # An empty slug has no page: every link to it, and so every list it is on, fails.
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="faq_question_slug_not_empty",
                violation_error_message="Give the question a slug: its address, /faqs/<slug>/.",
            ),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        # Can't raise for a saved question: the slug is never empty (faq_question_slug_not_empty)
        # and the admin form accepts only what <slug:slug> matches.
        return reverse("faqs:detail", kwargs={"slug": self.slug})

    @property
    def anchor(self):
        """The question's id on the FAQ list; prefixed, so no slug clashes with the page's ids."""
        return f"q-{self.slug}"

    def render(self):
        self.answer_html = render_markdown(self.answer)
        self.answer_text = plain_text(self.answer_html)

    @property
    def summary(self):
        """One line for meta descriptions and previews."""
        return self.short_answer or Truncator(self.answer_text).chars(160)

    def schema_entity(self):
        """A schema.org Question with its accepted Answer."""
        return {
            "@type": "Question",
            "name": self.question,
            "acceptedAnswer": {"@type": "Answer", "text": self.answer_html},
        }


class GlossaryTermQuerySet(PublishedQuerySet):
    def linker(self):
        """A GlossaryLinker for the terms that link from answers (one query)."""
        return GlossaryTerm.linker_for(
            self.published()
            .filter(link_in_answers=True)
            .only("term", "slug", "aliases", "link_in_answers")
        )


class GlossaryTerm(SlugNaturalKey, Publishable):
    term = models.CharField(
        max_length=100, unique=True, help_text="As applicants usually write it, e.g. 'PhD'."
    )
    slug = models.SlugField(
        max_length=80, unique=True, help_text="The term's address: /faqs/glossary/#term-<slug>."
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other ways of writing the term, one per line, e.g. 'Doctor of Philosophy'. "
        "Answers link the first mention of the term or of any alias.",
    )
    definition = models.TextField(help_text=MARKDOWN_HELP)
    definition_html = models.TextField(editable=False, blank=True)
    sources = models.ManyToManyField(
        Source, related_name="glossary_terms", help_text="Where the definition comes from."
    )
    link_in_answers = models.BooleanField(
        default=True,
        help_text="Untick for words so common that linking them would be noise.",
    )

    objects = SlugNaturalKeyManager.from_queryset(GlossaryTermQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = [Lower("term")]
        constraints = [
            models.UniqueConstraint(
                Lower("term"),
                name="faq_glossary_term_unique",
                violation_error_message="The glossary already has this term.",
            )
        ]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return f"{reverse('faqs:glossary')}#{self.anchor}"

    def render(self):
        self.definition_html = render_markdown(self.definition)

    @property
    def anchor(self):
        """The term's id on the glossary; prefixed, so no slug clashes with the page's ids."""
        return f"term-{self.slug}"

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def phrases(self):
        return [self.term, *self.alias_list]

    @staticmethod
    def linker_for(terms):
        """A GlossaryLinker for terms already fetched; those not meant to link are left out."""
        return GlossaryLinker(
            (term.phrases, term.get_absolute_url()) for term in terms if term.link_in_answers
        )

    @property
    def initial(self):
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"


@dataclass
class ChecklistGroup:
    kind: str
    label: str
    items: list


@dataclass
class Checklist:
    """The admission checklist for one degree level (built by RequirementQuerySet.checklists)."""

    level: str
    label: str
    groups: list = field(default_factory=list)
    program_rules: list = field(default_factory=list)
    program_rule_count: int = 0
    # Where to read instead when there are no general items: set by checklists().
    programs: list = field(default_factory=list)
    program_count: int = 0
    questions: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"checklist-{self.level}"

    @property
    def noun(self):
        """The level as it reads mid-sentence: "master's", but still "PhD"."""
        rest = self.label[1:]
        return self.label if any(char.isupper() for char in rest) else self.label[:1].lower() + rest


class RequirementQuerySet(PublishedQuerySet):
    def checklists(self):
        """One Checklist per degree level, in a fixed number of queries at any size.

        General items are grouped by kind in the order of Requirement.Kind. Rules of a
        single program are on that program's page; the checklist shows the first
        PROGRAM_RULES_SHOWN of each level, by university, with how many there are.
        """
        general = list(self.published().filter(program__isnull=True).select_related("source"))
        by_level = {"partition_by": F("level")}
        rules = list(
            self.published()
            .filter(program__isnull=False)
            .select_related("source", "program__university")
            .annotate(
                program_disputed=Exists(ProgramFact.objects.disputing(OuterRef("program_id"))),
                position=Window(
                    RowNumber(),
                    order_by=["program__university__name", "program__name", "order", "title"],
                    **by_level,
                ),
                level_total=Window(Count("pk"), **by_level),
            )
            .filter(position__lte=PROGRAM_RULES_SHOWN)
            .order_by("position")
        )
        checklists = []
        for level in LEVELS:
            applicable = [
                item.on_checklist(level.value) for item in general if item.level in level.covers()
            ]
            groups = [
                ChecklistGroup(kind.value, kind.label, [i for i in applicable if i.kind == kind])
                for kind in Requirement.Kind
            ]
            shown = [rule for rule in rules if rule.level == level.value]
            checklists.append(
                Checklist(
                    level=level.value,
                    label=level.label,
                    groups=[group for group in groups if group.items],
                    program_rules=shown,
                    program_rule_count=shown[0].level_total if shown else 0,
                )
            )
        _point_elsewhere([checklist for checklist in checklists if not checklist.groups])
        return checklists

    def of_program(self, program):
        """A program's own rules, for its page."""
        return (
            self.published()
            .filter(program=program)
            .select_related("source")
            .order_by("order", "title")
        )


PROGRAM_RULES_SHOWN = 25
POINTED_PROGRAMS = 20


def _point_elsewhere(checklists):
    """For levels our sources give no general requirements for (none are made up): the
    level's published programs, whose pages say what each asks, and its FAQ questions.

    At most POINTED_PROGRAMS programs a level (the programs page lists them all): two
    queries a level without general items, one for the questions, none when every
    checklist has general items.
    """
    if not checklists:
        return
    levels = [checklist.level for checklist in checklists]
    questions = list(
        Question.objects.published().filter(level__in=levels).only("question", "slug", "level")
    )
    for checklist in checklists:
        programs = (
            Program.objects.published()
            .filter(degree=checklist.level)
            .select_related("university")
            .with_dispute_flag()
            .order_by("university__name", "name", "pk")
        )
        checklist.programs = list(programs[:POINTED_PROGRAMS])
        checklist.program_count = programs.count()
        checklist.questions = [q for q in questions if q.level == checklist.level]


class Requirement(SlugNaturalKey, Ordered, Verified):
    """One item of an admission checklist: general advice, or one program's rule."""

    class Kind(models.TextChoices):
        QUALIFICATIONS = "qualifications", "Academic qualifications"
        GRADES = "grades", "Grades"
        TESTS = "tests", "Admission tests"
        RESEARCH_FIT = "research-fit", "Research fit"
        EXPERIENCE = "experience", "Experience"
        SKILLS = "skills", "Skills"
        APPLICATION = "application", "Application and deadlines"
        NEXT_STEPS = "next-steps", "Next steps"

    class Importance(models.TextChoices):
        REQUIRED = "required", "Required"
        EXPECTED = "expected", "Expected"
        TYPICAL = "typical", "Common among admitted students"
        PREFERRED = "preferred", "Preferred"
        RECOMMENDED = "recommended", "Recommended"
        NOT_REQUIRED = "not-required", "Not required"
        NOT_ACCEPTED = "not-accepted", "Not accepted"

    title = models.CharField(
        max_length=200, help_text="The checklist line, e.g. 'A GPA above 3.5 out of 4.0'."
    )
    slug = models.SlugField(max_length=100, unique=True)
    detail = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    detail_html = models.TextField(editable=False, blank=True)
    kind = models.CharField(max_length=20, choices=Kind)
    importance = models.CharField(max_length=20, choices=Importance)
    level = models.CharField(
        "degree level",
        max_length=10,
        choices=Degree,
        default=Degree.ANY,
        help_text="The checklist it belongs to. “Master's or PhD” shows it on both checklists.",
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="faq_requirements",
        help_text="Only for one program's own rule, e.g. its GRE policy. Leave empty for "
        "advice that applies everywhere.",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="faq_requirements")

    objects = SlugNaturalKeyManager.from_queryset(RequirementQuerySet)()
    history = HistoricalRecords()

    # A program's own rule is hidden with the program; general advice has none.
    published_through = ("program",)

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=Degree.values),
                name="faq_requirement_level_valid",
                violation_error_message="Choose a degree level from the list.",
            ),
            models.CheckConstraint(
                condition=Q(program__isnull=False) | ~Q(importance="not-accepted"),
                name="faq_requirement_not_accepted_has_program",
                violation_error_message="Say which program does not accept it.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.program})" if self.program_id else self.title

    def get_absolute_url(self):
        """A program's rule lives on its page; general items on the checklist."""
        if self.program_id:
            return f"{self.program.get_absolute_url()}#{self.anchor}"
        return f"{reverse('faqs:requirements')}#{self.anchor}"

    def clean(self):
        if self.program_id and self.level != self.program.degree:
            degree = Degree(self.program.degree)
            raise ValidationError(
                {"level": f"{self.program} is a {degree.label} program: choose {degree.label}."}
            )

    def render(self):
        self.detail_html = render_markdown(self.detail)

    @property
    def detail_display(self):
        # Sanitized by render() on every save.
        return mark_safe(self.detail_html)

    @cached_property
    def checklist_level(self):
        """The checklist the item is on: its level's, or the PhD one for an item for any level."""
        return Degree.PHD.value if self.level == Degree.ANY else self.level

    @property
    def anchor(self):
        """The item's id on the requirements page, for the page and every link to it alike."""
        return f"{self.checklist_level}-{self.slug}"

    def on_checklist(self, level):
        """The item as shown on the checklist of `level`: items for any level are on both,
        each copy at its own anchor."""
        if level == self.checklist_level:
            return self
        shown = copy.copy(self)
        shown.checklist_level = level
        return shown


@receiver(pre_save, sender=Question)
@receiver(pre_save, sender=GlossaryTerm)
@receiver(pre_save, sender=Requirement)
def render_on_save(sender, instance, **kwargs):
    """Render Markdown on every save, including loaddata's raw saves, which skip save()."""
    instance.render()
