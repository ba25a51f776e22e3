"""Descriptions and schema.org objects for program, university and ranking pages.

Each reads only what its page already loads (prefetched rows, the page's querysets).
"""

from core.models import Degree
from core.seo import absolute, short_date

from .models import Attribute

DEGREE_CREDENTIAL = {Degree.PHD: "Doctoral degree", Degree.MASTERS: "Master's degree"}


def best_entry(program):
    """The program's own best rank (ranking_entries prefetched in table order)."""
    return min(program.ranking_entries.all(), key=lambda entry: entry.rank, default=None)


def _rank_phrase(entry):
    return (
        f"ranked #{entry.rank} in {entry.ranking.publisher} {entry.criterion.name} "
        f"({entry.ranking.edition_year})"
    )


def _first_value(program, attribute):
    rows = program.values_of(attribute)
    return rows[0] if rows else None


def program_description(program):
    """MIT's PhD in EECS: deadline 15 Dec, ranked #1 in CSRankings Machine learning (2025),
    funding guaranteed, 5 years."""
    parts = []
    if deadline := _first_value(program, Attribute.DEADLINE):
        parts.append(f"deadline {short_date(deadline.date)}")
    if entry := best_entry(program):
        parts.append(_rank_phrase(entry))
    if funding := _first_value(program, Attribute.FUNDING):
        parts.append(f"funding: {funding.get_funding_display().lower()}")
    if duration := _first_value(program, Attribute.DURATION):
        parts.append(duration.duration_display)
    facts = ", ".join(parts) if parts else "admissions, rankings and sources"
    return f"{program.university.short_name}'s {program.name}: {facts}."


def university_entity(request, university):
    entity = {
        "@type": "CollegeOrUniversity",
        "name": university.name,
        "alternateName": university.short_name,
        "url": absolute(request, university.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": university.city,
            "addressRegion": university.state,
            "addressCountry": university.country,
        },
    }
    if university.website:
        entity["sameAs"] = university.website
    return entity


def program_entity(request, program):
    entity = {
        "@type": "EducationalOccupationalProgram",
        "name": program.name,
        "url": absolute(request, program.get_absolute_url()),
        "description": program.description or program_description(program),
        "provider": university_entity(request, program.university),
        "educationalCredentialAwarded": DEGREE_CREDENTIAL.get(program.degree, ""),
        "educationalLevel": program.get_degree_display(),
    }
    if program.official_url:
        entity["sameAs"] = program.official_url
    if deadline := _first_value(program, Attribute.DEADLINE):
        entity["applicationDeadline"] = deadline.date.isoformat()
    return entity


def university_description(university, programs):
    """CMU (Pittsburgh, PA): 3 ML graduate programs: PhD in Machine Learning, …"""
    names = [program.name for program in programs]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    count = f"{len(names)} ML graduate program{'s' if len(names) != 1 else ''}"
    listing = f"{count}: {shown}" if names else "its ML graduate programs"
    return f"{university.name} ({university.location}): {listing}, with ranks and sources."


def ranking_description(ranking, rows):
    """CSRankings 2025 (PhD), by its publisher: 1. CMU, 2. MIT, … and how it was made."""
    top = [f"{row.first_rank}. {row.university.short_name}" for row in rows[:3] if row.first_rank]
    head = f"{ranking.title} ({ranking.edition_year}), {ranking.get_degree_display()} programs"
    top_text = f": {', '.join(top)}" if top else ""
    return f"{head} as {ranking.publisher} published it{top_text}; method and source."


def ranking_entity(request, ranking, rows):
    """The page of the table shown, as an ItemList in printed order."""
    return {
        "@type": "ItemList",
        "name": f"{ranking.title} ({ranking.edition_year})",
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": f"{row.university.name}: {row.published_name}",
                **(
                    {"url": absolute(request, row.programs[0].get_absolute_url())}
                    if row.programs
                    else {}
                ),
            }
            for position, row in enumerate(rows, start=1)
        ],
    }
