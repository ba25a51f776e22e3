"""The read-only JSON API, /api/v1/: the pages' published querysets and FilterSets, as JSON.

Lists filter and sort exactly as their HTML pages do, with the same parameters (the
same FilterSet classes); an invalid value is ignored and named under "ignored".
Everything is configured here, per view, so the API needs no REST_FRAMEWORK setting.
"""

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from careers.filters import CareerPathFilter
from careers.models import CareerPath, Figure
from faqs.filters import FAQFilter
from faqs.models import Question
from programs.filters import ProgramFilter, UniversityFilter
from programs.models import Program, ProgramFact, Ranking, RankingEntry, University

from . import serializers
from .filters import ForgivingFilterBackend
from .pagination import PageNumberPagination


class JSONOnly(BaseContentNegotiation):
    """Always the first (only) renderer. DRF's default negotiation reads ?format= to pick
    a renderer, but `format` is a filter of the program list (?format=online)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ReadOnly:
    """Public, anonymous, JSON, GET: no sessions, no CSRF, no browsable API."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    http_method_names = ["get", "head"]
    # drf-spectacular's, without DRF's DEFAULT_SCHEMA_CLASS setting.
    schema = AutoSchema()


class ListEndpoint(ReadOnly, generics.ListAPIView):
    pagination_class = PageNumberPagination
    filter_backends = [ForgivingFilterBackend]


class DetailEndpoint(ReadOnly, generics.RetrieveAPIView):
    lookup_field = "slug"
    filter_backends = []  # ?degree= on a detail must not turn it into a 404


# --- Programs ------------------------------------------------------------------------

SORT_HELP = (
    "Sort by: a criterion's slug (best-ranked on it first), or one of "
    + ", ".join(f"`{key}` ({label})" for key, (label, _) in ProgramFilter.SORTS.items())
    + ". Without it: best match first when searching, then rank."
)


def programs():
    # ProgramFilter adds the listing's prefetches (for_listing) and the order.
    return Program.objects.published().select_related("source", "areas_source")


@extend_schema(
    parameters=[
        OpenApiParameter("sort", str, description=SORT_HELP),
        OpenApiParameter(
            "criterion",
            str,
            description="A criterion's slug: what `top` applies to and the list is ordered by.",
        ),
        OpenApiParameter(
            "ranking",
            str,
            description="A ranking's slug: only programs it lists, with its ranks.",
        ),
    ]
)
class ProgramList(ListEndpoint):
    """Published programs, filtered and ordered as /programs/ is."""

    filterset_class = ProgramFilter
    serializer_class = serializers.ProgramSerializer

    def get_queryset(self):
        return programs()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        filterset = getattr(self, "filterset", None)
        if filterset is not None:
            context["criteria"] = filterset.criteria
        return context


class ProgramDetail(DetailEndpoint):
    serializer_class = serializers.ProgramDetailSerializer

    def get_queryset(self):
        return (
            programs()
            .select_related("details_source")
            .prefetch_related(
                "focus_areas",
                Prefetch("facts", queryset=ProgramFact.objects.select_related("source")),
                Prefetch(
                    "ranking_entries",
                    queryset=RankingEntry.objects.published().in_table_order(),
                ),
            )
            .with_ranks()
            .with_attributes()
            .with_dispute_flag()
        )


# --- Universities --------------------------------------------------------------------


def universities():
    return (
        University.objects.published()
        .select_related("location_source")
        .with_program_counts()
        .with_best_ranks()
    )


class UniversityList(ListEndpoint):
    """Published universities, by region then name, as /universities/ lists them."""

    filterset_class = UniversityFilter
    serializer_class = serializers.UniversitySerializer

    def get_queryset(self):
        return universities().order_by("region", "name")


class UniversityDetail(DetailEndpoint):
    serializer_class = serializers.UniversitySerializer

    def get_queryset(self):
        return universities()


# --- Rankings ------------------------------------------------------------------------


class RankingList(ListEndpoint):
    """Published ranking tables; each one's rows are at its own address."""

    filter_backends = []
    serializer_class = serializers.RankingSerializer

    def get_queryset(self):
        return Ranking.objects.published().select_related("source")


class RowsPagination(PageNumberPagination):
    """A table's rows, as many a page as the ranking's web page shows: a table grows with
    the catalogue, and a response must not."""

    page_size = Ranking.ROWS_PER_PAGE
    max_page_size = 500


@extend_schema(
    parameters=[
        OpenApiParameter("page", int, description="A page of the table's rows, from 1."),
        OpenApiParameter("page_size", int, description="Rows a page (default 100, at most 500)."),
    ]
)
class RankingDetail(DetailEndpoint):
    serializer_class = serializers.RankingDetailSerializer

    def get_queryset(self):
        return Ranking.objects.published().select_related("source")

    def retrieve(self, request, *args, **kwargs):
        ranking = self.get_object()
        # The page's keys first, then only their rows, as the ranking's page does.
        pagination = RowsPagination()
        keys = pagination.paginate_queryset(ranking.row_keys(), request, view=self)
        ranking.page_of_rows = ranking.page_rows(keys)
        page = pagination.page
        next_url, previous_url = pagination.get_next_link(), pagination.get_previous_link()
        ranking.rows_page_info = {
            "count": page.paginator.count,
            "number": page.number,
            "pages": page.paginator.num_pages,
            "next": next_url,
            "previous": previous_url,
        }
        # The pages in a Link header too (RFC 8288), so that a client written before rows
        # came in pages can see there are more.
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", next_url), ("prev", previous_url))
            if url
        ]
        headers = {"Link": ", ".join(links)} if links else None
        return Response(self.get_serializer(ranking).data, headers=headers)


# --- Careers -------------------------------------------------------------------------


class CareerList(ListEndpoint):
    """Published roles, filtered and ordered as /careers/ is."""

    filterset_class = CareerPathFilter
    serializer_class = serializers.CareerSerializer

    def get_queryset(self):
        return (
            CareerPath.objects.published()
            .for_listing()
            .select_related("degree_source")
            .prefetch_related(Prefetch("figures", queryset=Figure.objects.select_related("source")))
        )


class CareerDetail(DetailEndpoint):
    serializer_class = serializers.CareerDetailSerializer

    def get_queryset(self):
        return CareerPath.objects.published().for_detail().with_headline()


# --- FAQs ----------------------------------------------------------------------------


class FAQList(ListEndpoint):
    """Published questions, filtered and ordered as /faqs/ is."""

    filterset_class = FAQFilter
    serializer_class = serializers.QuestionSerializer

    def get_queryset(self):
        return Question.objects.published().for_listing()


class FAQDetail(DetailEndpoint):
    serializer_class = serializers.QuestionDetailSerializer

    def get_queryset(self):
        return Question.objects.published().for_detail()


# --- Index and schema ----------------------------------------------------------------

ENDPOINTS = ["programs", "universities", "rankings", "careers", "faqs"]


# On the class, not on get(): a method's @extend_schema builds on DRF's default schema
# class, which is not drf-spectacular's without the DEFAULT_SCHEMA_CLASS setting.
@extend_schema(responses=OpenApiTypes.OBJECT)
class Index(ReadOnly, APIView):
    """Where everything is."""

    def get(self, request):
        names = [*ENDPOINTS, "schema"]
        return Response(
            {name: request.build_absolute_uri(reverse(f"api:{name}")) for name in names}
        )


@extend_schema(exclude=True)
class Schema(SpectacularAPIView):
    """The OpenAPI 3 description, as JSON (with or without ?format=json)."""

    authentication_classes = []
    renderer_classes = [OpenApiJsonRenderer]
    content_negotiation_class = JSONOnly
    http_method_names = ["get", "head"]
    schema = AutoSchema()
    custom_settings = {
        "TITLE": "Gradient API",
        "DESCRIPTION": "Read-only data behind Gradient's pages: ML graduate programs, their "
        "universities, published rankings, careers and FAQs. Every value names its source.",
        "VERSION": "1",
    }

    def get(self, request, *args, **kwargs):
        # Redefined without SpectacularAPIView.get's @extend_schema, whose schema class is
        # DRF's (DEFAULT_SCHEMA_CLASS is not set) and would shadow AutoSchema above.
        return super().get(request, *args, **kwargs)
