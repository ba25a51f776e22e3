"""Where each degree leads: career paths, the sectors, employers and skills behind
them, the sourced figures about them, and what each degree demands.

Careers point at programs (sources, research areas, programs); programs never
import careers. A role fits a program when the degrees match and they share a
research area: see CareerPathQuerySet.for_program() and programs_for_career().
"""

from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
    Window,
)
from django.db.models.functions import JSONObject, RowNumber
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.formatting import format_money, format_number
from core.models import (
    LEVELS,
    ONE_DEGREE,
    Degree,
    Ordered,
    Publishable,
    PublishedQuerySet,
    SlugNaturalKey,
    SlugNaturalKeyManager,
    Verified,
)
from core.search import SearchQuerySet
from core.validators import http_url_constraint, validate_http_url
from programs.models import Program, ResearchArea, Source

FIRST_YEAR = 1900
LAST_YEAR = 2100


class Sector(SlugNaturalKey, Ordered):
    """Where the work happens: tech industry, research labs, academia, startups."""

    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="One or two sentences for students.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('careers:list')}?sector={self.slug}"


class Employer(SlugNaturalKey):
    """An organization a source names as a typical employer, shared between roles."""

    class Kind(models.TextChoices):
        RESEARCH_LAB = "research-lab", "AI research lab"
        TECH_COMPANY = "tech-company", "Technology company"
        STARTUP = "startup", "Startup"
        UNIVERSITY = "university", "University"
        OTHER = "other", "Other"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    description = models.CharField(
        max_length=300, blank=True, help_text="A short line in our own words, if needed."
    )
    website = models.URLField(
        blank=True,
        validators=[validate_http_url],
        help_text="The employer's own site, if useful.",
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The source that names this employer.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [http_url_constraint("website", "employer_website_http")]

    def __str__(self):
        return self.name


class SkillQuerySet(models.QuerySet):
    def in_category_order(self):
        """Categories in the order they are declared, not alphabetically."""
        position = models.Case(
            *[
                models.When(category=value, then=models.Value(index))
                for index, value in enumerate(Skill.Category.values)
            ],
            output_field=models.IntegerField(),
        )
        return self.order_by(position, "order", "name")


class Skill(SlugNaturalKey, Ordered):
    """A skill or requirement a source lists, shared between roles."""

    class Category(models.TextChoices):
        PROGRAMMING = "programming", "Programming"
        MATHEMATICS = "mathematics", "Mathematics and statistics"
        MACHINE_LEARNING = "machine-learning", "Machine learning methods"
        RESEARCH = "research", "Research"
        SOFT = "soft", "Soft skills"
        BUSINESS = "business", "Business"

    name = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=20, choices=Category)
    description = models.CharField(
        max_length=300, blank=True, help_text="What it means in practice, in our own words."
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The source that lists this skill.",
    )

    objects = SlugNaturalKeyManager.from_queryset(SkillQuerySet)()

    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('careers:list')}?skill={self.slug}"


class ApplicationField(SlugNaturalKey):
    """A field ML is applied in: healthcare, quantitative finance, climate science..."""

    name = models.CharField(max_length=100, unique=True)
    sources = models.ManyToManyField(
        Source,
        related_name="application_fields",
        help_text="Every source that names this field: roles from different sources share it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CareerPathQuerySet(PublishedQuerySet, SearchQuerySet):
    # Most telling first (see core.search.relevance).
    search_fields = (
        "title",
        "summary",
        "employers__name",
        "skills__name",
        "application_fields__name",
        "work",
    )

    def for_degree(self, degree):
        """Roles open to graduates of `degree`: those needing it, or either degree."""
        return self.filter(degree__in=Degree(degree).covers())

    @staticmethod
    def prepares_for(program):
        """A Q: the role suits graduates of `program`.

        The degree must match (or the role takes either), and the role must
        share a research area with the program, unless it lists none.
        """
        links = CareerPath.research_areas.through.objects.filter(careerpath=OuterRef("pk"))
        shares_area = Exists(links.filter(researcharea__in=program.focus_areas.values("pk")))
        return Q(degree__in=Degree(program.degree).covers()) & (~Exists(links) | shares_area)

    def for_program(self, program):
        """Published roles a program prepares for (see prepares_for)."""
        return self.published().filter(self.prepares_for(program))

    def for_programs(self, programs):
        """Published roles any of `programs` prepares for, each annotated with
        `for_program_<i>` (True when programs[i] prepares for it). One query."""
        fits = {
            f"for_program_{i}": ExpressionWrapper(
                self.prepares_for(program), output_field=models.BooleanField()
            )
            for i, program in enumerate(programs)
        }
        return (
            self.published()
            .annotate(**fits)
            .filter(reduce(or_, (Q(**{name: True}) for name in fits), Q(pk__in=[])))
        )

    def with_headline(self):
        """Prefetch sectors and the headline figure: what a role card shows."""
        return self.prefetch_related(
            "sectors",
            Prefetch(
                "figures",
                queryset=Figure.objects.filter(is_headline=True).select_related("source"),
                to_attr="headline_figures",
            ),
        )

    def for_listing(self):
        return self.with_headline()

    def for_page(self):
        """What a role's page prefetches; CareerPath.load_page() fetches the small lists and
        figures for_detail() would prefetch, in two queries rather than six."""
        return self.select_related("degree_source").prefetch_related(
            Prefetch("employers", queryset=Employer.objects.select_related("source")),
            Prefetch("skills", queryset=Skill.objects.select_related("source")),
        )

    def for_detail(self):
        """Everything a role shows, by prefetch (the API); the page uses for_page()."""
        return self.for_page().prefetch_related(
            "sectors",
            Prefetch(
                "application_fields",
                queryset=ApplicationField.objects.prefetch_related("sources"),
            ),
            "research_areas",
            "sources",
            Prefetch("figures", queryset=Figure.objects.select_related("source")),
        )


class CareerPath(SlugNaturalKey, Publishable, Ordered):
    """A role or career track a graduate degree in ML leads to."""

    title = models.CharField(max_length=120, unique=True)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in lists, in our own words."
    )
    work = models.TextField(
        "what the work is",
        help_text="What people in this role do day to day, in our own words. "
        "Separate paragraphs with a blank line.",
    )
    degree = models.CharField(
        "degree typically needed",
        max_length=10,
        choices=Degree,
        help_text="Roles needing either degree are shown to both master's and PhD students.",
    )
    degree_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why this degree, or where sources disagree about it.",
    )
    degree_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The source for the degree this role needs.",
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="careers")
    employers = models.ManyToManyField(
        Employer, blank=True, related_name="careers", help_text="Typical employers a source names."
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="careers")
    application_fields = models.ManyToManyField(
        ApplicationField, blank=True, related_name="careers"
    )
    research_areas = models.ManyToManyField(
        ResearchArea,
        blank=True,
        related_name="careers",
        help_text="Programs focusing on any of these areas are shown as leading here. "
        "Leave empty when any program of the right degree prepares for the role.",
    )
    sources = models.ManyToManyField(
        Source,
        related_name="careers",
        help_text="Where the description of this role comes from.",
    )

    objects = SlugNaturalKeyManager.from_queryset(CareerPathQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "career path"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("careers:detail", kwargs={"slug": self.slug})

    @property
    def program_degrees(self):
        """The degrees of programs that can lead to this role: both for ANY."""
        return Degree(self.degree).levels()

    @property
    def headline_figure(self):
        """The figure shown on cards; uses the with_headline() prefetch when present."""
        figures = getattr(self, "headline_figures", None)
        if figures is None:
            figures = list(self.figures.filter(is_headline=True).select_related("source"))
        return figures[0] if figures else None

    @property
    def work_paragraphs(self):
        return [part.strip() for part in self.work.split("\n\n") if part.strip()]

    @property
    def research_areas_phrase(self):
        """'Robotics, Deep learning or Computer vision', from prefetched areas."""
        names = [area.name for area in self.research_areas.all()]
        if len(names) < 2:
            return "".join(names)
        return f"{', '.join(names[:-1])} or {names[-1]}"

    def skills_by_category(self):
        """[(category label, [skills])] in category order, from prefetched skills."""
        groups = {}
        for skill in self.skills.all():
            groups.setdefault(skill.category, []).append(skill)
        return [
            (label, groups[value]) for value, label in Skill.Category.choices if value in groups
        ]

    def leading_programs(self):
        """Published programs that prepare for this role, with their ranks prefetched."""
        if not hasattr(self, "_leading_programs"):
            self._leading_programs = list(programs_for_career(self))
        return self._leading_programs

    def general_figures(self):
        """Figures about graduates of this role's degree in general, not this role."""
        return Figure.objects.published().general().for_degrees(self.program_degrees)

    # Small tables whose rows a role's page shows as they are.
    PAGE_LISTS = ("sectors", "application_fields", "research_areas", "sources")

    def load_page(self):
        """Fetch what the page shows beyond for_page(): PAGE_LISTS in one query, the
        application fields' sources, and the role's figures with general_figures() in one
        more. Sets the prefetches the template reads; returns the general figures."""
        prefetch_lists(self, self.PAGE_LISTS)
        models.prefetch_related_objects(list(self.application_fields.all()), "sources")
        general = self.general_figures().order_by().values("pk")
        figures = Figure.objects.published().filter(Q(career=self) | Q(pk__in=general))
        figures = list(figures.select_related("source", "career").order_by("order", "label"))
        own = [figure for figure in figures if figure.career_id == self.pk]
        _set_prefetched(self, "figures", own)
        return [figure for figure in figures if figure.career_id is None]


def _set_prefetched(instance, name, objects):
    """Make instance.<name>.all() return `objects` with no query, as prefetch_related does."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def prefetch_lists(instance, names):
    """Prefetch `instance`'s many-to-many relations `names` in one query, not one each: a
    UNION ALL of their link tables, each linked row as JSON, numbered in the target's
    Meta.ordering. For small targets whose fields JSON carries exactly (no decimals)."""
    parts = []
    for name in names:
        field = instance._meta.get_field(name)
        target, link = field.related_model, field.m2m_reverse_field_name()
        ordering = [
            F(f"{link}__{term.lstrip('-')}").desc()
            if term.startswith("-")
            else F(f"{link}__{term}").asc()
            for term in [*target._meta.ordering, "pk"]
        ]
        columns = {f.attname: F(f"{link}__{f.attname}") for f in target._meta.concrete_fields}
        parts.append(
            field.remote_field.through.objects.filter(**{field.m2m_field_name(): instance.pk})
            .annotate(
                list_name=Value(name),
                position=Window(RowNumber(), order_by=ordering),
                row=JSONObject(**columns),
            )
            .order_by()
            .values_list("list_name", "position", "row")
        )
    found = {name: [] for name in names}
    for name, _, row in sorted(parts[0].union(*parts[1:], all=True), key=lambda r: r[:2]):
        target = instance._meta.get_field(name).related_model
        fields = target._meta.concrete_fields
        found[name].append(
            target.from_db(
                instance._state.db,
                [f.attname for f in fields],
                [f.to_python(row[f.attname]) for f in fields],
            )
        )
    for name, objects in found.items():
        _set_prefetched(instance, name, objects)


def programs_for_career(career):
    """Published programs leading to `career`: the reverse of for_program().

    In the programs list's default order (best-ranked first on each criterion the
    published tables use, in turn, then the rest by university), read from the stored
    positions. Uses the career's prefetched research areas when present.
    """
    area_ids = [area.pk for area in career.research_areas.all()]
    programs = (
        Program.objects.published()
        .filter(degree__in=career.program_degrees)
        .select_related("university")
        .with_ranks()
        .with_dispute_flag()
        .defer("search_document", "search_words", "search_vector")  # no row shows them
    )
    if area_ids:
        programs = programs.filter(
            Exists(
                Program.focus_areas.through.objects.filter(
                    program=OuterRef("pk"), researcharea__in=area_ids
                )
            )
        )
    return programs.in_default_order()


class FigureQuerySet(PublishedQuerySet):
    def general(self):
        """Figures about a degree's graduates as a whole, not about one role."""
        return self.filter(career__isnull=True)

    def key(self):
        """Published key figures (those of unpublished roles are left out)."""
        return self.published().filter(is_key=True).select_related("source", "career")

    def for_degrees(self, degrees):
        """Figures about any of `degrees`, or about graduates of either degree."""
        return (
            self.filter(degree__in=[*degrees, Degree.ANY])
            .select_related("source", "career")
            .order_by("order", "label")
        )


class Figure(SlugNaturalKey, Ordered, Verified):
    """One sourced number: a salary, a share of graduates, a growth rate, a count.

    Attached to a role, or (with no role) to the graduates of a degree in general.
    """

    class Kind(models.TextChoices):
        SALARY = "salary", "Salary or pay"
        SHARE = "share", "Share of graduates"
        GROWTH = "growth", "Growth"
        COUNT = "count", "Count"

    class Unit(models.TextChoices):
        USD = "usd", "US dollars"
        PERCENT = "percent", "percent"
        NUMBER = "number", "number"

    class Qualifier(models.TextChoices):
        ABOUT = "about", "about"
        MORE_THAN = "more-than", "more than"
        UP_TO = "up-to", "up to"

    class YearBasis(models.TextChoices):
        DATA = "data", "Year the figure describes"
        PUBLISHED = "published", "Year the source was published (it gives no year)"
        RETRIEVED = "retrieved", "Year we read the source (it is undated)"

    career = models.ForeignKey(
        CareerPath,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name="career path",
        help_text="Leave empty for a figure about a degree's graduates in general.",
    )
    degree = models.CharField(
        max_length=10,
        choices=Degree,
        default=Degree.ANY,
        help_text="The degree the figure is about: “Master's or PhD” for graduates of either, "
        "or when it is about no degree in particular.",
    )
    label = models.CharField(
        max_length=150, help_text="What is measured, e.g. 'Median starting salary'."
    )
    kind = models.CharField(max_length=10, choices=Kind)
    value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="The number alone: 140000 for $140,000, 80 for 80%.",
    )
    unit = models.CharField(
        max_length=10,
        choices=Unit,
        help_text="Salaries in US dollars; shares and growth in percent; counts as numbers.",
    )
    qualifier = models.CharField(
        max_length=10,
        choices=Qualifier,
        blank=True,
        help_text="How the source hedges the number ('about', 'over'); empty when it is exact.",
    )
    scope = models.CharField(
        max_length=120,
        blank=True,
        help_text="Where or whom it covers, e.g. 'worldwide' or 'in tech hubs'.",
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text="The year the figure refers to.",
    )
    year_basis = models.CharField(
        max_length=10,
        choices=YearBasis,
        default=YearBasis.DATA,
        help_text="Use the source's publication year, or the year we read it, only when "
        "the source gives no year for the figure; the page says so.",
    )
    period = models.CharField(
        max_length=40,
        blank=True,
        help_text="The period as published, if more precise than a year: 'May 2022', '2022–32'.",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="career_figures")
    note = models.CharField(
        max_length=300, blank=True, help_text="Context a reader needs, in our own words."
    )
    is_key = models.BooleanField(
        "key figure", default=False, help_text="Shown at the top of the careers page."
    )
    is_headline = models.BooleanField(
        "headline",
        default=False,
        help_text="Shown with the role in lists and on program pages; one per role.",
    )

    objects = SlugNaturalKeyManager.from_queryset(FigureQuerySet)()
    history = HistoricalRecords()

    # A role's figures are hidden with the role; general figures have none.
    published_through = ("career",)

    class Meta:
        ordering = ["order", "label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="careers_figure_year_in_range",
                violation_error_message=f"The year must be between {FIRST_YEAR} and {LAST_YEAR}.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="salary") | Q(value__gt=0),
                name="careers_figure_salary_positive",
                violation_error_message="A salary must be more than zero.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="share") | Q(value__gte=0, value__lte=100),
                name="careers_figure_share_percentage",
                # Constraint messages are %-formatted: %% is a literal percent sign.
                violation_error_message="A share of graduates must be between 0%% and 100%%.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="growth") | Q(value__gte=-100),
                name="careers_figure_growth_above_minus_100",
                violation_error_message="Growth can't be below -100%%.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="count") | Q(value__gte=0),
                name="careers_figure_count_not_negative",
                violation_error_message="A count can't be negative.",
            ),
            models.CheckConstraint(
                condition=Q(kind="salary", unit="usd")
                | Q(kind__in=["share", "growth"], unit="percent")
                | Q(kind="count", unit="number"),
                name="careers_figure_unit_fits_kind",
                violation_error_message=(
                    "Give salaries in US dollars, shares and growth in percent, "
                    "and counts as numbers."
                ),
            ),
            models.UniqueConstraint(
                fields=["career"],
                condition=Q(is_headline=True),
                name="careers_figure_one_headline_per_role",
                violation_error_message="This role already has a headline figure.",
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.display_value}"

    def get_absolute_url(self):
        if self.career_id:
            return self.career.get_absolute_url()
        return reverse("careers:list")

    def clean(self):
        # Field-specific messages for editors; the constraints above still guard the data.
        errors = {}
        if self.value is not None and self.kind:
            if self.kind == self.Kind.SALARY and self.value <= 0:
                errors["value"] = "A salary must be more than zero."
            elif self.kind == self.Kind.SHARE and not 0 <= self.value <= 100:
                errors["value"] = "A share of graduates must be between 0 and 100 (percent)."
            elif self.kind == self.Kind.GROWTH and self.value < -100:
                errors["value"] = "Growth can't be below -100%."
            elif self.kind == self.Kind.COUNT and self.value < 0:
                errors["value"] = "A count can't be negative."
        expected_unit = {
            self.Kind.SALARY: self.Unit.USD,
            self.Kind.SHARE: self.Unit.PERCENT,
            self.Kind.GROWTH: self.Unit.PERCENT,
            self.Kind.COUNT: self.Unit.NUMBER,
        }.get(self.kind)
        if expected_unit and self.unit and self.unit != expected_unit:
            unit_label = self.Unit(expected_unit).label
            errors["unit"] = f"Give this kind of figure in {unit_label}."
        if self.is_headline and not self.career_id:
            errors["is_headline"] = "Only a figure about a role can be its headline."
        if errors:
            raise ValidationError(errors)

    @property
    def number_display(self):
        """The value for people: '$140,000', '80%', '10,000'."""
        if self.unit == self.Unit.USD:
            return format_money(self.value, "USD")
        number = format_number(self.value)
        if self.unit == self.Unit.PERCENT:
            return f"{number}%"
        return number

    @property
    def display_value(self):
        """The value with its hedge: 'about $140,000', 'more than 10,000'."""
        if self.qualifier:
            return f"{self.get_qualifier_display()} {self.number_display}"
        return self.number_display

    @property
    def when(self):
        """'2022–32', 'May 2022', or the year and where it comes from when the source
        gives none: 'undated; read in 2026'."""
        if self.period:
            return self.period
        if self.year_basis == self.YearBasis.PUBLISHED:
            return f"published {self.year}; no date given for the figure"
        if self.year_basis == self.YearBasis.RETRIEVED:
            return f"undated; read in {self.year}"
        return str(self.year)


class DegreeDemandManager(SlugNaturalKeyManager):
    def get_queryset(self):
        return super().get_queryset().select_related("source")


class DegreeDemand(SlugNaturalKey, Ordered):
    """Something a degree asks of a student: a quality, an admission bar, time."""

    class Kind(models.TextChoices):
        QUALITY = "quality", "Personal qualities"
        ADMISSION = "admission", "To get in"
        STUDY = "study", "What you study"
        TIME = "time", "Time"

    degree = models.CharField(max_length=10, choices=Degree.level_choices())
    kind = models.CharField(max_length=10, choices=Kind)
    title = models.CharField(max_length=120, help_text="A few words, e.g. 'Resilience'.")
    description = models.CharField(max_length=400, help_text="One sentence in our own words.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="degree_demands")

    objects = DegreeDemandManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["degree", "order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=ONE_DEGREE,
                name="careers_degree_demand_one_level",
                violation_error_message="A demand is of the PhD or of the master's.",
            ),
            models.UniqueConstraint(
                fields=["degree", "title"],
                name="careers_degree_demand_unique_title",
                violation_error_message="This degree already lists a demand with that title.",
            ),
        ]

    def __str__(self):
        return f"{self.get_degree_display()}: {self.title}"

    def get_absolute_url(self):
        return reverse("careers:phd-vs-masters")


class DegreeColumn:
    """One side of the PhD-versus-master's comparison, built by degree_comparison()."""

    def __init__(self, degree, roles, figures, demands):
        self.degree = degree
        self.label = Degree(degree).label
        self.roles = roles
        self.figures = figures
        self.demands = demands
        self.sectors = _unique(sector for role in roles for sector in role.sectors.all())
        list_url = reverse("careers:list")
        self.sector_links = [
            (sector, f"{list_url}?{urlencode({'degree': degree, 'sector': sector.slug})}")
            for sector in self.sectors
        ]
        self.fields = _unique(field for role in roles for field in role.application_fields.all())

    @property
    def exclusive_roles(self):
        return [role for role in self.roles if role.degree == self.degree]

    @property
    def shared_roles(self):
        return [role for role in self.roles if role.degree == Degree.ANY]

    def demands_by_kind(self):
        groups = {}
        for demand in self.demands:
            groups.setdefault(demand.kind, []).append(demand)
        return [
            (label, groups[value]) for value, label in DegreeDemand.Kind.choices if value in groups
        ]


def _unique(items):
    seen = {}
    for item in items:
        seen.setdefault(item.pk, item)
    return sorted(seen.values(), key=lambda item: (getattr(item, "order", 0), item.name))


def degree_comparison():
    """[PhD column, master's column], from a fixed number of queries."""
    roles = list(
        CareerPath.objects.published().with_headline().prefetch_related("application_fields")
    )
    figures = list(
        Figure.objects.published().general().select_related("source").order_by("order", "label")
    )
    demands = list(DegreeDemand.objects.all())
    columns = []
    for degree in LEVELS:
        columns.append(
            DegreeColumn(
                degree,
                roles=[role for role in roles if degree in role.program_degrees],
                figures=[f for f in figures if f.degree in degree.covers()],
                demands=[d for d in demands if d.degree == degree],
            )
        )
    return columns
