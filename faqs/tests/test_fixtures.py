"""The shipped FAQ content: loadable twice, every fact sourced, the seed questions present."""

import json
from pathlib import Path

import pytest

from conftest import FIXTURES
from core.models import Degree
from faqs.models import Category, GlossaryTerm, Question, Requirement

pytestmark = pytest.mark.django_db

FAQS_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "40_faqs.json"

SEED_003_QUESTIONS = {
    "do-i-need-a-masters-before-a-phd": "Do I need a master's degree before applying",
    "cs-phd-or-ml-phd": "computer science PhD focused on ML differ from a PhD in machine",
    "how-important-is-publishing": "How important is publishing papers",
    "hottest-research-topics": "advanced machine learning are hottest",
    "most-important-part-of-a-phd-application": "part of a PhD application matters most",
}


def counts():
    return {
        model.__name__: model.objects.count()
        for model in [Category, Question, GlossaryTerm, Requirement]
    } | {
        "sources": Question.sources.through.objects.count(),
        "related": Question.related_questions.through.objects.count(),
    }


def test_fixture_uses_natural_keys_and_defines_no_sources():
    objects = json.loads(FAQS_FIXTURE.read_text(encoding="utf-8"))
    assert str(FAQS_FIXTURE) in FIXTURES
    assert all("pk" not in obj for obj in objects)
    assert {obj["model"] for obj in objects} == {
        "faqs.category",
        "faqs.question",
        "faqs.glossaryterm",
        "faqs.requirement",
    }
    # Rendered HTML is derived on load, never stored in the fixture.
    assert not any("answer_html" in obj["fields"] for obj in objects)


def test_the_five_seed_003_questions_with_full_answers(site_content):
    for slug, wording in SEED_003_QUESTIONS.items():
        question = Question.objects.get(slug=slug)
        assert wording in question.question
        assert question.is_published and question.level == Degree.PHD
        assert "phd-advanced-ml-dl-article" in {s.slug for s in question.sources.all()}
        assert len(question.answer_text) > 250
    publishing = Question.objects.get(slug="how-important-is-publishing").answer_text
    assert all(venue in publishing for venue in ["NeurIPS", "ICML", "ICLR", "CVPR"])
    topics = Question.objects.get(slug="hottest-research-topics")
    assert {a.slug for a in topics.related_areas.all()} == {
        "foundation-models-llms",
        "ai-alignment-safety",
        "generative-ai",
        "reinforcement-learning",
        "ai-for-science",
    }
    application = Question.objects.get(slug="most-important-part-of-a-phd-application")
    assert "statement of purpose" in application.answer_text.lower()


def test_why_a_masters_why_a_phd_choosing_and_the_reality_check(site_content):
    why_masters = Question.objects.get(slug="why-a-masters").answer_text
    assert all(
        r in why_masters
        for r in ["Advanced knowledge", "Career opportunities", "Practical experience"]
    )
    why_phd = Question.objects.get(slug="why-a-phd").answer_html
    assert why_phd.count("<li>") == 5
    choosing = Question.objects.get(slug="what-to-look-for-in-a-program").answer_html
    for factor in ["Curriculum and specializations", "Faculty expertise", "Industry connections"]:
        assert f"<h3>{factor}</h3>" in choosing
    reality = Question.objects.get(slug="is-a-phd-right-for-me").answer_text
    for demand in ["curiosity", "Resilience", "Self-motivation", "passion for research"]:
        assert demand in reality


def test_admission_policy_facts_carry_their_sources(site_content):
    def sources(slug):
        return {s.slug for s in Question.objects.get(slug=slug).sources.all()}

    gre = Question.objects.get(slug="do-i-need-the-gre")
    assert "not required, and scores are not accepted" in gre.answer_text
    assert sources("do-i-need-the-gre") == {"berkeley-eecs", "uiuc-siebel-school"}
    assert str(gre.last_verified) == "2026-11-22"
    masters_first = Question.objects.get(slug="do-i-need-a-masters-before-a-phd").answer_text
    assert "2011–12" in masters_first and "directly from their undergraduate" in masters_first
    assert {"ucla-grad-2011", "georgia-tech-ml"} <= sources("do-i-need-a-masters-before-a-phd")
    mit_uw = Question.objects.get(slug="masters-at-mit-and-uw").answer_text
    assert "December 15" in mit_uw and "two years of experience" in mit_uw
    assert {"mit-eecs", "uw-allen-school", "towards-ai-masters-ml-2021"} <= sources(
        "masters-at-mit-and-uw"
    )


def test_every_question_and_term_has_a_source(site_content):
    assert not Question.objects.filter(sources=None).exists()
    assert not GlossaryTerm.objects.filter(sources=None).exists()
    for question in Question.objects.all():
        assert question.answer_html.startswith("<")
        assert "<h1" not in question.answer_html and "<h2" not in question.answer_html


def test_internal_links_in_answers_point_at_real_pages(client, site_content):
    import re

    targets = set()
    for html in Question.objects.values_list("answer_html", flat=True):
        targets |= set(re.findall(r'href="(/[^"#]*)', html))
    assert targets
    for target in targets:
        assert client.get(target).status_code == 200, target


def test_seed_004_requirements_and_next_steps(site_content):
    gpa = Requirement.objects.get(slug="phd-gpa-above-3-5")
    assert "3.5" in gpa.title
    assert gpa.source.slug == "academicjobs-phd-jobs-ml"
    assert (gpa.kind, gpa.level) == (Requirement.Kind.GRADES, Degree.PHD)
    kinds = set(
        Requirement.objects.filter(program=None, level=Degree.PHD).values_list("kind", flat=True)
    )
    assert kinds == {
        "qualifications",
        "grades",
        "research-fit",
        "experience",
        "skills",
        "application",
        "next-steps",
    }
    titles = " ".join(Requirement.objects.values_list("title", flat=True))
    for fact in [
        "ICML or CVPR",
        "assistantships",
        "grants or fellowships",
        "Python",
        "linear algebra",
        "GitHub",
    ]:
        assert fact in titles
    berkeley = Requirement.objects.get(slug="berkeley-phd-eecs-gre")
    assert (berkeley.importance, berkeley.program.slug) == ("not-accepted", "berkeley-phd-eecs")
    assert Requirement.objects.get(slug="ucla-phd-cs-masters").source.caveat


def test_seed_glossary_terms(site_content):
    terms = set(GlossaryTerm.objects.values_list("slug", flat=True))
    assert {
        "phd",
        "machine-learning",
        "neural-network",
        "deep-learning",
        "supervised-learning",
        "unsupervised-learning",
    } <= terms
    ml = GlossaryTerm.objects.get(slug="machine-learning")
    assert {s.slug for s in ml.sources.all()} == {
        "top-ml-masters-us-article",
        "academicjobs-phd-jobs-ml",
    }


def test_pages_render_with_the_shipped_content(client, site_content):
    html = client.get("/faqs/").content.decode()
    for slug in SEED_003_QUESTIONS:
        assert f'id="q-{slug}"' in html
    assert 'class="glossary-link"' in html
    html = client.get("/faqs/requirements/").content.decode()
    assert 'id="phd-phd-gpa-above-3-5"' in html and "Berkeley" in html
    html = client.get("/faqs/glossary/").content.decode()
    assert '<dt id="term-supervised-learning">Supervised learning</dt>' in html
    html = client.get("/faqs/hottest-research-topics/").content.decode()
    assert "Generative AI" in html and "/programs/?area=generative-ai" in html


def test_seed_004_history_funding_and_trends_are_on_pages(site_content):
    def sources(model, slug):
        return {s.slug for s in model.objects.get(slug=slug).sources.all()}

    phd = GlossaryTerm.objects.get(slug="phd").definition
    assert "19th-century Germany" in phd and "Wilhelm von Humboldt" in phd
    ai = GlossaryTerm.objects.get(slug="artificial-intelligence").definition
    assert all(fact in ai for fact in ["1956 Dartmouth Conference", "AlexNet", "2012"])
    assert "academicjobs-phd-jobs-ml" in sources(GlossaryTerm, "artificial-intelligence")
    transformer = GlossaryTerm.objects.get(slug="transformer").definition
    assert "ChatGPT" in transformer and "scarce data" in transformer and "biased" in transformer

    funding = Question.objects.get(slug="how-are-studies-funded").answer_text
    assert all(fact in funding for fact in ["Stanford", "MIT", "China", "tuition and living"])
    assert "less common" not in funding  # no source says so
    assert "academicjobs-phd-jobs-ml" in sources(Question, "how-are-studies-funded")

    topics = Question.objects.get(slug="hottest-research-topics").answer_text
    for trend in ["ethical AI", "regulation", "text with video", "simulation for robotics"]:
        assert trend in topics
    assert "academicjobs-phd-jobs-ml" in sources(Question, "hottest-research-topics")
    assert "influence policy" in Question.objects.get(slug="why-a-phd").answer_text


def test_answers_claim_no_more_than_their_sources(site_content):
    after_phd = Question.objects.get(slug="careers-after-a-phd")
    assert "about 80%" not in after_phd.short_answer + after_phd.answer_text
    masters_first = Question.objects.get(slug="do-i-need-a-masters-before-a-phd")
    assert masters_first.short_answer.startswith("Not necessarily")
    assert "not always a strict requirement" in masters_first.answer_text
    ucla = Requirement.objects.get(slug="ucla-phd-cs-masters")
    assert ucla.importance == Requirement.Importance.EXPECTED and "2011–12" in ucla.detail
    assert Requirement.objects.get(slug="phd-next-comprehensive-exams").detail == ""
    # A master's comprehensive exam or thesis is not a PhD qualifying exam or dissertation.
    assert "comprehensive exam" not in GlossaryTerm.objects.get(slug="qualifying-exam").alias_list
    assert "thesis" not in GlossaryTerm.objects.get(slug="dissertation").alias_list


def test_searching_the_shipped_faqs_matches_whole_words(client, site_content):
    import re

    html = client.get("/faqs/", {"q": "gre"}).content.decode()
    slugs = re.findall(r'<article class="faq-item" id="q-([^"]+)"', html)
    assert slugs[0] == "do-i-need-the-gre"
    # Every highlight is a whole word: nothing like de<mark>gre</mark>e.
    marks = re.findall(r"(\w?)<mark>([^<]*)</mark>(\w?)", html)
    assert marks
    assert all(before == after == "" and word == "GRE" for before, word, after in marks)
    for slug in slugs:
        question = Question.objects.get(slug=slug)
        text = " ".join([question.question, question.short_answer, question.answer_text])
        assert re.search(r"\bGREs?\b", text)


def test_degree_acronyms_are_in_the_glossary(client, site_content):
    def sources(slug):
        return {s.slug for s in GlossaryTerm.objects.get(slug=slug).sources.all()}

    assert sources("eecs") == {"mit-eecs", "berkeley-eecs"}
    assert sources("cse") == {"ucsd-cse", "umich-cse-guide-2021", "uw-allen-school"}
    assert sources("ms-mse") == {"umich-cse-guide-2021"}
    assert sources("sm") == {"mit-eecs"}
    assert sources("meng") == {"cornell-catalog", "mit-eecs", "berkeley-eecs"}
    assert sources("mcs") == {"uiuc-siebel-school"}
    eecs = GlossaryTerm.objects.get(slug="eecs")
    assert "Electrical Engineering and Computer Science" in eecs.alias_list
    assert "Electrical Engineering and Computer Sciences" in eecs.alias_list
    # Michigan's name, not a meaning for every "MS" or "MSE" (mean squared error).
    assert GlossaryTerm.objects.get(slug="ms-mse").alias_list == []
    html = client.get("/faqs/glossary/").content.decode()
    assert '<dt id="term-eecs">EECS</dt>' in html and '<dt id="term-ms-mse">MS/MSE</dt>' in html
    # Answers now link EECS where they name it, without changing the text.
    gre = client.get("/faqs/do-i-need-the-gre/").content.decode()
    assert 'href="/faqs/glossary/#term-eecs" class="glossary-link">EECS</a>' in gre


def test_no_general_masters_requirements_are_made_up(client, site_content):
    assert not Requirement.objects.filter(level__in=[Degree.MASTERS, Degree.ANY], program=None)
    html = client.get("/faqs/requirements/").content.decode()
    masters = html.split('id="checklist-masters"')[1]
    assert "No general master&#x27;s requirements." in masters
    assert 'href="/programs/michigan-ms-cse/"' in masters
    assert 'href="/faqs/what-to-look-for-in-a-program/"' in masters
    assert "No general PhD" not in html
