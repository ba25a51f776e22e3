import pytest
from django.contrib import admin
from django.urls import reverse

from programs.models import Program, RankingEntry

from .factories import (
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_source,
    make_university,
)

pytestmark = pytest.mark.django_db

PROGRAMS_ADMINS = [model for model in admin.site._registry if model._meta.app_label == "programs"]


def test_every_programs_model_is_registered():
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    from programs.models import ShownRank

    models = apps.get_app_config("programs").get_models()
    # History tables are read through their model's admin ("History" button); ShownRank
    # is worked out from the entries, never edited.
    editable = {m for m in models if not issubclass(m, HistoricalChanges)} - {ShownRank}
    assert editable == set(PROGRAMS_ADMINS)


@pytest.mark.parametrize("model", PROGRAMS_ADMINS, ids=lambda m: m._meta.model_name)
def test_changelist_search_and_add_form(site_content, admin_client, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "machine"}).status_code == 200
    assert admin_client.get(url, {"q": "<script>%"}).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert admin_client.get(add).status_code == 200


def test_program_search_finds_by_university(site_content, admin_client):
    response = admin_client.get(reverse("admin:programs_program_changelist"), {"q": "Georgia"})
    names = {p.name for p in response.context["cl"].result_list}
    assert names == {"PhD in Machine Learning", "Master's in Computer Science"}


def test_program_change_page_has_fact_inline(site_content, admin_client):
    program = Program.objects.get(slug="cmu-ms-machine-learning")
    response = admin_client.get(reverse("admin:programs_program_change", args=[program.pk]))
    assert response.status_code == 200
    assert "no financial support" in response.content.decode()


def program_form(**overrides):
    source = make_source()
    data = {
        "university": make_university().pk,
        "name": "MS in ML",
        "slug": "ms-in-ml",
        "degree": "masters",
        "kind": "dedicated-ml",
        "source": source.pk,
        "last_verified": "2026-11-22",
        "is_published": "on",
        "facts-TOTAL_FORMS": "0",
        "facts-INITIAL_FORMS": "0",
        "attributes-TOTAL_FORMS": "0",
        "attributes-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


def test_admin_saves_a_valid_program(admin_client):
    response = admin_client.post(reverse("admin:programs_program_add"), program_form())
    assert response.status_code == 302
    assert Program.objects.filter(slug="ms-in-ml").exists()


def entry_formset(ranking, rows):
    data = {
        "title": ranking.title,
        "slug": ranking.slug,
        "publisher": ranking.publisher,
        "edition_year": ranking.edition_year,
        "degree": ranking.degree,
        "source": ranking.source_id,
        "entries-TOTAL_FORMS": str(len(rows)),
        "entries-INITIAL_FORMS": "0",
    }
    for i, (program, criterion, rank) in enumerate(rows):
        data.update(
            {
                f"entries-{i}-program": program.pk,
                f"entries-{i}-criterion": criterion.pk,
                f"entries-{i}-rank": rank,
            }
        )
    return data


def test_admin_rejects_a_rank_below_one(admin_client):
    ranking, program, criterion = make_ranking(), make_program(), make_criterion()
    response = admin_client.post(
        reverse("admin:programs_ranking_change", args=[ranking.pk]),
        entry_formset(ranking, [(program, criterion, 0)]),
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    assert not RankingEntry.objects.exists()


def test_admin_rejects_the_same_program_twice_in_one_ranking(admin_client):
    ranking, program, criterion = make_ranking(), make_program(), make_criterion()
    response = admin_client.post(
        reverse("admin:programs_ranking_change", args=[ranking.pk]),
        entry_formset(ranking, [(program, criterion, 1), (program, criterion, 2)]),
    )
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()
    assert not RankingEntry.objects.exists()


def test_admin_rejects_a_duplicate_entry_added_on_its_own(admin_client):
    ranking, program = make_ranking(), make_program()
    entry = make_entry(ranking, program, 1)
    response = admin_client.post(
        reverse("admin:programs_rankingentry_add"),
        {"ranking": ranking.pk, "program": program.pk, "criterion": entry.criterion.pk, "rank": 3},
    )
    assert response.status_code == 200
    assert "already ranked on this criterion in this ranking" in response.content.decode()


def test_admin_accepts_ties_and_a_second_criterion(admin_client):
    ranking = make_ranking()
    ml = make_criterion("research-ml")
    ai = make_criterion("research-ai")
    first, second = make_program(), make_program()
    response = admin_client.post(
        reverse("admin:programs_ranking_change", args=[ranking.pk]),
        entry_formset(ranking, [(first, ml, 1), (first, ai, 12), (second, ai, 12)]),
    )
    assert response.status_code == 302
    assert ranking.entries.filter(rank=12).count() == 2


def test_programs_are_listed_not_added_under_a_university(admin_client):
    program = make_program()
    response = admin_client.get(
        reverse("admin:programs_university_change", args=[program.university.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert program.name in body
    # No blank rows to add: a program needs its source and slug, set on its own page.
    assert 'name="programs-MAX_NUM_FORMS" value="0"' in body


def test_ranking_change_page_costs_at_most_one_query_per_entry(admin_client):
    """Django's autocomplete widget looks up each row's program; nothing else grows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ml = make_criterion("research-ml")
    ai = make_criterion("research-ai")

    def queries_for(size):
        ranking = make_ranking()
        for i in range(size):
            program = make_program()
            make_entry(ranking, program, i + 1, criterion=ml)
            make_entry(ranking, program, i + 1, criterion=ai)
        url = reverse("admin:programs_ranking_change", args=[ranking.pk])
        with CaptureQueriesContext(connection) as context:
            assert admin_client.get(url).status_code == 200
        return len(context.captured_queries)

    small, large = queries_for(3), queries_for(25)
    assert large - small <= 2 * (25 - 3)  # two entries per program, one lookup each


def test_the_program_list_says_which_programs_the_site_shows(admin_client):
    hidden_university = make_university(is_published=False)
    make_program(name="Behind a hidden university", university=hidden_university)
    make_program(name="Shown")
    response = admin_client.get(reverse("admin:programs_program_changelist"))
    rows = {
        p.name: response.context["cl"].model_admin.on_the_site(p)
        for p in response.context["cl"].result_list
    }
    assert rows == {"Behind a hidden university": False, "Shown": True}


def test_admin_keeps_each_edit_with_its_editor(admin_client, admin_user):
    response = admin_client.post(reverse("admin:programs_program_add"), program_form())
    assert response.status_code == 302
    program = Program.objects.get(slug="ms-in-ml")
    record = program.history.get()
    assert (record.history_type, record.history_user) == ("+", admin_user)
    history = admin_client.get(reverse("admin:programs_program_history", args=[program.pk]))
    assert history.status_code == 200 and "admin" in history.content.decode()
