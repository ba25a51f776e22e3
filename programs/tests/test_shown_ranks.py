"""ShownRank holds the rank lists show, worked out ahead; every change that can move a
rank must leave it equal to a rebuild from scratch."""

import datetime

import pytest
from django.core.management import call_command

from programs.models import Attribute, Program, ProgramQuerySet, ShownRank

from .factories import (
    make_attribute,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_university,
)

pytestmark = pytest.mark.django_db


def shown():
    """(program slug, scope, rank, is_university_rank) for every latest-editions row."""
    return sorted(
        ShownRank.objects.filter(ranking__isnull=True).values_list(
            "program__slug", "criterion__slug", "rank", "is_university_rank"
        )
    )


def assert_matches_rebuild():
    before = shown()
    ShownRank.objects.rebuild()
    assert shown() == before


@pytest.fixture
def campus():
    university = make_university(slug="campus")
    ranked = make_program(university=university, slug="ranked", degree="phd")
    sibling = make_program(university=university, slug="sibling", degree="phd")
    masters = make_program(university=university, slug="masters", degree="masters")
    ranking = make_ranking(slug="table-2025", edition_year=2025, degree="phd")
    entry = make_entry(ranking, ranked, 4)
    return university, ranked, sibling, masters, ranking, entry


def test_own_rank_then_university_rank_of_the_same_degree_only(campus):
    assert shown() == [
        ("ranked", "research-ml", 4, False),
        ("sibling", "research-ml", 4, True),
    ]
    assert_matches_rebuild()


def test_entry_edit_and_delete_move_ranks(campus):
    *_, entry = campus
    entry.rank = 9
    entry.save()
    assert {row[2] for row in shown()} == {9}
    entry.delete()
    assert shown() == []


def test_program_unpublished_or_moved_updates_both_universities(campus):
    university, ranked, *_ = campus
    ranked.is_published = False
    ranked.save()
    assert shown() == []  # a hidden program's listing vouches for nobody
    ranked.is_published = True
    ranked.university = make_university(slug="elsewhere")
    ranked.save()
    assert shown() == [("ranked", "research-ml", 4, False)]
    assert_matches_rebuild()


def test_hidden_university_and_hidden_table_show_nothing(campus):
    university, *_, ranking, _ = campus
    university.is_published = False
    university.save()
    assert shown() == []
    university.is_published = True
    university.save()
    ranking.is_published = False
    ranking.save()
    assert shown() == []


def test_a_new_edition_replaces_the_old_in_latest_rows(campus):
    _, ranked, *_, old, _ = campus
    new = make_ranking(
        slug="table-2026", edition_year=2026, degree="phd", title=old.title, publisher=old.publisher
    )
    make_entry(new, ranked, 1)
    assert ("ranked", "research-ml", 1, False) in shown()
    # The old table still answers for a list narrowed to it.
    assert ShownRank.objects.filter(ranking=old, program=ranked).get().rank == 4
    assert_matches_rebuild()


def test_program_deleted_leaves_no_rows(campus):
    _, ranked, *_ = campus
    ranked.delete()
    assert shown() == []


def test_fixture_loads_leave_rows_right(tmp_path):
    make_criterion()
    university = make_university(slug="fixture-u")
    program = make_program(university=university, slug="fixture-p")
    ranking = make_ranking(slug="fixture-r", edition_year=2025)
    entry = make_entry(ranking, program, 3)
    path = tmp_path / "entries.json"
    call_command(
        "dumpdata",
        "programs.rankingentry",
        "--natural-foreign",
        "--natural-primary",
        output=str(path),
    )
    entry.delete()
    assert shown() == []
    call_command("loaddata", str(path), verbosity=0)
    assert shown() == [("fixture-p", "research-ml", 3, False)]


def test_shown_rank_orders_the_list_through_the_index(campus):
    university, ranked, sibling, masters, ranking, entry = campus
    criterion = entry.criterion
    better = make_program(slug="better")
    make_entry(ranking, better, 1)
    order = list(
        Program.objects.published()
        .order_by(*Program.objects.all().rank_ordering([criterion]), "slug")
        .values_list("slug", flat=True)
    )
    assert order == ["better", "ranked", "sibling", "masters"]


@pytest.fixture
def batched(monkeypatch):
    """Rebuilds as in production: once per transaction, on commit (core.batching).
    A list of the rebuilds run; commit() makes a transaction's callbacks run."""
    from core import batching
    from programs import signals

    monkeypatch.setattr(batching, "AT_ONCE", False)
    calls = []
    for name in ("rebuild_ranks", "rebuild_documents"):
        real = getattr(signals, name)
        monkeypatch.setattr(
            signals, name, lambda keys, real=real, name=name: calls.append(name) or real(keys)
        )
    return calls


def test_a_bulk_change_rebuilds_once_on_commit(batched, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        universities = [make_university(slug=f"u{n}") for n in range(3)]
        programs = [
            make_program(university=u, slug=f"p{n}{m}", degree="phd")
            for n, u in enumerate(universities)
            for m in range(4)
        ]
        ranking = make_ranking(slug="table-2025", edition_year=2025, degree="phd")
        for rank, program in enumerate(programs[::4], start=1):
            make_entry(ranking, program, rank)
        assert batched == []  # nothing yet: the transaction has not committed
    assert sorted(batched) == ["rebuild_documents", "rebuild_ranks"]
    # One rebuild each, and the rows are those a rebuild from scratch gives.
    assert len(shown()) == 12
    assert_matches_rebuild()
    assert Program.objects.rebuild_search_documents() == 0  # every document already right
    assert not Program.objects.filter(search_document="").exists()


def test_the_page_cache_moves_on_after_the_deferred_rebuild(
    batched, monkeypatch, django_capture_on_commit_callbacks
):
    """A page rendered between the change's commit and the rebuild shows old ranks:
    a new content version must start after the rebuild, not only before it."""
    from django.db import transaction

    from core import pagecache

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        program = make_program(slug="p", degree="phd")
        entry = make_entry(make_ranking(slug="t", edition_year=2025, degree="phd"), program, 1)
    batched.clear()
    monkeypatch.setattr(pagecache, "bump", lambda: batched.append("bump"))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        entry.rank = 2
        entry.save()  # its own commit's bump comes first, then the rebuild
    last_rebuild = max(i for i, call in enumerate(batched) if call.startswith("rebuild"))
    assert "bump" in batched[last_rebuild:]


def test_a_rolled_back_change_rebuilds_nothing_and_the_next_one_still_does(
    batched, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        university = make_university(slug="campus")
    batched.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        make_program(university=university, slug="gone")
        raise RuntimeError
    assert batched == []
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        program = make_program(university=university, slug="kept", degree="phd")
        make_entry(make_ranking(slug="t", edition_year=2025, degree="phd"), program, 3)
    assert sorted(batched) == ["rebuild_documents", "rebuild_ranks"]
    assert shown() == [("kept", "research-ml", 3, False)]


@pytest.mark.django_db(transaction=True)
def test_a_change_outside_a_transaction_moves_the_page_cache_on_after_its_rebuild(
    batched, monkeypatch
):
    """Autocommit (a shell, a script): the change's bump runs at its save, before the
    rebuild, so another must follow the rebuild."""
    from core import pagecache

    program = make_program(slug="p", degree="phd")
    entry = make_entry(make_ranking(slug="t", edition_year=2025, degree="phd"), program, 1)
    batched.clear()
    monkeypatch.setattr(pagecache, "bump", lambda: batched.append("bump"))
    entry.rank = 2
    entry.save()
    last_rebuild = max(i for i, call in enumerate(batched) if call.startswith("rebuild"))
    assert "bump" in batched[last_rebuild:]


# --- Program.listing_position: the list's default order, stored ---------------------------


def listed():
    """Slugs in the stored order, checked against the order worked out afresh."""
    stored = list(Program.objects.in_default_order().values_list("slug", flat=True))
    worked_out = Program.objects.order_by(*Program.objects.default_ordering())
    assert stored == list(worked_out.values_list("slug", flat=True))
    return stored


def test_the_stored_order_follows_every_change_that_moves_a_program(campus):
    university, ranked, sibling, masters, ranking, entry = campus
    other = make_program(university=make_university(name="Aardvark U"), slug="other")
    assert listed() == ["ranked", "sibling", "other", "masters"]
    make_entry(ranking, other, 1)  # a better rank
    assert listed() == ["other", "ranked", "sibling", "masters"]
    entry.rank = 1  # a tie: the university's name decides
    entry.save()
    assert listed() == ["other", "ranked", "sibling", "masters"]
    university.name = "Aaa University"
    university.save()
    assert listed() == ["ranked", "sibling", "other", "masters"]
    sibling.name = "AAA first"  # same rank as "ranked" (its university's): the name decides
    sibling.save()
    assert listed() == ["sibling", "ranked", "other", "masters"]
    second = make_criterion("research-ai", order=0)  # now the first criterion
    zed = make_program(university=make_university(name="Zed U"), slug="zed")
    make_entry(ranking, zed, 1, criterion=second)
    assert listed() == ["zed", "sibling", "ranked", "other", "masters"]
    second.order = 30_000  # after the other criterion
    second.save()
    assert listed() == ["sibling", "ranked", "other", "zed", "masters"]
    zed.university.is_published = False  # hidden: no ranks of its own, so last
    zed.university.save()
    assert listed()[-1] == "zed"
    ranking.is_published = False
    ranking.save()
    assert listed() == ["sibling", "ranked", "masters", "other", "zed"]  # by name only
    ranking.is_published = True
    ranking.save()
    other.delete()
    assert listed() == ["sibling", "ranked", "masters", "zed"]
    ranking.delete()  # no ranks at all: by university, then name
    assert listed()[:1] == ["sibling"] and listed()[-1:] == ["zed"]


def sorted_by(position):
    """Slugs in a stored value order, checked against the order worked out afresh."""
    stored = list(Program.objects.in_stored_order(position).values_list("slug", flat=True))
    worked_out = Program.objects.order_by(*Program.objects.stored_order(position))
    assert stored == list(worked_out.values_list("slug", flat=True)), position
    return stored


def test_the_stored_value_orders_follow_every_change_of_a_value_or_a_name():
    dear = make_program(slug="dear", name="Dear")
    cheap = make_program(slug="cheap", name="Cheap")
    unknown = make_program(slug="unknown", name="Unknown")
    tuition = make_attribute(dear, Attribute.TUITION, amount=60_000)
    make_attribute(cheap, Attribute.TUITION, amount=20_000)
    make_attribute(dear, Attribute.DEADLINE, date=datetime.date(2025, 11, 1))
    make_attribute(unknown, Attribute.DEADLINE, date=datetime.date(2026, 1, 15))
    make_attribute(cheap, Attribute.DURATION, duration_min=1, duration_unit="years")
    assert sorted_by("cost_position") == ["cheap", "dear", "unknown"]
    assert sorted_by("deadline_position") == ["dear", "unknown", "cheap"]
    assert sorted_by("duration_position") == ["cheap", "dear", "unknown"]
    tuition.amount = 10_000  # a value edited
    tuition.save()
    assert sorted_by("cost_position") == ["dear", "cheap", "unknown"]
    tuition.delete()  # unknown sorts last, then by name
    assert sorted_by("cost_position") == ["cheap", "dear", "unknown"]
    # Another source's value shown first (order) moves the program.
    make_attribute(unknown, Attribute.TUITION, amount=5_000, order=0)
    assert sorted_by("cost_position")[0] == "unknown"
    dear.name = "Aardvark"  # equal keys (none): the name decides
    dear.save()
    assert sorted_by("duration_position") == ["cheap", "dear", "unknown"]
    assert sorted_by("cost_position") == ["unknown", "cheap", "dear"]
    make_program(slug="newcomer", name="Aaa")  # a new program gets its places at once
    assert sorted_by("duration_position") == ["cheap", "newcomer", "dear", "unknown"]
    cheap.delete()
    assert sorted_by("deadline_position") == ["dear", "unknown", "newcomer"]


def test_a_value_made_another_attribute_leaves_its_old_order():
    make_program(slug="a", name="A")
    value = make_attribute(make_program(slug="b", name="B"), Attribute.TUITION, amount=1000)
    assert sorted_by("cost_position") == ["b", "a"]
    value.attribute = Attribute.APPLICATION_FEE
    value.save()
    assert sorted_by("cost_position") == ["a", "b"]


def test_only_the_values_a_list_sorts_on_renumber_its_orders(monkeypatch):
    program = make_program()
    renumbered = []
    monkeypatch.setattr(
        ProgramQuerySet, "renumber", lambda self, positions: renumbered.append(set(positions))
    )
    make_attribute(program, Attribute.GRE)
    make_attribute(program, Attribute.DEADLINE).delete()
    assert renumbered == [{"deadline_position"}, {"deadline_position"}]


def test_a_rollback_migrate_leaves_the_derived_rows_for_the_next_full_migrate(monkeypatch):
    from programs import signals

    rebuilt = []
    monkeypatch.setattr(ShownRank.objects, "rebuild", lambda: rebuilt.append("ranks"))
    monkeypatch.setattr(signals, "fully_migrated", lambda using: False)
    signals.rebuild_after_migrate(sender=None)
    assert rebuilt == []
    monkeypatch.setattr(signals, "fully_migrated", lambda using: True)
    monkeypatch.setattr(Program.objects, "rebuild_search_documents", lambda: 0)
    signals.rebuild_after_migrate(sender=None)
    assert rebuilt == ["ranks"]


def test_the_list_reads_the_stored_order_without_a_subquery_per_program(campus, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    with CaptureQueriesContext(connection) as captured:
        programs = client.get(reverse("programs:list")).context["programs"]
    assert [p.slug for p in programs] == listed()
    main = next(q["sql"] for q in captured if "paginator_total" in q["sql"])
    assert "listing_position" in main.split("ORDER BY")[-1]
    assert "shownrank" not in main.split("ORDER BY")[-1]
    # A chosen table or another criterion first still sorts by the ranks themselves.
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("programs:list"), {"ranking": ranking_slug(campus)})
    main = next(q["sql"] for q in captured if "paginator_total" in q["sql"])
    assert "shownrank" in main.split("ORDER BY")[-1]


def ranking_slug(campus):
    return campus[4].slug
