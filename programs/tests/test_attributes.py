"""Typed admissions values: their rules, how pages show them, and the filters,
sorts and compare rows built on them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from programs.compare import compare_rows
from programs.filters import ProgramFilter
from programs.models import Attribute, Degree, Program, ProgramAttribute

from .factories import (
    ATTRIBUTE_VALUES,
    make_attribute,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_source,
    make_university,
)

pytestmark = pytest.mark.django_db


def results(**params):
    filterset = ProgramFilter(data=params, queryset=Program.objects.published())
    assert filterset.is_valid(), filterset.errors
    return [program.slug for program in filterset.qs]


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def breaks(constraint, **values):
    """Saving the value breaks the named database constraint."""
    program = make_program(degree=Degree.MASTERS)
    attribute = values.pop("attribute", Attribute.DEADLINE)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        make_attribute(program, attribute, **values)
    return True


# --- The rules, in the database and for editors --------------------------------


def test_every_attribute_has_a_complete_example_that_passes_every_rule():
    program = make_program(degree=Degree.MASTERS)
    for attribute in Attribute:
        make_attribute(program, attribute).full_clean()
    assert set(ATTRIBUTE_VALUES) == set(Attribute)


def test_a_deadline_needs_its_date_and_its_cycle():
    assert breaks("program_attribute_deadline_complete", cycle="")
    assert breaks("program_attribute_deadline_complete", date=None)
    assert breaks("program_attribute_early_deadline_complete", attribute="early-deadline", cycle="")


def test_tuition_needs_amount_period_and_cycle():
    for missing in [{"amount": None}, {"period": ""}, {"cycle": ""}]:
        assert breaks("program_attribute_tuition_complete", attribute="tuition", **missing)


def test_amounts_are_positive_and_have_a_currency():
    for amount in [0, -5]:
        assert breaks(
            "program_attribute_amount_positive", attribute="application-fee", amount=amount
        )
    assert breaks("program_attribute_amount_has_currency", attribute="application-fee", currency="")


def test_one_value_per_attribute_per_source():
    program, source = make_program(), make_source()
    make_attribute(program, Attribute.GRE, source=source)
    # PostgreSQL names the constraint; SQLite names its columns.
    unique = "program_attribute_one_per_source|programs_programattribute.source_id"
    with pytest.raises(IntegrityError, match=unique), transaction.atomic():
        make_attribute(program, Attribute.GRE, source=source, test_policy="required")
    # Another source may disagree: both are kept.
    make_attribute(program, Attribute.GRE, test_policy="required")
    assert program.attributes.filter(attribute=Attribute.GRE).count() == 2


def test_durations_and_ranges_are_ordered_and_rates_are_percentages():
    assert breaks("program_attribute_duration_ordered", attribute="duration", duration_max=4)
    assert breaks("program_attribute_duration_positive", attribute="duration", duration_min=0)
    assert breaks("program_attribute_range_ordered", attribute="class-size", number_high=5)
    assert breaks(
        "program_attribute_rate_is_a_percentage",
        attribute="acceptance-rate",
        number=101,
        number_high=None,
    )


def test_each_value_needs_its_own_field():
    for attribute, field in [
        ("funding", "funding"),
        ("gre", "test_policy"),
        ("pathway", "pathway"),
        ("admissions-page", "url"),
        ("applicants", "number"),
    ]:
        assert breaks(
            f"program_attribute_{attribute.replace('-', '_')}_complete",
            attribute=attribute,
            **{field: None if field == "number" else ""},
        )
    assert breaks("program_attribute_format_complete", attribute="format", pace="", delivery="")


def clean_errors(attribute, degree=Degree.MASTERS, **values):
    row = ProgramAttribute(
        program=make_program(degree=degree),
        attribute=attribute,
        source=make_source(),
        last_verified=datetime.date(2026, 12, 2),
        **{**ATTRIBUTE_VALUES[Attribute(attribute)], **values},
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    return error.value.message_dict


def test_editors_are_told_which_field_is_missing_or_does_not_belong():
    assert clean_errors("deadline", cycle="")["cycle"] == ["Application deadline needs this."]
    assert "doesn't use this" in clean_errors("gre", amount=100)["amount"][0]
    assert "Give at least one" in clean_errors("format", pace="", delivery="")["pace"][0]
    assert "both its amount and its period" in clean_errors("funding", amount=3000)["period"][0]
    assert "for master's programs" in clean_errors("pathway", degree=Degree.PHD)["attribute"][0]
    assert "more than zero" in str(clean_errors("application-fee", amount=0))
    assert "http:// or https://" in clean_errors("admissions-page", url="ftp://x.edu/")["url"][0]


def test_the_admin_shows_the_rule_and_keeps_the_program(admin_client, django_user_model):
    program = make_program(degree=Degree.MASTERS)
    source = make_source()
    url = reverse("admin:programs_programattribute_add")
    form = {
        "program": program.pk,
        "attribute": "deadline",
        "source": source.pk,
        "cycle": "",
        "date": "2025-12-10",
        "currency": "USD",
        "order": "0",
        "last_verified": "2026-12-02",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "Application deadline needs this." in text(response)
    assert not ProgramAttribute.objects.exists()
    assert "Application deadline: date, cycle" in text(admin_client.get(url))
    response = admin_client.post(url, {**form, "cycle": "Fall 2026 entry"})
    assert response.status_code == 302
    assert ProgramAttribute.objects.get().value_display == "10 December 2025"


# --- How values read ------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "values", "shown"),
    [
        ("duration", {"duration_min": 5, "duration_max": 7, "duration_unit": "years"}, "5–7 years"),
        ("duration", {"duration_min": 1, "duration_max": None, "duration_unit": "years"}, "1 year"),
        (
            "duration",
            {"duration_min": 16, "duration_max": 20, "duration_unit": "months"},
            "16–20 months",
        ),
        (
            "duration",
            {"duration_min": 12, "duration_max": 12, "duration_unit": "months"},
            "12 months",
        ),
        ("tuition", {"amount": Decimal("29875"), "period": "semester"}, "$29,875 a semester"),
        (
            "tuition",
            {"amount": Decimal("81620.50"), "period": "program"},
            "$81,620.50 for the whole program",
        ),
        ("application-fee", {"amount": 100}, "$100"),
        (
            "funding",
            {"funding": "guaranteed", "amount": 4000, "period": "month"},
            "Guaranteed full funding; stipend $4,000 a month",
        ),
        (
            "english-test",
            {"toefl_minimum": 100, "ielts_minimum": Decimal("7.0")},
            "Required; minimum TOEFL iBT 100, IELTS 7",
        ),
        ("english-test", {"toefl_minimum": None}, "Required"),
        ("format", {"pace": "either", "delivery": ""}, "Full- or part-time"),
        ("class-size", {"number": 10, "number_high": 15}, "10–15"),
        ("acceptance-rate", {"number": 25, "number_high": None}, "25%"),
        ("applicants", {"number": 2500, "number_high": None}, "2,500"),
    ],
)
def test_values_read_as_a_student_expects(attribute, values, shown):
    program = make_program(degree=Degree.MASTERS)
    assert make_attribute(program, attribute, **values).value_display == shown


def test_program_page_shows_every_value_with_cycle_source_and_disputed_mark(client):
    program = make_program(degree=Degree.MASTERS)
    official = make_source(title="Official admissions page", url="https://example.edu/apply")
    make_attribute(program, "deadline", source=official)
    make_attribute(program, "duration", source=official, disputed=True)
    make_attribute(
        program, "duration", duration_min=9, duration_max=24, duration_unit="months", disputed=True
    )
    body = text(client.get(program.get_absolute_url()))
    essentials = body.split('id="essentials-heading"')[1].split("</section>")[0]
    assert (
        '10 December 2025</strong> <span class="text-body-secondary">(Fall 2026 entry)</span>'
        in essentials
    )
    assert "5–7 years" in essentials and "9–24 months" in essentials
    assert essentials.count("Sources disagree") == 2
    assert (
        '<a href="https://example.edu/apply" rel="external noopener">Official admissions page</a>'
        in essentials
    )
    assert "Terminal or PhD track</dt>" in essentials  # a master's has one, here not published
    # At a glance: the essentials a source gives.
    glance = body.split('id="glance-heading"')[1].split("</section>")[0]
    assert "Application deadline</dt>" in glance and "Duration</dt>" in glance
    assert "Funding</dt>" not in glance


def test_cards_and_home_show_the_essentials_that_exist(client):
    program = make_program(name="MS in Testing")
    make_attribute(program, "funding")
    make_attribute(program, "tuition")
    make_entry(make_ranking(), program, 1)
    card = text(client.get(reverse("programs:list")))
    assert "Funding</dt>" in card and "Guaranteed full funding" in card
    assert "$50,000 a year" in card and "Application deadline</dt>" not in card
    home = re.sub(r"<[^>]+>", "", text(client.get(reverse("home"))))
    assert (
        "Tuition or total cost: $50,000 a year (2025–26) · Funding: Guaranteed full funding" in home
    )


# --- Filters and sorts ---------------------------------------------------------


def test_funded_counts_guaranteed_and_usually_funded():
    for slug, funding in [
        ("full", "guaranteed"),
        ("usual", "usually"),
        ("own", "self"),
        ("mixed", "varies"),
    ]:
        make_attribute(make_program(slug=slug), "funding", funding=funding)
    make_program(slug="unknown")
    assert sorted(results(funded="on")) == ["full", "usual"]
    assert len(results(funded="")) == 5


def test_gre_not_required_counts_optional_and_not_considered():
    for slug, policy in [
        ("required", "required"),
        ("optional", "optional"),
        ("ignored", "not-considered"),
    ]:
        make_attribute(make_program(slug=slug), "gre", test_policy=policy)
    assert sorted(results(gre="on")) == ["ignored", "optional"]


def test_deadline_on_or_after_a_date_reads_the_final_deadline():
    make_attribute(make_program(slug="early"), "deadline", date=datetime.date(2025, 11, 1))
    late = make_program(slug="late")
    make_attribute(late, "deadline", date=datetime.date(2026, 1, 15))
    make_attribute(late, "early-deadline", date=datetime.date(2025, 11, 1))
    assert results(deadline_from="2025-12-01") == ["late"]
    assert results(deadline_from="2026-01-15") == ["late"]
    assert results(deadline_from="2026-01-16") == []


def test_cost_up_to_an_amount_a_year():
    make_attribute(
        make_program(slug="semester"), "tuition", amount=29875, period="semester"
    )  # 59,750
    make_attribute(make_program(slug="year"), "tuition", amount=57861, period="year")
    make_attribute(
        make_program(slug="quarter"), "tuition", amount=20000, period="quarter"
    )  # 60,000
    make_attribute(make_program(slug="total"), "tuition", amount=51300, period="program")
    make_program(slug="unknown")
    assert sorted(results(cost_max="58000")) == ["total", "year"]
    assert sorted(results(cost_max="60000")) == ["quarter", "semester", "total", "year"]


def test_format_matches_either_both_ways():
    make_attribute(make_program(slug="campus"), "format", pace="full-time", delivery="on-campus")
    make_attribute(make_program(slug="flexible"), "format", pace="either", delivery="either")
    make_attribute(make_program(slug="evening"), "format", pace="part-time", delivery="")
    assert sorted(results(format="full-time")) == ["campus", "flexible"]
    assert sorted(results(format="part-time")) == ["evening", "flexible"]
    assert sorted(results(format="online")) == ["flexible"]
    assert sorted(results(format="on-campus")) == ["campus", "flexible"]


def test_terminal_or_phd_track():
    terminal = make_program(slug="terminal", degree=Degree.MASTERS)
    make_attribute(terminal, "pathway", pathway="terminal")
    track = make_program(slug="track", degree=Degree.MASTERS)
    make_attribute(track, "pathway", pathway="phd-track")
    assert results(track="terminal") == ["terminal"]
    assert results(track="phd-track") == ["track"]


def test_sort_by_deadline_follows_the_application_season_unknown_last():
    # Different cycles compare by where the date falls from September on.
    make_attribute(make_program(slug="january"), "deadline", date=datetime.date(2026, 1, 5))
    make_attribute(make_program(slug="november"), "deadline", date=datetime.date(2020, 11, 19))
    make_attribute(make_program(slug="march"), "deadline", date=datetime.date(2025, 3, 1))
    make_program(slug="unknown")
    assert results(sort="deadline") == ["november", "january", "march", "unknown"]


def test_sort_by_cost_and_duration_unknown_last():
    make_attribute(make_program(slug="dear"), "tuition", amount=30000, period="semester")
    make_attribute(make_program(slug="cheap"), "tuition", amount=40000, period="year")
    make_program(slug="unknown")
    assert results(sort="cost") == ["cheap", "dear", "unknown"]
    ProgramAttribute.objects.all().delete()
    make_attribute(
        Program.objects.get(slug="dear"),
        "duration",
        duration_min=2,
        duration_unit="years",
        duration_max=None,
    )
    make_attribute(
        Program.objects.get(slug="cheap"),
        "duration",
        duration_min=16,
        duration_max=None,
        duration_unit="months",
    )
    assert results(sort="duration") == ["cheap", "dear", "unknown"]


def test_odd_filter_values_are_named_and_ignored(client):
    make_program()
    for params, message in [
        ({"deadline_from": "next week"}, "Ignored deadline on or after “next week”"),
        ({"cost_max": "-3"}, "Ignored tuition up to (USD a year) “-3”"),
        ({"format": "<b>"}, "Ignored format “&lt;b&gt;”"),
        ({"track": "x"}, "is not a track"),
    ]:
        response = client.get(reverse("programs:list"), params)
        assert response.status_code == 200
        assert message in text(response), params


# --- Compare -------------------------------------------------------------------


def test_compare_rows_mark_differences_and_say_not_published(client):
    university = make_university()
    phd = make_program(university=university, degree=Degree.PHD)
    masters = make_program(university=university, degree=Degree.MASTERS)
    make_attribute(phd, "gre")
    make_attribute(masters, "gre")
    make_attribute(phd, "funding", funding="guaranteed", disputed=True)
    make_attribute(masters, "funding", funding="self")
    response = client.get(reverse("programs:compare"), {"p": [phd.slug, masters.slug]})
    rows = {row.label: row for row in response.context["rows"]}
    assert not rows["GRE"].differs
    assert rows["Funding"].differs
    assert rows["Degree"].differs
    assert rows["Terminal or PhD track"].cells[0] is None  # doesn't apply to the PhD
    assert rows["Tuition or total cost"].cells == [[], []]
    assert not rows["Tuition or total cost"].differs
    assert set(rows) >= {label for label in Attribute.labels}
    body = text(response)
    funding = body.split('<th scope="row">Funding')[1].split("</tr>")[0]
    assert "compare-differs" not in funding and "differs</span>" in funding
    assert funding.count("Sources disagree") == 1
    assert "Not published" in body and "Doesn't apply to a PhD" in body
    only = client.get(
        reverse("programs:compare"), {"p": [phd.slug, masters.slug], "show": "differences"}
    )
    labels = [row.label for row in only.context["rows"]]
    assert "Funding" in labels and "GRE" not in labels
    assert "Show every row" in text(only)


def test_compare_has_a_row_per_table_with_its_edition_and_the_university_rank():
    criterion = make_criterion()
    university = make_university()
    ranked = make_program(university=university, degree=Degree.MASTERS, slug="ranked")
    make_program(university=university, degree=Degree.MASTERS, slug="sibling")
    make_program(degree=Degree.MASTERS, slug="other")
    old = make_ranking(degree=Degree.MASTERS, publisher="Pub", edition_year=2021)
    new = make_ranking(degree=Degree.MASTERS, publisher="Pub", edition_year=2024)
    make_entry(old, ranked, 4, criterion=criterion)
    make_entry(new, ranked, 9, criterion=criterion)
    programs = list(
        Program.objects.filter(slug__in=["ranked", "sibling", "other"])
        .for_listing()
        .order_by("slug")
    )  # other, ranked, sibling
    rows = {
        row.label: row for row in compare_rows(programs) if row.cell_template.endswith("rank.html")
    }
    newer = rows[f"{criterion.short_name} rank: Pub 2024"]
    older = rows[f"{criterion.short_name} rank: Pub 2021"]
    assert [cell.rank if cell else None for cell in newer.cells] == [None, 9, 9]
    assert [cell.rank if cell else None for cell in older.cells] == [None, 4, 4]
    assert newer.cells[2].is_university_rank and not newer.cells[1].is_university_rank
    assert newer.differs


def test_compare_names_each_source_and_its_latest_check(client):
    first, second = make_program(), make_program()
    official = make_source(title="Graduate admissions", url="https://example.edu/grad")
    make_attribute(first, "gre", source=official, last_verified=datetime.date(2026, 12, 2))
    body = text(client.get(reverse("programs:compare"), {"p": [first.slug, second.slug]}))
    sources = body.split("Sources and last verified")[1]
    assert "Graduate admissions</a></cite>" in sources and "checked 2 Dec 2026" in sources


def test_sorts_read_the_value_cards_show_first():
    """With two sources, the card shows the first value, and sorts by it too."""
    listed = make_program(slug="listed")
    make_attribute(listed, "duration", duration_min=16, duration_max=None, duration_unit="months")
    make_attribute(
        listed, "duration", duration_min=9, duration_max=24, duration_unit="months", order=1
    )
    make_attribute(make_program(slug="year"), "duration", duration_min=1, duration_max=None)
    assert results(sort="duration") == ["year", "listed"]
    shown = Program.objects.with_attributes().get(slug="listed").essentials()
    assert shown[0][1].duration_display == "16 months"
