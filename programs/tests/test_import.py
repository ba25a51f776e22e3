"""Bulk import in the admin: a preview that counts, errors that name the row and column,
all-or-nothing, matched by slug, validated, and recorded with the editor."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from tablib import Dataset

from programs.models import Program, ProgramAttribute, RankingEntry, University

from .factories import (
    make_attribute,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_source,
    make_university,
)

pytestmark = pytest.mark.django_db


def csv_format(model):
    formats = admin.site._registry[model].get_import_formats()
    return next(i for i, f in enumerate(formats) if f().get_title() == "csv")


def preview(client, model, text, name="data.csv", **extra):
    """The import page's first step: upload, and see the preview (a dry run)."""
    opts = model._meta
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
        {"import_file": upload, "format": csv_format(model), **extra},
    )


def confirm(client, model, response, **extra):
    """The second step: confirm what the preview showed."""
    form = response.context["confirm_form"]
    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_process_import"),
        {**form.initial, **extra},
    )


UNIVERSITIES = (
    "slug,name,short_name,city,state,region,is_published\n"
    "kept,Kept University,KU,Ithaca,NY,east-coast,1\n"
    "renamed,Renamed University,RU,Austin,TX,south,1\n"
    "added,Added University,AU,Boston,MA,east-coast,1\n"
)


def test_preview_counts_what_is_created_changed_and_left_alone(admin_client, admin_user):
    make_university(slug="kept", name="Kept University", short_name="KU", city="Ithaca",
                    state="NY", region="east-coast")  # fmt: skip
    make_university(slug="renamed", name="Old Name", short_name="RU", city="Austin",
                    state="TX", region="south")  # fmt: skip

    response = preview(admin_client, University, UNIVERSITIES, name="universities.csv")
    assert "1 to create, 1 to change, 1 left alone" in " ".join(response.content.decode().split())
    assert not University.objects.filter(slug="added").exists()  # a preview writes nothing

    assert confirm(admin_client, University, response).status_code == 302
    # Matched by slug: updated, not duplicated.
    assert University.objects.count() == 3
    renamed = University.objects.get(slug="renamed")
    assert renamed.name == "Renamed University"
    record = renamed.history.latest()
    assert (record.history_type, record.history_user) == ("~", admin_user)
    assert record.history_change_reason == "Imported from universities.csv"
    assert University.objects.get(slug="kept").history.count() == 1  # made, never re-saved


def test_a_bad_row_is_named_by_its_number_and_column(admin_client):
    source = make_source(slug="listing")
    make_university(slug="mit")
    text = (
        "slug,university,name,degree,kind,source,last_verified\n"
        "good,mit,PhD in ML,phd,dedicated-ml,listing,2026-11-22\n"
        "bad,nowhere,PhD in AI,phd,dedicated-ml,listing,2026-11-22\n"
    )
    response = preview(admin_client, Program, text)
    (row,) = response.context["result"].invalid_rows
    assert row.number == 2
    assert row.field_specific_errors == {"university": ["no university has the slug “nowhere”."]}
    assert "confirm_form" not in response.context
    assert not Program.objects.exists() and source.pk


def test_every_imported_object_is_validated_like_the_admin_form(admin_client):
    program = make_program(slug="p")
    make_source(slug="s")
    text = "program,attribute,source,test_policy,amount,last_verified\np,gre,s,optional,80,2026-11-22\n"
    response = preview(admin_client, ProgramAttribute, text)
    (row,) = response.context["result"].invalid_rows
    # ProgramAttribute.clean(): GRE takes a policy, never an amount.
    assert "amount" in row.field_specific_errors
    assert not program.attributes.exists()


def test_one_bad_row_and_nothing_is_written():
    """The confirmed import (the admin's own arguments) is all-or-nothing."""
    make_program(slug="p")
    make_source(slug="s")
    model_admin = admin.site._registry[ProgramAttribute]
    request = RequestFactory().post("/")
    request.user = User.objects.create_superuser("editor")
    kwargs = model_admin.get_import_data_kwargs(request=request, form=None)
    dataset = Dataset().load(
        "program,attribute,source,test_policy,last_verified\n"
        "p,gre,s,optional,2026-11-22\n"
        "p,english-test,unknown-source,required,2026-11-22\n",
        format="csv",
    )
    resource = model_admin.get_import_resource_classes(request)[0]()
    result = resource.import_data(dataset, dry_run=False, **kwargs)
    assert result.has_validation_errors()
    assert ProgramAttribute.objects.count() == 0


def test_reimporting_values_updates_them_without_duplicates(admin_client):
    program = make_program(slug="p")
    source = make_source(slug="s")
    make_attribute(program, "gre", source=source, test_policy="required")
    text = "program,attribute,source,test_policy,last_verified\np,gre,s,optional,2026-11-22\n"
    confirm(admin_client, ProgramAttribute, preview(admin_client, ProgramAttribute, text))
    assert list(program.attributes.values_list("test_policy", flat=True)) == ["optional"]


def test_import_needs_the_add_permission(client):
    editor = User.objects.create_user("viewer", password="x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_university"))
    client.force_login(editor)
    assert client.get(reverse("admin:programs_university_import")).status_code == 403
    assert client.get(reverse("admin:programs_university_changelist")).status_code == 200


# A ranking table: one CSV per edition.


@pytest.fixture
def new_edition():
    """An empty table an editor has just created, and the programs it ranks."""
    make_criterion("research-ml")
    make_criterion("research-ai")
    cmu = make_university(name="Carnegie Mellon University", short_name="CMU", slug="cmu")
    berkeley = make_university(name="UC Berkeley", short_name="Berkeley", slug="berkeley")
    programs = {
        "cmu": make_program(university=cmu, name="PhD in Machine Learning", slug="cmu-phd-ml"),
        "eecs": make_program(university=berkeley, name="PhD in EECS", slug="berkeley-phd-eecs"),
    }
    # An earlier edition printed Berkeley's program this way.
    make_entry(make_ranking(edition_year=2021), programs["eecs"], 3,
               published_name="Ph.D. in EECS")  # fmt: skip
    return make_ranking(slug="edition-2025", edition_year=2025), programs


TABLE = (
    "university,program,research-ml,research-ai\n"
    "CMU,PhD in Machine Learning,1,2\n"
    "UC Berkeley,Ph.D. in EECS,2,1\n"
)


def test_a_ranking_edition_is_imported_from_one_csv(admin_client, admin_user, new_edition):
    ranking, programs = new_edition
    response = preview(admin_client, RankingEntry, TABLE, ranking=ranking.pk)
    assert "2 to create, 0 to change, 0 left alone" in " ".join(response.content.decode().split())
    assert not ranking.entries.exists()

    done = confirm(admin_client, RankingEntry, response)
    assert done["Location"] == reverse("admin:programs_ranking_change", args=[ranking.pk])
    entries = {
        (e.program.slug, e.criterion.slug): (e.rank, e.published_name)
        for e in ranking.entries.select_related("program", "criterion")
    }
    assert entries == {
        ("cmu-phd-ml", "research-ml"): (1, ""),
        ("cmu-phd-ml", "research-ai"): (2, ""),
        ("berkeley-phd-eecs", "research-ml"): (2, "Ph.D. in EECS"),
        ("berkeley-phd-eecs", "research-ai"): (1, "Ph.D. in EECS"),
    }
    assert {e.history.get().history_user for e in ranking.entries.all()} == {admin_user}


def test_reimporting_an_edition_updates_ranks_without_duplicates(admin_client, new_edition):
    ranking, _ = new_edition
    confirm(admin_client, RankingEntry, preview(admin_client, RankingEntry, TABLE,
                                                ranking=ranking.pk))  # fmt: skip
    changed = TABLE.replace("CMU,PhD in Machine Learning,1,2", "CMU,PhD in Machine Learning,1,3")
    response = preview(admin_client, RankingEntry, changed, ranking=ranking.pk)
    assert "0 to create, 1 to change, 1 left alone" in " ".join(response.content.decode().split())
    confirm(admin_client, RankingEntry, response)
    assert ranking.entries.count() == 4
    assert ranking.entries.get(program__slug="cmu-phd-ml", criterion__slug="research-ai").rank == 3


def test_an_unknown_program_in_a_table_names_its_row_and_column(admin_client, new_edition):
    ranking, _ = new_edition
    text = TABLE + "CMU,Master of Nothing,3,3\n"
    response = preview(admin_client, RankingEntry, text, ranking=ranking.pk)
    (row,) = response.context["result"].invalid_rows
    assert row.number == 3
    assert list(row.field_specific_errors) == ["program"]
    assert "“Master of Nothing”" in row.field_specific_errors["program"][0]
    assert "confirm_form" not in response.context


def test_a_column_that_is_no_criterion_stops_the_import(admin_client, new_edition):
    ranking, _ = new_edition
    text = "university,program,research-cv\nCMU,PhD in Machine Learning,1\n"
    response = preview(admin_client, RankingEntry, text, ranking=ranking.pk)
    assert "“research-cv”" in response.content.decode()
    assert not ranking.entries.exists()


def test_the_table_page_links_to_its_import(admin_client, new_edition):
    ranking, _ = new_edition
    page = admin_client.get(reverse("admin:programs_ranking_change", args=[ranking.pk]))
    link = f"{reverse('admin:programs_rankingentry_import')}?ranking={ranking.pk}"
    assert link in page.content.decode()
    form = admin_client.get(link).context["form"]
    assert str(form["ranking"].value()) == str(ranking.pk)


def test_an_export_imports_back_as_no_change(admin_client):
    from programs.resources import ProgramResource

    from .factories import make_area

    make_program(areas=[make_area(slug="nlp"), make_area(slug="vision")])
    make_program(degree="masters", official_url="https://example.edu/ms")
    text = ProgramResource().export().csv
    assert "nlp; vision" in text  # related objects by slug, as an import reads them
    response = preview(admin_client, Program, text)
    assert "0 to create, 0 to change, 2 left alone" in " ".join(response.content.decode().split())


def test_a_blank_program_cell_names_no_program(admin_client, new_edition):
    """It must not match every listing an earlier table printed without a name."""
    ranking, programs = new_edition
    make_entry(make_ranking(edition_year=2020), programs["cmu"], 9)  # printed with no name
    response = preview(admin_client, RankingEntry, TABLE + "CMU,,3,3\n", ranking=ranking.pk)
    (row,) = response.context["result"].invalid_rows
    assert row.number == 3 and list(row.field_specific_errors) == ["program"]


def test_a_program_named_by_our_slug_is_not_stored_as_printed(admin_client, new_edition):
    ranking, _ = new_edition
    text = "university,program,research-ml\ncmu,CMU-PHD-ML,4\n"
    confirm(admin_client, RankingEntry, preview(admin_client, RankingEntry, text,
                                                ranking=ranking.pk))  # fmt: skip
    assert ranking.entries.get().published_name == ""


def test_a_university_name_two_universities_share_is_a_row_error(admin_client, new_edition):
    ranking, _ = new_edition
    make_university(name="Carnegie Institute", short_name="CMU", slug="carnegie-institute")
    response = preview(admin_client, RankingEntry, TABLE, ranking=ranking.pk)
    row = response.context["result"].invalid_rows[0]
    assert "more than one university" in row.field_specific_errors["university"][0]


def test_a_table_with_no_entries_yet_leaves_home_and_rankings_working(client, new_edition):
    ranking, programs = new_edition  # the 2025 edition is empty; the 2021 one has a row
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("programs:ranking-list")).status_code == 200
    assert client.get(ranking.get_absolute_url()).status_code == 200
