"""What the API says about each object. Read-only, and reading only what the views'
querysets prefetch: no serializer here runs a query per row.

Every fact carries its source (slug, title, publisher, address, caveat) and, where the
model keeps one, the date an editor last checked it. Choice fields are plain strings
whose values the description lists: several models share field names ("degree",
"kind") with different choice sets, which would make clashing OpenAPI enums.
"""

from django.db import models
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from careers.models import ApplicationField, CareerPath, Employer, Figure, Sector, Skill
from core.models import Degree
from core.validators import is_http_url
from faqs.models import Category, Question
from programs.models import (
    VALUE_FIELDS,
    Attribute,
    Program,
    ProgramAttribute,
    ProgramFact,
    Ranking,
    RankingCriterion,
    RankingEntry,
    Region,
    ResearchArea,
    Source,
    University,
)


def choice(choices, help_text="", **kwargs):
    """A string field documented with its values: "`phd` (PhD), `masters` (Master's)"."""
    values = ", ".join(f"`{value}` ({label})" for value, label in choices)
    text = f"{help_text} One of {values}." if help_text else f"One of {values}."
    return serializers.CharField(help_text=text, **kwargs)


def level_field(**kwargs):
    """A degree that is one level (programs, tables)."""
    return choice(Degree.level_choices(), **kwargs)


def degree_field(**kwargs):
    """A degree that may be either level (`any`)."""
    return choice(Degree.choices, **kwargs)


def criteria_of(context):
    """The criteria pages show ranks on, once per request: from the FilterSet when the
    view has one (it queried them already), else one query."""
    if "criteria" not in context:
        context["criteria"] = list(RankingCriterion.objects.in_use())
    return context["criteria"]


class CalledMixin:
    """A field whose source names a method of the object: called, without DRF's own check
    of whether it may be called, which inspects its signature for every object (a tenth
    of a page of programs' time, on 250 method calls)."""

    def get_attribute(self, instance):
        return getattr(instance, self.source)()


class CalledCharField(CalledMixin, serializers.CharField):
    pass


@extend_schema_field(OpenApiTypes.URI)
class PageField(CalledMixin, serializers.ReadOnlyField):
    """The object's HTML page, as an absolute address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The object's page on the site.")
        super().__init__(source="get_absolute_url", **kwargs)

    def to_representation(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


@extend_schema_field(OpenApiTypes.URI)
class APIURLField(serializers.ReadOnlyField):
    """The object in the API, as an absolute address.

    Not DRF's HyperlinkedIdentityField: DRF's reverse() carries ?format= over from the
    request (for the browsable API), and `format` is a program filter here.
    """

    def __init__(self, view_name, **kwargs):
        self.view_name = view_name
        kwargs.setdefault("help_text", "This object in the API.")
        super().__init__(source="slug", **kwargs)

    def to_representation(self, slug):
        path = reverse(self.view_name, kwargs={"slug": slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


def api_url(view_name):
    return APIURLField(f"api:{view_name}")


class ExternalURLField(serializers.URLField):
    """An address on another site (a source, a website): output only if it is http(s),
    else empty, as pages show no link for it."""

    def to_representation(self, value):
        return value.strip() if is_http_url(value) else ""


class ModelSerializer(serializers.ModelSerializer):
    """Every model's URL fields go out through ExternalURLField."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: ExternalURLField,
    }


class SourceSerializer(ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "title", "publisher", "published", "url", "caveat"]


class AreaSerializer(ModelSerializer):
    class Meta:
        model = ResearchArea
        fields = ["slug", "name", "is_frontier"]


class UniversityRefSerializer(ModelSerializer):
    class Meta:
        model = University
        fields = ["slug", "name", "short_name"]


class RankingRefSerializer(ModelSerializer):
    url = api_url("ranking-detail")
    degree = level_field(help_text="The degree the table ranks.")

    class Meta:
        model = Ranking
        fields = ["slug", "title", "publisher", "edition_year", "degree", "url"]


class CriterionSerializer(ModelSerializer):
    class Meta:
        model = RankingCriterion
        fields = ["slug", "name", "short_name"]


class RankSerializer(serializers.Serializer):
    """A rank as pages show it (programs.models.RankCell)."""

    criterion = serializers.SlugField(source="entry.criterion.slug")
    rank = serializers.IntegerField(help_text="1 is best; ties share a rank.")
    is_university_rank = serializers.BooleanField(
        help_text="True when the table ranks another program of the university, not this one "
        "(the university's rank, from a table of the same degree)."
    )
    listing = serializers.CharField(help_text="The program ranked, as the table printed it.")
    ranking = RankingRefSerializer()


def rank_list(obj, context):
    cells = ((criterion, obj.rank_cell(criterion)) for criterion in criteria_of(context))
    return RankSerializer([cell for _, cell in cells if cell], many=True, context=context).data


# --- Programs ------------------------------------------------------------------------

TYPED_FIELDS = (*VALUE_FIELDS, "currency")


class AttributeValueSerializer(ModelSerializer):
    """One typed value from one source. Of the typed fields (date, amount...), only those
    the attribute uses and that hold a value are present."""

    attribute = choice(Attribute.choices)
    label = CalledCharField(source="get_attribute_display")
    value = serializers.CharField(source="value_display", help_text="The value as pages show it.")
    amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, coerce_to_string=False, required=False
    )
    currency = serializers.CharField(required=False, help_text="ISO code; with `amount`.")
    period = choice(ProgramAttribute.Period.choices, required=False)
    funding = choice(ProgramAttribute.Funding.choices, required=False)
    test_policy = choice(ProgramAttribute.TestPolicy.choices, required=False)
    ielts_minimum = serializers.DecimalField(
        max_digits=2, decimal_places=1, coerce_to_string=False, required=False
    )
    duration_unit = choice(ProgramAttribute.DurationUnit.choices, required=False)
    pace = choice(ProgramAttribute.Pace.choices, required=False)
    delivery = choice(ProgramAttribute.Delivery.choices, required=False)
    pathway = choice(ProgramAttribute.Pathway.choices, required=False)
    source = SourceSerializer()

    class Meta:
        model = ProgramAttribute
        fields = [
            "attribute",
            "label",
            "value",
            *TYPED_FIELDS,
            "cycle",
            "note",
            "disputed",
            "source",
            "last_verified",
        ]

    def to_representation(self, row):
        data = super().to_representation(row)
        uses = set(row.spec.fields) | ({"currency"} if row.amount is not None else set())
        for name in TYPED_FIELDS:
            if name not in uses or data[name] in (None, ""):
                del data[name]
        return data


class FactSerializer(ModelSerializer):
    topic = choice(ProgramFact.Topic.choices)
    source = SourceSerializer()

    class Meta:
        model = ProgramFact
        fields = ["key", "topic", "statement", "contradicts_listing", "source", "last_verified"]


class EntrySerializer(ModelSerializer):
    """A published rank of the program, in any edition of any table."""

    ranking = RankingRefSerializer()
    criterion = serializers.SlugField(source="criterion.slug")

    class Meta:
        model = RankingEntry
        fields = ["ranking", "criterion", "rank", "published_name"]


class ProgramSerializer(ModelSerializer):
    url = api_url("program-detail")
    page = PageField()
    university = UniversityRefSerializer()
    degree = level_field()
    kind = choice(Program.Kind.choices)
    disputed = serializers.BooleanField(
        source="is_disputed", help_text="A source contradicts how another lists the program."
    )
    ranks = serializers.SerializerMethodField(
        help_text="The rank pages show on each criterion: in the latest edition of each "
        "table, or in the table `?ranking=` names."
    )
    research_areas = AreaSerializer(source="focus_areas", many=True)
    research_areas_source = SourceSerializer()
    attributes = AttributeValueSerializer(
        source="attribute_rows",
        many=True,
        help_text="Typed values, in page order; an attribute no source gives is absent.",
    )
    source = SourceSerializer(help_text="Where the program's name and listing come from.")

    class Meta:
        model = Program
        fields = [
            "slug",
            "name",
            "url",
            "page",
            "university",
            "degree",
            "kind",
            "department",
            "location",
            "disputed",
            "ranks",
            "research_areas",
            "research_areas_source",
            "attributes",
            "source",
            "last_verified",
        ]

    @extend_schema_field(RankSerializer(many=True))
    def get_ranks(self, program):
        return rank_list(program, self.context)


class ProgramDetailSerializer(ProgramSerializer):
    core_courses = serializers.ListField(child=serializers.CharField(), source="core_course_list")
    tracks = serializers.ListField(child=serializers.CharField(), source="track_list")
    facts_source = SourceSerializer(
        help_text="Where the department, location, courses and tracks come from."
    )
    facts = FactSerializer(many=True)
    ranking_entries = EntrySerializer(many=True)

    class Meta(ProgramSerializer.Meta):
        fields = [
            *ProgramSerializer.Meta.fields,
            "description",
            "official_url",
            "core_courses",
            "tracks",
            "facts_source",
            "facts",
            "ranking_entries",
        ]


# --- Universities --------------------------------------------------------------------


class UniversitySerializer(ModelSerializer):
    url = api_url("university-detail")
    page = PageField()
    region = choice(Region.choices)
    location_source = SourceSerializer(
        allow_null=True, help_text="Where the city and state come from."
    )
    program_count = serializers.IntegerField(help_text="Published programs.")
    phd_count = serializers.IntegerField()
    masters_count = serializers.IntegerField()
    programs = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text="Its published programs."
    )
    ranks = serializers.SerializerMethodField(
        help_text="Its best rank on each criterion, over its programs, as pages show it."
    )

    class Meta:
        model = University
        fields = [
            "slug",
            "name",
            "short_name",
            "url",
            "page",
            "city",
            "state",
            "country",
            "region",
            "website",
            "location_source",
            "summary",
            "program_count",
            "phd_count",
            "masters_count",
            "programs",
            "ranks",
        ]

    @extend_schema_field(RankSerializer(many=True))
    def get_ranks(self, university):
        return rank_list(university, self.context)


# --- Rankings ------------------------------------------------------------------------


class RankingSerializer(ModelSerializer):
    url = api_url("ranking-detail")
    page = PageField()
    degree = level_field(help_text="The degree the table ranks.")
    source = SourceSerializer()

    class Meta:
        model = Ranking
        fields = [
            "slug",
            "title",
            "url",
            "page",
            "publisher",
            "edition_year",
            "degree",
            "summary",
            "methodology",
            "source",
        ]


class RankingRowSerializer(serializers.Serializer):
    """A row as the table printed it (programs.models.RankingRow)."""

    university = UniversityRefSerializer()
    published_name = serializers.CharField(help_text="The program as the table printed it.")
    programs = serializers.SerializerMethodField(
        help_text="Our published programs the row stands for."
    )
    ranks = serializers.DictField(
        child=serializers.IntegerField(), help_text="Criterion slug → rank."
    )

    def get_programs(self, row) -> list[str]:
        return [program.slug for program in row.programs]


class RowsPageSerializer(serializers.Serializer):
    """Where `rows` sits in the whole table."""

    count = serializers.IntegerField(help_text="Rows in the whole table.")
    number = serializers.IntegerField(help_text="This page's number, from 1.")
    pages = serializers.IntegerField(help_text="How many pages of rows there are.")
    next = serializers.URLField(allow_null=True, help_text="The next page of rows, if any.")
    previous = serializers.URLField(allow_null=True, help_text="The page before, if any.")


class RankingDetailSerializer(RankingSerializer):
    criteria = CriterionSerializer(many=True, help_text="What the table ranks on, in order.")
    rows = RankingRowSerializer(
        source="page_of_rows",
        many=True,
        help_text="The table as published, a page of rows at a time (?page=, ?page_size=): "
        "see rows_page. The whole table is one download at …/export.json.",
    )
    rows_page = RowsPageSerializer(source="rows_page_info")

    class Meta(RankingSerializer.Meta):
        fields = [*RankingSerializer.Meta.fields, "criteria", "rows", "rows_page"]


# --- Careers -------------------------------------------------------------------------


class FigureSerializer(ModelSerializer):
    kind = choice(Figure.Kind.choices)
    value = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False)
    value_display = serializers.CharField(
        source="display_value", help_text="The value as pages show it, with its hedge."
    )
    unit = choice(Figure.Unit.choices)
    qualifier = choice(Figure.Qualifier.choices, help_text="Empty when exact.")
    year_basis = choice(Figure.YearBasis.choices)
    when = serializers.CharField(help_text="The period, as pages show it.")
    degree = degree_field(help_text="The degree the figure is about.")
    source = SourceSerializer()

    class Meta:
        model = Figure
        fields = [
            "slug",
            "label",
            "kind",
            "value",
            "value_display",
            "unit",
            "qualifier",
            "scope",
            "year",
            "year_basis",
            "period",
            "when",
            "degree",
            "note",
            "is_key",
            "is_headline",
            "source",
            "last_verified",
        ]


class SectorSerializer(ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name"]


class EmployerSerializer(ModelSerializer):
    kind = choice(Employer.Kind.choices)
    source = SourceSerializer()

    class Meta:
        model = Employer
        fields = ["slug", "name", "kind", "website", "source"]


class SkillSerializer(ModelSerializer):
    category = choice(Skill.Category.choices)
    source = SourceSerializer()

    class Meta:
        model = Skill
        fields = ["slug", "name", "category", "source"]


class ApplicationFieldSerializer(ModelSerializer):
    sources = SourceSerializer(many=True)

    class Meta:
        model = ApplicationField
        fields = ["slug", "name", "sources"]


class CareerSerializer(ModelSerializer):
    url = api_url("career-detail")
    page = PageField()
    degree = degree_field(help_text="The degree the role typically needs.")
    degree_source = SourceSerializer()
    sectors = SectorSerializer(many=True)
    headline_figure = FigureSerializer(allow_null=True)
    figures = FigureSerializer(many=True, help_text="Every figure about the role.")

    class Meta:
        model = CareerPath
        fields = [
            "slug",
            "title",
            "url",
            "page",
            "summary",
            "degree",
            "degree_note",
            "degree_source",
            "sectors",
            "headline_figure",
            "figures",
        ]


class CareerDetailSerializer(CareerSerializer):
    employers = EmployerSerializer(many=True)
    skills = SkillSerializer(many=True)
    application_fields = ApplicationFieldSerializer(many=True)
    research_areas = AreaSerializer(many=True)
    sources = SourceSerializer(many=True)
    programs = serializers.SerializerMethodField(
        help_text="Published programs leading to the role, best-ranked first, as on its page."
    )

    class Meta(CareerSerializer.Meta):
        fields = [
            *CareerSerializer.Meta.fields,
            "work",
            "employers",
            "skills",
            "application_fields",
            "research_areas",
            "sources",
            "programs",
        ]

    def get_programs(self, career) -> list[str]:
        return [program.slug for program in career.leading_programs()]


# --- FAQs ----------------------------------------------------------------------------


class CategorySerializer(ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name"]


class QuestionSerializer(ModelSerializer):
    url = api_url("faq-detail")
    page = PageField()
    answer_html = serializers.CharField(help_text="The answer as sanitized HTML.")
    answer_text = serializers.CharField(help_text="The answer as plain text.")
    category = CategorySerializer()
    degree = degree_field(source="level", help_text="Which applicants the question is for.")
    sources = SourceSerializer(many=True)

    class Meta:
        model = Question
        fields = [
            "slug",
            "question",
            "url",
            "page",
            "short_answer",
            "answer_text",
            "answer_html",
            "category",
            "degree",
            "sources",
            "last_verified",
        ]


class QuestionDetailSerializer(QuestionSerializer):
    related_questions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    related_programs = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    related_areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    related_careers = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta(QuestionSerializer.Meta):
        fields = [
            *QuestionSerializer.Meta.fields,
            "related_questions",
            "related_programs",
            "related_areas",
            "related_careers",
        ]
