"""Matching a database's refusal to the rule that refused it, on SQLite and PostgreSQL alike."""

import re


def violates(constraint, *unique_columns):
    """A pytest.raises(match=...) pattern for IntegrityErrors from `constraint`.

    PostgreSQL names the constraint; SQLite names it for CHECK and expression
    constraints but lists the columns ("table.column, ...") for plain UNIQUE ones.
    """
    patterns = [re.escape(constraint)]
    if unique_columns:
        patterns.append("UNIQUE constraint failed: " + re.escape(", ".join(unique_columns)))
    return "|".join(patterns)
