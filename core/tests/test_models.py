"""One Degree for every app, with one explicit "any"."""

from core.models import LEVELS, Degree


def test_any_covers_both_degrees_and_each_degree_covers_any():
    assert Degree.PHD.covers() == ["phd", "any"]
    assert Degree.MASTERS.covers() == ["masters", "any"]
    assert set(Degree.ANY.covers()) == {"phd", "masters", "any"}
    assert Degree.ANY.levels() == list(LEVELS)
    assert Degree.PHD.levels() == [Degree.PHD]
    assert Degree.level_choices() == [("phd", "PhD"), ("masters", "Master's")]
