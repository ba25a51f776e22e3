"""Universities, their ML graduate programs, research areas, and published rankings.

Every fact shown to students points at a Source. Rankings are data: a published
table (Ranking) ranks programs on one or more criteria (RankingCriterion) through
RankingEntry rows, so a new edition or publisher is added in the admin, not in code.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections, models, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Coalesce,
    DenseRank,
    ExtractDay,
    ExtractMonth,
    Lower,
    Mod,
    NullIf,
    RowNumber,
)
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from core.formatting import format_money, format_number
from core.models import (
    ONE_DEGREE,
    Degree,
    Ordered,
    Publishable,
    PublishedQuerySet,
    Searchable,
    SlugNaturalKey,
    SlugNaturalKeyManager,
    Verified,
    published_q,
)
from core.search import SearchQuerySet
from core.validators import http_url_constraint, validate_http_url


class Source(SlugNaturalKey):
    """Where a fact came from: a ranking table, an article, an official page."""

    class Kind(models.TextChoices):
        RANKING = "ranking", "Ranking table"
        ARTICLE = "article", "Article"
        OFFICIAL = "official", "Official university page"
        GOVERNMENT = "government", "Government statistics"
        SECONDARY = "secondary", "Secondary source"

    title = models.CharField(max_length=200)
    publisher = models.CharField(
        max_length=120, blank=True, help_text="Who published it, e.g. 'Towards AI Team'."
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ARTICLE)
    url = models.URLField(
        "address",
        blank=True,
        validators=[validate_http_url],
        help_text="Leave empty when the source has no stable public address.",
    )
    published = models.CharField(
        max_length=40, blank=True, help_text="When it was published, as precisely as known."
    )
    caveat = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shown next to every fact from this source, e.g. 'older requirements: may be dated'.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [http_url_constraint("url", "source_url_http")]

    def __str__(self):
        return f"{self.title} ({self.publisher})" if self.publisher else self.title


class Region(models.TextChoices):
    EAST_COAST = "east-coast", "East Coast"
    MIDWEST = "midwest", "Mid-West"
    SOUTH = "south", "South"
    WEST_COAST = "west-coast", "West Coast"


def _shown_ranks(ranking=None, to_attr="rank_rows", **match):
    """Prefetch a program's ShownRank rows (latest editions, or one table) as `to_attr`."""
    rows = (
        ShownRank.objects.of_scope(ranking)
        .filter(**match)
        .select_related("entry__ranking", "entry__program", "entry__criterion")
        # A rank shows its program's name, never its (long) search document.
        .defer(
            "entry__program__search_document",
            "entry__program__search_words",
            "entry__program__search_vector",
        )
        # Readers pick the best row themselves; Meta.ordering would join three tables.
        .order_by()
    )
    return Prefetch("shown_ranks", queryset=rows, to_attr=to_attr)


def _attribute_rows():
    """Prefetch a program's typed values as `attribute_rows`, in page order."""
    rows = ProgramAttribute.objects.in_page_order()
    return Prefetch("attributes", queryset=rows, to_attr="attribute_rows")


def card_prefetches(ranking=None):
    """What a program card reads besides its row (for_cards()): its research areas, its
    ranks (of the latest editions, or of `ranking`) and its typed values."""
    return ["focus_areas", _shown_ranks(ranking), _attribute_rows()]


class RankCell:
    """A rank as a page shows it: the entry behind it, whose table and edition it is, and
    whether it is the university's rank from another of its programs' listings."""

    def __init__(self, entry, is_university_rank=False):
        self.entry = entry
        self.rank = entry.rank
        self.ranking = entry.ranking
        self.is_university_rank = is_university_rank

    @property
    def listing(self):
        """The program the rank was printed for, as the table printed it."""
        return self.entry.published_name or self.entry.program.name


def _best(rows):
    """The best of ShownRank rows, as a RankCell, or None."""
    row = min(rows, key=lambda row: (row.rank, row.entry_id), default=None)
    return RankCell(row.entry, row.is_university_rank) if row else None


class RankedMixin:
    """best_rank() over a rank_cell() that subclasses define."""

    def best_rank(self, criterion):
        cell = self.rank_cell(criterion)
        return cell.rank if cell else None


class UniversityQuerySet(PublishedQuerySet):
    def with_program_counts(self):
        """Annotate program_count, phd_count and masters_count: published programs only.

        A subquery per count, not a GROUP BY over every program: a page of 50
        universities counts their programs through the university index, not all
        10,000 before the first row."""

        def count(**degree):
            programs = (
                Program.objects.published()
                .filter(university=OuterRef("pk"), **degree)
                .order_by()
                .values("university")
                .annotate(count=Count("pk"))
                .values("count")
            )
            return Coalesce(Subquery(programs, output_field=models.IntegerField()), 0)

        return self.annotate(
            program_count=count(),
            phd_count=count(degree=Degree.PHD),
            masters_count=count(degree=Degree.MASTERS),
        )

    def with_best_ranks(self):
        """Prefetch what rank_cell() reads (best_rank_prefetches())."""
        return self.prefetch_related(*best_rank_prefetches())


def best_rank_prefetches():
    """What a university's rank_cell() reads: the ranks its published programs hold
    themselves in the latest editions (two queries)."""
    programs = (
        Program.objects.published()
        .prefetch_related(_shown_ranks(is_university_rank=False))
        # What is read of them here: their ranks, and (the API) their slugs.
        .only("university_id", "slug")
    )
    return [Prefetch("programs", queryset=programs)]


class University(RankedMixin, SlugNaturalKey, Publishable):
    name = models.CharField(max_length=150, unique=True)
    short_name = models.CharField(max_length=40, help_text="Used in tables, e.g. 'CMU'.")
    city = models.CharField(max_length=80)
    state = models.CharField(max_length=2, help_text="Two-letter US state code, e.g. 'PA'.")
    country = models.CharField(max_length=80, default="United States")
    region = models.CharField(max_length=20, choices=Region)
    website = models.URLField(blank=True, validators=[validate_http_url])
    summary = models.TextField(blank=True, help_text="A few sentences in our own words.")
    location_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where the city and state come from.",
    )

    objects = SlugNaturalKeyManager.from_queryset(UniversityQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "universities"
        constraints = [http_url_constraint("website", "university_website_http")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:university-detail", kwargs={"slug": self.slug})

    def clean(self):
        self.state = self.state.upper()

    @property
    def location(self):
        return f"{self.city}, {self.state}"

    def rank_cell(self, criterion):
        """Its best rank on `criterion` from its programs' own listings, or None.
        Reads with_best_ranks()'s prefetch."""
        return _best(
            row
            for program in self.programs.all()
            for row in program.rank_rows
            if row.criterion_id == criterion.pk
        )


class ResearchAreaQuerySet(models.QuerySet):
    def program_counts(self):
        """{area id: how many published programs list it}, in one query."""
        links = Program.focus_areas.through.objects.filter(published_q(Program, "program__"))
        return dict(
            links.values("researcharea_id")
            .annotate(count=Count("program_id"))
            .values_list("researcharea_id", "count")
        )

    def recount(self):
        """Store every area's program_count afresh (programs.signals calls this once per
        transaction that may change one). Writes only the counts that changed."""
        counts = self.program_counts()
        changed = []
        for area in self.model.objects.only("program_count"):
            if area.program_count != counts.get(area.pk, 0):
                area.program_count = counts.get(area.pk, 0)
                changed.append(area)
        self.model.objects.bulk_update(changed, ["program_count"])
        return len(changed)


class ResearchArea(SlugNaturalKey):
    """A research area shared between programs: a focus area or a frontier topic."""

    name = models.CharField(max_length=100, unique=True)
    summary = models.TextField(blank=True)
    is_frontier = models.BooleanField(
        "frontier topic",
        default=False,
        help_text="Listed by a source as one of the hottest research topics right now.",
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where the summary or the frontier status comes from.",
    )
    # Derived, never edited: the filter shows it beside every area on every list page,
    # and counting the links there took longer than the rest of the page at 10,000 programs.
    program_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="How many published programs list the area. Kept right automatically.",
    )

    objects = SlugNaturalKeyManager.from_queryset(ResearchAreaQuerySet)()

    history = HistoricalRecords(excluded_fields=["program_count"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('programs:list')}?area={self.slug}"


# A key for PostgreSQL's advisory lock around Program.objects.renumber().
RENUMBER_LOCK = 0x6772_6164  # "grad"

# Programs equal on a sort's key fall back to these, so every database orders (and pages)
# alike.
TIES = (Lower("name"), "university__name", "pk")


class ProgramQuerySet(PublishedQuerySet, SearchQuerySet):
    # Most telling first (see core.search.relevance).
    search_fields = (
        "name",
        "degree",
        "university__name",
        "university__short_name",
        "focus_areas__name",
        "department",
        "university__city",
        "university__state",
        "location",
        "tracks",
        "core_courses",
        "description",
        "facts__statement",
    )

    def with_ranks(self, ranking=None):
        """Prefetch what rank_cell() reads: the program's ShownRank rows, of the latest
        editions or of `ranking` only. One query for any number of programs."""
        return self.select_related("university").prefetch_related(_shown_ranks(ranking))

    def shown_rank(self, criterion, ranking=None):
        """An expression: the rank pages show on `criterion` (see Program.rank_cell()).
        An index lookup per program in ShownRank, which holds it worked out."""
        rows = ShownRank.objects.of_scope(ranking).filter(
            program=OuterRef("pk"), criterion=criterion
        )
        # One row at most (the unique constraints); Meta.ordering would add three joins
        # to a subquery run for every program.
        return Subquery(rows.order_by().values("rank")[:1])

    def rank_ordering(self, criteria, ranking=None):
        """Order-by terms: the shown rank on each criterion in turn, unranked last."""
        return [self.shown_rank(c, ranking).asc(nulls_last=True) for c in criteria]

    def rank_order(self, criteria, ranking=None):
        """Order-by terms: best-ranked first on each of `criteria` in turn (in `ranking`, if
        given), then by university, name and id."""
        return [*self.rank_ordering(criteria, ranking), "university__name", "name", "pk"]

    def default_ordering(self):
        """The list's default order, as order-by terms: rank_order() on the criteria in use,
        in their order. listing_position stores it."""
        return self.rank_order(RankingCriterion.objects.in_use())

    def in_default_order(self, *before):
        """Ordered as default_ordering() (after any terms `before`), read from the stored
        positions: an index, not a subquery per program."""
        return self.in_stored_order("listing_position", *before)

    # Program fields that store a place in an order (see stored_order()); the last three
    # follow admissions values (VALUE_POSITION says which).
    POSITIONS = ("listing_position", "deadline_position", "cost_position", "duration_position")

    def stored_order(self, position):
        """The order-by terms whose places `position` (one of POSITIONS) stores: the
        default order, or a typed value's sort key (unknown last), then TIES."""
        if position == "listing_position":
            return self.default_ordering()
        key = {
            "deadline_position": self.deadline_key,
            "cost_position": self.cost_key,
            "duration_position": self.duration_key,
        }[position]()
        return [key.asc(nulls_last=True), *TIES]

    def in_stored_order(self, position, *before):
        """Ordered as stored_order(position), after any terms `before`, by the stored field."""
        return self.order_by(*before, position, "pk")

    def renumber(self, positions=POSITIONS):
        """Store every program's place in each stored_order() as its position field,
        writing only the rows whose place changed. One statement per order, run by the
        database."""
        connection = connections[self.db]
        quote = connection.ops.quote_name
        table, pk = quote(self.model._meta.db_table), quote(self.model._meta.pk.column)
        with transaction.atomic(using=self.db), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # One renumbering at a time: the next one starts once this one commits,
                # and so reads its positions (SQLite writes one transaction at a time).
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RENUMBER_LOCK])
            for position in positions:
                ranked = (
                    self.model._base_manager.annotate(
                        ranked_id=F("pk"),
                        place=Window(RowNumber(), order_by=self.stored_order(position)),
                    )
                    .order_by()
                    .values("ranked_id", "place")
                )
                sql, params = ranked.query.sql_with_params()
                column = quote(position)
                cursor.execute(
                    f"UPDATE {table} SET {column} = ranked.place FROM ({sql}) ranked"
                    f" WHERE {table}.{pk} = ranked.ranked_id"
                    f" AND {table}.{column} <> ranked.place",
                    params,
                )

    def in_top(self, criterion, top, ranking=None):
        """Shown `top` or better on `criterion` (in `ranking` if given)."""
        return self.alias(top_rank=self.shown_rank(criterion, ranking)).filter(top_rank__lte=top)

    def in_ranking(self, ranking):
        # IN, not a correlated EXISTS: SQLite ran that through the (ranking, ...) index
        # once per program (seconds at 10,000 programs); this reads the table's rows once.
        return self.filter(pk__in=RankingEntry.objects.filter(ranking=ranking).values("program_id"))

    def listed_as(self, university, printed):
        """The university's programs a ranking table means by `printed`: our slug or name
        for one program, else the programs an earlier table printed under that name
        (case and surrounding spaces ignored). Used to import a new edition."""
        printed = printed.strip()
        if not printed:
            return self.none()  # a blank cell names no program (not every unnamed listing)
        own = self.filter(university=university)
        exact = own.filter(Q(slug__iexact=printed) | Q(name__iexact=printed))
        if exact.exists():
            return exact
        earlier = RankingEntry.objects.filter(
            program__university=university, published_name__iexact=printed
        )
        return own.filter(pk__in=earlier.values("program"))

    @staticmethod
    def _is_disputed():
        """An expression: a source contradicts how another lists the program."""
        return Exists(ProgramFact.objects.disputing(OuterRef("pk")))

    def disputed(self):
        """Programs a source contradicts how another lists them."""
        return self.filter(self._is_disputed())

    def with_dispute_flag(self):
        """Annotate is_disputed: a source contradicts how another lists the program."""
        return self.annotate(is_disputed=self._is_disputed())

    def for_cards(self, ranking=None):
        """A program card's row: its university, the disputed flag, and `ranks_from`, the
        table its ranks come from (the table's pk; 0 for the latest editions), by which a
        card is kept (programs.views.keep_cards() adds what cards not kept read)."""
        return (
            self.select_related("university")
            .annotate(ranks_from=models.Value(ranking.pk if ranking else 0))
            .with_dispute_flag()
            .defer("search_document", "search_words", "search_vector")  # no card shows them
        )

    def for_listing(self, ranking=None):
        """Everything a program card shows, prefetched: for tables, exports and the API."""
        return self.for_cards(ranking).prefetch_related(*card_prefetches(ranking))

    def with_attributes(self):
        """Prefetch the typed values as `attribute_rows`, in page order (one query)."""
        return self.prefetch_related(_attribute_rows())

    # Filters on the typed values: a program matches when any source's value does.

    def _having(self, attribute, **value):
        return self.filter(Exists(ProgramAttribute.objects.of(attribute, **value)))

    def funded(self):
        """Guaranteed or usually funded."""
        return self._having(Attribute.FUNDING, funding__in=ProgramAttribute.FUNDED)

    def gre_not_required(self):
        return self._having(Attribute.GRE, test_policy__in=ProgramAttribute.GRE_NOT_REQUIRED)

    def deadline_on_or_after(self, day):
        """Final deadline on or after `day` (any cycle we hold)."""
        return self._having(Attribute.DEADLINE, date__gte=day)

    def costing_up_to(self, amount):
        """Tuition of at most `amount` US dollars a year (see with_yearly_cost)."""
        tuition = ProgramAttribute.objects.of(Attribute.TUITION, currency="USD").with_yearly_cost()
        return self.filter(Exists(tuition.filter(yearly_cost__lte=amount)))

    def in_format(self, choice):
        """Taught `choice` (a FORMAT_FILTERS key): "either" rows match both sides."""
        field, value, either = FORMAT_FILTERS[choice][1:]
        return self._having(Attribute.FORMAT, **{f"{field}__in": [value, either]})

    def on_pathway(self, pathway):
        return self._having(Attribute.PATHWAY, pathway=pathway)

    # Sort keys on the typed values, as expressions (unknown is NULL: order it last). Each
    # reads the value pages show first (SHOWN_FIRST), so a card and its place agree.

    def _shown(self, attribute, expression, rows=None):
        rows = ProgramAttribute.objects.of(attribute) if rows is None else rows
        rows = rows.annotate(key=expression)
        return Subquery(rows.order_by(*SHOWN_FIRST).values("key")[:1])

    def deadline_key(self):
        """Where the final deadline falls in the application season (September first),
        so deadlines of different cycles compare."""
        month = ExtractMonth("date")
        return self._shown(Attribute.DEADLINE, Mod(month + 3, 12) * 100 + ExtractDay("date"))

    def cost_key(self):
        """The yearly tuition (see ProgramAttributeQuerySet.with_yearly_cost)."""
        tuition = ProgramAttribute.objects.of(Attribute.TUITION).with_yearly_cost()
        return self._shown(Attribute.TUITION, F("yearly_cost"), tuition)

    def duration_key(self):
        """The shortest duration, in months."""
        months = Case(
            When(duration_unit=ProgramAttribute.DurationUnit.YEARS, then=F("duration_min") * 12),
            default=F("duration_min"),
            output_field=models.IntegerField(),
        )
        return self._shown(Attribute.DURATION, months)


class Program(RankedMixin, SlugNaturalKey, Publishable, Verified, Searchable):
    class Kind(models.TextChoices):
        DEDICATED_ML = "dedicated-ml", "Dedicated machine learning program"
        CS_ML = "cs-ml", "Computer science / EECS with an ML focus"
        DATA_SCIENCE = "data-science", "Data science"
        INTERDISCIPLINARY = "interdisciplinary", "Interdisciplinary (computation, optimization)"

    university = models.ForeignKey(University, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(
        max_length=200, help_text="The degree's name, e.g. 'PhD in Machine Learning'."
    )
    slug = models.SlugField(max_length=120, unique=True)
    degree = models.CharField(max_length=10, choices=Degree.level_choices())
    kind = models.CharField(max_length=20, choices=Kind)
    department = models.CharField(max_length=200, blank=True)
    location = models.CharField(
        max_length=120, blank=True, help_text="Where classes are held, if not the main campus."
    )
    core_courses = models.TextField(blank=True, help_text="One course per line.")
    tracks = models.TextField(blank=True, help_text="One track per line.")
    focus_areas = models.ManyToManyField(ResearchArea, blank=True, related_name="programs")
    areas_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=(
            "Where the research areas come from, e.g. the department's list of research "
            "areas; empty means the listing source."
        ),
    )
    description = models.TextField(blank=True, help_text="A few sentences in our own words.")
    official_url = models.URLField("official page", blank=True, validators=[validate_http_url])
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="programs",
        help_text="Where the program's name and listing come from.",
    )
    details_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=(
            "Where the department, location, courses and tracks come from, "
            "when that is not the listing source."
        ),
    )

    # Derived, like the search document: the program's place in the list's default order
    # (ProgramQuerySet.default_ordering()), so that the list's first page is a walk down
    # an index instead of a sort of every program by subqueries. renumber() keeps it right
    # whenever ranks or names change (it runs with every ShownRank rebuild).
    listing_position = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    # The same for the sorts by a typed value (ProgramQuerySet.stored_order()), which read
    # the value pages show first through a subquery per program; renumber() also runs
    # whenever an admissions value changes.
    deadline_position = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    cost_position = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    duration_position = models.PositiveIntegerField(default=0, editable=False, db_index=True)

    objects = SlugNaturalKeyManager.from_queryset(ProgramQuerySet)()
    # Every editor's change, kept: the admin's history and the changes feed read it. The
    # search document and the positions are derived (and written after the save), so
    # history leaves them out.
    history = HistoricalRecords(
        excluded_fields=[
            "search_document",
            "search_words",
            "search_vector",
            *ProgramQuerySet.POSITIONS,
        ]
    )

    # A program of an unpublished university is hidden with it.
    published_through = ("university",)

    class Meta:
        ordering = ["university__name", "-degree", "name"]
        constraints = [
            models.CheckConstraint(
                condition=ONE_DEGREE,
                name="program_degree_is_one_level",
                violation_error_message="A program is either a PhD or a master's.",
            ),
            http_url_constraint("official_url", "program_official_url_http"),
        ]

    def __str__(self):
        return f"{self.name} — {self.university.short_name}"

    def get_absolute_url(self):
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.pk and self.degree != Degree.MASTERS:
            masters_only = self.attributes.filter(attribute__in=MASTERS_ONLY)
            if masters_only.exists():
                raise ValidationError(
                    {"degree": "Remove its 'Terminal or PhD track' value first: only a "
                     "master's has one."}
                )  # fmt: skip

    def rank_cell(self, criterion):
        """The rank shown on `criterion`: the program's own best in the shown tables, else
        its university's best in a table of the same degree, marked as the university's
        (worked out in ShownRank). Reads with_ranks()'s prefetch."""
        return _best(self._rank_rows_by_criterion.get(criterion.pk, ()))

    @cached_property
    def _rank_rows_by_criterion(self):
        """rank_rows grouped once: an export reads every criterion of every program."""
        grouped = {}
        for row in self.rank_rows:
            grouped.setdefault(row.criterion_id, []).append(row)
        return grouped

    # Typed values (from with_attributes()).

    def values_of(self, attribute):
        """The rows giving `attribute`, first shown first; [] when no source gives it."""
        return self._attribute_rows_by_attribute.get(attribute, [])

    @cached_property
    def _attribute_rows_by_attribute(self):
        """attribute_rows grouped once, in their order: pages and exports read many."""
        grouped = {}
        for row in self.attribute_rows:
            grouped.setdefault(row.attribute, []).append(row)
        return grouped

    def attribute_table(self):
        """[(attribute, rows)] for every attribute that applies to the degree, in page
        order; empty rows mean "not published"."""
        return [
            (attribute, self.values_of(attribute))
            for attribute in Attribute
            if attribute.applies_to(self.degree)
        ]

    def essentials(self):
        """[(attribute, first row)] of ESSENTIALS that a source gives: cards show these."""
        found = ((attribute, self.values_of(attribute)) for attribute in ESSENTIALS)
        return [(attribute, rows[0]) for attribute, rows in found if rows]

    def essential_cells(self):
        """[(attribute, first row or None)] for every one of ESSENTIALS: a table's columns."""
        return [
            (attribute, next(iter(self.values_of(attribute)), None)) for attribute in ESSENTIALS
        ]

    def rank_cells(self, criteria):
        """[(criterion, RankCell)] for the criteria it has a shown rank on."""
        cells = ((criterion, self.rank_cell(criterion)) for criterion in criteria)
        return [(criterion, cell) for criterion, cell in cells if cell]

    def shown_rank_cells(self):
        """rank_cells() on every criterion it has a shown rank on, in column order. Reads
        with_ranks()'s prefetch only: its rows come from published tables, so their
        criteria are among those in use, with no query for the criteria."""
        criteria = {row.entry.criterion for row in self.rank_rows}
        return self.rank_cells(sorted(criteria, key=lambda c: (c.order, c.name, c.pk)))

    @property
    def has_disputed_facts(self):
        """True when a source contradicts how another lists the program (uses prefetched facts)."""
        return any(fact.contradicts_listing for fact in self.facts.all())

    @property
    def facts_source(self):
        """The source behind the department, location, courses and tracks."""
        return self.details_source or self.source

    @property
    def research_areas_source(self):
        return self.areas_source or self.source

    @property
    def core_course_list(self):
        return [line.strip() for line in self.core_courses.splitlines() if line.strip()]

    @property
    def track_list(self):
        return [line.strip() for line in self.tracks.splitlines() if line.strip()]


class ProgramFactManager(models.Manager.from_queryset(PublishedQuerySet)):
    def get_by_natural_key(self, program_slug, key):
        return self.get(program__slug=program_slug, key=key)

    def disputing(self, program):
        """Facts that contradict how a source lists `program` (a program or an OuterRef)."""
        return self.filter(program=program, contradicts_listing=True)


class ProgramFact(Ordered, Verified):
    """One sourced statement about a program: duration, funding, admission...

    Facts carry their own source so that two sources can disagree side by side.
    """

    class Topic(models.TextChoices):
        NAME = "name", "Name as published"
        AVAILABILITY = "availability", "Availability"
        STRUCTURE = "structure", "Structure and requirements"
        DURATION = "duration", "Duration"
        FORMAT = "format", "Format"
        FUNDING = "funding", "Funding"
        ADMISSION = "admission", "Admission"
        CURRICULUM = "curriculum", "Curriculum"
        CAREERS = "careers", "Careers and industry ties"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="facts")
    key = models.SlugField(
        max_length=80, help_text="A short identifier, unique within the program, e.g. 'funding'."
    )
    topic = models.CharField(max_length=20, choices=Topic)
    statement = models.TextField(help_text="The fact, in our own words.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="program_facts")
    contradicts_listing = models.BooleanField(
        default=False,
        help_text="Tick when this fact disagrees with how another source lists the program.",
    )

    objects = ProgramFactManager()
    history = HistoricalRecords()

    published_through = ("program",)

    class Meta:
        ordering = ["program", "order", "topic"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "key"],
                name="program_fact_key_unique",
                violation_error_message="This program already has a fact with that key.",
            )
        ]

    def __str__(self):
        return f"{self.program.name}: {self.get_topic_display()}"

    def natural_key(self):
        return (*self.program.natural_key(), self.key)

    natural_key.dependencies = ["programs.program"]


class Attribute(models.TextChoices):
    """What a student compares between programs, in the order pages show it."""

    EARLY_DEADLINE = "early-deadline", "Early deadline"
    DEADLINE = "deadline", "Application deadline"
    APPLICATION_FEE = "application-fee", "Application fee"
    TUITION = "tuition", "Tuition or total cost"
    FUNDING = "funding", "Funding"
    GRE = "gre", "GRE"
    ENGLISH_TEST = "english-test", "English test"
    DURATION = "duration", "Duration"
    FORMAT = "format", "Format and delivery"
    PATHWAY = "pathway", "Terminal or PhD track"
    ADMISSIONS_PAGE = "admissions-page", "Admissions page"
    APPLICANTS = "applicants", "Applicants"
    ADMITS = "admits", "Admitted"
    CLASS_SIZE = "class-size", "Class size"
    ACCEPTANCE_RATE = "acceptance-rate", "Acceptance rate"

    def applies_to(self, degree):
        return self not in MASTERS_ONLY or degree == Degree.MASTERS


# The Program field that stores each sorted-on value's order (ProgramQuerySet.stored_order()).
VALUE_POSITION = {
    Attribute.DEADLINE: "deadline_position",
    Attribute.TUITION: "cost_position",
    Attribute.DURATION: "duration_position",
}


class ValueSpec:
    """The value fields an attribute takes: all of `required`, at least one of `one_of`
    (if given), any of `optional`; every other value field stays empty."""

    def __init__(self, required=(), one_of=(), optional=()):
        self.required, self.one_of, self.optional = required, one_of, optional

    @property
    def fields(self):
        return (*self.required, *self.one_of, *self.optional)


_FIGURE = ValueSpec(required=("number",), optional=("number_high",))

# One table for the model's constraints, its clean() and the admin's help.
VALUE_SPECS = {
    Attribute.EARLY_DEADLINE: ValueSpec(required=("date", "cycle")),
    Attribute.DEADLINE: ValueSpec(required=("date", "cycle")),
    Attribute.APPLICATION_FEE: ValueSpec(required=("amount",)),
    Attribute.TUITION: ValueSpec(required=("amount", "period", "cycle")),
    Attribute.FUNDING: ValueSpec(required=("funding",), optional=("amount", "period")),
    Attribute.GRE: ValueSpec(required=("test_policy",)),
    Attribute.ENGLISH_TEST: ValueSpec(
        required=("test_policy",), optional=("toefl_minimum", "ielts_minimum")
    ),
    Attribute.DURATION: ValueSpec(
        required=("duration_min", "duration_unit"), optional=("duration_max",)
    ),
    Attribute.FORMAT: ValueSpec(one_of=("pace", "delivery")),
    Attribute.PATHWAY: ValueSpec(required=("pathway",)),
    Attribute.ADMISSIONS_PAGE: ValueSpec(required=("url",)),
    Attribute.APPLICANTS: _FIGURE,
    Attribute.ADMITS: _FIGURE,
    Attribute.CLASS_SIZE: _FIGURE,
    Attribute.ACCEPTANCE_RATE: _FIGURE,
}
# "cycle" may qualify any value; it is required only where VALUE_SPECS says so.
VALUE_FIELDS = (
    "date",
    "amount",
    "period",
    "funding",
    "test_policy",
    "toefl_minimum",
    "ielts_minimum",
    "duration_min",
    "duration_max",
    "duration_unit",
    "pace",
    "delivery",
    "pathway",
    "number",
    "number_high",
    "url",
)
# Attributes that are only about master's programs.
MASTERS_ONLY = {Attribute.PATHWAY}
# What cards and the home page show at a glance, when a source gives it.
ESSENTIALS = (Attribute.DEADLINE, Attribute.TUITION, Attribute.FUNDING, Attribute.DURATION)


# The value fields stored as text: empty is "", never NULL. (Meta.constraints are built
# before the model exists, so this can't be read from _meta.)
TEXT_FIELDS = {"cycle", "period", "funding", "test_policy", "duration_unit", "pace", "delivery",
               "pathway", "url"}  # fmt: skip


def _is_set(name):
    """A Q: the value field `name` holds a value."""
    return ~Q(**{name: ""}) if name in TEXT_FIELDS else Q(**{f"{name}__isnull": False})


def _complete(attribute, spec):
    condition = Q()
    for name in spec.required:
        condition &= _is_set(name)
    if spec.one_of:
        condition &= reduce(or_, (_is_set(name) for name in spec.one_of))
    return models.CheckConstraint(
        condition=~Q(attribute=attribute) | condition,
        name=f"program_attribute_{attribute.value.replace('-', '_')}_complete",
        violation_error_message=f"{attribute.label}: a value is missing.",
    )


def _has_program(row):
    """An inline row of a program not saved yet has its program but no program_id."""
    try:
        return row.program is not None
    except Program.DoesNotExist:
        return False


# Migrations 0003 and 0007 name the validator this field had before core's.
_http_only = validate_http_url


# The "format" filter's choices: (label, field, value, the field's value for "either").
FORMAT_FILTERS = {
    "full-time": ("Full-time", "pace", "full-time", "either"),
    "part-time": ("Part-time", "pace", "part-time", "either"),
    "on-campus": ("On campus", "delivery", "on-campus", "either"),
    "online": ("Online", "delivery", "online", "either"),
}
# Which of several values of an attribute pages show first (and sorts read).
SHOWN_FIRST = ("order", "-last_verified", "pk")


class ProgramAttributeQuerySet(PublishedQuerySet):
    def of(self, attribute, **value):
        """Rows of `attribute` for an OuterRef program, optionally with given values."""
        return self.filter(program=OuterRef("pk"), attribute=attribute, **value)

    def with_yearly_cost(self):
        """Annotate yearly_cost: the amount times the periods in a year; a whole-program
        total counts in full (a year costs no more than the whole)."""
        return self.annotate(
            yearly_cost=Case(
                *(
                    When(period=period, then=F("amount") * count)
                    for period, count in ProgramAttribute.PER_YEAR.items()
                ),
                output_field=models.DecimalField(max_digits=12, decimal_places=2),
            )
        )

    def coverage(self):
        """[(attribute, programs)]: how many published programs some source gives each
        attribute for, every attribute in page order (0 where none). One query."""
        counts = dict(
            self.published()
            .order_by()
            .values_list("attribute")
            .annotate(programs=Count("program", distinct=True))
        )
        return [(attribute, counts.get(attribute.value, 0)) for attribute in Attribute]

    def in_page_order(self):
        order = Case(
            *(When(attribute=a, then=i) for i, a in enumerate(Attribute.values)),
            output_field=models.IntegerField(),
        )
        return (
            self.select_related("source")
            .alias(attribute_order=order)
            .order_by("attribute_order", *SHOWN_FIRST)
        )


class ProgramAttributeManager(models.Manager.from_queryset(ProgramAttributeQuerySet)):
    def get_by_natural_key(self, program_slug, attribute, source_slug):
        return self.get(program__slug=program_slug, attribute=attribute, source__slug=source_slug)


class ProgramAttribute(Ordered, Verified):
    """One typed value a student compares (a deadline, the tuition, the GRE policy...),
    from one source and for the cycle it is for.

    A program may hold one value per attribute from each source, so two sources that
    disagree stand side by side; `disputed` puts the "Sources disagree" mark on them.
    A value no source gives has no row: pages say "not published".
    """

    class Period(models.TextChoices):
        YEAR = "year", "a year"
        SEMESTER = "semester", "a semester"
        QUARTER = "quarter", "a quarter"
        MONTH = "month", "a month"
        PROGRAM = "program", "for the whole program"

    class Funding(models.TextChoices):
        GUARANTEED = "guaranteed", "Guaranteed full funding"
        USUALLY = "usually", "Usually funded"
        VARIES = "varies", "Varies"
        SELF = "self", "Self-funded"

    class TestPolicy(models.TextChoices):
        REQUIRED = "required", "Required"
        OPTIONAL = "optional", "Optional"
        NOT_CONSIDERED = "not-considered", "Not considered"

    class DurationUnit(models.TextChoices):
        MONTHS = "months", "months"
        YEARS = "years", "years"

    class Pace(models.TextChoices):
        FULL_TIME = "full-time", "Full-time"
        PART_TIME = "part-time", "Part-time"
        EITHER = "either", "Full- or part-time"

    class Delivery(models.TextChoices):
        ON_CAMPUS = "on-campus", "On campus"
        ONLINE = "online", "Online"
        EITHER = "either", "On campus or online"

    class Pathway(models.TextChoices):
        TERMINAL = "terminal", "Terminal: a PhD means a new application"
        PHD_TRACK = "phd-track", "Leads on to the PhD"

    # Funding choices the "funded" filter counts; GRE policies "GRE not required" counts.
    FUNDED = (Funding.GUARANTEED, Funding.USUALLY)
    GRE_NOT_REQUIRED = (TestPolicy.OPTIONAL, TestPolicy.NOT_CONSIDERED)
    # How many of each period make an academic year (whole-program totals count in full).
    PER_YEAR = {Period.YEAR: 1, Period.SEMESTER: 2, Period.QUARTER: 3, Period.PROGRAM: 1}

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="attributes")
    attribute = models.CharField(max_length=20, choices=Attribute)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="program_attributes")
    cycle = models.CharField(
        max_length=80,
        blank=True,
        help_text=(
            "The admission cycle or academic year the value is for, as the page says, "
            "e.g. 'Fall 2026 entry' or '2025–26'. Required for deadlines and tuition."
        ),
    )
    disputed = models.BooleanField(
        "sources disagree",
        default=False,
        help_text="Tick when another source gives a different value: pages mark it.",
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text="A short qualifier in our words, e.g. '$80 before the early deadline'.",
    )
    # The value: which fields an attribute takes is in VALUE_SPECS.
    date = models.DateField(null=True, blank=True, help_text="Deadlines.")
    amount = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Fee, tuition or stipend, in the currency below.",
    )
    currency = models.CharField(
        max_length=3,
        default="USD",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use the three capital letters, e.g. USD.")],
        help_text="ISO code of the amount's currency, e.g. USD.",
    )
    period = models.CharField(
        max_length=10, choices=Period, blank=True, help_text="Tuition and stipends: per what."
    )
    funding = models.CharField(max_length=12, choices=Funding, blank=True)
    test_policy = models.CharField(
        max_length=16, choices=TestPolicy, blank=True, help_text="GRE and English test."
    )
    toefl_minimum = models.PositiveSmallIntegerField(
        "TOEFL iBT minimum", null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    ielts_minimum = models.DecimalField(
        "IELTS minimum",
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MaxValueValidator(9)],
    )
    duration_min = models.PositiveSmallIntegerField(
        "shortest duration", null=True, blank=True, help_text="In the unit below."
    )
    duration_max = models.PositiveSmallIntegerField(
        "longest duration",
        null=True,
        blank=True,
        help_text="Leave empty when the program has a single length.",
    )
    duration_unit = models.CharField(max_length=6, choices=DurationUnit, blank=True)
    pace = models.CharField(max_length=10, choices=Pace, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery, blank=True)
    pathway = models.CharField(max_length=10, choices=Pathway, blank=True)
    number = models.PositiveIntegerField(
        null=True, blank=True, help_text="Admission figures; a percentage for the acceptance rate."
    )
    number_high = models.PositiveIntegerField(
        null=True, blank=True, help_text="The top of a range, e.g. 15 in '10–15'."
    )
    url = models.URLField("address", blank=True, validators=[validate_http_url])

    objects = ProgramAttributeManager()
    history = HistoricalRecords()

    published_through = ("program",)

    class Meta:
        ordering = ["program", "attribute", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "attribute", "source"],
                name="program_attribute_one_per_source",
                violation_error_message="This source already gives this program that value.",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="program_attribute_amount_positive",
                violation_error_message="An amount must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="program_attribute_amount_has_currency",
                violation_error_message="An amount needs its currency.",
            ),
            models.CheckConstraint(
                condition=Q(duration_min__isnull=True) | Q(duration_min__gte=1),
                name="program_attribute_duration_positive",
                violation_error_message="A duration is at least one month or year.",
            ),
            models.CheckConstraint(
                condition=Q(duration_max__isnull=True) | Q(duration_max__gte=F("duration_min")),
                name="program_attribute_duration_ordered",
                violation_error_message="The longest duration can't be shorter than the shortest.",
            ),
            models.CheckConstraint(
                condition=Q(number_high__isnull=True) | Q(number_high__gte=F("number")),
                name="program_attribute_range_ordered",
                violation_error_message="The top of a range can't be below its bottom.",
            ),
            models.CheckConstraint(
                condition=~Q(attribute=Attribute.ACCEPTANCE_RATE)
                | (Q(number__lte=100) & (Q(number_high__isnull=True) | Q(number_high__lte=100))),
                name="program_attribute_rate_is_a_percentage",
                violation_error_message="An acceptance rate is a percentage, 100 at most.",
            ),
            *(_complete(attribute, spec) for attribute, spec in VALUE_SPECS.items()),
            http_url_constraint("url", "program_attribute_url_http"),
        ]

    def __str__(self):
        return f"{self.program.name}: {self.get_attribute_display()}"

    def natural_key(self):
        return (*self.program.natural_key(), self.attribute, *self.source.natural_key())

    natural_key.dependencies = ["programs.program", "programs.source"]

    @property
    def spec(self):
        return VALUE_SPECS[Attribute(self.attribute)]

    def clean(self):
        if self.attribute not in Attribute.values:
            return  # The choices check reports it.
        spec, errors = self.spec, {}
        for name in spec.required:
            if self._empty(name):
                errors[name] = f"{self.get_attribute_display()} needs this."
        if spec.one_of and all(self._empty(name) for name in spec.one_of):
            for name in spec.one_of:
                errors[name] = "Give at least one of these."
        for name in VALUE_FIELDS:
            if name not in spec.fields and name not in errors and not self._empty(name):
                errors[name] = f"{self.get_attribute_display()} doesn't use this: leave it empty."
        if self.attribute == Attribute.FUNDING and (self.amount is None) != (not self.period):
            errors["period"] = "A stipend needs both its amount and its period."
        if self.attribute == Attribute.TUITION and self.period == self.Period.MONTH:
            errors["period"] = "Give tuition a year, a term or for the whole program."
        program = self.program if _has_program(self) else None
        if self.attribute in MASTERS_ONLY and program and program.degree != Degree.MASTERS:
            errors["attribute"] = f"{self.get_attribute_display()} is for master's programs."
        if errors:
            raise ValidationError(errors)

    def _empty(self, name):
        return getattr(self, name) in (None, "")

    # What pages show.

    @property
    def is_link(self):
        """The value is an address (the admissions page): pages link it."""
        return self.attribute == Attribute.ADMISSIONS_PAGE

    @property
    def duration_display(self):
        """'16–20 months', '5–7 years', '1 year'."""
        low, high = self.duration_min, self.duration_max
        values = [low] if high is None or high == low else [low, high]
        unit = "year" if self.duration_unit == self.DurationUnit.YEARS else "month"
        plural = "" if values[-1] == 1 else "s"
        return f"{'–'.join(str(v) for v in values)} {unit}{plural}"

    @property
    def amount_display(self):
        """'$29,875 a semester', '$81,620 for the whole program', '$100'."""
        money = format_money(self.amount, self.currency)
        return f"{money} {self.get_period_display()}" if self.period else money

    @property
    def figure_display(self):
        values = (
            [self.number]
            if self.number_high in (None, self.number)
            else [
                self.number,
                self.number_high,
            ]
        )
        text = "–".join(format_number(v) for v in values)
        return f"{text}%" if self.attribute == Attribute.ACCEPTANCE_RATE else text

    @property
    def value_display(self):
        """The value as one line of text (the admissions page: its address)."""
        kind = Attribute(self.attribute)
        if kind in (Attribute.EARLY_DEADLINE, Attribute.DEADLINE):
            return date_format(self.date, "j F Y")
        if kind in (Attribute.APPLICATION_FEE, Attribute.TUITION):
            return self.amount_display
        if kind == Attribute.FUNDING:
            funding = self.get_funding_display()
            return f"{funding}; stipend {self.amount_display}" if self.amount else funding
        if kind == Attribute.GRE:
            return self.get_test_policy_display()
        if kind == Attribute.ENGLISH_TEST:
            minimums = [
                f"TOEFL iBT {self.toefl_minimum}" if self.toefl_minimum is not None else "",
                f"IELTS {format_number(self.ielts_minimum)}"
                if self.ielts_minimum is not None
                else "",
            ]
            minimums = [m for m in minimums if m]
            policy = self.get_test_policy_display()
            return f"{policy}; minimum {', '.join(minimums)}" if minimums else policy
        if kind == Attribute.DURATION:
            return self.duration_display
        if kind == Attribute.FORMAT:
            parts = [self.get_pace_display(), self.get_delivery_display()]
            if all(parts):  # "Full-time, on campus"
                parts[1] = parts[1][0].lower() + parts[1][1:]
            return ", ".join(part for part in parts if part)
        if kind == Attribute.PATHWAY:
            return self.get_pathway_display()
        if kind == Attribute.ADMISSIONS_PAGE:
            return self.url
        return self.figure_display


class RankingCriterionQuerySet(models.QuerySet):
    def in_use(self):
        """Criteria some published table ranks on, in column order: what pages show."""
        return self.filter(
            Exists(RankingEntry.objects.published().filter(criterion=OuterRef("pk")))
        )


class RankingCriterion(SlugNaturalKey, Ordered):
    """What a ranking ranks on, e.g. research in machine learning.

    Pages show and sort by whichever criteria the published tables use, in `order`:
    a new criterion added here appears everywhere with no code change.
    """

    name = models.CharField(max_length=100, unique=True)
    short_name = models.CharField(max_length=30, help_text="Column heading, e.g. 'ML research'.")
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)

    objects = SlugNaturalKeyManager.from_queryset(RankingCriterionQuerySet)()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "ranking criteria"

    def __str__(self):
        return self.name


class RankingQuerySet(PublishedQuerySet):
    def latest_editions(self):
        """Published tables that no newer published edition replaces: for each publisher
        and degree, its latest year. Lists, sorts and "Top N" use these by default."""
        newer = Ranking.objects.published().filter(
            publisher=OuterRef("publisher"),
            degree=OuterRef("degree"),
            edition_year__gt=OuterRef("edition_year"),
        )
        return self.published().filter(~Exists(newer))

    def editions(self):
        """[(publisher, edition year)] of the tables, newest first, each once."""
        return (
            self.order_by("-edition_year", "publisher")
            .values_list("publisher", "edition_year")
            .distinct()
        )

    def with_entries(self):
        """Prefetch the entries rows() and criteria() read: published programs only. For
        a whole table (downloads, the API); pages show a page of rows (Ranking.page_rows)."""
        return self.select_related("source").prefetch_related(
            models.Prefetch("entries", queryset=RankingEntry.objects.for_rows())
        )

    def with_top_rows(self, count=5, essentials=False):
        """The tables (a list), each with top_rows(): its first `count` rows as published
        and first_criterion. Two queries whatever the tables' size: the tables with their
        first criterion's id, the top entries with their criterion (a window over each
        table's first column, so no table is read whole); a third with `essentials`, the
        programs' values (Program.essentials)."""
        first = (
            RankingCriterion.objects.filter(
                Exists(
                    RankingEntry.objects.published().filter(
                        ranking=OuterRef(OuterRef("pk")), criterion=OuterRef("pk")
                    )
                )
            )
            .order_by("order", "name")
            .values("pk")[:1]
        )
        # No row of the top `count` ranks worse than the count-th best distinct rank
        # (ties share one), so that bounds the rows the window reads.
        cutoff = (
            RankingEntry.objects.published()
            .filter(ranking=OuterRef("pk"), criterion=OuterRef("first_criterion_id"))
            .order_by("rank")
            .values("rank")
            .distinct()[count - 1 : count]
        )
        rankings = list(
            self.select_related("source")
            .annotate(first_criterion_id=Subquery(first))
            .annotate(cutoff=Subquery(cutoff))
        )
        columns = [
            Q(
                ranking=r,
                criterion=r.first_criterion_id,
                **({"rank__lte": r.cutoff} if r.cutoff else {}),
            )
            for r in rankings
            if r.first_criterion_id
        ]
        if not columns:
            for ranking in rankings:
                ranking._first_criterion, ranking._top_rows = None, []
            return rankings
        entries = (
            RankingEntry.objects.for_rows()
            .filter(reduce(or_, columns))
            .annotate(
                row_number=Window(
                    DenseRank(),
                    partition_by=F("ranking_id"),
                    order_by=[
                        F("rank"),
                        F("program__university__name"),
                        F("program__university_id"),
                        F("row_name"),
                    ],
                )
            )
            .filter(row_number__lte=count)
        )
        if essentials:
            rows = ProgramAttribute.objects.in_page_order()
            entries = entries.prefetch_related(
                Prefetch("program__attributes", queryset=rows, to_attr="attribute_rows")
            )
        by_ranking = {}
        for entry in entries:
            by_ranking.setdefault(entry.ranking_id, []).append(entry)
        for ranking in rankings:
            top = by_ranking.get(ranking.pk, [])
            ranking._first_criterion = top[0].criterion if top else None
            # A table whose entries aren't in yet (created before its import) has no rows.
            ranking._top_rows = table_rows(top, [ranking._first_criterion]) if top else []
        return rankings


class Ranking(SlugNaturalKey, Publishable):
    """One published ranking table, e.g. Towards AI's 2021 list of ML PhD programs."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    publisher = models.CharField(max_length=120)
    edition_year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1900)])
    degree = models.CharField(max_length=10, choices=Degree.level_choices())
    summary = models.TextField(blank=True, help_text="What the table covers, in our own words.")
    methodology = models.TextField(
        blank=True, help_text="How the publisher ranked, as far as they say."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="rankings")
    last_verified = models.DateField(
        null=True,
        blank=True,
        help_text="When an editor last checked the table against the publisher's. Empty: not "
        "recorded yet, so it is listed with the content to check.",
    )

    objects = SlugNaturalKeyManager.from_queryset(RankingQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-edition_year", "publisher", "degree"]
        constraints = [
            models.CheckConstraint(
                condition=ONE_DEGREE,
                name="ranking_degree_is_one_level",
                violation_error_message="A ranking table is for PhD or for master's programs.",
            ),
            models.UniqueConstraint(
                fields=["publisher", "edition_year", "degree", "title"],
                name="ranking_edition_unique",
                violation_error_message="This publisher already has that table for that year.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.publisher}, {self.edition_year})"

    def get_absolute_url(self):
        return reverse("programs:ranking-detail", kwargs={"slug": self.slug})

    def criteria(self):
        """The criteria this table ranks on, in column order: from prefetched entries
        (with_entries()) if there are, else one query."""
        if hasattr(self, "_criteria"):
            return self._criteria
        if "entries" in getattr(self, "_prefetched_objects_cache", {}):
            seen = {}
            for entry in self.entries.all():
                seen.setdefault(entry.criterion.pk, entry.criterion)
            self._criteria = sorted(seen.values(), key=lambda c: (c.order, c.name))
        else:
            used = RankingEntry.objects.published().filter(ranking=self, criterion=OuterRef("pk"))
            self._criteria = list(
                RankingCriterion.objects.filter(Exists(used)).order_by("order", "name")
            )
        return self._criteria

    @property
    def first_criterion(self):
        """The criterion the table is ordered by as published."""
        if hasattr(self, "_first_criterion"):
            return self._first_criterion
        criteria = self.criteria()
        return criteria[0] if criteria else None

    def top_rows(self):
        """The first rows as published; set by RankingQuerySet.with_top_rows()."""
        return self._top_rows

    def rows(self):
        """The table as published: one row per university and printed program name.

        A printed row may name several programs (Berkeley's 'Masters in Data
        Science, Masters in EECS'); each program holds its own entries, and the
        row gathers them back. Needs entries prefetched (see with_entries()).
        """
        return table_rows(self.entries.all(), self.criteria())

    # Sorts of a table besides its criteria: value → label (row_keys() orders by them).
    ROW_SORTS = {"university": "University", "program": "Program as printed"}
    # Rows a page of the table shows, on its web page and in the API.
    ROWS_PER_PAGE = 100

    def sort_options(self):
        """[(value, label)]: each criterion of the table, then the other sorts."""
        return [(c.slug, c.short_name) for c in self.criteria()] + list(self.ROW_SORTS.items())

    def row_keys(self, sort=""):
        """The table's printed rows as {"university", "row_name"} values, in the order of
        `sort` (a sort_options() value; "" as published): one grouped query, to paginate
        before any row is built (see page_rows()). Unranked rows go last; ties go as
        published, then by university."""
        first = self.first_criterion

        def rank_on(slug):
            return Min("rank", filter=Q(criterion__slug=slug))

        keys = (
            RankingEntry.objects.published()
            .filter(ranking=self)
            .annotate(row_name=ROW_NAME, university=F("program__university_id"))
            .values("university", "row_name")
            .annotate(
                university_name=Min("program__university__name"),
                first_rank=rank_on(first.slug)
                if first
                else Value(None, output_field=models.IntegerField()),
            )
        )
        as_published = (F("first_rank").asc(nulls_last=True), "university_name")
        ties = ("university", "row_name")
        if sort == "university":
            return keys.order_by("university_name", *as_published, *ties)
        if sort == "program":
            return keys.order_by(Lower("row_name"), *as_published, *ties)
        if sort and sort != getattr(first, "slug", None):
            keys = keys.annotate(sort_rank=rank_on(sort))
            return keys.order_by(F("sort_rank").asc(nulls_last=True), "university_name", *ties)
        return keys.order_by(*as_published, *ties)

    def page_rows(self, keys):
        """RankingRows for `keys` (a page of row_keys()), in that order: one query."""
        keys = [(key["university"], key["row_name"]) for key in keys]
        entries = RankingEntry.objects.for_rows().filter(
            ranking=self, program__university__in={university for university, _ in keys}
        )
        rows = {
            (row.university.pk, row.published_name): row
            for row in table_rows(entries, self.criteria())
        }
        return [rows[key] for key in keys if key in rows]


# A table row's printed program name: as printed if the entry says, else ours.
ROW_NAME = Coalesce(NullIf("published_name", Value("")), "program__name")


def table_rows(entries, criteria):
    """RankingRows gathered from `entries` (in RankingEntryQuerySet.for_rows() order),
    with a rank cell per criterion, in the order the table prints them."""
    rows = {}
    for entry in entries:
        key = (entry.program.university_id, entry.published_name or entry.program.name)
        row = rows.setdefault(
            key,
            RankingRow(
                university=entry.program.university,
                published_name=key[1],
                programs=[],
                ranks={},
            ),
        )
        if entry.program not in row.programs:
            entry.program.is_disputed = entry.program_disputed
            row.programs.append(entry.program)
        row.ranks.setdefault(entry.criterion.slug, entry.rank)
    for row in rows.values():
        row.rank_cells = [row.ranks.get(c.slug) for c in criteria]
    first = criteria[0].slug if criteria else None
    return sorted(
        rows.values(),
        key=lambda r: (r.ranks.get(first) or 10**6, r.university.name),
    )


class RankingRow:
    """A row of a ranking table as printed; built by Ranking.rows()."""

    def __init__(self, university, published_name, programs, ranks):
        self.university = university
        self.published_name = published_name
        self.programs = programs
        self.ranks = ranks
        self.rank_cells = []

    def rank(self, criterion_slug):
        return self.ranks.get(criterion_slug)

    @property
    def first_rank(self):
        """The rank in the table's first column, or None where the row has none."""
        return self.rank_cells[0] if self.rank_cells else None


class RankingEntryQuerySet(PublishedQuerySet):
    def for_rows(self):
        """What table_rows() reads, in its order: published programs only."""
        return (
            self.filter(published_q(Program, "program__"))
            .select_related("criterion", "program__university")
            .annotate(
                row_name=ROW_NAME,
                program_disputed=Exists(ProgramFact.objects.disputing(OuterRef("program_id"))),
            )
            .order_by("criterion__order", "rank", "program__university__name", "program__name")
        )

    def shown(self, ranking=None):
        """Entries lists show: of `ranking` if given (published), else of the latest editions."""
        if ranking is not None:
            return self.published().filter(ranking=ranking)
        return self.published().filter(ranking__in=Ranking.objects.latest_editions())

    def in_table_order(self):
        """Grouped by table (PhD first, newest edition first), then column order."""
        return (
            self.select_related("ranking__source", "criterion", "program")
            .annotate(
                program_disputed=Exists(ProgramFact.objects.disputing(OuterRef("program_id")))
            )
            .order_by(
                "ranking__degree",
                "-ranking__edition_year",
                "ranking__title",
                "criterion__order",
                "program__name",
            )
        )


class RankingEntryManager(models.Manager.from_queryset(RankingEntryQuerySet)):
    def get_by_natural_key(self, ranking_slug, criterion_slug, program_slug):
        return self.get(
            ranking__slug=ranking_slug,
            criterion__slug=criterion_slug,
            program__slug=program_slug,
        )


class RankingEntry(models.Model):
    """A program's rank on one criterion of one ranking table. Ties are allowed."""

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(
        RankingCriterion, on_delete=models.PROTECT, related_name="entries"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="ranking_entries")
    rank = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="1 is best. Tied programs share a rank."
    )
    published_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The program name exactly as the table prints it, if it differs from ours.",
    )

    objects = RankingEntryManager()
    history = HistoricalRecords()

    published_through = ("ranking", "program")

    class Meta:
        ordering = ["ranking", "criterion__order", "rank"]
        verbose_name_plural = "ranking entries"
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "criterion", "program"],
                name="ranking_entry_unique_program",
                violation_error_message=(
                    "This program is already ranked on this criterion in this ranking."
                ),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="ranking_entry_rank_positive",
                violation_error_message="A rank starts at 1.",
            ),
        ]
        indexes = [
            # A table's column in rank order: its top rows and pages read only what they show.
            models.Index(fields=["ranking", "criterion", "rank"], name="ranking_entry_by_rank"),
        ]

    def __str__(self):
        return f"#{self.rank} {self.program} ({self.criterion.short_name})"

    def natural_key(self):
        return (self.ranking.slug, self.criterion.slug, self.program.slug)

    natural_key.dependencies = [
        "programs.ranking",
        "programs.rankingcriterion",
        "programs.program",
    ]


class ShownRankQuerySet(models.QuerySet):
    def of_scope(self, ranking=None):
        """Rows for the latest editions (no ranking), or for one table."""
        if ranking is None:
            return self.filter(ranking__isnull=True)
        return self.filter(ranking=ranking)

    @transaction.atomic
    def rebuild(self, universities=None):
        """Work the rows out again for the programs of `universities` (ids), or for all.

        The rule (the one place it is written): a program's rank on a criterion is its
        own best in the shown tables; failing that, its university's best in a table of
        the program's degree, marked as the university's. "Shown tables" are the latest
        editions (rows with no ranking) or, for a list narrowed to one table, that
        table (rows naming it). Published programs and tables only. Three reads, one
        delete, one insert, whatever changed.
        """
        programs = Program.objects.published()
        entries = RankingEntry.objects.published()
        if universities is not None:
            universities = list(universities)
            programs = programs.filter(university_id__in=universities)
            entries = entries.filter(program__university_id__in=universities)
        latest = set(Ranking.objects.latest_editions().values_list("pk", flat=True))
        own, by_university = {}, {}
        columns = ("pk", "program_id", "program__university_id", "criterion_id", "ranking_id")
        for pk, program, university, criterion, ranking, degree, rank in entries.values_list(
            *columns, "ranking__degree", "rank"
        ):
            for scope in (None, ranking) if ranking in latest else (ranking,):
                for found, key in (
                    (own, (program, criterion, scope)),
                    (by_university, (university, degree, criterion, scope)),
                ):
                    if key not in found or (rank, pk) < found[key]:
                        found[key] = (rank, pk)
        scopes = {(criterion, scope) for (_, criterion, scope) in own}
        scopes |= {(criterion, scope) for (_, _, criterion, scope) in by_university}
        rows = []
        for program, university, degree in programs.values_list("pk", "university_id", "degree"):
            for criterion, scope in scopes:
                best = own.get((program, criterion, scope))
                fallback = best is None
                if fallback:
                    best = by_university.get((university, degree, criterion, scope))
                if best:
                    rows.append(
                        ShownRank(
                            program_id=program,
                            criterion_id=criterion,
                            ranking_id=scope,
                            entry_id=best[1],
                            rank=best[0],
                            is_university_rank=fallback,
                        )
                    )
        stale = self.all()
        if universities is not None:
            stale = stale.filter(program__university_id__in=universities)
        stale._raw_delete(stale.db)  # nothing cascades from these rows
        self.bulk_create(rows, batch_size=5000)
        # New ranks, or a new, renamed or moved program: places in every stored order move.
        Program.objects.renumber()
        return len(rows)


class ShownRank(models.Model):
    """The rank lists show for a program on a criterion, worked out ahead of time so that
    sorting and "Top N" at any catalogue size are an index lookup (see rebuild()).

    Never edited by hand: programs/signals.py rebuilds the rows of a university whenever
    one of its programs or their entries changes, and every row when a table does.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="shown_ranks")
    criterion = models.ForeignKey(RankingCriterion, on_delete=models.CASCADE, related_name="+")
    # No index of its own: most rows have none, and SQLite (no statistics) chose that
    # index over the program's for "these programs' latest ranks", reading every row.
    # The constraints and shown_rank_by_rank cover the lookups by table.
    ranking = models.ForeignKey(
        Ranking,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text="Empty: the latest editions. Set: that table only.",
    )
    entry = models.ForeignKey(RankingEntry, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    is_university_rank = models.BooleanField(default=False)

    objects = ShownRankQuerySet.as_manager()

    class Meta:
        ordering = ["program", "criterion", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "criterion"],
                condition=Q(ranking__isnull=True),
                name="shown_rank_one_per_criterion",
            ),
            models.UniqueConstraint(
                fields=["program", "criterion", "ranking"], name="shown_rank_one_per_table"
            ),
        ]
        indexes = [
            # Sorts and "Top N": one criterion and scope, in rank order.
            models.Index(fields=["criterion", "ranking", "rank"], name="shown_rank_by_rank"),
        ]

    def __str__(self):
        return f"#{self.rank} {self.program_id} on {self.criterion_id}"
