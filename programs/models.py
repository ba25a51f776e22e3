"""Universities, their ML graduate programs, research areas, and published rankings.

Every fact shown to students points at a Source. Rankings are data: a published
table (Ranking) ranks programs on one or more criteria (RankingCriterion) through
RankingEntry rows, so a new edition or publisher is added in the admin, not in code.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.models import (
    ONE_DEGREE,
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

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} ({self.publisher})" if self.publisher else self.title


class Region(models.TextChoices):
    EAST_COAST = "east-coast", "East Coast"
    MIDWEST = "midwest", "Mid-West"
    SOUTH = "south", "South"
    WEST_COAST = "west-coast", "West Coast"


def _rank_entries(ranking=None):
    """Prefetch a program's shown entries as `rank_entries` (see RankingEntryQuerySet.shown)."""
    entries = RankingEntry.objects.shown(ranking).select_related("criterion", "ranking", "program")
    return Prefetch("ranking_entries", queryset=entries, to_attr="rank_entries")


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


def _best(entries):
    return RankCell(min(entries, key=lambda entry: entry.rank)) if entries else None


class RankedMixin:
    """Ranks from prefetched entries; subclasses say which entries count (ranked_entries())."""

    def rank_cell(self, criterion):
        """The best rank on `criterion`, as a RankCell, or None."""
        return _best([e for e in self.ranked_entries() if e.criterion_id == criterion.pk])

    def best_rank(self, criterion):
        cell = self.rank_cell(criterion)
        return cell.rank if cell else None


class UniversityQuerySet(PublishedQuerySet):
    def with_program_counts(self):
        """Annotate program_count, phd_count and masters_count: published programs only."""
        published = published_q(Program, "programs__")

        def count(**degree):
            return Count("programs", filter=published & Q(**degree), distinct=True)

        return self.annotate(
            program_count=count(),
            phd_count=count(programs__degree=Degree.PHD),
            masters_count=count(programs__degree=Degree.MASTERS),
        )

    def with_best_ranks(self):
        """Prefetch what rank_cell() reads: its published programs' shown entries."""
        return self.prefetch_related(
            Prefetch(
                "programs",
                queryset=Program.objects.published().prefetch_related(_rank_entries()),
            )
        )


class University(RankedMixin, SlugNaturalKey, Publishable):
    name = models.CharField(max_length=150, unique=True)
    short_name = models.CharField(max_length=40, help_text="Used in tables, e.g. 'CMU'.")
    city = models.CharField(max_length=80)
    state = models.CharField(max_length=2, help_text="Two-letter US state code, e.g. 'PA'.")
    country = models.CharField(max_length=80, default="United States")
    region = models.CharField(max_length=20, choices=Region)
    website = models.URLField(blank=True)
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

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "universities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:university-detail", kwargs={"slug": self.slug})

    def clean(self):
        self.state = self.state.upper()

    @property
    def location(self):
        return f"{self.city}, {self.state}"

    def ranked_entries(self):
        """Shown entries of its programs, from with_best_ranks()'s prefetch."""
        return [entry for program in self.programs.all() for entry in program.rank_entries]


class ResearchAreaQuerySet(models.QuerySet):
    def with_program_counts(self):
        """Annotate program_count: how many published programs list the area."""
        return self.annotate(
            program_count=Count("programs", filter=published_q(Program, "programs__"))
        ).order_by("name")  # Aggregating queries ignore Meta.ordering.


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

    objects = SlugNaturalKeyManager.from_queryset(ResearchAreaQuerySet)()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('programs:list')}?area={self.slug}"


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
    )

    def with_ranks(self, ranking=None):
        """Prefetch what rank_cell() and the rank_on filter read: the shown entries of every
        published program of each program's university (its own and its siblings').

        Two queries for any number of programs; `ranking` limits them to one table.
        """
        siblings = Program.objects.published().prefetch_related(_rank_entries(ranking))
        return self.select_related("university").prefetch_related(
            Prefetch("university__programs", queryset=siblings, to_attr="ranked_programs")
        )

    def shown_rank(self, criterion, ranking=None):
        """An expression: the rank pages show on `criterion` (see Program.rank_cell())."""
        entries = RankingEntry.objects.shown(ranking).filter(criterion=criterion)

        def best(**match):
            return Subquery(entries.filter(**match).order_by("rank").values("rank")[:1])

        return Coalesce(
            best(program=OuterRef("pk")),
            best(program__university=OuterRef("university"), ranking__degree=OuterRef("degree")),
        )

    def rank_ordering(self, criteria, ranking=None):
        """Order-by terms: the shown rank on each criterion in turn, unranked last."""
        return [self.shown_rank(c, ranking).asc(nulls_last=True) for c in criteria]

    def order_by_rank(self, criteria, ranking=None):
        """Best-ranked first on each criterion in turn, then by university and name."""
        return self.order_by(*self.rank_ordering(criteria, ranking), "university__name", "name")

    def in_top(self, criterion, top, ranking=None):
        """Shown `top` or better on `criterion` (in `ranking` if given)."""
        return self.alias(top_rank=self.shown_rank(criterion, ranking)).filter(top_rank__lte=top)

    def in_ranking(self, ranking):
        return self.filter(
            Exists(RankingEntry.objects.filter(program=OuterRef("pk"), ranking=ranking))
        )

    def with_dispute_flag(self):
        """Annotate is_disputed: a source contradicts how another lists the program."""
        return self.annotate(is_disputed=Exists(ProgramFact.objects.disputing(OuterRef("pk"))))

    def for_listing(self, ranking=None):
        """What a program card shows: university, areas, ranks, the disputed flag."""
        return self.prefetch_related("focus_areas").with_ranks(ranking).with_dispute_flag()


class Program(RankedMixin, SlugNaturalKey, Publishable, Verified):
    class Kind(models.TextChoices):
        DEDICATED_ML = "dedicated-ml", "Dedicated machine learning program"
        CS_ML = "cs-ml", "Computer science / EECS with an ML focus"
        DATA_SCIENCE = "data-science", "Data science"
        INTERDISCIPLINARY = "interdisciplinary", "Interdisciplinary (computation, optimization)"

    class Format(models.TextChoices):
        FULL_TIME = "full-time", "Full-time"
        PART_TIME = "part-time", "Part-time"
        FULL_OR_PART_TIME = "full-or-part-time", "Full- or part-time"
        ONLINE = "online", "Online"

    university = models.ForeignKey(University, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(
        max_length=200, help_text="The degree's name, e.g. 'PhD in Machine Learning'."
    )
    slug = models.SlugField(max_length=120, unique=True)
    degree = models.CharField(max_length=10, choices=Degree.level_choices())
    kind = models.CharField(max_length=20, choices=Kind)
    department = models.CharField(max_length=200, blank=True)
    duration_min_months = models.PositiveSmallIntegerField(
        "shortest duration (months)", null=True, blank=True
    )
    duration_max_months = models.PositiveSmallIntegerField(
        "longest duration (months)",
        null=True,
        blank=True,
        help_text="Leave empty when the program has a single fixed length.",
    )
    format = models.CharField(max_length=20, choices=Format, blank=True)
    location = models.CharField(
        max_length=120, blank=True, help_text="Where classes are held, if not the main campus."
    )
    funding = models.CharField(max_length=300, blank=True)
    core_courses = models.TextField(blank=True, help_text="One course per line.")
    tracks = models.TextField(blank=True, help_text="One track per line.")
    focus_areas = models.ManyToManyField(ResearchArea, blank=True, related_name="programs")
    description = models.TextField(blank=True, help_text="A few sentences in our own words.")
    official_url = models.URLField("official page", blank=True)
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
            "Where the duration, format, location, funding, courses and tracks come from, "
            "when that is not the listing source."
        ),
    )

    objects = SlugNaturalKeyManager.from_queryset(ProgramQuerySet)()

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
            models.CheckConstraint(
                condition=Q(duration_max_months__isnull=True)
                | Q(duration_min_months__isnull=True)
                | Q(duration_max_months__gte=F("duration_min_months")),
                name="program_duration_range_ordered",
                violation_error_message="The longest duration can't be shorter than the shortest.",
            ),
            models.CheckConstraint(
                condition=Q(duration_min_months__isnull=True) | Q(duration_min_months__gte=1),
                name="program_duration_positive",
                violation_error_message="A duration must be at least one month.",
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.university.short_name}"

    def get_absolute_url(self):
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.duration_max_months is not None and self.duration_min_months is None:
            raise ValidationError(
                {"duration_min_months": "Give the shortest duration when you give the longest."}
            )

    def ranked_entries(self):
        return [entry for entry in self._siblings_entries() if entry.program_id == self.pk]

    def rank_cell(self, criterion):
        """The rank shown on `criterion`: the program's own best in the shown tables, else
        its university's best in a table of the same degree, marked as the university's.

        Reads with_ranks()'s prefetch.
        """
        own = super().rank_cell(criterion)
        if own:
            return own
        university = [
            entry
            for entry in self._siblings_entries()
            if entry.criterion_id == criterion.pk and entry.ranking.degree == self.degree
        ]
        cell = _best(university)
        if cell:
            cell.is_university_rank = True
        return cell

    def rank_cells(self, criteria):
        """[(criterion, RankCell)] for the criteria it has a shown rank on."""
        cells = ((criterion, self.rank_cell(criterion)) for criterion in criteria)
        return [(criterion, cell) for criterion, cell in cells if cell]

    def _siblings_entries(self):
        return [e for program in self.university.ranked_programs for e in program.rank_entries]

    @property
    def has_disputed_facts(self):
        """True when a source contradicts how another lists the program (uses prefetched facts)."""
        return any(fact.contradicts_listing for fact in self.facts.all())

    @property
    def has_duration_facts(self):
        """True when a sourced fact speaks of duration (uses prefetched facts)."""
        return any(fact.topic == ProgramFact.Topic.DURATION for fact in self.facts.all())

    @property
    def facts_source(self):
        """The source behind the structured fields (duration, format, funding...)."""
        return self.details_source or self.source

    @property
    def core_course_list(self):
        return [line.strip() for line in self.core_courses.splitlines() if line.strip()]

    @property
    def track_list(self):
        return [line.strip() for line in self.tracks.splitlines() if line.strip()]

    @property
    def duration_display(self):
        """'9–24 months', '5–7 years', '1 year': years only when every bound is whole years."""
        low, high = self.duration_min_months, self.duration_max_months
        if low is None:
            return ""
        bounds = [low] if high is None or high == low else [low, high]
        if all(months % 12 == 0 for months in bounds):
            values, unit = [months // 12 for months in bounds], "year"
        else:
            values, unit = bounds, "month"
        plural = "" if values[-1] == 1 else "s"
        return f"{'–'.join(str(v) for v in values)} {unit}{plural}"


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
        """Prefetch the entries rows() and criteria() read: published programs only."""
        return self.select_related("source").prefetch_related(
            models.Prefetch(
                "entries",
                queryset=RankingEntry.objects.filter(published_q(Program, "program__"))
                .select_related("criterion", "program__university")
                .annotate(
                    program_disputed=Exists(ProgramFact.objects.disputing(OuterRef("program_id")))
                )
                .order_by("criterion__order", "rank", "program__university__name", "program__name"),
            )
        )


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

    objects = SlugNaturalKeyManager.from_queryset(RankingQuerySet)()

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
        """The criteria this table ranks on, in column order (from prefetched entries)."""
        if hasattr(self, "_criteria"):
            return self._criteria
        seen = {}
        for entry in self.entries.all():
            seen.setdefault(entry.criterion.pk, entry.criterion)
        self._criteria = sorted(seen.values(), key=lambda c: (c.order, c.name))
        return self._criteria

    @property
    def first_criterion(self):
        """The criterion the table is ordered by as published."""
        criteria = self.criteria()
        return criteria[0] if criteria else None

    def top_rows(self, count=5):
        return self.rows()[:count]

    def rows(self):
        """The table as published: one row per university and printed program name.

        A printed row may name several programs (Berkeley's 'Masters in Data
        Science, Masters in EECS'); each program holds its own entries, and the
        row gathers them back. Needs entries prefetched (see with_entries()).
        """
        criteria = self.criteria()
        rows = {}
        for entry in self.entries.all():
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

    # Sorts of a table besides its criteria: (label, key function on a RankingRow).
    ROW_SORTS = {
        "university": ("University", lambda row: row.university.name),
        "program": ("Program as printed", lambda row: row.published_name.lower()),
    }

    def sort_options(self):
        """[(value, label)]: each criterion of the table, then the other sorts."""
        return [(c.slug, c.short_name) for c in self.criteria()] + [
            (key, label) for key, (label, _) in self.ROW_SORTS.items()
        ]

    def rows_sorted(self, sort):
        """rows(), sorted by a value of sort_options() (unranked rows last)."""
        rows = self.rows()
        if sort in self.ROW_SORTS:
            return sorted(rows, key=self.ROW_SORTS[sort][1])
        return sorted(rows, key=lambda row: (row.rank(sort) or 10**6, row.university.name))


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

    def __str__(self):
        return f"#{self.rank} {self.program} ({self.criterion.short_name})"

    def natural_key(self):
        return (self.ranking.slug, self.criterion.slug, self.program.slug)

    natural_key.dependencies = [
        "programs.ranking",
        "programs.rankingcriterion",
        "programs.program",
    ]
