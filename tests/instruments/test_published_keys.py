"""ECR-R and CSI-16 scoring keys against hand-computed fixtures, and item-wording import."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.instruments.conftest import to_toml
from twofold.instruments import (
    InvalidDefinitionError,
    OutOfRangeError,
    get_instrument,
    import_item_wording,
    score,
)

ECR_R_REVERSED = {9, 11, 20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36}


def test_ecr_r_key_matches_fraley_web_numbering() -> None:
    ecr = get_instrument("ecr-r")
    assert [i.number for i in ecr.subscale_items("anxiety")] == list(range(1, 19))
    assert [i.number for i in ecr.subscale_items("avoidance")] == list(range(19, 37))
    assert {i.number for i in ecr.items if i.reverse} == ECR_R_REVERSED


def test_ecr_r_hand_computed_fixture() -> None:
    anxiety_raw = [7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4]
    answers = {n: v for n, v in zip(range(1, 19), anxiety_raw)} | {n: 2 for n in range(19, 37)}
    result = score(get_instrument("ecr-r"), answers)
    # Anxiety: raw sum 78; item 9 (6 -> 8-6 = 2) drops 4, item 11 (4 -> 4) unchanged: 74 / 18 = 4.111 -> 4.11
    assert result.subscales["anxiety"].score == Decimal("4.11")
    # Avoidance: 12 reversed items at 2 -> 6 and 6 keyed items at 2: (72 + 12) / 18 = 4.667 -> 4.67
    assert result.subscales["avoidance"].score == Decimal("4.67")
    assert result.pattern == "disorganized"
    assert result.total is None
    assert result.instrument_version == "fraley-web-1"


@pytest.mark.parametrize(
    ("value", "anxiety", "avoidance", "pattern"),
    [
        # all 1: anxiety (16*1 + 2*7) / 18 = 30/18 = 1.67; avoidance (6*1 + 12*7) / 18 = 90/18 = 5.00
        (1, "1.67", "5.00", "avoidant"),
        # all 7: anxiety (16*7 + 2*1) / 18 = 114/18 = 6.33; avoidance (6*7 + 12*1) / 18 = 54/18 = 3.00
        (7, "6.33", "3.00", "anxious"),
    ],
)
def test_ecr_r_all_min_and_all_max(value: int, anxiety: str, avoidance: str, pattern: str) -> None:
    result = score(get_instrument("ecr-r"), {n: value for n in range(1, 37)})
    assert result.subscales["anxiety"].score == Decimal(anxiety)
    assert result.subscales["avoidance"].score == Decimal(avoidance)
    assert result.pattern == pattern


def test_csi16_extremes_and_item_one_range() -> None:
    csi = get_instrument("csi-16")
    top = score(csi, {1: 6} | {n: 5 for n in range(2, 17)})
    assert top.total == 81 and top.band == "no notable distress"
    bottom = score(csi, {n: 0 for n in range(1, 17)})
    assert bottom.total == 0 and bottom.band == "distress"
    with pytest.raises(OutOfRangeError) as caught:
        score(csi, {1: 6, 2: 6} | {n: 5 for n in range(3, 17)})
    assert caught.value.problems == {2: "6 is outside the scale 0-5"}


@pytest.mark.parametrize(
    ("item_one", "rest", "total", "band"),
    [
        # 4 + (3+3+4+2+5+1+3+3+4+4+2+3+3+4+3 = 47) = 51: below 51.5
        (4, [3, 3, 4, 2, 5, 1, 3, 3, 4, 4, 2, 3, 3, 4, 3], 51, "distress"),
        # one more point on item 1: 52, above the cutoff
        (5, [3, 3, 4, 2, 5, 1, 3, 3, 4, 4, 2, 3, 3, 4, 3], 52, "no notable distress"),
    ],
)
def test_csi16_around_the_cutoff(item_one: int, rest: list[int], total: int, band: str) -> None:
    result = score(get_instrument("csi-16"), {1: item_one} | dict(zip(range(2, 17), rest)))
    assert result.total == total
    assert result.band == band
    assert result.subscales == {}


def _wording(instrument_id: str, count: int, version: str) -> dict:
    return {
        "instrument": instrument_id,
        "version": version,
        "items": {str(n): f"Placeholder statement number {n}." for n in range(1, count + 1)},
    }


def test_import_wording_from_toml_and_json(tmp_path: Path) -> None:
    toml_path = tmp_path / "ecr.toml"
    data = _wording("ecr-r", 36, "fraley-web-1")
    toml_path.write_text(
        to_toml({k: v for k, v in data.items() if k != "items"})
        + "[items]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in data["items"].items()),
        encoding="utf-8",
    )
    ecr = import_item_wording(toml_path)
    assert ecr.has_wording and ecr.item(36).text == "Placeholder statement number 36."
    assert ecr.item(9).reverse  # the key is unchanged
    assert not get_instrument("ecr-r").has_wording  # the registry copy is untouched

    json_path = tmp_path / "csi.json"
    json_path.write_text(json.dumps(_wording("csi-16", 16, "funk-rogge-2007")), encoding="utf-8")
    csi = import_item_wording(json_path)
    assert csi.item(1).text == "Placeholder statement number 1."
    assert score(csi, {n: 1 for n in range(1, 17)}).total == 16


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        (lambda d: d["items"].pop("7"), "items.7", "missing wording"),
        (lambda d: d["items"].update({"37": "extra"}), "items.37", "has no item 37"),
        (lambda d: d.update(version="other"), "version", "fraley-web-1"),
        (lambda d: d.update(instrument="attachment-check"), "instrument", "ships its own wording"),
        (lambda d: d.update(instrument="nope"), "instrument", "unknown instrument"),
        (lambda d: d["items"].update({"3": ""}), "items.3", "at least 1 character"),
        (lambda d: d.update(extra=1), "extra", "Extra inputs"),
    ],
)
def test_import_wording_rejects_mismatches(tmp_path: Path, change, field: str, fragment: str) -> None:  # type: ignore[no-untyped-def]
    data = _wording("ecr-r", 36, "fraley-web-1")
    change(data)
    path = tmp_path / "wording.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidDefinitionError) as caught:
        import_item_wording(path)
    assert fragment in caught.value.problems[field]


def test_import_wording_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text("{nope", encoding="utf-8")
    with pytest.raises(InvalidDefinitionError, match="not valid JSON"):
        import_item_wording(path)
