"""Every page type the browser tests open: one URL each, kept here so a new page type is
added once and every check (axe, 375 px overflow, console, CSP) covers it."""

from dataclasses import dataclass

# The shipped content (fixtures/) that these URLs name.
PROGRAM = "cmu-phd-machine-learning"
OTHER_PROGRAM = "berkeley-phd-eecs"
UNIVERSITY = "carnegie-mellon"
RANKING = "towards-ai-phd-ml-2021"
CAREER = "machine-learning-engineer"
QUESTION = "what-to-look-for-in-a-program"


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str
    status: int = 200
    # Violations we know of and have not fixed yet: the test is expected to fail (strictly:
    # once they are fixed it passes, xpasses, and fails until this is emptied).
    known_failures: str = ""
    # Programs put on the visitor's shortlist before the page is opened.
    shortlist: tuple[str, ...] = ()
    # Opened by a signed-in editor.
    signed_in: bool = False


SITE_PAGES = [
    SitePage("home", "/"),
    SitePage("programs", "/programs/"),
    SitePage("programs-filtered", "/programs/?degree=phd&region=east-coast&funded=on&sort=name"),
    SitePage("program", f"/programs/{PROGRAM}/"),
    SitePage("compare", f"/programs/compare/?p={PROGRAM}&p={OTHER_PROGRAM}"),
    SitePage("shortlist-empty", "/shortlist/"),
    SitePage("shortlist", "/shortlist/", shortlist=(PROGRAM, OTHER_PROGRAM)),
    SitePage("universities", "/universities/"),
    SitePage("university", f"/universities/{UNIVERSITY}/"),
    SitePage("rankings", "/rankings/"),
    SitePage("ranking", f"/rankings/{RANKING}/"),
    SitePage("careers", "/careers/"),
    SitePage("career", f"/careers/{CAREER}/"),
    SitePage("phd-vs-masters", "/careers/phd-vs-masters/"),
    SitePage("faqs", "/faqs/"),
    SitePage("question", f"/faqs/{QUESTION}/"),
    SitePage("requirements", "/faqs/requirements/"),
    SitePage("glossary", "/faqs/glossary/"),
    SitePage("about", "/about/"),
    SitePage("data", "/data/"),
    SitePage("not-found", "/programs/no-such-program/", status=404),
    SitePage("admin-login", "/admin/login/"),
    # The admin: list_editable rows and filters; a change form with a tabular inline and
    # autocomplete widgets, one or many values, in rows too (issue 12).
    SitePage("admin-changelist", "/admin/programs/program/", signed_in=True),
    # {program_pk}, {career_pk}: filled in at run time, primary keys differ between databases.
    SitePage("admin-change-form", "/admin/programs/program/{program_pk}/change/", signed_in=True),
    SitePage("admin-faq-changelist", "/admin/faqs/question/", signed_in=True),
    SitePage(
        "admin-career-change-form", "/admin/careers/careerpath/{career_pk}/change/", signed_in=True
    ),
]

WIDTHS = {"desktop": 1366, "phone": 375}
COLOR_SCHEMES = ["light", "dark"]
