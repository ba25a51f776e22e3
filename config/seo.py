"""schema.org objects for the site-wide pages: the WebSite (home) and the open-data
Dataset (/data/)."""

from django.urls import reverse

from core.exports import LICENCE_URL
from core.seo import SITE_NAME, absolute

# Each download on /data/: (URL name, its kwargs, what it holds).
DOWNLOADS = [
    ("programs:export", {}, "Every published program with its admissions values and ranks"),
    ("careers:figures-export", {}, "Sourced career figures"),
    ("faqs:glossary-export", {}, "The glossary"),
]
ENCODINGS = {"csv": "text/csv", "json": "application/json"}


def publisher(request):
    return {"@type": "Organization", "name": SITE_NAME, "url": absolute(request, "/")}


def website(request):
    """Home: the site, and how to search it (the program list's ?q=)."""
    return {
        "@type": "WebSite",
        "name": SITE_NAME,
        "url": absolute(request, reverse("home")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(request, reverse("programs:list"))
                + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def open_data(request, description, last_checked):
    dataset = {
        "@type": "Dataset",
        "name": "Gradient: ML graduate programs, rankings, careers and glossary",
        "description": description,
        "url": absolute(request, reverse("data")),
        "license": LICENCE_URL,
        "isAccessibleForFree": True,
        "creator": publisher(request),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f"{what} ({fmt.upper()})",
                "encodingFormat": encoding,
                "contentUrl": absolute(request, reverse(name, kwargs={**kwargs, "format": fmt})),
            }
            for name, kwargs, what in DOWNLOADS
            for fmt, encoding in ENCODINGS.items()
        ],
    }
    if last_checked:
        dataset["dateModified"] = last_checked.isoformat()
    return dataset
