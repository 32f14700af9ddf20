"""The ``twofold`` command: a thin shell over the same services the web app uses.

Every command reads the same ``TWOFOLD_*`` settings, so
``TWOFOLD_DATABASE_URL=sqlite:///x.db twofold migrate && twofold serve --port 9000``
works from any directory.
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path

import typer
from rich.console import Console

from twofold import __version__
from twofold.settings import SettingsError, load_settings

app = typer.Typer(help="Twofold: a private, local-first companion for couples and couples therapists.", no_args_is_help=True)
console = Console()
err_console = Console(stderr=True)

# Feature packages add their own commands (coach, assess, pause ...) through register(app).
FEATURE_COMMANDS = ("twofold.coach.cli", "twofold.instruments.cli", "twofold.practice.cli", "twofold.batch.cli")


def _setup_django() -> None:
    """Validate settings, make sure the data folder exists, then start Django."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        err_console.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if settings.uses_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    if not settings.encryption_keys:
        from twofold.privacy.crypto import ensure_key_file

        if ensure_key_file(settings.encryption_key_file):
            err_console.print(f"Created an encryption key at {settings.encryption_key_file}: back it up with the database.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twofold.django_settings")
    import django

    django.setup()


@app.command()
def version() -> None:
    """Print the Twofold version."""
    console.print(f"twofold {__version__}")


@app.command()
def migrate() -> None:
    """Create or update the database tables."""
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@app.command()
def demo(
    if_empty: bool = typer.Option(True, "--if-empty/--always", help="Only load when the database has no people yet."),
) -> None:
    """Load the demo couple (Maya and Jordan) and their therapist (Dr Rivera)."""
    _setup_django()
    from twofold.demo import DEMO_PASSWORD, demo_people, load_demo

    if load_demo(only_if_empty=if_empty):
        console.print("Demo data loaded.")
    else:
        console.print("The database already has people in it; demo data not loaded again.")
    people = demo_people()
    if people:
        console.print(f"Demo logins (password: [bold]{DEMO_PASSWORD}[/bold]):")
        for person in people:
            console.print(f"  {person.email:<28} {person.display_name} ({person.get_role_display()})")


@app.command()
def createadmin(
    email: str = typer.Option(..., prompt=True, help="The administrator's e-mail address."),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    name: str = typer.Option("Administrator", help="Display name."),
) -> None:
    """Create an administrator who can use /admin/ (for example to change a person's role)."""
    _setup_django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from twofold.accounts.models import User

    if User.objects.filter(email__iexact=email).exists():
        err_console.print(f"[red]An account with {email} already exists.[/red]")
        raise typer.Exit(1)
    try:
        validate_password(password)
    except ValidationError as exc:
        err_console.print("[red]Password refused:[/red] " + " ".join(exc.messages))
        raise typer.Exit(1) from exc
    User.objects.create_superuser(email=email, password=password, display_name=name)
    console.print(f"Administrator {email} created.")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes (use several with PostgreSQL)."),
) -> None:
    """Run the web server."""
    try:
        settings = load_settings()
        settings.check_can_start()
    except SettingsError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    _setup_django()
    import uvicorn

    from twofold.coach.pipeline import WARM_UP_FLAG

    os.environ[WARM_UP_FLAG] = "1"  # read by twofold.asgi in each worker: load the coach's models at start
    console.print(f"Twofold is running at [bold]http://{host}:{port}/[/bold]  (Ctrl+C to stop)")
    uvicorn.run("twofold.asgi:application", host=host, port=port, workers=workers, log_level="warning", lifespan="off")


keys_app = typer.Typer(help="Encryption keys for data at rest.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("rotate")
def keys_rotate(
    drop_old: bool = typer.Option(False, "--drop-old", help="Remove the previous keys once everything is re-encrypted."),
) -> None:
    """Add a new key and re-encrypt every stored personal text under it."""
    _setup_django()
    from twofold.privacy.crypto import EncryptionKeyError
    from twofold.privacy.rotation import rotate_keys

    try:
        report = rotate_keys(drop_old=drop_old)
    except EncryptionKeyError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Re-encrypted {report.rows} rows in {report.models} tables; {report.keys_kept} key(s) in the key file.")


instruments_app = typer.Typer(help="Questionnaire item wording supplied by a licensed clinic.", no_args_is_help=True)
app.add_typer(instruments_app, name="instruments")


@instruments_app.command("import")
def instruments_import(path: Path = typer.Argument(..., exists=True, dir_okay=False, help="TOML or JSON item file.")) -> None:
    """Check a licensed item-wording file against its scoring key and install it for the web app."""
    from twofold.instruments import InstrumentError, import_item_wording

    try:
        instrument = import_item_wording(path)
    except InstrumentError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    target_dir = load_settings().data_dir / "instruments"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{instrument.id}{path.suffix.lower()}"
    for stale in target_dir.glob(f"{instrument.id}.*"):
        stale.unlink()
    target.write_bytes(path.read_bytes())
    console.print(f"Installed the wording of {instrument.id} ({instrument.version}, {len(instrument.items)} items) to {target}.")


@app.command()
def worker(
    batch: bool = typer.Option(False, "--batch", help="Run the tasks that are due, then stop (for cron)."),
    interval: float = typer.Option(5.0, min=0.1, help="Seconds between looks for new tasks."),
) -> None:
    """Run background jobs (reminders) as they fall due."""
    _setup_django()
    from django.core.management import call_command

    options = ["--interval", str(interval), "--no-startup-delay"] + (["--batch"] if batch else [])
    call_command("db_worker", *options)


@app.command("backup")
def backup_command(
    path: Path | None = typer.Argument(None, help="Backup file to write (default: <data dir>/backups/twofold-<time>.*)."),
) -> None:
    """Copy the whole database to a backup file while Twofold keeps running."""
    _setup_django()
    from twofold.backup import BackupError, backup, default_backup_path

    destination = path or default_backup_path(load_settings().data_dir / "backups")
    try:
        backup(destination)
    except BackupError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Backup written to {destination}. Keep the encryption key file safe and apart from it.")


@app.command("restore")
def restore_command(
    path: Path = typer.Argument(..., help="A backup file made by `twofold backup`."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Replace the database with a backup (stop the server first)."""
    _setup_django()
    from twofold.backup import BackupError, restore

    if not yes and not typer.confirm(f"Replace everything in the database with {path}?"):
        raise typer.Exit(1)
    try:
        restore(path)
    except BackupError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Restored from {path}.")


def _register_features() -> None:
    for module_name in FEATURE_COMMANDS:
        import_module(module_name).register(app)


_register_features()
