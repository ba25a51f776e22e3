"""A small structural HTML check: balanced tags, unique ids, one <h1>, labelled
form controls, and in-page links that land on an element."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.problems, self.h1s = [], set(), [], 0
        self.controls, self.labelled, self.fragments = [], set(), set()
        self.label_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            if attrs["id"] in self.ids:
                self.problems.append(f"duplicate id {attrs['id']!r}")
            self.ids.add(attrs["id"])
        if tag == "h1":
            self.h1s += 1
        if tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.labelled.add(attrs["for"])
        if tag == "a" and (attrs.get("href") or "").startswith("#") and len(attrs["href"]) > 1:
            self.fragments.add(attrs["href"][1:])
        is_control = tag in {"select", "textarea"} or (
            tag == "input" and attrs.get("type", "text") not in UNLABELLED_INPUTS
        )
        if is_control and not (
            self.label_depth or attrs.get("aria-label") or attrs.get("aria-labelledby")
        ):
            self.controls.append(attrs.get("id") or f"<{tag} name={attrs.get('name')!r}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}> at line {self.getpos()[0]}")
        else:
            self.stack.pop()


def html_problems(html):
    checker = _Checker()
    checker.feed(html)
    checker.close()
    problems = list(checker.problems)
    if checker.stack:
        problems.append(f"unclosed {checker.stack}")
    if checker.h1s != 1:
        problems.append(f"{checker.h1s} <h1> elements")
    problems += [
        f"form control {c} has no label" for c in checker.controls if c not in checker.labelled
    ]
    problems += [f"link to #{f} lands nowhere" for f in sorted(checker.fragments - checker.ids)]
    return problems
