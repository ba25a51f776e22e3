"""Page-number pagination with the "ignored" filters in the envelope."""

from rest_framework import pagination
from rest_framework.exceptions import NotFound

from .filters import echoed

IGNORED_SCHEMA = {
    "type": "array",
    "description": "Filter parameters whose values were invalid and so were not applied "
    "(the valid ones still were), as the HTML pages ignore them.",
    "items": {
        "type": "object",
        "properties": {
            "parameter": {"type": "string", "example": "degree"},
            "value": {"type": "string", "example": "xyz"},
            "message": {
                "type": "string",
                "example": "“xyz” is not a degree; choose PhD or Master's.",
            },
        },
        "required": ["parameter", "value", "message"],
    },
}


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        # Set by ForgivingFilterBackend; lists without a FilterSet ignore nothing.
        self.ignored = getattr(view, "ignored", [])
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            pages = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            requested = echoed(request.query_params.get(self.page_query_param, ""))[:20]
            raise NotFound(
                f"There is no page “{requested}”: pages run from 1 to {pages}."
            ) from None

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data = {"ignored": self.ignored, **response.data}
        return response

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["properties"] = {"ignored": IGNORED_SCHEMA, **envelope["properties"]}
        envelope["required"] = ["ignored", *envelope.get("required", [])]
        return envelope
