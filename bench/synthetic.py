"""A synthetic catalogue on top of the shipped content, for the benchmark.

Sizes follow issue 10: N programs (default 10,000) at 10 per university, and ranking
tables of 1,000 programs on two criteria each, 20,000 entries at 10,000 programs. Typed
values are copies of shipped ones (so every database rule holds), with varied dates and
amounts. Rows go in with bulk_create; the precomputed ranks and area counts are then worked out once, as
`loadcontent` does after a load. bulk_create sends no signals, so the programs' search
documents are worked out at the end too (rebuild_search_documents()).
"""

import datetime
import random

from django.db import transaction

from core import pagecache
from faqs.models import Requirement
from programs.models import (
    Attribute,
    Program,
    ProgramAttribute,
    ProgramFact,
    Ranking,
    RankingCriterion,
    RankingEntry,
    Region,
    ResearchArea,
    ShownRank,
    Source,
    University,
)

PROGRAMS_PER_UNIVERSITY = 10
PUBLISHERS = ["Synthetic Rankings", "Bench Review", "Model Index", "Gradient Test", "Sample League"]
STATES = ["CA", "MA", "NY", "PA", "TX", "WA", "IL", "GA", "MI", "NC"]
ATTRIBUTES = [Attribute.DEADLINE, Attribute.TUITION, Attribute.FUNDING, Attribute.DURATION]


def _copy(row, **changes):
    """A new unsaved row with `row`'s field values and `changes`."""
    values = {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key
    }
    return type(row)(**{**values, **changes})


@transaction.atomic
def make_catalogue(programs=10_000, seed=10):
    rng = random.Random(seed)
    today = datetime.date(2026, 12, 1)
    source = Source.objects.create(
        slug="synthetic-benchmark",
        title="Synthetic benchmark data",
        publisher="Gradient benchmark",
        kind=Source.Kind.SECONDARY,
        url="https://example.com/benchmark",
    )
    areas = list(ResearchArea.objects.all())
    templates = {a: ProgramAttribute.objects.filter(attribute=a).first() for a in ATTRIBUTES}

    count = max(1, programs // PROGRAMS_PER_UNIVERSITY)
    universities = University.objects.bulk_create(
        University(
            slug=f"synthetic-university-{i:05}",
            name=f"Synthetic University {i:05}",
            short_name=f"SU{i:05}",
            city=f"Town {i % 97}",
            state=STATES[i % len(STATES)],
            region=Region.values[i % len(Region.values)],
            summary="A university made up for the benchmark.",
        )
        for i in range(count)
    )
    made = Program.objects.bulk_create(
        Program(
            university=university,
            slug=f"{university.slug}-{degree}-{k}",
            name=f"{'PhD' if degree == 'phd' else 'MS'} in Learning Systems {k}",
            degree=degree,
            kind=Program.Kind.values[k % len(Program.Kind.values)],
            department="Department of Synthetic Computing",
            description=f"Program {k} of {university.name}: statistics, optimization and more.",
            source=source,
            last_verified=today - datetime.timedelta(days=rng.randrange(700)),
        )
        for university in universities
        for k in range(PROGRAMS_PER_UNIVERSITY)
        for degree in ["phd" if k % 2 == 0 else "masters"]
    )
    links = Program.focus_areas.through
    links.objects.bulk_create(
        links(program_id=program.pk, researcharea_id=area.pk)
        for program in made
        for area in rng.sample(areas, 3)
    )
    rows = []
    for program in made:
        for attribute, template in templates.items():
            if template is None or not attribute.applies_to(program.degree):
                continue
            changes = {"program_id": program.pk, "source_id": source.pk, "last_verified": today}
            if attribute == Attribute.DEADLINE:
                changes["date"] = template.date + datetime.timedelta(days=rng.randrange(-60, 30))
            if attribute == Attribute.TUITION and template.amount:
                changes["amount"] = rng.randrange(10, 80) * 1000
            if attribute == Attribute.FUNDING and program.degree == "phd":
                changes["funding"] = ProgramAttribute.Funding.values[0]
            rows.append(_copy(template, **changes))
    ProgramAttribute.objects.bulk_create(rows, batch_size=2000)
    ProgramFact.objects.bulk_create(
        (
            ProgramFact(
                program=program,
                key="synthetic-listing",
                topic=ProgramFact.Topic.values[0],
                statement="A second source lists this program differently.",
                source=source,
                contradicts_listing=True,
                last_verified=today,
            )
            for program in made[::50]
        ),
        batch_size=2000,
    )
    Requirement.objects.bulk_create(
        (
            _copy(template, program_id=program.pk, slug=f"synthetic-{program.slug}")
            for template in [Requirement.objects.filter(program__isnull=False).first()]
            if template is not None
            for program in made[::10]
        ),
        batch_size=2000,
    )

    criteria = list(RankingCriterion.objects.all())
    entries = []
    for p, publisher in enumerate(PUBLISHERS):
        for degree in ("phd", "masters"):
            editions = [2025] if p else [2024, 2025]  # one older edition, replaced
            for year in editions:
                ranking = Ranking.objects.create(
                    title=f"{publisher} {degree} table",
                    slug=f"synthetic-{p}-{degree}-{year}",
                    publisher=publisher,
                    edition_year=year,
                    degree=degree,
                    summary="A table made up for the benchmark.",
                    source=source,
                )
                ranked = [
                    next(
                        pr for pr in made[u * PROGRAMS_PER_UNIVERSITY :][:10] if pr.degree == degree
                    )
                    for u in range(count)
                ][: 200 if year == 2024 else None]
                for criterion in criteria:
                    order = rng.sample(range(1, len(ranked) + 1), len(ranked))
                    entries += [
                        RankingEntry(ranking=ranking, criterion=criterion, program=pr, rank=rank)
                        for pr, rank in zip(ranked, order, strict=True)
                    ]
    RankingEntry.objects.bulk_create(entries, batch_size=5000)
    # bulk_create sends no signals: work out what the signals would have kept right.
    ShownRank.objects.rebuild()
    ResearchArea.objects.recount()
    pagecache.bump()
    Program.objects.rebuild_search_documents()
    return {"universities": count, "programs": len(made), "entries": len(entries)}
