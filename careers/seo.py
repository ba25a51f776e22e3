"""schema.org objects for career pages (from what the page already prefetches)."""

from core.seo import absolute


def career_entity(request, career):
    entity = {
        "@type": "Occupation",
        "name": career.title,
        "description": career.summary,
        "url": absolute(request, career.get_absolute_url()),
        "qualifications": career.get_degree_display(),
    }
    if skills := [skill.name for skill in career.skills.all()]:
        entity["skills"] = ", ".join(skills)
    return entity
