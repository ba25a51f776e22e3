"""What search engines and link previews read in a page's <head>: title, description,
canonical address, robots rule, OpenGraph/Twitter tags and schema.org JSON-LD.

Views say what the page is (PageMetaMixin); templates/includes/head_meta.html prints it.
The rules, in one place:

- A page with a query string other than ?page= (filters, a sort, a search, a
  comparison, a shared shortlist) is a variation of its page: canonical to the plain
  page (its path, no query string), so engines crawl it, follow its links and fold it
  into that one address. Not noindex: a canonical link keeps what links to a filtered
  list counting for the list, and the page itself crawlable.
- Page 2+ of a list is a page of its own: canonical to itself (?page=N).
- Every other page is canonical to its own path, without any query string.

JSON-LD is built as dicts in Python (each app's seo.py) and serialized here the way
json_script escapes, so no text an editor types can close the <script> element.
"""

import datetime
import inspect
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.forms import ModelChoiceField
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SITE_NAME = "Gradient"
DEFAULT_DESCRIPTION = (
    "Compare graduate programs in machine learning: rankings, requirements, careers and "
    "straight answers, every fact with its source."
)
# Query parameters that make a distinct page worth indexing; every other one is a
# variation (filter, sort, search) of the page without it.
INDEXED_PARAMS = frozenset({"page"})

_JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    # Line and paragraph separators end a line in older JavaScript parsers.
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_ld_script(data):
    """A <script type="application/ld+json"> element holding `data`, safe to embed.

    json_script can't set that type, so this escapes <, > and & as it does."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_JSON_SCRIPT_ESCAPES)),
    )


def absolute(request, path):
    return request.build_absolute_uri(path)


def breadcrumb_list(request, breadcrumbs):
    """schema.org BreadcrumbList for BreadcrumbsMixin's (label, url) pairs; the last
    crumb is this page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(label),
                "item": absolute(request, url or request.path),
            }
            for position, (label, url) in enumerate(breadcrumbs, start=1)
        ],
    }


def item_list(request, objects, name_of=str):
    """schema.org ItemList of what a list page shows (each object with get_absolute_url)."""
    return {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name_of(obj),
                "url": absolute(request, obj.get_absolute_url()),
            }
            for position, obj in enumerate(objects, start=1)
        ],
    }


def short_date(day):
    """15 Dec (this cycle's deadlines need no year in a description)."""
    return f"{day.day} {day:%b}"


def describe_value(field, value):
    """A cleaned filter value as a reader would say it ("PhD", "Europe", "on")."""
    if value in (None, "", []) or value is False:
        return ""
    if value is True:
        return "yes"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(filter(None, (describe_value(field, item) for item in value)))
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, Model):
        return str(value)
    return str(_static_choices(field).get(str(value), value))


def _static_choices(field):
    """{value: label} of a field's choices, or {} where reading them may run a query
    (a queryset; a function such as the list of states in the database), so a title
    costs no query. A choices class's method (Degree.level_choices) is fixed."""
    if isinstance(field, ModelChoiceField):
        return {}
    choices = getattr(field, "choices", ())
    source = getattr(choices, "choices", None)  # django-filter's lazy ChoiceIterator
    if callable(source) and not inspect.ismethod(source):
        return {}
    return {str(key): label for key, label in choices if key != ""}


def describe_filters(form, skip=()):
    """["Degree: PhD", "Region: Europe", "Funded"] for a filter form's applied values."""
    parts = []
    for name, value in form.cleaned_data.items():
        if name in skip or name not in form.fields:
            continue
        field = form.fields[name]
        described = describe_value(field, value)
        if not described:
            continue
        label = str(field.label or name.capitalize())
        if name == "q":  # the one search box every list has
            parts.append(f"search “{described}”")
        else:
            parts.append(label if described == "yes" else f"{label}: {described}")
    return parts


class PageMetaMixin:
    """For a view: puts `page_meta` (see includes/head_meta.html) in the context.

    Set `page_title` / `meta_description` for a fixed page, or override the get_
    methods, which see the whole context (so they reuse what the page already loads:
    a queryset they iterate is the one the template then reads, at no extra query).
    get_structured_data() returns the schema.org objects the page is about; the page
    itself (`page_type`) and a BreadcrumbList of its breadcrumbs are added.
    """

    page_title = ""
    meta_description = ""
    og_type = "website"
    page_type = "WebPage"

    def get_page_title(self, context):
        return self.page_title

    def get_meta_description(self, context):
        return self.meta_description or DEFAULT_DESCRIPTION

    def get_structured_data(self, context):
        return []

    def is_variation(self):
        """True when the query string filters, sorts or searches (not only ?page=)."""
        return any(
            any(value.strip() for value in values)
            for name, values in self.request.GET.lists()
            if name not in INDEXED_PARAMS
        )

    def get_canonical_url(self, context):
        page = context.get("page_obj")
        path = self.request.path
        if page is not None and page.number > 1 and not self.is_variation():
            path += f"?page={page.number}"
        return absolute(self.request, path)

    def page_meta(self, context):
        page = context.get("page_obj")
        title = self.get_page_title(context)
        if page is not None and page.number > 1:
            title = f"{title} (page {page.number})"
        description = self.get_meta_description(context)
        canonical = self.get_canonical_url(context)
        # A link preview shows what was shared (the filtered list), not the plain list.
        url = (
            absolute(self.request, self.request.get_full_path())
            if self.is_variation()
            else canonical
        )
        graph = [
            {"@type": self.page_type, "name": title, "description": description, "url": url},
            *self.get_structured_data(context),
        ]
        if breadcrumbs := context.get("breadcrumbs"):
            graph.append(breadcrumb_list(self.request, breadcrumbs))
        return {
            "title": title,
            "description": description,
            "canonical": canonical,
            "url": url,
            "og_type": self.og_type,
            "json_ld": json_ld_script({"@context": "https://schema.org", "@graph": graph}),
        }

    def render_to_response(self, context, **response_kwargs):
        # Here rather than in get_context_data: the view's own context is complete.
        context["page_meta"] = self.page_meta(context)
        return super().render_to_response(context, **response_kwargs)


class FilteredListMetaMixin(PageMetaMixin):
    """For a FilterView: the title names the applied filters ("ML graduate programs:
    Degree: PhD, Region: Europe"), and the page is a CollectionPage of what it shows."""

    page_type = "CollectionPage"

    def get_page_title(self, context):
        # What narrows the list; a sort only reorders it.
        described = describe_filters(self.filterset.form, skip=self.ordering_params)
        return f"{self.page_title}: {', '.join(described)}" if described else self.page_title

    def get_structured_data(self, context):
        return [item_list(self.request, context["object_list"])]
