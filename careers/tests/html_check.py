"""A small structural HTML check: balanced tags, unique ids, one <h1>."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.problems, self.h1s = [], set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            if attrs["id"] in self.ids:
                self.problems.append(f"duplicate id {attrs['id']!r}")
            self.ids.add(attrs["id"])
        if tag == "h1":
            self.h1s += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
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
    return problems
