"""``twofold analyze CORPUS --out DIR``: the coach and the insights over a transcript collection.

    twofold analyze chats.jsonl --out results/                 # this process, Parquet
    twofold analyze export.txt --out results/ --format jsonl   # a WhatsApp export, JSON Lines
    twofold analyze big.csv --out results/ --workers 4         # a local Dask cluster
    twofold analyze big.csv --out results/ --scheduler tcp://10.0.0.5:8786

The input must be sorted by conversation, then time (chat exports already are).
Exit codes: 0 all lines read; 1 some lines were malformed (listed on stderr and in
DIR/errors.jsonl; the rest was analysed); 2 the corpus could not be read at all
(missing file, unknown format, bad CSV header). The root app calls :func:`register`.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from twofold.batch.grouping import DEFAULT_GAP_HOURS
from twofold.batch.readers import CorpusError, LineError
from twofold.batch.runner import DEFAULT_BATCH_SIZE, run_analysis
from twofold.batch.work import BATCH_COMPONENTS, BATCH_RULES_ONLY


class OutputFormat(str, Enum):
    parquet = "parquet"
    jsonl = "jsonl"


class InputFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    whatsapp = "whatsapp"


def analyze_command(
    corpus: Annotated[Path, typer.Argument(help="A .jsonl, .csv or WhatsApp .txt export, sorted by conversation and time.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for messages, conversations, speakers, errors and summary.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", help="Output file format.")] = OutputFormat.parquet,
    workers: Annotated[int, typer.Option("--workers", min=0, max=256, help="Start a local Dask cluster with N worker processes (0: this process).")] = 0,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Address of an existing Dask scheduler, e.g. tcp://host:8786.")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Messages per task (whole conversations, at least this many).")] = DEFAULT_BATCH_SIZE,
    input_format: Annotated[InputFormat | None, typer.Option("--input-format", help="Override the format guessed from the file name.")] = None,
    gap_hours: Annotated[float, typer.Option("--gap-hours", min=0.01, help="In chat exports, a silence longer than this starts a new conversation.")] = DEFAULT_GAP_HOURS,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Skip the embedding model (faster, less accurate).")] = False,
    include_text: Annotated[bool, typer.Option("--include-text", help="Copy each message's text into the output.")] = False,
    dayfirst: Annotated[bool | None, typer.Option("--day-first/--month-first", help="Date order in WhatsApp exports (default: detected, else day first).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Analyse a corpus of messages: per-message labels and scores, per-conversation and per-speaker summaries."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TransferSpeedColumn

    console = Console(stderr=True)
    if workers and scheduler:
        console.print("[red]Use either --workers (a local cluster) or --scheduler (an existing one), not both.[/red]")
        raise typer.Exit(2)
    if not corpus.is_file():
        console.print(f"[red]No such file: {corpus}[/red]")
        raise typer.Exit(2)
    size = corpus.stat().st_size

    def report_error(item: LineError) -> None:
        console.print(f"[yellow]line {item.line}:[/yellow] {item.reason}", highlight=False)

    with Progress(TextColumn("[bold]analysing[/bold]"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TransferSpeedColumn(), TextColumn("{task.fields[messages]:,} messages"), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=False) as bar:
        task = bar.add_task("analyse", total=size or 1, messages=0)
        try:
            summary = run_analysis(
                corpus, out, output_format=output_format.value,
                input_format=input_format.value if input_format else None, workers=workers, scheduler=scheduler,
                batch_size=batch_size, gap_hours=gap_hours,
                components=BATCH_RULES_ONLY if rules_only else BATCH_COMPONENTS,
                include_text=include_text, dayfirst=dayfirst, on_error=report_error,
                on_progress=lambda done, messages: bar.update(task, completed=done, messages=messages),
            )
        except CorpusError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
        bar.update(task, completed=size or 1)
    for warning in summary.warnings[:20]:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    console.print(
        f"{summary.messages:,} messages in {summary.conversations:,} conversations from {summary.speakers:,} speakers "
        f"analysed in {summary.seconds:.1f} s ({summary.messages_per_second:,.0f} messages/s, {summary.engine}); "
        f"{summary.skipped:,} system lines skipped; results in {out}", highlight=False)
    if summary.errors:
        console.print(f"[yellow]{summary.errors:,} malformed lines were skipped; see {out / 'errors.jsonl'}[/yellow]")
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``twofold analyze`` to the root command."""
    app.command("analyze")(analyze_command)
