"""`twofold assess` on a throwaway root app, with typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from twofold.instruments.cli import register


@pytest.fixture
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """Throwaway root."""

    register(root)
    return root


runner = CliRunner()


def _answers(tmp_path: Path, data: object) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_list_shows_every_instrument(app: typer.Typer) -> None:
    result = runner.invoke(app, ["assess", "list"])
    assert result.exit_code == 0
    for instrument_id in ("attachment-check", "ecr-r", "csi-16", "safety-screen", "commitment-stance"):
        assert instrument_id in result.stdout


def test_score_json(app: typer.Typer, tmp_path: Path) -> None:
    answers = {"1": 7, "3": 1, "5": 6, "7": 6, "9": 5, "11": 2, "13": 5}
    answers |= {"2": 2, "4": 6, "6": 3, "8": 2, "10": 7, "12": 3, "14": 5}
    result = runner.invoke(app, ["assess", "score", "attachment-check", "--answers", _answers(tmp_path, answers), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["subscales"]["anxiety"]["score"] == 6.0
    assert data["subscales"]["avoidance"]["score"] == 2.29
    assert data["pattern"] == "anxious"


def test_score_published_key_without_wording(app: typer.Typer, tmp_path: Path) -> None:
    answers = {"1": 6} | {str(n): 5 for n in range(2, 17)}
    result = runner.invoke(app, ["assess", "score", "csi-16", "--answers", _answers(tmp_path, answers), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"] == 81


def test_score_table_output(app: typer.Typer, tmp_path: Path) -> None:
    answers = {"1": 5, "2": 4, "3": 5, "4": 3, "5": 4}
    result = runner.invoke(app, ["assess", "score", "relationship-checkin", "--answers", _answers(tmp_path, answers)])
    assert result.exit_code == 0
    assert "4.60" in result.stdout and "doing okay" in result.stdout


@pytest.mark.parametrize(
    ("instrument_id", "data", "message"),
    [
        ("relationship-checkin", {"1": 9, "2": 4, "3": 5, "4": 3, "5": 4}, "item 1: 9 is outside the scale 1-7"),
        ("relationship-checkin", {"1": "x", "2": 4, "3": 5, "4": 3, "5": 4}, "item 1: expected a whole number"),
        ("relationship-checkin", {"1": 5}, "item 2: not answered"),
        ("relationship-checkin", {"1": 5, "2": 4, "3": 5, "4": 3, "5": 4, "6": 1}, "item 6: relationship-checkin has no item"),
        ("relationship-checkin", [1, 2, 3], "expected a JSON object"),
        ("no-such-thing", {}, "unknown instrument 'no-such-thing'"),
    ],
)
def test_score_bad_input_exits_2_with_message_on_stderr(
    app: typer.Typer, tmp_path: Path, instrument_id: str, data: object, message: str
) -> None:
    result = runner.invoke(app, ["assess", "score", instrument_id, "--answers", _answers(tmp_path, data), "--json"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_score_unreadable_answers_file(app: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["assess", "score", "csi-16", "--answers", str(bad)])
    assert result.exit_code == 2 and "cannot read answers" in result.stderr


def test_take_with_piped_answers_reprompts_on_bad_values(app: typer.Typer) -> None:
    # item 1: "9" (out of range) then "5"; item 2: "" (required) then "4"; rest valid.
    lines = ["9", "5", "", "4", "5", "3", "4"]
    result = runner.invoke(app, ["assess", "take", "relationship-checkin", "--json"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "9 is outside the scale 1-7" in result.stdout
    assert "Please answer this one." in result.stdout
    data = json.loads(result.stdout[result.stdout.index("{"):])
    assert data["total"] == 4.6  # 5 + 4 + 5 + (8 - 3) + 4 = 23


def test_take_commitment_stance_with_yes_no_and_sections(app: typer.Typer) -> None:
    lines = ["y", "n", "maybe", "n"] + ["n"] * 7 + ["6", "5", "2", "5", "5", "5"]
    result = runner.invoke(app, ["assess", "take", "commitment-stance"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "expected yes or no" in result.stdout
    assert "Steps you may have taken" in result.stdout and "Hope and motivation" in result.stdout
    assert "Stance: leaning in" in result.stdout


def test_take_stops_cleanly_when_input_runs_out(app: typer.Typer) -> None:
    result = runner.invoke(app, ["assess", "take", "relationship-checkin"], input="5\n")
    assert result.exit_code == 2
    assert "input ended before item 2" in result.stderr


def test_take_published_key_needs_licensed_wording(app: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "take", "csi-16"])
    assert result.exit_code == 2 and "--items" in result.stderr

    wording = tmp_path / "csi.json"
    items = {str(n): f"Placeholder {n}" for n in range(1, 17)}
    wording.write_text(json.dumps({"instrument": "csi-16", "version": "funk-rogge-2007", "items": items}), encoding="utf-8")
    answers = ["4"] + ["3"] * 15  # 4 + 45 = 49: distress
    result = runner.invoke(app, ["assess", "take", "csi-16", "--items", str(wording), "--json"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "Placeholder 16" in result.stdout
    data = json.loads(result.stdout[result.stdout.index('{\n'):])
    assert data["total"] == 49 and data["band"] == "distress"
