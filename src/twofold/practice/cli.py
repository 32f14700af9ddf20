"""`twofold pause`: a guided break in the terminal (countdown, breathing, soothing ideas).

A thin shell over :mod:`twofold.practice.pause`; the root app calls :func:`register`.
Tests pass their own ``sleep`` and ``clock`` so no real time goes by.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.live import Live
from rich.text import Text

from twofold.practice.pause import (
    Breath,
    BreathingPattern,
    BreathPhase,
    PauseBreak,
    PauseError,
    PausePolicy,
    breathing_phases,
    soothing_suggestions,
)

Sleep = Callable[[float], None]
Clock = Callable[[], datetime]

CUES = {Breath.IN: "Breathe in", Breath.HOLD_IN: "Hold", Breath.OUT: "Breathe out", Breath.HOLD_OUT: "Rest"}
SUGGESTION_EVERY = 5 * 60  # seconds between self-soothing ideas


def register(app: typer.Typer, *, sleep: Sleep = time.sleep, clock: Clock | None = None) -> None:
    """Add ``pause`` to the root app."""
    now = clock or (lambda: datetime.now(UTC))

    @app.command("pause")
    def pause_command(
        minutes: Annotated[int, typer.Option("--minutes", "-m", help="Length of the break in minutes.")] = 20,
        inhale: Annotated[float, typer.Option(help="Seconds to breathe in.")] = 4.0,
        exhale: Annotated[float, typer.Option(help="Seconds to breathe out.")] = 6.0,
    ) -> None:
        """Take a break: a countdown with a paced breathing guide."""
        console = Console()
        try:
            pattern = BreathingPattern(inhale=inhale, exhale=exhale)
            started = now()
            brk = PauseBreak.start(started, policy=PausePolicy(), return_at=started + timedelta(minutes=minutes))
        except PauseError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        _intro(console, brk)
        try:
            _guide(console, pattern, minutes * 60, sleep)
        except KeyboardInterrupt:
            console.print("\nBreak stopped early. Come back to the guide any time.")
            raise typer.Exit(130) from None
        due = brk.due_by.astimezone().strftime("%a %H:%M")
        console.print(
            f"\n[bold green]{minutes} minutes are up.[/bold green] When you feel settled, let your partner "
            f"know you are ready to come back (no later than {due})."
        )


def _intro(console: Console, brk: PauseBreak) -> None:
    back = brk.return_at.astimezone().strftime("%H:%M")
    console.print(f"[bold]Taking a break.[/bold] Back at {back}. Try not to replay the argument while you wait.")
    console.print("Follow the breathing guide; a slow out-breath helps the body settle.\n")


def _suggestion(number: int) -> str:
    suggestions = soothing_suggestions()
    return suggestions[number % len(suggestions)].text


def _seconds(phases: Iterator[BreathPhase]) -> Iterator[tuple[BreathPhase, float, float]]:
    """Split phases into steps of at most one second: (phase, offset, step length)."""
    for phase in phases:
        done = 0.0
        while done < phase.seconds:
            step = min(1.0, phase.seconds - done)
            yield phase, phase.offset + done, step
            done += step


def _clock_face(seconds: float) -> str:
    whole = max(int(round(seconds)), 0)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _guide(console: Console, pattern: BreathingPattern, total: int, sleep: Sleep) -> None:
    shown_suggestion = -1
    last_minute_line = None
    with Live(console=console, transient=True, auto_refresh=False) as live:
        for phase, offset, step in _seconds(breathing_phases(pattern, total_seconds=total)):
            number = int(offset // SUGGESTION_EVERY)
            if number != shown_suggestion:
                shown_suggestion = number
                console.print(f"[cyan]Idea:[/cyan] {_suggestion(number)}")
            left = total - offset
            into = offset - phase.offset
            line = Text.assemble(
                (f"{CUES[phase.kind]:<12}", "bold"), f"{_clock_face(phase.seconds - into)}   ",
                (f"{_clock_face(left)} left", "dim"),
            )
            if console.is_terminal:
                live.update(line, refresh=True)
            elif int(left) % 60 == 0 and into == 0 and last_minute_line != int(left):
                last_minute_line = int(left)
                pace = f"breathe in {pattern.inhale:g} s, out {pattern.exhale:g} s"
                console.print(f"{_clock_face(left)} left · {pace}")
            sleep(step)
