"""Program search reads search documents: the same results on SQLite and PostgreSQL
(CI runs this file on both), never fewer than the patterns accept, and documents
kept right by every change they draw on."""

import pytest
from django.core.management import call_command
from django.db import connection

from core.search import parse_terms, relevance
from programs import signals
from programs.models import Program, ProgramFact
from programs.tests.factories import make_area, make_program, make_source, make_university


@pytest.fixture
def catalogue(db):
    source = make_source()
    ecole = make_university(name="École Polytechnique", short_name="X")
    stanford = make_university(name="Stanford University", short_name="Stanford")
    nlp = make_area(name="Natural Language Processing")
    robotics = make_area(name="Robotics")
    programs = {
        "ml": make_program(
            slug="ml", name="PhD in Machine Learning", department="Machine Learning Department"
        ),
        "ai": make_program(slug="ai", description="Research in AI and robotics."),
        "nlp": make_program(slug="nlp", areas=[nlp, robotics]),
        "masters": make_program(
            slug="masters",
            name="Master's in Statistics",
            degree="masters",
            description="Two masters' theses.",
        ),
        "ecole": make_program(slug="ecole", university=ecole, description="Paris area."),
        "symbols": make_program(
            slug="symbols",
            university=stanford,
            description="About 80% are self-funded; see cs.stanford.edu <script> (c) tags.",
        ),
        "studies": make_program(slug="studies", description="Studies of universities’ data."),
        "phd": make_program(slug="phd", name="Ph.D. in Statistics"),
        "gre": make_program(slug="gre", description="A degree of great breadth."),
    }
    ProgramFact.objects.create(
        program=programs["gre"],
        key="gre",
        topic=ProgramFact.Topic.ADMISSION,
        statement="Requires the GRE general test.",
        source=source,
        last_verified="2026-11-01",
    )
    return programs


PHDS = {"ml", "ai", "nlp", "ecole", "symbols", "studies", "phd", "gre"}
# The same expectations on both databases: CI runs them on SQLite and on PostgreSQL.
QUERIES = [
    ("ml", {"ml"}),
    ("ML", {"ml"}),
    ("machine learning", {"ml"}),
    ('"machine learning"', {"ml"}),
    ('"learning machine"', set()),
    ("ai", {"ai"}),
    ("artificial intelligence", set()),
    ("nlp", {"nlp"}),
    ('"natural language processing"', {"nlp"}),
    ("robotics", {"ai", "nlp"}),
    ("robotic", {"ai", "nlp"}),
    ("master", {"masters"}),
    ("masters", {"masters"}),
    ("master's", {"masters"}),
    ("statistics", {"masters", "phd"}),
    ("study", {"studies"}),
    ("data's", {"studies"}),
    ("universities", {"ml", "ai", "nlp", "masters", "symbols", "studies", "phd", "gre"}),
    ("phd", PHDS),  # the degree is searched too
    ("doctorate", PHDS),
    ("gre", {"gre"}),
    ("80%", {"symbols"}),
    ("<script>", {"symbols"}),
    ("(c)", {"symbols"}),
    ("funded", {"symbols"}),
    ("stanford", {"symbols"}),
    ("école", {"ecole"}),
    ("ÉCOLE", {"ecole"}),
    ("zzz", set()),
    ("ml zzz", set()),
    ("%", {"symbols"}),
    ("_", set()),
]


def found(query):
    return set(Program.objects.search(parse_terms(query)).values_list("slug", flat=True))


def accepted(query):
    """What the patterns accept over every program's texts, with no database narrowing."""
    terms = parse_terms(query)
    texts = Program.objects.all().search_texts()
    slugs = dict(Program.objects.values_list("pk", "slug"))
    return {slugs[pk] for pk, columns in texts.items() if relevance(terms, *columns) is not None}


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_the_same_results_on_every_database(catalogue, query, expected):
    assert found(query) == expected
    # The narrowing never drops what the patterns accept.
    assert found(query) == accepted(query)


def test_best_match_first_from_documents(catalogue):
    make_program(slug="named", name="Robotics")
    ranked = Program.objects.search(["robotics"]).by_relevance()
    assert [program.slug for program in ranked][0] == "named"


def test_shipped_content_documents_are_right(site_content):
    """Fixture loads (raw saves, universities and areas after programs) leave them right."""
    assert Program.objects.exclude(search_document="").exists()
    assert Program.objects.rebuild_search_documents() == 0


def test_shipped_content_searches_alike_through_documents(site_content):
    for query in ["ml", '"machine learning"', "nlp", "masters", "gre", "stanford", "80%", "zzz"]:
        assert found(query) == accepted(query), query


def document(program):
    program.refresh_from_db()
    return program.search_document


def assert_all_right():
    assert Program.objects.rebuild_search_documents() == 0
    if connection.vendor == "postgresql":  # each stored vector is that of the words
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM programs_program WHERE search_vector IS DISTINCT FROM"
                " to_tsvector('simple', COALESCE(search_words, ''))"
            )
            assert cursor.fetchone() == (0,)


def test_university_and_program_edits_rebuild(catalogue):
    program = catalogue["ecole"]
    program.university.name = "Institut Renamed"
    program.university.save()
    assert "Institut Renamed" in document(program)
    program.description = "Now with optimisation."
    program.save()
    assert "optimisation" in document(program)
    assert_all_right()


def test_area_changes_rebuild_both_ways(catalogue):
    program = catalogue["ml"]
    vision = make_area(name="Computer Vision")
    program.focus_areas.add(vision)
    assert "Computer Vision" in document(program)
    vision.name = "Visual Computing"
    vision.save()
    assert "Visual Computing" in document(program)
    program.focus_areas.remove(vision)
    assert "Visual Computing" not in document(program)
    vision.programs.add(program)  # the reverse side
    assert "Visual Computing" in document(program)
    vision.programs.clear()
    assert "Visual Computing" not in document(program)
    program.focus_areas.add(vision)
    vision.delete()
    assert "Visual Computing" not in document(program)
    assert_all_right()


def test_fact_changes_rebuild(catalogue):
    program = catalogue["gre"]
    fact = ProgramFact.objects.get(program=program)
    fact.statement = "Requires the TOEFL."
    fact.save()
    assert "TOEFL" in document(program) and "GRE general" not in document(program)
    fact.delete()
    assert "TOEFL" not in document(program)
    assert_all_right()


def test_fixture_loads_and_migrate_rebuild(catalogue, tmp_path):
    path = tmp_path / "programs.json"
    call_command(
        "dumpdata",
        "programs.source",
        "programs.university",
        "programs.researcharea",
        "programs.program",
        "--natural-foreign",
        "--natural-primary",
        output=str(path),
    )
    Program.objects.update(search_document="", search_words="")
    call_command("loaddata", str(path), verbosity=0)
    assert "Natural Language Processing" in document(catalogue["nlp"])
    assert_all_right()
    Program.objects.update(search_document="", search_words="")
    signals.rebuild_after_migrate(sender=None)
    assert_all_right()


def test_history_leaves_the_document_out(catalogue):
    fields = {field.name for field in Program.history.model._meta.fields}
    assert not fields & {"search_document", "search_words", "search_vector"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_full_text_narrowing_can_use_the_index(catalogue):
    candidates = Program.objects.all()._candidates(["learning"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = candidates.order_by().values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "program_search_vector_gin" in plan, plan
