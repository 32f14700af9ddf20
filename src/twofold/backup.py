"""Backups of the whole database: SQLite's online backup API, or pg_dump / pg_restore for PostgreSQL.

Encryption keys are not part of a backup on purpose: keep the key file apart from the
backups, or a stolen backup is readable.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.utils import timezone


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why."""


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _raw_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def _pg_url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or ""
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgresql://{auth}{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}/{s['NAME']}"


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools (Debian: postgresql-client).")
    return found


def default_backup_path(directory: Path) -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return directory / f"twofold-{stamp}.{'sqlite3' if _is_sqlite() else 'pgdump'}"


def backup(destination: Path) -> Path:
    """Write a consistent copy of the database to ``destination`` while the app keeps running."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose a new file name.")
    if _is_sqlite():
        target = sqlite3.connect(destination)
        try:
            _raw_sqlite().backup(target)
        finally:
            target.close()
    else:
        result = subprocess.run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={destination}", _pg_url()],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return destination


def restore(source: Path) -> None:
    """Replace the database's contents with a backup made by :func:`backup`."""
    if not source.is_file():
        raise BackupError(f"{source} is not a backup file.")
    if _is_sqlite():
        backup_db = sqlite3.connect(source)
        try:
            check = backup_db.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"{source} is damaged: {check}")
            backup_db.backup(_raw_sqlite())
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a readable SQLite backup: {exc}") from exc
        finally:
            backup_db.close()
        return
    connection.close()
    result = subprocess.run(
        [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", f"--dbname={_pg_url()}", str(source)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
