"""schema.org objects for FAQ pages: a question's FAQPage, the glossary's terms.

Serialized by core.seo.json_ld_script (escaped so no text can close the <script>).
"""

from core.seo import absolute


def faq_page(questions):
    """The FAQPage object for these questions (each a Question)."""
    return {
        "@type": "FAQPage",
        "mainEntity": [question.schema_entity() for question in questions],
    }


def defined_term_set(request, terms):
    return {
        "@type": "DefinedTermSet",
        "name": "Glossary of machine learning graduate study",
        "hasDefinedTerm": [
            {
                "@type": "DefinedTerm",
                "name": term.term,
                "description": term.definition,
                "url": absolute(request, term.get_absolute_url()),
            }
            for term in terms
        ],
    }
