"""schema.org FAQPage JSON-LD, serialized the way json_script does it.

json_script itself can't set type="application/ld+json", so this escapes <, > and &
as Unicode escapes just as it does: no text in a question can close the <script>.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

_JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    # Line and paragraph separators end a line in older JavaScript parsers.
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def faq_page(questions):
    """The FAQPage object for these questions (each a Question)."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [question.schema_entity() for question in questions],
    }


def json_ld_script(data):
    """A <script type="application/ld+json"> element holding `data`, safe to embed."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_JSON_SCRIPT_ESCAPES)),
    )
