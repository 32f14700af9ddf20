"""Loading built-in definitions and rejecting bad definition files with precise errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.instruments.conftest import minimal_definition
from twofold.instruments import (
    InvalidDefinitionError,
    UnknownInstrumentError,
    get_instrument,
    list_instruments,
    load_definition,
)

BUILTIN = {
    "attachment-check",
    "commitment-stance",
    "contributing-factors",
    "csi-16",
    "ecr-r",
    "relationship-checkin",
    "safety-screen",
}


def test_all_builtin_instruments_load() -> None:
    assert {i.id for i in list_instruments()} == BUILTIN


def test_get_instrument_and_unknown_id() -> None:
    assert get_instrument("csi-16").version == "funk-rogge-2007"
    with pytest.raises(UnknownInstrumentError, match="nope"):
        get_instrument("nope")


def test_published_keys_ship_without_wording_and_ours_with_it() -> None:
    for instrument in list_instruments():
        assert instrument.licensed_items == (instrument.id in {"ecr-r", "csi-16"})
        assert instrument.has_wording == (not instrument.licensed_items)


def test_safety_screen_is_private_and_flag_only() -> None:
    screen = get_instrument("safety-screen")
    assert screen.visibility == "private"
    assert screen.therapist_flag_only
    assert get_instrument("commitment-stance").visibility == "private"


def test_attachment_check_shape() -> None:
    check = get_instrument("attachment-check")
    assert len(check.items) >= 12
    assert {item.subscale for item in check.items} == {"anxiety", "avoidance"}
    assert any(item.reverse for item in check.subscale_items("anxiety"))
    assert any(item.reverse for item in check.subscale_items("avoidance"))
    assert [s.id for s in check.sections] == ["apart", "close"]


def test_checkin_declares_provisional_change_numbers() -> None:
    change = get_instrument("relationship-checkin").change
    assert change is not None and change.provisional
    assert change.target == "total" and change.sd > 0 and 0 < change.reliability < 1


def test_valid_minimal_file_loads(write_definition) -> None:  # type: ignore[no-untyped-def]
    assert load_definition(write_definition(minimal_definition())).id == "tiny"


def _problems(path: Path) -> dict[str, str]:
    with pytest.raises(InvalidDefinitionError) as caught:
        load_definition(path)
    assert str(path) in str(caught.value)
    return caught.value.problems


ITEMS = minimal_definition()["items"]


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"title": None}, "title", "Field required"),
        ({"version": 1}, "version", "valid string"),
        ({"visibility": "everyone"}, "visibility", "private"),
        ({"colour": "blue"}, "colour", "Extra inputs"),
        ({"scale": {"min": 1, "max": 5, "labels": ["a", "b"]}}, "scale.labels", "one label per point"),
        ({"scale": {"min": 5, "max": 1, "labels": ["a"]}}, "scale.max", "greater than min"),
        ({"scale": {"min": "1", "max": 5, "labels": list("abcde")}}, "scale.min", "valid integer"),
        ({"items": [*ITEMS[:2], {"number": 4, "text": "x"}]}, "items", "run 1..3"),
        ({"items": [{"number": 1, "text": "x", "subscale": "ghost"}]}, "items.0.subscale", "not a declared subscale"),
        ({"items": [{"number": 1}]}, "items.0.text", "wording is required"),
        ({"items": [{"number": 1, "text": "x", "type": "yes_no", "reverse": True}]}, "items.0.reverse", "only scale"),
        ({"items": [{"number": 1, "text": "x", "type": "rating"}]}, "items.0.type", "scale"),
        ({"items": [{"number": 1, "text": "x", "reverse": "yes"}]}, "items.0.reverse", "valid boolean"),
        ({"items": [{"number": 1, "text": "x", "section": "p1"}]}, "items.0.section", "no sections"),
        (
            {"total": {"method": "mean", "bands": [{"label": "a", "interpretation": "b"}, {"label": "c", "interpretation": "d"}]}},
            "total.bands.0",
            "needs below or up_to",
        ),
        (
            {"total": {"method": "mean", "bands": [
                {"label": "a", "interpretation": "b", "below": 3.0},
                {"label": "c", "interpretation": "d", "below": 2.0},
                {"label": "e", "interpretation": "f"},
            ]}},
            "total.bands",
            "increase strictly",
        ),
        ({"total": {"method": "median"}}, "total.method", "mean"),
        ({"total": None}, "total", "need a total or subscales"),
        ({"prorate": {"min_share": 0}}, "prorate.min_share", "greater than 0"),
        ({"change": {"target": "anxiety", "sd": 1.0, "reliability": 0.8, "cutoff": 3.0, "provisional": True}},
         "change.target", "subscale id"),
        ({"rule": {"kind": "safety", "critical_items": [1], "total_above": 3}}, "therapist_flag_only", "must set"),
        ({"rule": {"kind": "attachment", "anxiety": "a", "avoidance": "b", "boundary": 3.0}}, "rule.anxiety", "not a declared"),
        ({"therapist_flag_only": True, "visibility": "couple"}, "visibility", "must be private"),
    ],
)
def test_bad_definition_names_the_field(write_definition, overrides: dict, field: str, fragment: str) -> None:  # type: ignore[no-untyped-def]
    data = {k: v for k, v in minimal_definition(**overrides).items() if v is not None}
    problems = _problems(write_definition(data))
    assert field in problems, problems
    assert fragment in problems[field]


def test_several_problems_are_reported_together(write_definition) -> None:  # type: ignore[no-untyped-def]
    # Field problems come first; cross-field checks run once every field is valid.
    fields = minimal_definition(items=[{"number": 1, "text": "x", "reverse": 2}, {"number": 2, "text": "", "type": "text"}])
    assert {"items.0.reverse", "items.1.text"} <= set(_problems(write_definition(fields)))
    cross = minimal_definition(items=[{"number": 1, "subscale": "ghost"}, {"number": 3, "text": "x"}])
    assert {"items", "items.0.subscale", "items.0.text"} <= set(_problems(write_definition(cross)))


def test_file_name_must_match_id(write_definition) -> None:  # type: ignore[no-untyped-def]
    problems = _problems(write_definition(minimal_definition(), name="other.toml"))
    assert "match the file name" in problems["id"]


def test_licensed_definition_must_not_ship_wording(write_definition) -> None:  # type: ignore[no-untyped-def]
    problems = _problems(write_definition(minimal_definition(licensed_items=True)))
    assert "without item wording" in problems["items"]


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("id = [unclosed", encoding="utf-8")
    assert "not valid TOML" in _problems(broken)["(file)"]
    assert "cannot read" in _problems(tmp_path / "absent.toml")["(file)"]


def test_sections_and_labels_for_one_page_per_section_forms() -> None:
    stance = get_instrument("commitment-stance")
    pages = [[item.number for item in stance.section_items(s.id)] for s in stance.sections]
    assert pages == [list(range(1, 11)), list(range(11, 17))]
    assert stance.item(1).type == "yes_no"
    assert stance.scale_for(stance.item(11)).label(1) == "Not true for me"
    csi = get_instrument("csi-16")
    assert (csi.scale_for(csi.item(1)).max, csi.scale_for(csi.item(2)).max) == (6, 5)
