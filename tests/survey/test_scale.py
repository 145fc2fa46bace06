import pytest

from sportello.survey.scale import face, parse_score


@pytest.mark.parametrize(("score", "expected"), [(1, "negative"), (2, "negative"), (3, "neutral"),
                                                 (4, "positive"), (5, "positive")])
def test_five_points_map_onto_three_faces(score, expected):
    assert face(score) == expected


@pytest.mark.parametrize("score", [0, 6, -1, None, "4"])
def test_a_score_off_the_scale_is_refused(score):
    with pytest.raises(ValueError):
        face(score)


@pytest.mark.parametrize(("text", "expected"), [("4", 4), (" 5 ", 5), ("3/5", 3), ("1", 1), ("6", None),
                                                ("0", None), ("45", None), ("quattro", None), ("", None)])
def test_typed_scores(text, expected):
    assert parse_score(text) == expected
