"""`twofold pause` on a throwaway root app, with a fake clock and sleep."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from typer.testing import CliRunner

from twofold.practice.cli import register

START = datetime(2026, 5, 1, 21, 0, tzinfo=UTC)


def _app(slept: list[float]) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """Throwaway root."""

    register(app, sleep=slept.append, clock=lambda: START)
    return app


def test_pause_runs_the_full_break_without_real_time() -> None:
    slept: list[float] = []
    result = CliRunner().invoke(_app(slept), ["pause"])
    assert result.exit_code == 0, result.output
    assert sum(slept) == 20 * 60
    assert max(slept) <= 1
    text = " ".join(result.output.split())
    assert "Taking a break" in text
    assert "20:00 left" in text and "01:00 left" in text
    assert "Idea:" in text
    assert "20 minutes are up" in text
    assert "ready to come back" in text


def test_longer_break_and_custom_breathing() -> None:
    slept: list[float] = []
    result = CliRunner().invoke(_app(slept), ["pause", "--minutes", "30", "--inhale", "5", "--exhale", "7"])
    assert result.exit_code == 0, result.output
    assert sum(slept) == 30 * 60
    assert "breathe in 5 s, out 7 s" in result.output
    assert result.output.count("Idea:") == 6, "a new idea every five minutes"


def test_too_short_a_break_is_refused() -> None:
    slept: list[float] = []
    result = CliRunner().invoke(_app(slept), ["pause", "--minutes", "5"])
    assert result.exit_code == 2
    assert "no sooner than 20 minutes" in result.output
    assert slept == []


def test_bad_breathing_is_refused() -> None:
    result = CliRunner().invoke(_app([]), ["pause", "--exhale", "30"])
    assert result.exit_code == 2
    assert "exhale must be between" in result.output


def test_ctrl_c_stops_the_break_politely() -> None:
    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """Throwaway root."""

    register(app, sleep=interrupt, clock=lambda: START)
    result = CliRunner().invoke(app, ["pause"])
    assert result.exit_code == 130
    assert "stopped early" in result.output
