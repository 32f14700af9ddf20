"""`twofold assess`: list, take and score instruments from the terminal.

A thin shell over `registry` and `scoring`; the root `twofold` app calls `register`.
"""

from __future__ import annotations

import json
from pathlib import Path
from collections.abc import Callable
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.prompt import Prompt
from rich.table import Column, Table

from twofold.instruments.answers import parse_answers
from twofold.instruments.errors import AnswerError, InstrumentError
from twofold.instruments.registry import get_instrument, import_item_wording, list_instruments
from twofold.instruments.result import Result
from twofold.instruments.schema import Instrument, Item
from twofold.instruments.scoring import score

USAGE_ERROR = 2
T = TypeVar("T")

ItemsOption = Annotated[
    Path | None, typer.Option("--items", help="Licensed item wording (TOML or JSON) for a published key.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def register(app: typer.Typer) -> None:
    """Add the `assess` command group to the root app."""
    assess = typer.Typer(help="Questionnaires: list, take and score them.", no_args_is_help=True)
    assess.command("list")(list_command)
    assess.command("take")(take_command)
    assess.command("score")(score_command)
    app.add_typer(assess, name="assess")


def list_command() -> None:
    """List the available instruments."""
    table = Table(Column("id", no_wrap=True), "version", "title", "items", "wording")
    for instrument in list_instruments():
        wording = "licensed: pass --items" if instrument.licensed_items else "included"
        table.add_row(instrument.id, instrument.version, instrument.title, str(len(instrument.items)), wording)
    Console().print(table)


def take_command(
    instrument_id: Annotated[str, typer.Argument(metavar="ID", help="Instrument id, see `twofold assess list`.")],
    items: ItemsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Answer an instrument in the terminal, one question at a time, and see the result."""
    console = Console()
    instrument = _fail_on_error(lambda: _instrument(instrument_id, items))
    if not instrument.has_wording:
        _fail(f"{instrument.id} ships without item wording; pass --items FILE with the licensed wording")
    console.print(f"[bold]{instrument.title}[/bold]\n{instrument.description.strip()}\n")
    answers: dict[int, object] = {}
    section, legend = None, None
    for item in instrument.items:
        if item.section != section and item.section is not None:
            section, legend = item.section, None
            page = next(s for s in instrument.sections if s.id == section)
            console.print(f"\n[bold]{page.title}[/bold]  {page.intro}")
        if item.type == "scale" and instrument.scale_for(item) != legend:
            legend = instrument.scale_for(item)
            console.print("  ".join(f"{legend.min + i} = {label}" for i, label in enumerate(legend.labels)), style="dim")
        answers[item.number] = _ask(console, instrument, item)
    _print_result(_fail_on_error(lambda: score(instrument, answers)), as_json)


def score_command(
    instrument_id: Annotated[str, typer.Argument(metavar="ID", help="Instrument id, see `twofold assess list`.")],
    answers: Annotated[Path, typer.Option("--answers", help='JSON object keyed by item number, e.g. {"1": 5}.')],
    as_json: JsonOption = False,
) -> None:
    """Score answers from a JSON file."""
    instrument = _fail_on_error(lambda: get_instrument(instrument_id))
    try:
        data = json.loads(answers.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        _fail(f"cannot read answers from {answers}: {error}")
    if not isinstance(data, dict):
        _fail(f"{answers}: expected a JSON object keyed by item number")
    _print_result(_fail_on_error(lambda: score(instrument, data)), as_json)


def _instrument(instrument_id: str, items: Path | None) -> Instrument:
    if items is None:
        return get_instrument(instrument_id)
    instrument = import_item_wording(items)
    if instrument.id != instrument_id:
        _fail(f"{items} holds wording for {instrument.id}, not {instrument_id}")
    return instrument


def _ask(console: Console, instrument: Instrument, item: Item) -> object:
    """Prompt until the answer to `item` is valid."""
    if item.type == "scale":
        scale = instrument.scale_for(item)
        hint = f"{scale.min}-{scale.max}"
    else:
        hint = "yes/no" if item.type == "yes_no" else "optional, Enter to skip"
    while True:
        try:
            raw = Prompt.ask(f"{item.number}. {item.text} [{hint}]", console=console, default="", show_default=False)
        except EOFError:
            _fail(f"input ended before item {item.number} was answered")
        if item.type == "text" and not raw.strip():
            return raw
        if not raw.strip():
            console.print("  Please answer this one.", style="yellow")
            continue
        _, problems = parse_answers(instrument, {item.number: raw})
        if not problems:
            return raw
        console.print(f"  {problems[item.number].message}", style="yellow")


def _print_result(result: Result, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    console = Console()
    table = Table("score", "value", "band")
    for sub in result.subscales.values():
        table.add_row(sub.title, str(sub.score), sub.band or "")
    if result.total is not None:
        table.add_row("Total", str(result.total), result.band or "")
    console.print(table)
    for line in _headlines(result):
        console.print(line)
    for note in result.notes:
        console.print(note, style="dim")


def _headlines(result: Result) -> list[str]:
    lines = [result.interpretation] if result.interpretation else []
    if result.pattern:
        lines.append(f"Closest to: {result.pattern}")
    if result.stance:
        lines.append(f"Stance: {result.stance.replace('_', ' ')}")
    if result.positive:
        lines.append("If you are in danger now, call your local emergency number.")
    return lines


def _fail_on_error(action: Callable[[], T]) -> T:
    """Run `action`; on an engine error print it to stderr and exit with code 2."""
    try:
        return action()
    except AnswerError as error:
        lines = [f"  item {item}: {message}" for item, message in error.problems.items()]
        _fail("\n".join([f"{error.instrument_id}: cannot score these answers", *lines]))
    except InstrumentError as error:
        _fail(str(error))


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(USAGE_ERROR)
