"""Trim a minified style sheet to the rules whose classes a site uses.

Enough CSS parsing for Bootstrap's minified file (top-level rules, @media blocks,
@keyframes), not a general parser: see core/management/commands/trimbootstrap.py.
"""

import re

CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def css_blocks(css):
    """Top-level (prelude, body) pairs of a minified style sheet; body None for `@x ...;`."""
    blocks, depth, start, prelude, quote = [], 0, 0, "", None
    for i, char in enumerate(css):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == ";" and depth == 0:
            blocks.append((css[start:i].strip(), None))
            start = i + 1
        elif char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((prelude, css[start:i]))
                start = i + 1
    return blocks


def split_selectors(selectors):
    parts, depth, start = [], 0, 0
    for i, char in enumerate(selectors):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(selectors[start:i])
            start = i + 1
    return [*parts, selectors[start:]]


def trim(css, used, kept_prefixes=()):
    """The rules of `css` whose selectors name only classes in `used` (or starting with one
    of `kept_prefixes`); rules without classes, @keyframes and @-statements stay."""

    def keep(selector):
        # A class inside :not() need not be used for the rule to apply.
        bare = re.sub(r":not\([^)]*\)", "", selector)
        return all(name in used or name.startswith(kept_prefixes) for name in CLASS.findall(bare))

    out = []
    for prelude, body in css_blocks(css):
        if body is None:
            out.append(prelude + ";")
        elif prelude.startswith("@media"):
            inner = trim(body, used, kept_prefixes)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@keyframes"):
            out.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in split_selectors(prelude) if keep(s)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


def rule_selectors(css, media=""):
    """(media query, selector) for every rule of a style sheet."""
    found = set()
    for prelude, body in css_blocks(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        if body is None or prelude.startswith("@keyframes"):
            continue
        if prelude.startswith("@media"):
            found |= rule_selectors(body, prelude)
        else:
            found |= {(media, selector) for selector in split_selectors(prelude)}
    return found
